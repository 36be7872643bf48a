/** Form widgets for each kind of field in shared/forms.ts, bound to react-hook-form. */
import { useId } from 'react';
import { useController, useFieldArray, useFormContext, type FieldError, type FieldErrors } from 'react-hook-form';
import type { FieldSpec, RefKind } from '../../../shared/forms';
import { EMPLOYMENT_TYPES } from '../../../shared/schemas';
import { useList, type RecordOf } from '../queries';

/** The first message react-hook-form holds for a (possibly nested) field. */
export function errorAt(errors: FieldErrors, name: string): string | undefined {
  let cur: unknown = errors;
  for (const part of name.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  const e = cur as (FieldError & { root?: FieldError }) | undefined;
  if (!e) return undefined;
  if (typeof e.message === 'string' && e.message) return e.message;
  if (e.root?.message) return e.root.message;
  // A nested error (e.g. ratingGuide.2.anchor): show the first one found.
  for (const value of Object.values(e)) {
    if (value && typeof value === 'object' && 'message' in value && typeof value.message === 'string') return value.message;
  }
  return undefined;
}

function Field({ spec, id, children, error }: { spec: FieldSpec; id: string; children: React.ReactNode; error?: string }) {
  const required = 'required' in spec && spec.required;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {spec.label}
        {required && <span className="req" aria-hidden="true"> *</span>}
      </label>
      {children}
      {spec.help && <p className="help" id={`${id}-help`}>{spec.help}</p>}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {spec.label} {error}
        </p>
      )}
    </div>
  );
}

const refName = (kind: RefKind, r: RecordOf): string => String(r[kind === 'roles' ? 'title' : kind === 'questions' ? 'text' : 'name'] ?? '');

function describedBy(id: string, spec: FieldSpec, error?: string) {
  return [spec.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function SimpleInput({ spec }: { spec: FieldSpec }) {
  const id = useId();
  const { register, formState } = useFormContext();
  const error = errorAt(formState.errors, spec.name);
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, spec, error) };
  switch (spec.kind) {
    case 'textarea':
      return <Field spec={spec} id={id} error={error}><textarea rows={4} {...common} {...register(spec.name)} /></Field>;
    case 'number':
      return (
        <Field spec={spec} id={id} error={error}>
          <input type="number" min={spec.min} max={spec.max} {...common} {...register(spec.name, { valueAsNumber: true })} />
        </Field>
      );
    case 'boolean':
      return (
        <div className="field check">
          <label>
            <input type="checkbox" {...register(spec.name)} /> {spec.label}
          </label>
          {spec.help && <p className="help">{spec.help}</p>}
        </div>
      );
    case 'select':
      return (
        <Field spec={spec} id={id} error={error}>
          <select {...common} {...register(spec.name)}>
            {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </Field>
      );
    case 'date':
      return <Field spec={spec} id={id} error={error}><input type="date" {...common} {...register(spec.name)} /></Field>;
    case 'datetime':
      return (
        <Field spec={spec} id={id} error={error}>
          <input type="datetime-local" {...common} {...register(spec.name, { setValueAs: (v: string) => (v ? v : null) })} />
        </Field>
      );
    default:
      return (
        <Field spec={spec} id={id} error={error}>
          <input type={spec.kind === 'text' ? 'text' : spec.kind} {...common} {...register(spec.name)} />
        </Field>
      );
  }
}

/** A list of short texts edited as one line each. */
function LinesInput({ spec, split }: { spec: FieldSpec; split: 'lines' | 'commas' }) {
  const id = useId();
  const { control, formState } = useFormContext();
  const { field } = useController({ name: spec.name, control });
  const error = errorAt(formState.errors, spec.name);
  const items = Array.isArray(field.value) ? (field.value as string[]) : [];
  const text = split === 'lines' ? items.join('\n') : items.join(', ');
  const parse = (v: string) => (split === 'lines' ? v.split('\n') : v.split(',')).map((s) => s.trim()).filter(Boolean);
  return (
    <Field spec={spec} id={id} error={error}>
      {split === 'lines' ? (
        <textarea id={id} rows={Math.min(8, Math.max(3, items.length + 1))} defaultValue={text} onBlur={(e) => field.onChange(parse(e.target.value))} aria-describedby={describedBy(id, spec, error)} />
      ) : (
        <input id={id} type="text" defaultValue={text} onBlur={(e) => field.onChange(parse(e.target.value))} aria-describedby={describedBy(id, spec, error)} />
      )}
    </Field>
  );
}

function RefSelect({ spec }: { spec: Extract<FieldSpec, { kind: 'ref' }> }) {
  const id = useId();
  const { control, formState } = useFormContext();
  // Controlled, so the saved choice shows even when the options arrive after the form.
  const { field } = useController({ name: spec.name, control });
  const { data = [] } = useList(spec.ref);
  const error = errorAt(formState.errors, spec.name);
  return (
    <Field spec={spec} id={id} error={error}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, spec, error)}
        value={typeof field.value === 'string' ? field.value : ''}
        onBlur={field.onBlur}
        onChange={(e) => field.onChange(e.target.value ? e.target.value : spec.required ? '' : null)}
      >
        <option value="">{spec.emptyLabel ?? '—'}</option>
        {data.map((r) => <option key={r.id} value={r.id}>{refName(spec.ref, r)}</option>)}
      </select>
    </Field>
  );
}

