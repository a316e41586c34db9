import { createHmac, timingSafeEqual } from 'node:crypto';

/** Compares in constant time; a length mismatch is a mismatch without comparing. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}

export function hmacSha256(secret: string, ...parts: (string | Buffer)[]): Buffer {
	const hmac = createHmac('sha256', secret);
	for (const part of parts) hmac.update(part);
	return hmac.digest();
}

/** Meta's `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body with the app secret. */
export function verifyMetaSignature(rawBody: Buffer, appSecret: string, header: string | null): boolean {
	const hex = header?.trim().match(/^sha256=([0-9a-f]{64})$/i)?.[1];
	if (!hex) return false;
	return safeEqual(hmacSha256(appSecret, rawBody), Buffer.from(hex.toLowerCase(), 'hex'));
}

/**
 * Zendesk's `X-Zendesk-Webhook-Signature`: base64 HMAC-SHA256 of the timestamp header followed by the raw
 * body, with the webhook's signing secret.
 */
export function verifyZendeskSignature(
	rawBody: Buffer,
	signingSecret: string,
	signature: string | null,
	timestamp: string | null
): boolean {
	if (!signature || !timestamp) return false;
	const expected = hmacSha256(signingSecret, timestamp, rawBody);
	return safeEqual(expected, Buffer.from(signature.trim(), 'base64'));
}
