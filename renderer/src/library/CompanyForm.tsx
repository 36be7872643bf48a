/** The company profile: what every kit and packet says about the company. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { FormProvider, useFieldArray, useForm, useFormContext, type FieldValues, type Resolver } from 'react-hook-form';
import type { FieldSpec } from '../../../shared/forms';
import { logoFromBytes } from '../../../shared/images';
import { CompanyInput, PAGE_SIZES } from '../../../shared/schemas';
import { ApiError } from '../api';
import { useSaveShortcut } from '../useSaveShortcut';
import { useCompany, useSaveCompany } from '../queries';
import { FieldInput, errorAt } from './fields';

const FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Company name', kind: 'text', required: true },
  { name: 'tagline', label: 'Tagline', kind: 'text' },
  { name: 'mission', label: 'Mission', kind: 'textarea' },
  { name: 'story', label: 'Our story', kind: 'textarea', help: 'A few short paragraphs; leave a blank line between them.' },
  { name: 'website', label: 'Website', kind: 'url' },
  { name: 'careersUrl', label: 'Careers page', kind: 'url', help: 'The packet shows a QR code to this page.' },
  { name: 'contactName', label: 'Contact person', kind: 'text' },
  { name: 'contactEmail', label: 'Contact email', kind: 'email' },
  { name: 'contactPhone', label: 'Contact phone', kind: 'tel' },
  { name: 'pageSize', label: 'Page size', kind: 'select', options: PAGE_SIZES },
  { name: 'language', label: 'Language', kind: 'text', help: 'A language tag such as en-US.' },
];

function ValuesInput() {
  const { register } = useFormContext();
  const { fields, append, remove } = useFieldArray({ name: 'values' });
  return (
    <fieldset className="field rows">
      <legend>Values</legend>
      <ol>
        {fields.map((f, i) => (
          <li key={f.id} className="row value">
            <input aria-label={`Value ${i + 1}`} placeholder="Value" {...register(`values.${i}.name`)} />
            <textarea aria-label={`Value ${i + 1} description`} placeholder="What it means in practice" rows={2} {...register(`values.${i}.description`)} />
            <button type="button" className="icon" aria-label={`Remove value ${i + 1}`} onClick={() => remove(i)}>✕</button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => append({ name: '', description: '' })}>Add value</button>
    </fieldset>
  );
}

/** Reads the chosen file in the window and checks it is a real PNG or JPEG before it is saved. */
function LogoInput() {
  const { setValue, watch, formState } = useFormContext();
  const [error, setError] = useState<string | null>(null);
  const logo = watch('logo') as { mime: string; data: string } | null;
  const serverError = errorAt(formState.errors, 'logo');
  return (
    <div className={`field logo${error || serverError ? ' invalid' : ''}`}>
      <label htmlFor="logo-file">Logo (PNG or JPEG)</label>
      {logo && <img src={`data:${logo.mime};base64,${logo.data}`} alt="Current company logo" className="logo-preview" />}
      <input
        id="logo-file"
        type="file"
        accept="image/png,image/jpeg"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          try {
            setValue('logo', logoFromBytes(new Uint8Array(await file.arrayBuffer()), 'company profile', 'logo', file.name), { shouldDirty: true });
            setError(null);
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          }
        }}
      />
      {logo && <button type="button" onClick={() => setValue('logo', null, { shouldDirty: true })}>Remove logo</button>}
      {(error ?? serverError) && <p className="field-error" role="alert">{error ?? `Logo ${serverError}`}</p>}
    </div>
  );
}

export function CompanyForm() {
  const { data: company, isLoading } = useCompany();
  const [saved, setSaved] = useState(false);
  if (isLoading) return <p className="muted pad">Loading…</p>;
  // A new editor for each saved version, so the form starts clean from what was stored.
  return <CompanyEditor key={company?.updatedAt ?? 'new'} initial={company ?? null} saved={saved} onSaved={setSaved} />;
}

function CompanyEditor({
  initial,
  saved,
  onSaved,
}: {
  initial: Record<string, unknown> | null;
  saved: boolean;
  onSaved: (saved: boolean) => void;
}) {
  const save = useSaveCompany();
  const methods = useForm<FieldValues>({
    resolver: zodResolver(CompanyInput as Parameters<typeof zodResolver>[0]) as unknown as Resolver<FieldValues>,
    defaultValues: initial ? (({ updatedAt: _u, ...rest }) => rest)(initial) : { name: '', values: [], logo: null, pageSize: 'Letter', language: 'en-US', brandColor: '#1F4E79' },
    mode: 'onTouched',
  });
  const { handleSubmit, formState, setError, register } = methods;
  const submit = handleSubmit(async (values) => {
    try {
      await save.mutateAsync(values);
      onSaved(true);
    } catch (err) {
      onSaved(false);
      if (err instanceof ApiError) for (const f of err.fields) if (f.field) setError(f.field, { type: 'server', message: f.message });
      setError('root.server', { type: 'server', message: err instanceof Error ? err.message : String(err) });
    }
  });
  useSaveShortcut(submit);
  const colourError = errorAt(formState.errors, 'brandColor');
  return (
    <FormProvider {...methods}>
      <form className="editor company" onSubmit={submit} aria-label="Company profile" noValidate>
        <div className="editor-head">
          <h2>Company profile</h2>
          <button type="submit" className="primary" disabled={formState.isSubmitting}>Save</button>
        </div>
        {formState.errors.root?.server?.message && <p className="banner error" role="alert">{formState.errors.root.server.message}</p>}
        {saved && !formState.isDirty && <p className="banner ok" role="status">Saved.</p>}
        <div className="fields">
          {FIELDS.slice(0, 4).map((f) => <FieldInput key={f.name} spec={f} />)}
          <ValuesInput />
          {FIELDS.slice(4).map((f) => <FieldInput key={f.name} spec={f} />)}
          <div className={`field${colourError ? ' invalid' : ''}`}>
            <label htmlFor="brand-colour">Brand colour</label>
            <input id="brand-colour" type="color" {...register('brandColor')} />
            {colourError && <p className="field-error" role="alert">Brand colour {colourError}</p>}
          </div>
          <LogoInput />
        </div>
      </form>
    </FormProvider>
  );
}
