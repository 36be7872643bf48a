/**
 * Reliability figures (kills survived, inputs tried, findings…) that a test
 * measures and the summary reporter prints at the end of the run.
 *
 *   it('survives kills', ({ task }) => { …; figure(task, 'crash safety', 'SIGKILLs survived', `${n} of ${n}`); });
 */
import type { TaskMeta } from '@vitest/runner';

export interface Figure {
  suite: string;
  label: string;
  value: string | number;
}

declare module '@vitest/runner' {
  interface TaskMeta {
    figures?: Figure[];
  }
}

export function figure(task: { meta: TaskMeta }, suite: string, label: string, value: string | number): void {
  (task.meta.figures ??= []).push({ suite, label, value });
}