function RefChecklist({ spec, name, label }: { spec: { ref: RefKind } & FieldSpec; name?: string; label?: string }) {
  const fieldName = name ?? spec.name;
  const { control, formState } = useFormContext();
  const { field } = useController({ name: fieldName, control });
  const { data = [] } = useList(spec.ref);
  const chosen = new Set(Array.isArray(field.value) ? (field.value as string[]) : []);
  const error = errorAt(formState.errors, fieldName);
  const toggle = (id: string) => {
    const current = Array.isArray(field.value) ? (field.value as string[]) : [];
    field.onChange(chosen.has(id) ? current.filter((x) => x !== id) : [...current, id]);
  };
  return (
    <fieldset className={`field refs${error ? ' invalid' : ''}`}>
      <legend>{label ?? spec.label}</legend>
      <div className="ref-options">
        {data.map((r) => (
          <label key={r.id}>
            <input type="checkbox" checked={chosen.has(r.id)} onChange={() => toggle(r.id)} /> {refName(spec.ref, r)}
          </label>
        ))}
        {data.length === 0 && <p className="help">None in the library yet.</p>}
      </div>
      {error && <p className="field-error" role="alert">{label ?? spec.label} {error}</p>}
    </fieldset>
  );
}

function ProbesInput({ spec }: { spec: FieldSpec }) {
  const { control, register, formState } = useFormContext();
  const { fields, append, remove, move } = useFieldArray({ control, name: spec.name });
  const error = errorAt(formState.errors, spec.name);
  return (
    <fieldset className="field rows">
      <legend>{spec.label}</legend>
      {spec.help && <p className="help">{spec.help}</p>}
      <ol>
        {fields.map((f, i) => (
          <li key={f.id} className="row">
            <input aria-label={`Probe ${i + 1}`} {...register(`${spec.name}.${i}.text`)} />
            <label className="inline">
              <input type="checkbox" {...register(`${spec.name}.${i}.reflection`)} /> Reflection
            </label>
            <button type="button" className="icon" aria-label={`Move probe ${i + 1} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>↑</button>
            <button type="button" className="icon" aria-label={`Remove probe ${i + 1}`} onClick={() => remove(i)}>✕</button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => append({ text: '', reflection: false })}>Add probe</button>
      {error && <p className="field-error" role="alert">{spec.label} {error}</p>}
    </fieldset>
  );
}

function HiringStepsInput({ spec }: { spec: FieldSpec }) {
  const { control, register } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: spec.name });
  return (
    <fieldset className="field rows">
      <legend>{spec.label}</legend>
      <ol>
        {fields.map((f, i) => (
          <li key={f.id} className="row step">
            <input aria-label={`Step ${i + 1} name`} placeholder="Step" {...register(`${spec.name}.${i}.name`)} />
            <input aria-label={`Step ${i + 1} typical duration`} placeholder="Typical duration" {...register(`${spec.name}.${i}.duration`)} />
            <input aria-label={`Step ${i + 1} description`} placeholder="What happens" className="wide" {...register(`${spec.name}.${i}.description`)} />
            <button type="button" className="icon" aria-label={`Remove step ${i + 1}`} onClick={() => remove(i)}>✕</button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => append({ name: '', description: '', duration: '' })}>Add step</button>
    </fieldset>
  );
}

function RatingGuideInput({ spec }: { spec: FieldSpec }) {
  const { register, formState } = useFormContext();
  const error = errorAt(formState.errors, spec.name);
  return (
    <fieldset className="field rows">
      <legend>{spec.label}</legend>
      {spec.help && <p className="help">{spec.help}</p>}
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="row anchor">
          <span className="level">{i + 1}</span>
          <input aria-label={`Level ${i + 1} label`} {...register(`${spec.name}.${i}.label`)} />
          <textarea aria-label={`Level ${i + 1} behavioural anchor`} rows={2} {...register(`${spec.name}.${i}.anchor`)} />
        </div>
      ))}
      {error && <p className="field-error" role="alert">{spec.label} {error}</p>}
    </fieldset>
  );
}

function PayRangeInput({ spec }: { spec: FieldSpec }) {
  const { control, register, formState } = useFormContext();
  const { field } = useController({ name: spec.name, control });
  const on = field.value !== null && field.value !== undefined;
  const error = errorAt(formState.errors, spec.name);
  return (
    <fieldset className="field rows">
      <legend>{spec.label}</legend>
      <label className="inline">
        <input type="checkbox" checked={on} onChange={(e) => field.onChange(e.target.checked ? { min: 0, max: 0, currency: 'USD', period: 'year' } : null)} /> Show a pay range
      </label>
      {on && (
        <div className="row pay">
          <input type="number" aria-label="Minimum pay" {...register(`${spec.name}.min`, { valueAsNumber: true })} />
          <span>to</span>
          <input type="number" aria-label="Maximum pay" {...register(`${spec.name}.max`, { valueAsNumber: true })} />
          <input aria-label="Currency" className="short" {...register(`${spec.name}.currency`)} />
          <select aria-label="Per" {...register(`${spec.name}.period`)}>
            <option value="hour">per hour</option>
            <option value="year">per year</option>
          </select>
        </div>
      )}
      {error && <p className="field-error" role="alert">{spec.label} {error}</p>}
    </fieldset>
  );
}

/** "any", or a list: a checkbox for "any" and the list when it is off. */
function AnyOr({ name, label, children }: { name: string; label: string; children: (onList: boolean) => React.ReactNode }) {
  const { control } = useFormContext();
  const { field } = useController({ name, control });
  const isAny = field.value === 'any';
  return (
    <div className="any-or">
      <label className="inline">
        <input type="checkbox" checked={isAny} onChange={(e) => field.onChange(e.target.checked ? 'any' : [])} /> {label}: any
      </label>
      {!isAny && children(true)}
    </div>
  );
}

function EligibilityInput({ spec }: { spec: FieldSpec }) {
  const { control, formState } = useFormContext();
  const types = useController({ name: `${spec.name}.employmentTypes`, control });
  const locations = useController({ name: `${spec.name}.locations`, control });
  const error = errorAt(formState.errors, spec.name);
  const chosen = new Set(Array.isArray(types.field.value) ? (types.field.value as string[]) : []);
  return (
    <fieldset className="field rows">
      <legend>{spec.label}</legend>
      <AnyOr name={`${spec.name}.employmentTypes`} label="Employment types">
        {() => (
          <div className="ref-options">
            {EMPLOYMENT_TYPES.map((t) => (
              <label key={t}>
                <input type="checkbox" checked={chosen.has(t)} onChange={() => types.field.onChange(chosen.has(t) ? [...chosen].filter((x) => x !== t) : [...chosen, t])} /> {t}
              </label>
            ))}
          </div>
        )}
      </AnyOr>
      <AnyOr name={`${spec.name}.locations`} label="Locations">
        {() => (
          <textarea
            aria-label="Eligible locations, one per line"
            rows={2}
            defaultValue={Array.isArray(locations.field.value) ? (locations.field.value as string[]).join('\n') : ''}
            onBlur={(e) => locations.field.onChange(e.target.value.split('\n').map((s) => s.trim()).filter(Boolean))}
          />
        )}
      </AnyOr>
      <AnyOr name={`${spec.name}.roles`} label="Roles">
        {() => <RefChecklist spec={{ ...spec, kind: 'refs', ref: 'roles' }} name={`${spec.name}.roles`} label="Eligible roles" />}
      </AnyOr>
      {error && <p className="field-error" role="alert">{spec.label} {error}</p>}
    </fieldset>
  );
}

export function FieldInput({ spec }: { spec: FieldSpec }) {
  switch (spec.kind) {
    case 'lines':
      return <LinesInput spec={spec} split="lines" />;
    case 'tags':
      return <LinesInput spec={spec} split="commas" />;
    case 'ref':
      return <RefSelect spec={spec} />;
    case 'refs':
      return <RefChecklist spec={spec} />;
    case 'probes':
      return <ProbesInput spec={spec} />;
    case 'hiringSteps':
      return <HiringStepsInput spec={spec} />;
    case 'ratingGuide':
      return <RatingGuideInput spec={spec} />;
    case 'payRange':
      return <PayRangeInput spec={spec} />;
    case 'eligibility':
      return <EligibilityInput spec={spec} />;
    default:
      return <SimpleInput spec={spec} />;
  }
}
