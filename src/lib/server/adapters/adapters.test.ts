import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mentionInputSchema, responseInputSchema } from '../ingest/schema';
import { mapFeed } from './feed-parse';
import { mapGeneric, readPath } from './generic';
import { mapFreshdeskWebhook, mapZendeskEvent } from './helpdesk';
import { mapMetaWebhook } from './meta';
import { mapRedditListing } from './reddit';
import { hmacSha256, verifyMetaSignature, verifyZendeskSignature } from './signature';
import { stripHtml, toIsoDate } from './text';
import { mapTweets } from './twitter';
import type { AdapterResult } from './types';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const json = (name: string): unknown => JSON.parse(fixture(name));

/** Every mapped item must pass the core schemas: the adapters' whole point. */
function expectValid(result: AdapterResult) {
	for (const { item } of result.mentions) expect(mentionInputSchema.safeParse(item).error).toBeUndefined();
	for (const { item } of result.responses) expect(responseInputSchema.safeParse(item).error).toBeUndefined();
}

describe('X / Twitter', () => {
	const result = mapTweets(json('twitter-search.json'), { brand: 'acme', handle: '@acme' });

	it('maps tweets with author, reach, language, thread and url', () => {
		expectValid(result);
		expect(result.mentions.map((m) => m.index)).toEqual([0, 2]);
		expect(result.mentions[0]!.item).toEqual({
			id: '1460323737035677698',
			brand: 'acme',
			source: 'twitter',
			text: 'Really disappointed with @acme support, my order is two weeks late',
			created_at: '2026-11-20T09:14:07.000Z',
			author: 'jdoe',
			author_followers: 1520,
			lang: 'en',
			url: 'https://x.com/jdoe/status/1460323737035677698'
		});
		// `und` is not a language code the store can hold.
		expect(result.mentions[1]!.item.lang).toBeUndefined();
	});

	it("turns the brand's own reply into a response to the tweet it answers", () => {
		expect(result.responses).toEqual([
			{
				index: 1,
				item: {
					mention_id: '1460323737035677698',
					brand: 'acme',
					responded_at: '2026-11-20T09:44:07.000Z',
					channel: 'twitter',
					agent: 'Acme'
				}
			}
		]);
	});

	it('rejects a tweet whose author is missing from includes, and accepts a single tweet object', () => {
		expect(result.rejected).toEqual([
			{ index: 3, field: 'includes.users', message: expect.stringMatching(/999/) }
		]);
		const single = mapTweets(
			{ data: { id: '1', text: 'hi @acme', created_at: '2026-11-20T09:00:00.000Z' } },
			{ brand: 'acme' }
		);
		expect(single.mentions).toHaveLength(1);
	});

	it('without a handle, a brand reply is just a mention in reply to the thread', () => {
		const plain = mapTweets(json('twitter-search.json'), { brand: 'acme' });
		expect(plain.responses).toEqual([]);
		expect(plain.mentions.find((m) => m.index === 1)!.item.in_reply_to).toBe('1460323737035677698');
	});
});

describe('Facebook and Instagram webhooks', () => {
	it('maps page posts and comments, makes the page comment a reply, ignores reactions', () => {
		const result = mapMetaWebhook(json('facebook-page-feed.json'), { brand: 'acme' });
		expectValid(result);
		expect(result.mentions.map((m) => [m.index, m.item.id, m.item.source])).toEqual([
			[0, '104512345678901_200000000000001', 'facebook'],
			[1, '200000000000002_300000000000001', 'facebook']
		]);
		expect(result.mentions[0]!.item.created_at).toBe('2026-11-25T09:46:40.000Z');
		expect(result.mentions[1]!.item.in_reply_to).toBe('104512345678901_200000000000002');
		expect(result.responses).toEqual([
			{
				index: 2,
				item: {
					mention_id: '200000000000002_300000000000001',
					brand: 'acme',
					responded_at: '2026-11-25T10:06:40.000Z',
					channel: 'facebook',
					agent: 'Acme'
				}
			}
		]);
		expect(result.ignored).toBe(1);
		// A page mention webhook carries ids only: refused with the reason, not silently dropped.
		expect(result.rejected).toEqual([
			{ index: 4, field: 'changes.value.message', message: expect.stringMatching(/no text/) }
		]);
	});

	it("maps Instagram comments and the account's reply", () => {
		const result = mapMetaWebhook(json('instagram-comments.json'), { brand: 'acme' });
		expectValid(result);
		expect(result.mentions).toHaveLength(1);
		expect(result.mentions[0]!.item).toMatchObject({
			id: '17860000000000001',
			source: 'instagram',
			author: 'lisa.travels',
			in_reply_to: '17900000000000001'
		});
		expect(result.responses[0]!.item).toMatchObject({
			mention_id: '17860000000000001',
			channel: 'instagram'
		});
		expect(result.rejected.map((r) => r.index)).toEqual([2]);
	});

	it('refuses an envelope that is not a Graph API webhook', () => {
		expect(mapMetaWebhook({ object: 'user', entry: [] }, { brand: 'acme' }).rejected[0]!.field).toBe(
			'object'
		);
	});

	it('checks X-Hub-Signature-256 against the raw body', () => {
		const body = Buffer.from(fixture('facebook-page-feed.json'));
		const signature = `sha256=${hmacSha256('app-secret', body).toString('hex')}`;
		expect(verifyMetaSignature(body, 'app-secret', signature)).toBe(true);
		expect(verifyMetaSignature(body, 'other-secret', signature)).toBe(false);
		expect(verifyMetaSignature(Buffer.concat([body, Buffer.from(' ')]), 'app-secret', signature)).toBe(false);
		expect(verifyMetaSignature(body, 'app-secret', null)).toBe(false);
		expect(verifyMetaSignature(body, 'app-secret', 'sha256=abc')).toBe(false);
	});
});

