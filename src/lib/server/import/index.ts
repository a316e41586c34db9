/** Bulk import of mention history: CSV or NDJSON, plain or gzip, resumable, validated and scored as the API does. */
export {
	importFile,
	detectFormat,
	ImportError,
	type ImportOptions,
	type ImportSummary,
	type ImportSink,
	type ItemSink,
	type EncodedSink,
	type ImportProgress,
	type ImportFormat
} from './importer';
export { parseColumnMap, recordMapper, MappingError, IMPORT_FIELDS, type ColumnMap } from './mapping';
export { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from './lock';
export { readCheckpoint, defaultCheckpointPath, type Checkpoint } from './checkpoint';
export { localSink, httpSink } from './sinks';
