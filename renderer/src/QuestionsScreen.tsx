/** The question banks: search as you type, filter, pick questions and add them to a stage. */
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { appendMissing } from '../../shared/forms';
import { DIFFICULTIES, QUESTION_TYPES, type Difficulty, type QuestionType } from '../../shared/schemas';
import { call } from './api';
import { useList, useSaveRecord } from './queries';

export function QuestionsScreen() {
  const [text, setText] = useState('');
  const [competencyId, setCompetency] = useState('');
  const [type, setType] = useState('');
  const [difficulty, setDifficulty] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [stageId, setStageId] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const { data: competencies = [] } = useList('competencies');
  const { data: stages = [] } = useList('stages');
  const { data: roles = [] } = useList('roles');
  const { data: all = [] } = useList('questions');
  const saveStage = useSaveRecord('stages');

  const filters = { competencyId: competencyId || undefined, type: (type || undefined) as QuestionType | undefined, difficulty: (difficulty || undefined) as Difficulty | undefined };
  const search = useQuery({
    queryKey: ['search', text, filters],
    queryFn: () => call('questions.search', { text, limit: 100, ...filters }),
    enabled: text.trim().length > 0,
    placeholderData: (prev) => prev,
  });
  const byId = useMemo(() => new Map(all.map((q) => [q.id, q])), [all]);
  const browse = useMemo(
    () =>
      all
        .filter((q) => !competencyId || (q.competencyIds as string[]).includes(competencyId))
        .filter((q) => !type || q.type === type)
        .filter((q) => !difficulty || q.difficulty === difficulty)
        .slice(0, 100)
        .map((q) => ({ id: q.id, text: String(q.text) })),
    [all, competencyId, type, difficulty],
  );
  const results = text.trim() ? (search.data ?? []) : browse;
  const roleTitle = new Map(roles.map((r) => [r.id, String(r.title)]));

  const addToStage = async () => {
    const stage = stages.find((s) => s.id === stageId);
    if (!stage) return;
    const current = stage.questionIds as string[];
    const questionIds = appendMissing(current, picked);
    const added = questionIds.length - current.length;
    await saveStage.mutateAsync({ id: stage.id, values: { questionIds } });
    setStatus(`Added ${added} question${added === 1 ? '' : 's'} to ${roleTitle.get(String(stage.roleId)) ?? ''} · ${String(stage.name)}.`);
    setPicked([]);
  };

  return (
    <div className="questions-screen">
      <div className="toolbar" role="search">
        <label className="search">
          Search questions
          <input type="search" value={text} autoFocus placeholder="conflict, safety, feedback…" onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          Competency
          <select value={competencyId} onChange={(e) => setCompetency(e.target.value)}>
            <option value="">Any</option>
            {competencies.map((c) => <option key={c.id} value={c.id}>{String(c.name)}</option>)}
          </select>
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">Any</option>
            {QUESTION_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label>
          Difficulty
          <select value={difficulty} onChange={(e) => setDifficulty(e.target.value)}>
            <option value="">Any</option>
            {DIFFICULTIES.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
      </div>
      <div className="add-bar">
        <span>{picked.length} selected</span>
        <label>
          Stage
          <select value={stageId} onChange={(e) => setStageId(e.target.value)}>
            <option value="">Choose a stage</option>
            {stages.map((s) => <option key={s.id} value={s.id}>{roleTitle.get(String(s.roleId)) ?? '?'} · {String(s.name)}</option>)}
          </select>
        </label>
        <button type="button" className="primary" disabled={!stageId || picked.length === 0} onClick={() => void addToStage()}>Add to stage</button>
        {status && <span className="status" role="status">{status}</span>}
      </div>
      <ol className="hits" aria-label="Questions found">
        {results.map((h) => {
          const q = byId.get(h.id);
          return (
            <li key={h.id}>
              <label>
                <input
                  type="checkbox"
                  checked={picked.includes(h.id)}
                  onChange={() => setPicked((p) => (p.includes(h.id) ? p.filter((x) => x !== h.id) : [...p, h.id]))}
                />
                <span className="qtext">{h.text}</span>
              </label>
              {q && <span className="muted small">{String(q.type)} · {String(q.minutes)} min · {String(q.difficulty)}</span>}
            </li>
          );
        })}
      </ol>
      {text.trim() && search.isSuccess && results.length === 0 && <p className="muted pad">No questions match.</p>}
    </div>
  );
}
