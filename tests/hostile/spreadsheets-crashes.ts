/**
 * What counts as a crash when a hostile spreadsheet is imported: an error
 * that is not one the import means a user to read (a whole file refused,
 * rows rejected, a record that does not validate), or a message that reads
 * like the program's insides (a stack trace, "Cannot read properties of
 * undefined", "[object Object]", NaN). No vitest here: the memory probe
 * (spreadsheets-rss.ts), a plain child process, uses it too.
 */
import { ImportFileError, ImportRejectedError } from '../../electron/services/import';
import { ValidationError } from '../../shared/errors';

/** The errors a user is meant to see from an import, by class name (a child process reports only the name). */
export const USER_FACING = ['ImportFileError', 'ImportRejectedError', 'ValidationError'] as const;

/** Text no message for a user holds: what a program's own failure looks like. */
const INTERNAL: readonly RegExp[] = [
  /^\s*at \S.*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m, // a stack frame
  /Cannot (read|set) propert(y|ies)/i,
  /is not (a function|a constructor|iterable|defined)\b/,
  /\bundefined\b(?! entity)/, // "undefined entity" is the XML parser's name for a refused DTD entity
  /\bnull\b/,
  /\bNaN\b/,
  /\[object \w+\]/,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|AggregateError|InternalError)\b/,
  /Maximum call stack|heap out of memory|Unexpected (token|end of)/i,
];

/** Why `message` looks like an internal error, or null. */
export function internalText(message: string): string | null {
  const hit = INTERNAL.find((re) => re.test(message));
  return hit ? `the message looks like an internal error (${hit.source}): ${message.slice(0, 300)}` : null;
}

/** Why an error of class `name` saying `message` is a crash, or null when it is one a user is meant to read. */
export function crashOf(name: string, message: string): string | null {
  if (!(USER_FACING as readonly string[]).includes(name)) return `${name} is not an error the import shows a user: ${message.slice(0, 300)}`;
  return internalText(message);
}

/** Why a thrown value is a crash, or null. */
export function crashOfError(err: unknown): string | null {
  const known = err instanceof ImportFileError || err instanceof ImportRejectedError || err instanceof ValidationError;
  if (!known) return `${err instanceof Error ? err.name : typeof err} is not an error the import shows a user: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
  return internalText(err.message);
}