describe('Reddit listings', () => {
	it('maps posts and comments by fullname, decodes entities, makes own comments replies', () => {
		const result = mapRedditListing(json('reddit-listing.json'), {
			brand: 'acme',
			ownAccounts: ['acmesupport']
		});
		expectValid(result);
		expect(result.mentions.map((m) => m.item)).toEqual([
			{
				id: 't3_1abc001',
				brand: 'acme',
				source: 'reddit',
				text: 'Acme X2 charger > worst purchase this year\n\nMine stopped charging after a week & support keeps closing my ticket.',
				created_at: '2026-11-25T09:30:00.000Z',
				url: 'https://www.reddit.com/r/gadgets/comments/1abc001/acme_x2_charger_worst_purchase_this_year/',
				author: 'throwaway_42'
			},
			expect.objectContaining({ id: 't1_kx00001', in_reply_to: 't3_1abc001' })
		]);
		expect(result.responses.map((r) => r.item)).toEqual([
			{
				mention_id: 't3_1abc001',
				brand: 'acme',
				responded_at: '2026-11-25T10:20:00.000Z',
				channel: 'reddit',
				agent: 'AcmeSupport'
			}
		]);
		expect(result.ignored).toBe(1);
	});

	it('rejects a child missing a documented field, by its position', () => {
		const listing = {
			kind: 'Listing',
			data: { children: [{ kind: 't1', data: { id: 'x', name: 't1_x', author: 'a' } }] }
		};
		expect(mapRedditListing(listing, { brand: 'acme' }).rejected).toEqual([
			{ index: 0, field: 'data.body', message: expect.any(String) }
		]);
	});
});

describe('help desks', () => {
	it('makes a new Zendesk ticket a support mention and a public staff comment its reply', () => {
		const created = mapZendeskEvent(json('zendesk-ticket-created.json'), { brand: 'acme' });
		expectValid(created);
		expect(created.mentions[0]!.item).toEqual({
			id: 'zendesk:5158',
			brand: 'acme',
			source: 'support',
			text: 'Double charge\n\nHello, I was charged twice for my Acme subscription this month.',
			created_at: '2026-11-20T10:12:07Z',
			author: 'zendesk-user:8447388090494'
		});
		const reply = mapZendeskEvent(json('zendesk-comment-added.json'), { brand: 'acme' });
		expectValid(reply);
		expect(reply.responses[0]!.item).toEqual({
			mention_id: 'zendesk:5158',
			brand: 'acme',
			responded_at: '2026-11-20T10:52:07.100Z',
			channel: 'support',
			agent: 'Priya (Acme Support)'
		});
	});

	it('ignores private notes and the requester’s own comments', () => {
		const payload = json('zendesk-comment-added.json') as { event: { comment: { is_public: boolean } } };
		payload.event.comment.is_public = false;
		expect(mapZendeskEvent(payload, { brand: 'acme' })).toMatchObject({
			mentions: [],
			responses: [],
			ignored: 1
		});
	});

	it('verifies the Zendesk signature over timestamp + body', () => {
		const body = Buffer.from(fixture('zendesk-ticket-created.json'));
		const timestamp = '2026-11-20T10:12:08Z';
		const signature = hmacSha256('signing-secret', timestamp, body).toString('base64');
		expect(verifyZendeskSignature(body, 'signing-secret', signature, timestamp)).toBe(true);
		expect(verifyZendeskSignature(body, 'signing-secret', signature, '2026-11-20T10:12:09Z')).toBe(false);
		expect(verifyZendeskSignature(body, 'signing-secret', null, timestamp)).toBe(false);
	});

	it('maps Freshdesk ticket creation and agent replies', () => {
		const now = new Date('2026-11-20T11:30:00Z');
		const created = mapFreshdeskWebhook(json('freshdesk-ticket-created.json'), { brand: 'acme', now });
		expectValid(created);
		expect(created.mentions[0]!.item).toMatchObject({
			id: 'freshdesk:9123',
			source: 'support',
			text: 'App crashes on login\n\nSince the last update the Acme app crashes every time I log in.',
			created_at: '2026-11-20T11:00:00Z',
			url: 'https://acme.freshdesk.com/helpdesk/tickets/9123'
		});
		const reply = mapFreshdeskWebhook(json('freshdesk-reply-sent.json'), { brand: 'acme', now });
		expect(reply.responses[0]!.item).toEqual({
			mention_id: 'freshdesk:9123',
			brand: 'acme',
			responded_at: '2026-11-20T11:30:00.000Z',
			channel: 'support',
			agent: 'Kai'
		});
	});
});

