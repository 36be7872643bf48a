/**
 * Writing a previewed import: every valid row in one transaction, or nothing.
 * The preview is checked again (it may come back from the window), and the
 * library is checked again for duplicates made since the preview.
 */
import { AppError, messageOf } from '../../../shared/errors';
import {
  ImportPreviewSchema,
  personKey,
  questionKey,
  type CandidatesPreview,
  type ImportPreview,
  type ImportResult,
  type QuestionsPreview,
} from '../../../shared/import-mapping';
import { matchOne } from '../../../shared/matching';
import { create, list, tx, validate, type Database } from '../../store';
import { libraryCandidateKeys, libraryQuestionKeys, personRoleKey, rejectedRows } from './preview';

export interface CommitOptions {
  /** Import the valid rows even when others were rejected (default: all or nothing). */
  skipInvalid?: boolean;
}

/** Refusal to import a file with rejected rows; nothing was written. */
export class ImportRejectedError extends AppError {
  readonly rejected: { line: number; reason: string }[];
  constructor(preview: ImportPreview) {
    const rejected = rejectedRows(preview);
    const first = rejected[0];
    const rows = `${rejected.length} of ${preview.rows.length} row${preview.rows.length === 1 ? '' : 's'}`;
    super(
      'import-rejected',
      `Nothing was imported: ${rows} in "${preview.file}" ${rejected.length === 1 ? 'has' : 'have'} errors` +
        (first ? ` (line ${first.line}: ${first.reason}${rejected.length > 1 ? '; …' : ''}).` : '.'),
    );
    this.rejected = rejected;
  }
}

type Line = { line: number };

/** Writes the preview's valid rows in one transaction; with rejected rows, refuses unless `skipInvalid`. */
export function commitImport(db: Database, preview: ImportPreview, opts: CommitOptions = {}): ImportResult {
  const checked = validate(ImportPreviewSchema, 'import preview', preview);
  if (checked.rows.some((r) => !r.ok) && !opts.skipInvalid) throw new ImportRejectedError(checked);
  const skipped = checked.rows.filter((r) => !r.ok).length;
  const written = tx(db, () => (checked.kind === 'questions' ? writeQuestions(db, checked) : writeCandidates(db, checked)));
  return { kind: checked.kind, file: checked.file, imported: written.ids.length, skipped, ...written };
}

/** Runs one row's write; any failure names the line and undoes the whole import. */
function atLine<T>(file: string, row: Line, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new AppError('import-row', `Nothing was imported: line ${row.line} of "${file}": ${messageOf(err)}`);
  }
}

function stale(file: string, row: Line, what: string): AppError {
  return new AppError('import-stale', `Nothing was imported: line ${row.line} of "${file}" ${what} since the preview; preview the file again.`);
}

function writeQuestions(db: Database, preview: QuestionsPreview): Pick<ImportResult, 'ids' | 'createdBanks'> {
  const banks = list(db, 'questionBanks');
  const createdBanks: { id: string; name: string }[] = [];
  const bankId = (name: string, row: Line) => {
    const found = matchOne(banks, name, (b) => b.name);
    if (found) return found.id;
    const bank = atLine(preview.file, row, () => create(db, 'questionBanks', { name }));
    banks.push(bank);
    createdBanks.push({ id: bank.id, name: bank.name });
    return bank.id;
  };
  const existing = libraryQuestionKeys(db);
  const ids: string[] = [];
  for (const row of preview.rows) {
    if (!row.ok) continue;
    if (existing.has(questionKey(row.input.text))) throw stale(preview.file, row, 'became a question the library already has');
    const { bank, ...question } = row.input;
    const id = bankId(bank, row);
    ids.push(atLine(preview.file, row, () => create(db, 'questions', { ...question, bankId: id })).id);
  }
  return { ids, createdBanks };
}

function writeCandidates(db: Database, preview: CandidatesPreview): Pick<ImportResult, 'ids' | 'createdBanks'> {
  const library = libraryCandidateKeys(db);
  const ids: string[] = [];
  for (const row of preview.rows) {
    if (!row.ok) continue;
    const { input } = row;
    if ((input.email && library.emails.has(personKey(input.email))) || library.people.has(personRoleKey(input.name, input.roleId))) {
      throw stale(preview.file, row, 'became a candidate the library already has');
    }
    ids.push(atLine(preview.file, row, () => create(db, 'candidates', input)).id);
  }
  return { ids, createdBanks: [] };
}
