/** Edits one record of any kind: fields from shared/forms, validation from its zod schema. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { FormProvider, useForm, type FieldValues, type Resolver } from 'react-hook-form';
import { FORMS, editableValues, type EditableKind } from '../../../shared/forms';
import { ApiError } from '../api';
import { useSaveShortcut } from '../useSaveShortcut';
import { useSaveRecord, type RecordOf } from '../queries';
import { FieldInput } from './fields';
import { StageQuestions } from './StageQuestions';

export interface EntityFormProps {
  kind: EditableKind;
  record: RecordOf | null;
  onSaved: (record: RecordOf) => void;
  onDirtyChange: (dirty: boolean) => void;
  onDelete?: () => void;
}

export function EntityForm({ kind, record, onSaved, onDirtyChange, onDelete }: EntityFormProps) {
  const spec = FORMS[kind];
  const save = useSaveRecord(kind);
  const methods = useForm<FieldValues>({
    resolver: zodResolver(spec.schema as Parameters<typeof zodResolver>[0]) as unknown as Resolver<FieldValues>,
    defaultValues: record ? editableValues(record) : spec.blank(),
    mode: 'onTouched',
  });
  const { handleSubmit, formState, setError, reset } = methods;

  useEffect(() => onDirtyChange(formState.isDirty), [formState.isDirty, onDirtyChange]);

  const submit = handleSubmit(async (values) => {
    try {
      const saved = await save.mutateAsync({ id: record?.id ?? null, values });
      reset(editableValues(saved));
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError) {
        for (const f of err.fields) if (f.field) setError(f.field, { type: 'server', message: f.message });
        setError('root.server', { type: 'server', message: err.message });
      } else {
        setError('root.server', { type: 'server', message: String(err) });
      }
    }
  });

  useSaveShortcut(submit);

  const serverError = formState.errors.root?.server?.message;
  return (
    <FormProvider {...methods}>
      <form className="editor" onSubmit={submit} aria-label={record ? `Edit ${spec.noun}` : `New ${spec.noun}`} noValidate>
        <div className="editor-head">
          <h2>{record ? `Edit ${spec.noun}` : `New ${spec.noun}`}</h2>
          <div className="actions">
            {record && onDelete && (
              <button type="button" className="danger" onClick={onDelete}>Delete</button>
            )}
            <button type="submit" className="primary" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? 'Saving…' : 'Save'}
            </button>
          </div>
        </div>
        {serverError && <p className="banner error" role="alert">{serverError}</p>}
        {!formState.isDirty && formState.isSubmitSuccessful && <p className="banner ok" role="status">Saved.</p>}
        <div className="fields">
          {spec.fields.map((f) => <FieldInput key={f.name} spec={f} />)}
          {kind === 'stages' && <StageQuestions name="questionIds" />}
        </div>
      </form>
    </FormProvider>
  );
}
