/** The library store: everything the app, the CLI and the services use to read and write a library. */
export { openLibrary, migrate, schemaVersion, tx, NewerLibraryError, NotALibraryError, APPLICATION_ID } from './db';
export type { Database, OpenOptions, OpenResult } from './db';
export { MIGRATIONS, LATEST_VERSION } from './migrations';
export { ENTITY_DEFS, ENTITY_KINDS, REFERENCES, entityDef } from './entities';
export type { EntityKind, EntityTypes } from './entities';
export {
  list,
  get,
  getOrThrow,
  count,
  create,
  update,
  remove,
  usage,
  putRecord,
  nameOf,
  getCompany,
  saveCompany,
  loadLibrary,
  isLibraryEmpty,
  logExport,
  listExports,
  validate,
} from './repo';
export { searchQuestions, searchQuestionsWithInfo, findByKey } from './queries';
export type { QuestionHit } from './queries';
export { rebuildQuestionIndex, toFtsQuery, RANKING_WINDOW } from './search';
export type { SearchFilters } from './search';
export { backupLibrary, inspectBackup, restoreLibrary } from './backup';
export { exportBundle, importBundle, parseBundleText, BUNDLE_FORMAT, BUNDLE_VERSION, MAX_BUNDLE_BYTES } from './bundle';
export type { Bundle, ImportReport } from './bundle';
export { loadDemo, demoBundle, keyToUuid, defaultResourcesDir } from './demo';
export { resolveLibraryPath, defaultLibraryPath, appDataDir } from './paths';
export { writeFileAtomic, writeNewFile, FileExistsError, sha256, readUserFile } from './files';
