/** Bulk import of mention history: CSV or NDJSON, plain or gzip, resumable, through the ingest pipeline. */
export {
	importFile,
	detectFormat,
	ImportError,
	type ImportOptions,
	type ImportSummary,
	type ImportSink,
	type ImportProgress,
	type ImportFormat
} from './importer';
export { parseColumnMap, recordMapper, MappingError, IMPORT_FIELDS, type ColumnMap } from './mapping';
export { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from './lock';
export { readCheckpoint, defaultCheckpointPath, type Checkpoint } from './checkpoint';
export { pipelineSink, httpSink } from './sinks';