describe('feeds', () => {
	it('maps RSS 2.0 items: guid as id, stripped text, RFC 822 dates, channel language', () => {
		const result = mapFeed(fixture('rss.xml'), { brand: 'acme', source: 'news' });
		expectValid(result);
		expect(result.mentions.map((m) => m.item)).toEqual([
			{
				id: 'metrowire-48213',
				brand: 'acme',
				source: 'news',
				text: 'Acme recalls X2 chargers after overheating reports\n\nAcme said on Friday it would recall 40,000 chargers & refund buyers.',
				created_at: '2026-11-20T08:30:00.000Z',
				author: 'Jo Reporter',
				url: 'https://metrowire.example/business/acme-recall',
				lang: 'en'
			},
			expect.objectContaining({
				id: 'https://metrowire.example/business/acme-dublin',
				text: 'Acme opens new store in Dublin\n\nThe flagship store opens on Monday.'
			})
		]);
	});

	it('maps Atom entries', () => {
		const result = mapFeed(fixture('atom.xml'), { brand: 'acme', source: 'blog' });
		expectValid(result);
		expect(result.mentions[0]!.item).toEqual({
			id: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
			brand: 'acme',
			source: 'blog',
			text: 'Acme X2 im Test: schnell, aber laut\n\nDas neue Ladegerät von Acme überzeugt im Test nur teilweise.',
			created_at: '2026-11-20T08:00:00+01:00',
			author: 'Erika Muster',
			url: 'https://blog.example.de/acme-x2-test',
			lang: 'de'
		});
	});

	it('refuses documents that are neither', () => {
		expect(
			mapFeed('<html><body>hi</body></html>', { brand: 'acme', source: 'news' }).rejected[0]
		).toMatchObject({
			field: 'body'
		});
		expect(mapFeed('not xml <', { brand: 'acme', source: 'news' }).rejected[0]!.field).toBe('body');
	});
});

describe('generic mapping', () => {
	const mapping = {
		brand: 'acme',
		source: 'review',
		items: '/payload/reviews',
		fields: {
			id: 'review_id',
			text: 'content.body',
			created_at: '/meta/ts',
			author: 'user.name',
			followers: 'user.followers',
			country: 'user.country'
		}
	};

	it('reads JSON pointers and dotted paths, normalises dates and numbers', () => {
		const payload = {
			payload: {
				reviews: [
					{
						review_id: 77,
						content: { body: 'Great value' },
						meta: { ts: 1795600000 },
						user: { name: 'Al', followers: '12', country: 'de' }
					},
					{ review_id: 78, content: {}, meta: { ts: 'soon' }, user: { name: 'Bo' } },
					'junk'
				]
			}
		};
		const result = mapGeneric(payload, mapping);
		expect(result.mentions[0]!.item).toEqual({
			brand: 'acme',
			source: 'review',
			id: '77',
			text: 'Great value',
			created_at: '2026-11-25T09:46:40.000Z',
			author: 'Al',
			author_followers: 12,
			country: 'DE'
		});
		expect(mentionInputSchema.safeParse(result.mentions[1]!.item).success).toBe(false);
		expect(result.rejected).toEqual([{ index: 2, field: '(item)', message: 'is not an object' }]);
	});

	it('reads the escapes of JSON pointers', () => {
		expect(readPath({ 'a/b': { 'c~d': 1 } }, '/a~1b/c~0d')).toBe(1);
		expect(readPath({ a: [{ b: 2 }] }, 'a.0.b')).toBe(2);
		expect(readPath({ a: 1 }, 'a.b.c')).toBeUndefined();
	});
});

describe('text helpers', () => {
	it('strips tags, scripts and double-escaped HTML', () => {
		expect(stripHtml('<p>Hi <script>x()</script><b>there</b>&nbsp;&amp; bye</p>')).toBe('Hi there & bye');
		expect(stripHtml('&lt;p&gt;A &amp;amp; B&lt;/p&gt;')).toBe('A & B');
	});

	it('reads the date formats platforms send', () => {
		expect(toIsoDate(1795600000)).toBe('2026-11-25T09:46:40.000Z');
		expect(toIsoDate(1795600000123)).toBe('2026-11-25T09:46:40.123Z');
		expect(toIsoDate('Fri, 20 Nov 2026 09:30:00 +0100')).toBe('2026-11-20T08:30:00.000Z');
		expect(toIsoDate('2026-11-20T10:52:07.100000000Z')).toBe('2026-11-20T10:52:07.100Z');
		expect(toIsoDate('yesterday')).toBe('yesterday');
	});
});
