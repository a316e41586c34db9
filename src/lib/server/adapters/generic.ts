import { z } from 'zod';
import { brandSchema, type MentionInput } from '../ingest/schema';
import { normalizeCountry, normalizeLang, toIsoDate } from './text';
import { emptyResult, type AdapterResult } from './types';

/** A JSON pointer (`/a/0/b`, RFC 6901) or a dotted path (`a.0.b`). */
export const fieldPathSchema = z
	.string()
	.max(512)
	.refine((path) => path === '' || path.startsWith('/') || !/(^\.|\.\.|\.$)/.test(path), {
		message: 'must be a JSON pointer (/a/b) or a dotted path (a.b)'
	});

/** How a platform's JSON becomes mentions: where the items are and where each field is inside an item. */
export const genericMappingSchema = z.strictObject({
	brand: brandSchema,
	source: z
		.string()
		.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a lower-case source name such as twitter, news or review'),
	/** Where the array of items is; absent: the body is one item or an array of items. */
	items: fieldPathSchema.optional(),
	fields: z.strictObject({
		id: fieldPathSchema,
		text: fieldPathSchema,
		created_at: fieldPathSchema,
		author: fieldPathSchema.optional(),
		followers: fieldPathSchema.optional(),
		lang: fieldPathSchema.optional(),
		country: fieldPathSchema.optional(),
		url: fieldPathSchema.optional(),
		in_reply_to: fieldPathSchema.optional()
	})
});
export type GenericMapping = z.infer<typeof genericMappingSchema>;

function pathSegments(path: string): string[] {
	if (path === '') return [];
	if (path.startsWith('/')) {
		return path
			.slice(1)
			.split('/')
			.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
	}
	return path.split('.');
}

/** The value at `path`, or undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
	let current = value;
	for (const segment of pathSegments(path)) {
		if (current === null || typeof current !== 'object') return undefined;
		if (Array.isArray(current)) {
			if (!/^\d+$/.test(segment)) return undefined;
			current = current[Number(segment)];
		} else {
			if (!Object.hasOwn(current, segment)) return undefined;
			current = (current as Record<string, unknown>)[segment];
		}
	}
	return current;
}

const asString = (value: unknown): string | undefined =>
	typeof value === 'string'
		? value
		: typeof value === 'number' && Number.isFinite(value)
			? String(value)
			: undefined;

/** The mapped fields of one flat or nested record; shared with the bulk importer. */
export function mentionFromRecord(
	record: unknown,
	fields: Partial<Record<keyof GenericMapping['fields'], string>>,
	constants: { brand?: string; source?: string }
): Record<string, unknown> {
	const at = (field: keyof GenericMapping['fields']) => {
		const path = fields[field];
		return path === undefined ? undefined : readPath(record, path);
	};
	const out: Record<string, unknown> = {};
	const brand = constants.brand ?? asString(readPath(record, 'brand'));
	const source = constants.source ?? asString(readPath(record, 'source'));
	if (brand !== undefined) out.brand = brand;
	if (source !== undefined) out.source = source;
	const id = asString(at('id'));
	if (id !== undefined) out.id = id;
	const text = at('text');
	if (text !== undefined && text !== null) out.text = typeof text === 'string' ? text : String(text);
	const created = at('created_at');
	if (created !== undefined && created !== null && created !== '') out.created_at = toIsoDate(created);
	const author = asString(at('author'));
	if (author) out.author = author;
	const followers = at('followers');
	if (followers !== undefined && followers !== null && followers !== '') {
		const count = typeof followers === 'number' ? followers : Number(followers);
		out.author_followers = Number.isFinite(count) ? count : followers;
	}
	const lang = asString(at('lang'));
	if (lang) out.lang = normalizeLang(lang) ?? lang;
	const country = asString(at('country'));
	if (country) out.country = normalizeCountry(country) ?? country;
	const url = asString(at('url'));
	if (url) out.url = url;
	const inReplyTo = asString(at('in_reply_to'));
	if (inReplyTo) out.in_reply_to = inReplyTo;
	return out;
}

/**
 * Maps a JSON body with a stored mapping. Values are passed on as found (numbers as strings, dates made
 * ISO when readable); the core schema then refuses what is wrong, field by field.
 */
export function mapGeneric(payload: unknown, mapping: GenericMapping): AdapterResult {
	const result = emptyResult();
	const container = mapping.items === undefined ? payload : readPath(payload, mapping.items);
	if (mapping.items !== undefined && !Array.isArray(container)) {
		result.rejected.push({ index: 0, field: mapping.items, message: 'is not an array in this body' });
		return result;
	}
	const items = Array.isArray(container) ? container : [container];
	items.forEach((item, index) => {
		if (item === null || typeof item !== 'object') {
			result.rejected.push({ index, field: '(item)', message: 'is not an object' });
			return;
		}
		const mention = mentionFromRecord(item, mapping.fields, { brand: mapping.brand, source: mapping.source });
		result.mentions.push({ index, item: mention as MentionInput });
	});
	return result;
}
