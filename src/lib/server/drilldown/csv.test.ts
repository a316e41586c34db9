import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvField, csvRecord } from './csv';

describe('csv quoting', () => {
	it('quotes only what needs it and doubles quotes', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField(42.5)).toBe('42.5');
		expect(csvField(null)).toBe('');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField('cr\rhere')).toBe('"cr\rhere"');
		expect(csvField(' padded ')).toBe('" padded "');
	});

	it('round-trips awkward values through csv-parse', () => {
		const rows = [
			['id', 'text', 'n'],
			['1', 'comma, "quote", and\r\nCRLF', '3'],
			['2', '', '-0.25'],
			['3', "=cmd|' /C calc'!A0", '0'],
			['4', 'ünïcødé 🙂 \t tab', '1e-7']
		];
		const text = rows.map((row) => csvRecord(row)).join('');
		expect(parse(text)).toEqual(rows);
	});
});
