import { z } from 'zod';

/**
 * Zod's own messages speak of types and operators ("Invalid input: expected string, received undefined",
 * "Too small: expected string to have >=1 characters"). Every refusal the product gives, in an API answer,
 * an adapter's rejection or an import's rejects file, says instead what is wrong in the words of the
 * field: "is required", "must be a number, not a string", "must have at most 256 characters". A message a
 * schema sets itself wins over these (zod's order: schema, then parse, then global).
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
	switch (issue.code) {
		case 'invalid_type':
			return issue.input === undefined
				? 'is required'
				: `must be ${withArticle(EXPECTED[issue.expected] ?? issue.expected)}, not ${kindOf(issue.input)}`;
		case 'too_small':
			return bound(issue.origin, Number(issue.minimum), issue.inclusive !== false, 'least');
		case 'too_big':
			return bound(issue.origin, Number(issue.maximum), issue.inclusive !== false, 'most');
		case 'invalid_format':
			return issue.format === 'regex'
				? 'has an invalid format'
				: `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
		case 'invalid_value':
			return issue.values.length === 1
				? `must be ${JSON.stringify(issue.values[0])}`
				: `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
		default:
			return undefined;
	}
}

const EXPECTED: Record<string, string> = { int: 'integer', nan: 'NaN' };
const FORMATS: Record<string, string> = {
	url: 'a URL',
	email: 'an email address',
	uuid: 'a UUID',
	datetime: 'an ISO 8601 date and time',
	date: 'an ISO 8601 date'
};

function withArticle(noun: string): string {
	return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function kindOf(input: unknown): string {
	if (input === null) return 'null';
	if (Array.isArray(input)) return 'an array';
	if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
	return withArticle(typeof input);
}

function bound(
	origin: string,
	limit: number,
	inclusive: boolean,
	side: 'least' | 'most'
): string | undefined {
	if (origin === 'string' || origin === 'array' || origin === 'set') {
		if (side === 'least' && limit === 1 && inclusive) return 'must not be empty';
		const unit = origin === 'string' ? 'character' : 'item';
		const count = inclusive ? limit : side === 'least' ? limit + 1 : limit - 1;
		return `must have at ${side} ${count} ${unit}${count === 1 ? '' : 's'}`;
	}
	if (origin === 'number' || origin === 'int' || origin === 'bigint') {
		if (inclusive) return `must be at ${side} ${limit}`;
		return `must be ${side === 'least' ? 'greater' : 'less'} than ${limit}`;
	}
	return undefined;
}

z.config({ customError: plainMessage });
