import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mentionInputSchema } from '../ingest/schema';
import './messages';

const messagesOf = (schema: z.ZodType, data: unknown) =>
	schema.safeParse(data).error!.issues.map((issue) => [issue.path.join('.'), issue.message]);

describe('plain messages', () => {
	it('says a missing field is required, and what a wrong type should have been', () => {
		const schema = z.strictObject({
			text: z.string(),
			count: z.number().int(),
			tags: z.array(z.string()),
			author: z.object({ name: z.string() })
		});
		expect(messagesOf(schema, {})).toEqual([
			['text', 'is required'],
			['count', 'is required'],
			['tags', 'is required'],
			['author', 'is required']
		]);
		expect(messagesOf(schema, { text: 3, count: 1.5, tags: 'a', author: [] })).toEqual([
			['text', 'must be a string, not a number'],
			['count', 'must be an integer, not a number'],
			['tags', 'must be an array, not a string'],
			['author', 'must be an object, not an array']
		]);
		expect(messagesOf(schema, { text: null, count: 1, tags: [], author: { name: 1 } })).toEqual([
			['text', 'must be a string, not null'],
			['author.name', 'must be a string, not a number']
		]);
	});

	it('states lengths and ranges as limits of the field', () => {
		const schema = z.object({
			id: z.string().min(1).max(4),
			code: z.string().min(2),
			tags: z.array(z.string()).min(1).max(2),
			followers: z.number().min(0).max(10),
			share: z.number().gt(0).lt(1)
		});
		expect(messagesOf(schema, { id: '', code: 'a', tags: [], followers: -1, share: 0 })).toEqual([
			['id', 'must not be empty'],
			['code', 'must have at least 2 characters'],
			['tags', 'must not be empty'],
			['followers', 'must be at least 0'],
			['share', 'must be greater than 0']
		]);
		expect(
			messagesOf(schema, { id: 'abcde', code: 'ab', tags: ['a', 'b', 'c'], followers: 11, share: 1 })
		).toEqual([
			['id', 'must have at most 4 characters'],
			['tags', 'must have at most 2 items'],
			['followers', 'must be at most 10'],
			['share', 'must be less than 1']
		]);
	});

	it('names formats and the allowed values', () => {
		const schema = z.object({
			url: z.url(),
			kind: z.enum(['meta', 'generic']),
			code: z.string().regex(/^x/)
		});
		expect(messagesOf(schema, { url: 'nope', kind: 'x', code: 'y' })).toEqual([
			['url', 'must be a URL'],
			['kind', 'must be one of "meta", "generic"'],
			['code', 'has an invalid format']
		]);
	});

	it('keeps the messages a schema sets itself', () => {
		expect(
			messagesOf(mentionInputSchema, {
				id: 'm1',
				brand: 'Acme',
				source: 'twitter',
				text: 'hello',
				created_at: '2026-11-01T00:00:00Z'
			})
		).toEqual([['brand', 'must be a lower-case slug: a-z, 0-9, "-" or "_", at most 64 characters']]);
	});
});
