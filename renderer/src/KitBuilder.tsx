/** The kit builder: choose the interview, see the document as it will print, export it. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  applyChoice,
  candidatesFor,
  initialChoice,
  stagesOfRole,
  toRequest,
  type BuilderChoice,
  type ChoiceLists,
} from '../../shared/kit-choice';
import { call } from './api';

type Warning = { code: string; message: string };

function useLists() {
  const [lists, setLists] = useState<ChoiceLists | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([
      call('entities.list', { kind: 'roles' }),
      call('entities.list', { kind: 'stages' }),
      call('entities.list', { kind: 'candidates' }),
    ])
      .then(([roles, stages, candidates]) =>
        setLists({ roles, stages, candidates } as unknown as ChoiceLists),
      )
      .catch((e: Error) => setError(e.message));
  }, []);
  return { lists, error };
}

export function KitBuilder() {
  const { lists, error } = useLists();
  const [chosen, setChoice] = useState<BuilderChoice | null>(null);
  const choice = useMemo(() => chosen ?? (lists ? initialChoice(lists) : null), [chosen, lists]);
  const [preview, setPreview] = useState<{ html: string; warnings: Warning[] } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  const request = useMemo(() => (choice ? toRequest(choice) : null), [choice]);

  useEffect(() => {
    if (!request) return;
    let live = true;
    call('documents.preview', request)
      .then((p) => live && setPreview(p))
      .catch((e: Error) => live && setStatus(e.message));
    return () => {
      live = false;
    };
  }, [request]);

  const change = useCallback(
    (c: Partial<BuilderChoice>) =>
      setChoice((cur) => (lists ? applyChoice(lists, cur ?? initialChoice(lists), c) : cur)),
    [lists],
  );

  const exportAs = useCallback(
    async (format: 'docx' | 'pdf') => {
      if (!request) return;
      setStatus('Exporting…');
      try {
        const r = await call('documents.export', { ...request, format });
        setStatus(r.path ? `Saved ${r.path}` : null);
      } catch (e) {
        setStatus((e as Error).message);
      }
    },
    [request],
  );

  useEffect(
    () =>
      window.api.onMenu((action) => {
        if (action === 'export-docx') void exportAs('docx');
        if (action === 'export-pdf') void exportAs('pdf');
        if (action === 'print') frame.current?.contentWindow?.print();
      }),
    [exportAs],
  );

  // Scale the preview's pages down to the width of the pane (the pages keep their print size).
  useEffect(() => {
    const iframe = frame.current;
    if (!iframe) return;
    const fit = () => {
      const doc = iframe.contentDocument;
      if (!doc?.documentElement) return;
      doc.documentElement.style.zoom = '1';
      const natural = doc.documentElement.scrollWidth;
      const zoom = natural > 0 ? Math.min(1, (iframe.clientWidth - 16) / natural) : 1;
      doc.documentElement.style.zoom = String(zoom);
    };
    const observer = new ResizeObserver(fit);
    observer.observe(iframe);
    iframe.addEventListener('load', fit);
    return () => {
      observer.disconnect();
      iframe.removeEventListener('load', fit);
    };
  }, [lists]);

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!lists || !choice) return <p className="muted">Loading the library…</p>;
  const stages = stagesOfRole(lists, choice.roleId);
  const { mine, others } = candidatesFor(lists, choice.roleId);

  return (
    <div className="builder">
      <form className="panel" onSubmit={(e) => e.preventDefault()} aria-label="Kit choices">
        <fieldset className="segmented">
          <legend>Document</legend>
          {(['kit', 'packet'] as const).map((d) => (
            <label key={d} className={choice.document === d ? 'on' : ''}>
              <input type="radio" name="document" checked={choice.document === d} onChange={() => change({ document: d })} />
              {d === 'kit' ? 'Interview kit' : 'Candidate packet'}
            </label>
          ))}
        </fieldset>
        <label>
          Role
          <select value={choice.roleId ?? ''} onChange={(e) => change({ roleId: e.target.value || null })}>
            {lists.roles.map((r) => (
              <option key={r.id} value={r.id}>{r.title}</option>
            ))}
          </select>
        </label>
        {choice.document === 'kit' && (
          <label>
            Stage
            <select value={choice.stageId ?? ''} onChange={(e) => change({ stageId: e.target.value || null })}>
              {stages.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Candidate
          <select value={choice.candidateId ?? ''} onChange={(e) => change({ candidateId: e.target.value || null })}>
            <option value="">No candidate (blank kit)</option>
            {mine.length > 0 && (
              <optgroup label="For this role">
                {mine.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </optgroup>
            )}
            <optgroup label="Everyone else">
              {others.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </optgroup>
          </select>
        </label>
        {choice.document === 'kit' && (
          <label>
            Date
            <input type="date" value={choice.date} onChange={(e) => change({ date: e.target.value })} />
          </label>
        )}
        <div className="actions">
          <button type="button" className="primary" onClick={() => void exportAs('docx')}>Export Word</button>
          <button type="button" onClick={() => void exportAs('pdf')}>Export PDF</button>
          <button type="button" onClick={() => frame.current?.contentWindow?.print()}>Print</button>
        </div>
        {status && <p className="status" role="status">{status}</p>}
        {preview && preview.warnings.length > 0 && (
          <section className="warnings" aria-label="Warnings">
            <h2>Check before the interview</h2>
            <ul>{preview.warnings.map((w, i) => <li key={i}>{w.message}</li>)}</ul>
          </section>
        )}
      </form>
      <iframe
        ref={frame}
        className="preview"
        title="Document preview"
        sandbox="allow-same-origin allow-modals"
        srcDoc={preview?.html ?? ''}
      />
    </div>
  );
}

