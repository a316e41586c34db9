import type { z } from 'zod';
import { ApiError } from './errors';
import './messages';

export interface IssueOptions {
	/** Put before the issue's path, e.g. `query` or `changes.value`. */
	prefix?: string;
	/** A query string: the field is the parameter, and an unknown key "is not a known parameter". */
	query?: boolean;
	/** The field when the issue points at the input as a whole. */
	fallback?: string;
}

/**
 * Where a zod issue points and what is wrong there, as every edge of the API names it: the dotted path
 * (an unknown key named after the object it is in), and the message (zod's, in the words of messages.ts).
 */
export function describeIssue(
	issue: z.core.$ZodIssue,
	{ prefix = '', query = false, fallback = query ? '(query)' : 'body' }: IssueOptions = {}
): { field: string; message: string } {
	const unknown = issue.code === 'unrecognized_keys';
	const path = (query ? issue.path.slice(0, 1) : issue.path).map(String);
	const field = [prefix, ...path, ...(unknown ? [issue.keys.join(', ')] : [])].filter(Boolean).join('.');
	const message = unknown ? `is not a known ${query ? 'parameter' : 'field'}` : issue.message;
	return { field: field || prefix || fallback, message };
}

/** Parses `data` with `schema`, or throws the 400 naming the first field at fault. */
export function parseOr400<T extends z.ZodType>(
	schema: T,
	data: unknown,
	options: IssueOptions = {}
): z.output<T> {
	const parsed = schema.safeParse(data);
	if (parsed.success) return parsed.data;
	const { field, message } = describeIssue(parsed.error.issues[0]!, options);
	throw new ApiError(400, field, message);
}
