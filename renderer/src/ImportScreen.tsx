/**
 * Import questions or candidates from a CSV or XLSX file: pick the file, check
 * how its columns map to fields, see every row that would be refused and why,
 * then import all rows at once — or nothing.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { bytesToBase64 } from '../../shared/images';
import { CANDIDATE_FIELD_INFO, QUESTION_FIELD_INFO, type FieldInfo } from '../../shared/import-mapping';
import type { OutputOf } from '../../shared/ipc';
import { call } from './api';
import { useList } from './queries';

type Kind = 'questions' | 'candidates';
type Preview = OutputOf<'import.preview'>;

const MAX_BYTES = 10 * 1024 * 1024;

/** With `eventId`, imports an event's roster: candidates only, into that event. */
export function ImportScreen({ eventId }: { eventId?: string } = {}) {
  const [kind, setKind] = useState<Kind>('candidates');
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [bank, setBank] = useState('Imported questions');
  const [event, setEvent] = useState(eventId ?? '');
  const [mapping, setMapping] = useState<Record<string, number | null> | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const { data: events = [] } = useList('events');
  const client = useQueryClient();
  const fields: Record<string, FieldInfo> = kind === 'questions' ? QUESTION_FIELD_INFO : CANDIDATE_FIELD_INFO;
  const options = kind === 'questions' ? { bank } : event ? { event } : {};

  const runPreview = async (next: { file?: typeof file; mapping?: typeof mapping; kind?: Kind } = {}) => {
    const f = next.file === undefined ? file : next.file;
    if (!f) return;
    const k = next.kind ?? kind;
    try {
      const p = await call('import.preview', {
        kind: k,
        fileName: f.name,
        data: f.data,
        mapping: next.mapping === undefined ? mapping : next.mapping,
        options: k === 'questions' ? { bank } : event ? { event } : {},
      });
      setPreview(p);
      setMapping(p.mapping);
      setMessage(null);
    } catch (err) {
      setPreview(null);
      setMessage({ text: err instanceof Error ? err.message : String(err), error: true });
    }
  };

  const commit = useMutation({
    mutationFn: () => {
      if (!file) throw new Error('Choose a file first.');
      return call('import.commit', { kind, fileName: file.name, data: file.data, mapping, options });
    },
    onSuccess: (r) => {
      setMessage({ text: `Imported ${r.imported} ${kind} from ${r.file}.`, error: false });
      setPreview(null);
      setFile(null);
      setMapping(null);
      void client.invalidateQueries();
    },
    onError: (err) => setMessage({ text: err instanceof Error ? err.message : String(err), error: true }),
  });

  const chooseFile = async (picked: File | undefined) => {
    if (!picked) return;
    if (picked.size > MAX_BYTES) {
      setMessage({ text: `"${picked.name}" is ${(picked.size / 1048576).toFixed(1)} MB; the limit is 10 MB.`, error: true });
      return;
    }
    const f = { name: picked.name, data: bytesToBase64(new Uint8Array(await picked.arrayBuffer())) };
    setFile(f);
    setMapping(null);
    await runPreview({ file: f, mapping: null });
  };

  return (
    <div className={eventId ? 'import-screen embedded' : 'page import-screen'}>
      {eventId ? <h3>Import the roster</h3> : <h2>Import from a spreadsheet</h2>}
      <p className="muted">CSV or Excel (.xlsx), with a header row. Nothing is saved until you press Import, and then every row is imported or none.</p>
      <div className="import-options">
        {!eventId && <fieldset className="segmented">
          <legend>What to import</legend>
          {(['candidates', 'questions'] as const).map((k) => (
            <label key={k} className={kind === k ? 'on' : ''}>
              <input
                type="radio"
                name="import-kind"
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setMapping(null);
                  void runPreview({ kind: k, mapping: null });
                }}
              />
              {k === 'candidates' ? 'Candidates' : 'Questions'}
            </label>
          ))}
        </fieldset>}
        {eventId ? null : kind === 'questions' ? (
          <label>
            Question bank for the new questions
            <input value={bank} onChange={(e) => setBank(e.target.value)} onBlur={() => void runPreview()} />
          </label>
        ) : (
          <label>
            Hiring event
            <select value={event} onChange={(e) => setEvent(e.target.value)} onBlur={() => void runPreview()}>
              <option value="">None</option>
              {events.map((ev) => <option key={ev.id} value={ev.id}>{String(ev.name)}</option>)}
            </select>
          </label>
        )}
        <label>
          Spreadsheet file
          <input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void chooseFile(e.target.files?.[0])} />
        </label>
      </div>

      {message && <p className={`banner ${message.error ? 'error' : 'ok'}`} role={message.error ? 'alert' : 'status'}>{message.text}</p>}

      {preview && (
        <>
          <section aria-label="Columns">
            <h3>Columns</h3>
            <div className="mapping">
              {Object.entries(fields).map(([field, info]) => (
                <label key={field} title={info.hint}>
                  {info.label}
                  <select
                    value={mapping?.[field] ?? ''}
                    onChange={(e) => {
                      const next = { ...(mapping ?? {}), [field]: e.target.value === '' ? null : Number(e.target.value) };
                      setMapping(next);
                      void runPreview({ mapping: next });
                    }}
                  >
                    <option value="">Not in the file</option>
                    {preview.headers.map((h, i) => <option key={i} value={i}>{h || `Column ${i + 1}`}</option>)}
                  </select>
                </label>
              ))}
            </div>
            {preview.unmapped.length > 0 && <p className="muted small">Not imported: {preview.unmapped.join(', ')}</p>}
          </section>
          <section aria-label="Rows">
            <h3>
              {preview.counts.total} rows · {preview.counts.valid} ready · {preview.counts.rejected} with problems
            </h3>
            <table className="rows-table">
              <thead>
                <tr><th scope="col">Line</th><th scope="col">Status</th><th scope="col">Row</th></tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.line} className={r.ok ? '' : 'bad'}>
                    <td>{r.line}</td>
                    <td>{r.ok ? 'Ready' : 'Refused'}</td>
                    <td>{r.ok ? r.label : r.errors.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {preview.rows.length < preview.counts.total && <p className="muted small">Showing the first {preview.rows.length} rows.</p>}
            {preview.newBanks.length > 0 && <p className="muted small">New question bank: {preview.newBanks.join(', ')}</p>}
          </section>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={preview.counts.rejected > 0 || preview.counts.valid === 0 || commit.isPending}
              onClick={() => commit.mutate()}
            >
              Import {preview.counts.valid} {kind}
            </button>
            {preview.counts.rejected > 0 && <span className="muted">Fix the refused rows in the file (or the column choices) and choose it again.</span>}
          </div>
        </>
      )}
    </div>
  );
}
