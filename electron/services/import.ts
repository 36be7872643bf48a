/**
 * Importing questions and candidates from CSV and XLSX files, for the
 * desktop app and the CLI alike:
 *
 *   readTable(file)                                 → the header and the rows, as text
 *   guessMapping(kind, headers)                     → which column holds which field (shared/import-mapping)
 *   previewImport(db, kind, table, mapping, opts)   → every row checked; nothing written
 *   commitImport(db, preview, { skipInvalid })      → the valid rows written in one transaction
 */
export { readTable, type ImportSource } from './import/table';
export {
  ImportFileError,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_CELLS,
  MAX_IMPORT_CHARS,
  MAX_IMPORT_ROWS,
  MAX_XLSX_EXPANDED_BYTES,
} from './import/common';
export { previewImport, rejectedRows } from './import/preview';
export { commitImport, ImportRejectedError, type CommitOptions } from './import/commit';
export {
  guessMapping,
  unmappedHeaders,
  type ImportKind,
  type ImportMapping,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
  type ImportTable,
} from '../../shared/import-mapping';
