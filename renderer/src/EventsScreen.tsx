/**
 * A hiring event: its candidates, walk-ins added on the day, the roster
 * import, every candidate's documents in one batch (with progress and
 * cancel), and the event-day sheets.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { atEventTime } from '../../shared/forms';
import type { OutputOf } from '../../shared/ipc';
import { ApiError, call } from './api';
import { ImportScreen } from './ImportScreen';
import { useList, type RecordOf } from './queries';

type Job = NonNullable<OutputOf<'events.export.start'>>;

function formatDuration(ms: number | null): string {
  if (ms === null) return 'estimating…';
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function WalkIn({ event, roles }: { event: RecordOf; roles: RecordOf[] }) {
  const client = useQueryClient();
  const eventRoles = roles.filter((r) => (event.roleIds as string[]).includes(r.id));
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState('');
  const [time, setTime] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      call('entities.create', {
        kind: 'candidates',
        values: { name, roleId: roleId || null, eventId: event.id, interviewAt: atEventTime(String(event.date), time) },
      }),
    onSuccess: () => {
      setName('');
      setTime('');
      setError(null);
      void client.invalidateQueries();
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : String(err)),
  });
  return (
    <form
      className="walk-in"
      aria-label="Add a walk-in candidate"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <label>
        Walk-in name
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Role
        <select value={roleId} onChange={(e) => setRoleId(e.target.value)}>
          <option value="">Choose a role</option>
          {(eventRoles.length > 0 ? eventRoles : roles).map((r) => <option key={r.id} value={r.id}>{String(r.title)}</option>)}
        </select>
      </label>
      <label>
        Time
        <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
      </label>
      <button type="submit" className="primary">Add walk-in</button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}

function BatchExport({ event }: { event: RecordOf }) {
  const [docx, setDocx] = useState(true);
  const [pdf, setPdf] = useState(false);
  const [combined, setCombined] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const formats = [...(docx ? ['docx' as const] : []), ...(pdf ? ['pdf' as const] : [])];

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setInterval(() => {
      call('events.export.status', { jobId: job.id }).then(setJob).catch((e: Error) => setMessage(e.message));
    }, 200);
    return () => clearInterval(timer);
  }, [job]);

  const start = async () => {
    setMessage(null);
    try {
      const started = await call('events.export.start', { eventId: event.id, formats, combined });
      if (started) setJob(started);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };
  const sheets = async () => {
    setMessage(null);
    try {
      const r = await call('events.sheets', { eventId: event.id, formats });
      if (r) setMessage(`Saved ${r.files.length} sheet file${r.files.length === 1 ? '' : 's'}.`);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
  };
  const running = job?.state === 'running';
  const p = job?.progress;
  return (
    <section className="batch" aria-label="Documents for the whole event">
      <h3>Documents for every candidate</h3>
      <div className="batch-options">
        <label className="inline"><input type="checkbox" checked={docx} onChange={(e) => setDocx(e.target.checked)} /> Word</label>
        <label className="inline"><input type="checkbox" checked={pdf} onChange={(e) => setPdf(e.target.checked)} /> PDF</label>
        <label className="inline"><input type="checkbox" checked={combined} onChange={(e) => setCombined(e.target.checked)} /> One print file per document type</label>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={running || formats.length === 0} onClick={() => void start()}>Export kits and packets</button>
        <button type="button" disabled={running || formats.length === 0} onClick={() => void sheets()}>Event-day sheets</button>
        {running && job && (
          <button type="button" className="danger" onClick={() => void call('events.export.cancel', { jobId: job.id }).then(setJob)}>Cancel</button>
        )}
      </div>
      {job && p && (
        <div className="progress-block">
          <progress aria-label="Export progress" max={Math.max(1, p.total)} value={p.done} />
          <p className="status" role="status">
            {job.state === 'running' && `${p.done} of ${p.total} · about ${formatDuration(p.etaMs)} left · ${p.current}`}
            {job.state === 'done' && `Done: ${job.written} written, ${job.skipped} already there, ${job.failed.length} failed — ${job.folder}`}
            {job.state === 'cancelled' && `Cancelled after ${p.done} of ${p.total}. Only complete files were kept; export again to finish.`}
            {job.state === 'failed' && `The export stopped: ${job.error ?? 'unknown error'}`}
          </p>
          {job.failed.length > 0 && (
            <ul className="failures" aria-label="Failed documents">
              {job.failed.map((f, i) => <li key={i}>{f.candidate} · {f.document}: {f.reason}</li>)}
            </ul>
          )}
        </div>
      )}
      {message && <p className="status" role="status">{message}</p>}
    </section>
  );
}

export function EventsScreen() {
  const { data: events = [] } = useList('events');
  const { data: candidates = [] } = useList('candidates');
  const { data: roles = [] } = useList('roles');
  const [chosen, setChosen] = useState<string | null>(null);
  const event = events.find((e) => e.id === chosen) ?? events[0] ?? null;
  const roleTitle = useMemo(() => new Map(roles.map((r) => [r.id, String(r.title)])), [roles]);
  const people = candidates.filter((c) => event && c.eventId === event.id);

  return (
    <div className="events-screen">
      <nav className="sections" aria-label="Hiring events">
        {events.map((e) => (
          <button key={e.id} type="button" aria-current={event?.id === e.id ? 'page' : undefined} onClick={() => setChosen(e.id)}>
            {String(e.name)}
            <span className="small muted"> {String(e.date)}</span>
          </button>
        ))}
        {events.length === 0 && <p className="muted pad small">No events yet: add one in Library ▸ Hiring events.</p>}
      </nav>
      {event && (
        <div className="event-body">
          <h2>{String(event.name)}</h2>
          <p className="muted">{String(event.date)} · {String(event.venue)}</p>
          <BatchExport key={event.id} event={event} />
          <section aria-label="Candidates">
            <h3>Candidates ({people.length})</h3>
            <table className="rows-table">
              <thead>
                <tr><th scope="col">Time</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Email</th></tr>
              </thead>
              <tbody>
                {people.map((c) => (
                  <tr key={c.id}>
                    <td>{c.interviewAt ? String(c.interviewAt).slice(11) : '—'}</td>
                    <td>{String(c.name)}</td>
                    <td>{c.roleId ? roleTitle.get(String(c.roleId)) : '—'}</td>
                    <td>{String(c.email)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <WalkIn event={event} roles={roles} />
          </section>
          <ImportScreen key={event.id} eventId={event.id} />
        </div>
      )}
    </div>
  );
}
