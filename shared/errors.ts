/**
 * Errors a user reads. Each names what was wrong (the entity, the field, the
 * row or the file) so the message alone tells them what to fix.
 */
import type { z } from 'zod';

export interface FieldProblem {
  /** Dotted path of the field, e.g. "ratingGuide.2.anchor"; "" for the whole entity. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly entity: string;
  readonly problems: FieldProblem[];
  constructor(entity: string, problems: FieldProblem[]) {
    super('validation', formatProblems(entity, problems));
    this.entity = entity;
    this.problems = problems;
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, key: string, suggestions: string[] = []) {
    const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
    super('not-found', `No ${entity} matches "${key}".${hint}`);
  }
}

/** Refusal to delete something other records still point at. */
export class ReferencedError extends AppError {
  readonly references: Record<string, number>;
  constructor(entity: string, name: string, references: Record<string, number>) {
    const parts = Object.entries(references)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => `${n} ${what}`);
    super(
      'referenced',
      `Cannot delete ${entity} "${name}": it is still used by ${parts.join(', ')}. Remove those uses first, or delete with cascade.`,
    );
    this.references = references;
  }
}

export function formatProblems(entity: string, problems: FieldProblem[]): string {
  const lines = problems.map((p) => (p.field ? `${p.field} ${p.message}` : p.message));
  return `Invalid ${entity}: ${lines.join('; ')}`;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const words: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'a record', date: 'a date' };
    return issue.input === undefined ? 'is required' : `must be ${words[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    return `must be one of: ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') return `has unknown field(s): ${issue.keys.join(', ')}`;
  // zod's own wording ("Too big: expected array to have <=20 items") for limits the schema gave no message.
  if ((issue.code === 'too_big' || issue.code === 'too_small') && /^Too (big|small)/.test(issue.message)) {
    const big = issue.code === 'too_big';
    const limit = Number(big ? issue.maximum : issue.minimum);
    const bound = big ? 'at most' : 'at least';
    if (issue.origin === 'array' || issue.origin === 'set') return `must have ${bound} ${limit} ${limit === 1 ? 'item' : 'items'}`;
    if (issue.origin === 'string') return `must be ${bound} ${limit} ${limit === 1 ? 'character' : 'characters'}`;
    return `must be ${bound} ${limit}`;
  }
  return issue.message;
}

export function problemsFromZod(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.'), message: issueMessage(issue) }));
}

/** Human text for anything thrown, for CLI stderr and IPC error results. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
