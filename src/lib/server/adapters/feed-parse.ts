import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { MentionInput } from '../ingest/schema';
import { joinText, normalizeLang, stripHtml, toIsoDate } from './text';
import { emptyResult, type AdapterResult } from './types';

const REPEATED = new Set(['item', 'entry', 'link', 'category', 'author']);

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	textNodeName: '#text',
	// Values stay strings: a guid of digits must not become a number and lose its leading zeros.
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	isArray: (tagName) => REPEATED.has(tagName)
});

/** A text node, possibly with attributes (`<title type="html">`), as fast-xml-parser gives it. */
const textNode = z
	.union([z.string(), z.number(), z.looseObject({ '#text': z.union([z.string(), z.number()]).optional() })])
	.transform((node) => (typeof node === 'object' ? String(node['#text'] ?? '') : String(node)));

export const rssItemSchema = z.looseObject({
	title: textNode.optional(),
	description: textNode.optional(),
	'content:encoded': textNode.optional(),
	link: z.array(textNode).optional(),
	guid: textNode.optional(),
	pubDate: textNode.optional(),
	'dc:date': textNode.optional(),
	author: z.array(textNode).optional(),
	'dc:creator': textNode.optional()
});

export const rssSchema = z.looseObject({
	rss: z.looseObject({
		channel: z.looseObject({
			title: textNode.optional(),
			language: textNode.optional(),
			item: z.array(z.unknown()).default([])
		})
	})
});

const atomLink = z.looseObject({ '@_href': z.string(), '@_rel': z.string().optional() });

export const atomEntrySchema = z.looseObject({
	id: textNode,
	title: textNode.optional(),
	summary: textNode.optional(),
	content: textNode.optional(),
	link: z.array(atomLink).optional(),
	published: textNode.optional(),
	updated: textNode.optional(),
	author: z.array(z.looseObject({ name: textNode.optional() })).optional()
});

export const atomSchema = z.looseObject({
	feed: z.looseObject({
		'@_xml:lang': z.string().optional(),
		entry: z.array(z.unknown()).default([])
	})
});

export interface FeedOptions {
	brand: string;
	/** `news` for press, `blog` for blogs. */
	source: string;
	/** For items without a date. */
	now?: Date;
}

/** Ids longer than the schema allows (some guids are whole URLs with tracking) are hashed, stably. */
function mentionId(raw: string): string {
	return raw.length <= 256 ? raw : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** Parses an RSS 2.0 or Atom document; anything else is one rejection naming the problem. */
export function mapFeed(xml: string, options: FeedOptions): AdapterResult {
	const result = emptyResult();
	let document: unknown;
	try {
		document = parser.parse(xml, true);
	} catch (error) {
		result.rejected.push({
			index: 0,
			field: 'body',
			message: `is not well-formed XML: ${(error as Error).message}`
		});
		return result;
	}
	const receivedAt = (options.now ?? new Date()).toISOString();
	const rss = rssSchema.safeParse(document);
	if (rss.success) {
		const lang = normalizeLang(rss.data.rss.channel.language);
		rss.data.rss.channel.item.forEach((raw, index) => {
			const parsed = rssItemSchema.safeParse(raw);
			if (!parsed.success) {
				result.rejected.push({
					index,
					field: 'item',
					message: parsed.error.issues[0]?.message ?? 'is not valid'
				});
				return;
			}
			const item = parsed.data;
			const link = item.link?.find(Boolean);
			const id = item.guid || link || (item.title ? `${item.title}|${item.pubDate ?? ''}` : '');
			if (!id) {
				result.rejected.push({ index, field: 'item.guid', message: 'is missing, and so are link and title' });
				return;
			}
			const mention: MentionInput = {
				id: mentionId(id),
				brand: options.brand,
				source: options.source,
				text: joinText(
					stripHtml(item.title ?? ''),
					stripHtml(item.description ?? item['content:encoded'] ?? '')
				),
				created_at: toIsoDate(item.pubDate ?? item['dc:date'] ?? receivedAt)
			};
			const author = item['dc:creator'] ?? item.author?.[0];
			if (author) mention.author = author.slice(0, 256);
			if (link && /^https?:\/\//.test(link)) mention.url = link;
			if (lang) mention.lang = lang;
			result.mentions.push({ index, item: mention });
		});
		return result;
	}
	const atom = atomSchema.safeParse(document);
	if (atom.success) {
		const lang = normalizeLang(atom.data.feed['@_xml:lang']);
		atom.data.feed.entry.forEach((raw, index) => {
			const parsed = atomEntrySchema.safeParse(raw);
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				result.rejected.push({
					index,
					field: ['entry', ...(issue?.path ?? [])].join('.'),
					message: issue?.message ?? 'is not valid'
				});
				return;
			}
			const entry = parsed.data;
			const link =
				entry.link?.find((candidate) => !candidate['@_rel'] || candidate['@_rel'] === 'alternate')?.[
					'@_href'
				] ?? entry.link?.[0]?.['@_href'];
			const mention: MentionInput = {
				id: mentionId(entry.id),
				brand: options.brand,
				source: options.source,
				text: joinText(stripHtml(entry.title ?? ''), stripHtml(entry.summary ?? entry.content ?? '')),
				created_at: toIsoDate(entry.published ?? entry.updated ?? receivedAt)
			};
			const author = entry.author?.[0]?.name;
			if (author) mention.author = author.slice(0, 256);
			if (link && /^https?:\/\//.test(link)) mention.url = link;
			if (lang) mention.lang = lang;
			result.mentions.push({ index, item: mention });
		});
		return result;
	}
	result.rejected.push({
		index: 0,
		field: 'body',
		message: 'is neither an RSS 2.0 <rss> nor an Atom <feed> document'
	});
	return result;
}
