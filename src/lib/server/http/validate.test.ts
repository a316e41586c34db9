import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './errors';
import { describeIssue, parseOr400 } from './validate';

const schema = z.strictObject({
	brand: z.string().min(1, 'must not be empty'),
	tags: z.array(z.string().max(3, 'is longer than 3')).optional(),
	fields: z.strictObject({ text: z.string() }).optional()
});
const firstIssue = (data: unknown) => schema.safeParse(data).error!.issues[0]!;

describe('describeIssue', () => {
	it('names the dotted path, with a prefix', () => {
		expect(describeIssue(firstIssue({ brand: '' }))).toEqual({
			field: 'brand',
			message: 'must not be empty'
		});
		expect(describeIssue(firstIssue({ brand: 'a', tags: ['abcd'] }), { prefix: 'body' })).toEqual({
			field: 'body.tags.0',
			message: 'is longer than 3'
		});
	});

	it('names an unknown key inside the object it was found in', () => {
		expect(describeIssue(firstIssue({ brand: 'a', fields: { text: 'x', colour: 'red' } }))).toEqual({
			field: 'fields.colour',
			message: 'is not a known field'
		});
	});

	it('in a query string, names the parameter only, and calls unknown keys parameters', () => {
		expect(describeIssue(firstIssue({ brand: 'a', tags: ['abcd'] }), { query: true })).toEqual({
			field: 'tags',
			message: 'is longer than 3'
		});
		expect(describeIssue(firstIssue({ brand: 'a', x: '1' }), { query: true })).toEqual({
			field: 'x',
			message: 'is not a known parameter'
		});
	});

	it('falls back to the prefix, then to a name for the whole input', () => {
		const whole = z.string().safeParse(3).error!.issues[0]!;
		expect(describeIssue(whole).field).toBe('body');
		expect(describeIssue(whole, { prefix: 'id' }).field).toBe('id');
		expect(describeIssue(whole, { query: true }).field).toBe('(query)');
		expect(describeIssue(whole, { fallback: '(item)' }).field).toBe('(item)');
	});
});

describe('parseOr400', () => {
	it('returns the parsed value, or throws a 400 naming the field', () => {
		expect(parseOr400(schema, { brand: 'acme' })).toEqual({ brand: 'acme' });
		let thrown: unknown;
		try {
			parseOr400(schema, { brand: '' });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ApiError);
		expect(thrown).toMatchObject({ status: 400, field: 'brand', message: 'must not be empty' });
	});
});
