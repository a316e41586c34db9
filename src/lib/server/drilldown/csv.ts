/**
 * RFC 4180 fields: quoted when they hold a comma, a quote, CR or LF (or edge spaces, which some readers
 * trim), with quotes doubled. Records end in CRLF, as the RFC asks.
 */
export function csvField(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'number' ? String(value) : value;
	return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(values: readonly (string | number | null | undefined)[]): string {
	return values.map(csvField).join(',') + '\r\n';
}
