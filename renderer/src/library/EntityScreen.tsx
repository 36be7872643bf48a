/** A list of one kind of record beside its editor: filter, new, edit, delete with undo. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { FORMS, editableValues, recordName, visibleRecords, type EditableKind } from '../../../shared/forms';
import { ApiError, call } from '../api';
import { useList, useRemoveRecord, type RecordOf } from '../queries';
import { EntityForm } from './EntityForm';

type Selection = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; id: string };

interface Notice {
  text: string;
  undo?: () => Promise<void>;
  cascade?: () => Promise<void>;
  error?: boolean;
}

export function EntityScreen({ kind }: { kind: EditableKind }) {
  const spec = FORMS[kind];
  const { data: records = [], isLoading } = useList(kind);
  const remove = useRemoveRecord(kind);
  const [filter, setFilter] = useState('');
  const [selection, setSelection] = useState<Selection>({ mode: 'none' });
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  const guarded = useCallback(
    (next: Selection) => {
      if (dirty && !window.confirm('You have unsaved changes. Discard them?')) return;
      setDirty(false);
      setSelection(next);
    },
    [dirty],
  );

  const { data: roles = [] } = useList('roles');
  const nameOf = useMemo(() => {
    const names = new Map(roles.map((r) => [r.id, String(r.title)]));
    return (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? '') : '');
  }, [roles]);
  const shown = useMemo(() => visibleRecords(kind, records, filter, nameOf), [records, kind, filter, nameOf]);
  const current = selection.mode === 'edit' ? (records.find((r) => r.id === selection.id) ?? null) : null;

  const doDelete = async (record: RecordOf, cascade: boolean) => {
    const name = recordName(kind, record);
    try {
      await remove.mutateAsync({ id: record.id, cascade });
      setDirty(false);
      setSelection({ mode: 'none' });
      setNotice({
        text: `Deleted ${spec.noun} “${name}”.`,
        // Undo puts the same record back (same id); a cascade's dependants are not restored.
        undo: cascade
          ? undefined
          : async () => {
              await call('entities.create', { kind, values: { ...editableValues(record), id: record.id } });
              setNotice({ text: `Restored “${name}”.` });
              setSelection({ mode: 'edit', id: record.id });
            },
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setNotice({
        text: message,
        error: true,
        cascade: err instanceof ApiError && err.code === 'referenced' ? () => doDelete(record, true) : undefined,
      });
    }
  };

  return (
    <div className="entity-screen">
      <section className="list-pane" aria-label={spec.title}>
        <div className="list-head">
          <h2>{spec.title}</h2>
          <button type="button" className="primary" onClick={() => guarded({ mode: 'new' })}>New {spec.noun}</button>
        </div>
        <input
          type="search"
          className="filter"
          aria-label={`Filter ${spec.title.toLowerCase()}`}
          placeholder={`Filter ${spec.title.toLowerCase()}`}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <ul className="records">
          {shown.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                aria-current={selection.mode === 'edit' && selection.id === r.id ? 'true' : undefined}
                onClick={() => guarded({ mode: 'edit', id: r.id })}
              >
                <span className="name">{recordName(kind, r)}</span>
                <span className="summary">{spec.summary(r, nameOf)}</span>
              </button>
            </li>
          ))}
        </ul>
        {!isLoading && shown.length === 0 && <p className="muted pad">{records.length === 0 ? `No ${spec.title.toLowerCase()} yet.` : 'Nothing matches the filter.'}</p>}
        <p className="muted pad small">{shown.length} of {records.length}</p>
      </section>
      <section className="editor-pane" aria-label="Editor">
        {notice && (
          <div className={`notice${notice.error ? ' error' : ''}`} role={notice.error ? 'alert' : 'status'}>
            <span>{notice.text}</span>
            {notice.undo && <button type="button" onClick={() => void notice.undo?.()}>Undo</button>}
            {notice.cascade && current && (
              <button
                type="button"
                className="danger"
                onClick={() => {
                  if (window.confirm('Delete it together with everything that depends on it?')) void notice.cascade?.();
                }}
              >
                Delete with everything that uses it
              </button>
            )}
            <button type="button" className="icon" aria-label="Dismiss" onClick={() => setNotice(null)}>✕</button>
          </div>
        )}
        {selection.mode === 'none' && <p className="muted pad">Choose a {spec.noun} on the left, or make a new one.</p>}
        {selection.mode === 'new' && (
          <EntityForm key="new" kind={kind} record={null} onDirtyChange={setDirty} onSaved={(r) => { setDirty(false); setSelection({ mode: 'edit', id: r.id }); }} />
        )}
        {current && (
          <EntityForm
            key={current.id}
            kind={kind}
            record={current}
            onDirtyChange={setDirty}
            onSaved={() => setDirty(false)}
            onDelete={() => {
              if (window.confirm(`Delete ${spec.noun} “${recordName(kind, current)}”?`)) void doDelete(current, false);
            }}
          />
        )}
      </section>
    </div>
  );
}
