import { readPath } from '../adapters/generic';
import { normalizeCountry, normalizeLang, toIsoDate } from '../adapters/text';

/** Fields of a mention a column can fill; `followers` is accepted as a short name of `author_followers`. */
export const IMPORT_FIELDS = [
	'id',
	'brand',
	'source',
	'text',
	'created_at',
	'author',
	'author_followers',
	'lang',
	'country',
	'url',
	'in_reply_to'
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Mention field → column (CSV header name, or a dotted path / JSON pointer into an NDJSON object). */
export type ColumnMap = Partial<Record<ImportField, string>>;

export class MappingError extends Error {}

/**
 * Parses `--map created_at=date,text=body`. Fields not named are read from the column of the same name, so a
 * file already in the API's shape needs no map.
 */
export function parseColumnMap(spec: string | undefined): ColumnMap {
	const map: ColumnMap = {};
	if (!spec) return map;
	for (const pair of spec.split(',')) {
		if (!pair.trim()) continue;
		const [rawField, ...rest] = pair.split('=');
		const field = rawField!.trim() === 'followers' ? 'author_followers' : rawField!.trim();
		const column = rest.join('=').trim();
		if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
			throw new MappingError(
				`--map: "${field}" is not a mention field; use one of ${IMPORT_FIELDS.join(', ')}`
			);
		}
		if (!column) throw new MappingError(`--map: "${field}=" names no column`);
		map[field as ImportField] = column;
	}
	return map;
}

export interface RecordMapper {
	(record: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Builds the function that turns one parsed row into a mention candidate for the core schema. Built once per
 * import so the per-row work is a fixed list of lookups (this runs a million times a file). Empty cells are
 * left out, so optional fields stay optional; numbers and dates are normalised the way the adapters do.
 */
export function recordMapper(
	map: ColumnMap,
	constants: { brand?: string; source?: string } = {}
): RecordMapper {
	const plan: [ImportField, (record: Record<string, unknown>) => unknown][] = [];
	for (const field of IMPORT_FIELDS) {
		if (field === 'brand' && constants.brand !== undefined) continue;
		if (field === 'source' && constants.source !== undefined) continue;
		const column = map[field] ?? field;
		const nested = column.startsWith('/') || column.includes('.');
		plan.push([field, nested ? (record) => readPath(record, column) : (record) => record[column]]);
	}
	return (record) => {
		const out: Record<string, unknown> = {};
		if (constants.brand !== undefined) out.brand = constants.brand;
		if (constants.source !== undefined) out.source = constants.source;
		for (const [field, read] of plan) {
			const value = read(record);
			if (value === undefined || value === null || value === '') continue;
			switch (field) {
				case 'created_at':
					out.created_at = toIsoDate(value);
					break;
				case 'author_followers': {
					const count = typeof value === 'number' ? value : Number(value);
					out.author_followers = Number.isFinite(count) ? count : value;
					break;
				}
				case 'lang':
					out.lang = typeof value === 'string' ? (normalizeLang(value) ?? value) : value;
					break;
				case 'country':
					out.country = typeof value === 'string' ? (normalizeCountry(value) ?? value) : value;
					break;
				case 'id':
					out.id = typeof value === 'number' ? String(value) : value;
					break;
				default:
					out[field] = value;
			}
		}
		return out;
	};
}
