/**
 * The kit builder's choices and how they follow one another: a role narrows
 * the stages and candidates; a changed role resets a stage that no longer
 * belongs to it. Pure, so the rules are tested without a window.
 */
export interface ChoiceLists {
  roles: { id: string; title: string }[];
  stages: { id: string; roleId: string; name: string; position: number }[];
  candidates: { id: string; name: string; roleId: string | null; interviewAt: string | null }[];
}

export interface BuilderChoice {
  document: 'kit' | 'packet';
  roleId: string | null;
  stageId: string | null;
  candidateId: string | null;
  date: string;
}

export function stagesOfRole(lists: ChoiceLists, roleId: string | null) {
  return lists.stages.filter((s) => s.roleId === roleId).sort((a, b) => a.position - b.position);
}

/** Candidates for the role first, then everyone else. */
export function candidatesFor(lists: ChoiceLists, roleId: string | null) {
  const mine = lists.candidates.filter((c) => c.roleId === roleId);
  const others = lists.candidates.filter((c) => c.roleId !== roleId);
  return { mine, others };
}

/** Applies a change and repairs whatever it made inconsistent. */
export function applyChoice(lists: ChoiceLists, current: BuilderChoice, change: Partial<BuilderChoice>): BuilderChoice {
  const next = { ...current, ...change };
  const stages = stagesOfRole(lists, next.roleId);
  if (!stages.some((s) => s.id === next.stageId)) next.stageId = stages[0]?.id ?? null;
  if (change.candidateId) {
    const candidate = lists.candidates.find((c) => c.id === change.candidateId);
    if (candidate?.interviewAt && !change.date) next.date = candidate.interviewAt.slice(0, 10);
  }
  return next;
}

export function initialChoice(lists: ChoiceLists): BuilderChoice {
  return applyChoice(lists, { document: 'kit', roleId: lists.roles[0]?.id ?? null, stageId: null, candidateId: null, date: '' }, {});
}

/** The request the preview and export channels take, or null while a choice is missing. */
export function toRequest(choice: BuilderChoice) {
  if (!choice.roleId) return null;
  if (choice.document === 'kit') {
    if (!choice.stageId) return null;
    return {
      document: 'kit' as const,
      choice: {
        roleId: choice.roleId,
        stageId: choice.stageId,
        candidateId: choice.candidateId,
        ...(choice.date ? { date: choice.date } : {}),
      },
    };
  }
  return { document: 'packet' as const, choice: { roleId: choice.roleId, candidateId: choice.candidateId, eventId: null } };
}
