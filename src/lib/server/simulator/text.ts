import type { BrandProfile, SimSource } from './brands';
import { EMOJI, INDUSTRY_TAGS, PACKS, type Lang } from './phrases';
import { pick, type Source } from './rng';

export type Kind = 'complaint' | 'praise' | 'question' | 'neutral' | 'news';

/** Sources where people @-mention and tag; elsewhere the brand is named in full and no hashtags appear. */
const SOCIAL: ReadonlySet<SimSource> = new Set(['twitter', 'facebook', 'instagram', 'reddit']);
const HASHTAG_HEAVY: ReadonlySet<SimSource> = new Set(['twitter', 'instagram']);

const SLOT = /\{(\w+)\}/g;

export interface TextContext {
	brand: BrandProfile;
	lang: Lang;
	source: SimSource;
	/** Handle of a rival brand, with @, when one exists. */
	competitor?: string;
}

export interface ViralContext {
	/** Index into the industry's stories; the same story is told in every language. */
	storyIndex: number;
	tag: string;
	city: string;
}

function fill(template: string, source: Source, ctx: TextContext, slots: Record<string, string>): string {
	const pack = PACKS[ctx.lang];
	const resolve = (_: string, key: string): string => {
		const given = slots[key];
		if (given !== undefined) return given;
		switch (key) {
			case 'handle':
				return SOCIAL.has(ctx.source) ? '@' + ctx.brand.handle : ctx.brand.name;
			case 'brand':
				return ctx.brand.name;
			case 'city':
				return pick(source, pack.cities);
			case 'n':
				return String(2 + Math.floor(source() * 8));
			case 'competitor':
				return ctx.competitor ?? '';
			case 'outlet':
				return pick(source, pack.outlets);
			default:
				return '';
		}
	};
	// Clauses carry their own holes ({city} inside a problem), so a second pass fills those.
	const once = template.replace(SLOT, resolve);
	return sentenceCase(once.includes('{') ? once.replace(SLOT, resolve) : once);
}

/** Clauses are written to sit mid-sentence; when one opens the post its first letter goes up. */
function sentenceCase(text: string): string {
	const i = text.charAt(0) === '¿' || text.charAt(0) === '¡' ? 1 : 0;
	const c = text.charAt(i);
	return c === c.toLowerCase() && c !== c.toUpperCase()
		? text.slice(0, i) + c.toUpperCase() + text.slice(i + 1)
		: text;
}

function decorate(text: string, source: Source, ctx: TextContext, mood: keyof typeof EMOJI): string {
	let out = text;
	if (SOCIAL.has(ctx.source) && source() < (ctx.source === 'reddit' ? 0.08 : 0.45)) {
		out += ' ' + pick(source, EMOJI[mood]);
		if (source() < 0.3) out += pick(source, EMOJI[mood]);
	}
	if (HASHTAG_HEAVY.has(ctx.source) && source() < 0.4) {
		const pack = PACKS[ctx.lang];
		const pool =
			mood === 'negative'
				? pack.negativeTags
				: mood === 'positive'
					? pack.positiveTags
					: INDUSTRY_TAGS[ctx.brand.industry];
		const tags = [pick(source, pool)];
		if (source() < 0.35) tags.push(pick(source, INDUSTRY_TAGS[ctx.brand.industry]));
		if (source() < 0.2) tags.push('#' + ctx.brand.handle);
		for (const tag of new Set(tags)) out += ' ' + tag;
	}
	if (SOCIAL.has(ctx.source) && source() < 0.05) {
		out += ' https://lnk.example/' + Math.floor(source() * 2176782336).toString(36);
	}
	return out;
}

/** One everyday mention of the given kind. */
export function composeText(kind: Kind, source: Source, ctx: TextContext): string {
	const pack = PACKS[ctx.lang];
	const industry = pack.industry[ctx.brand.industry];
	switch (kind) {
		case 'complaint': {
			let text = fill(pick(source, pack.complaint), source, ctx, {
				problem: pick(source, industry.problems),
				tail: pick(source, pack.complaintTail)
			});
			if (ctx.competitor && source() < 0.12) {
				text += (/[.!?…]$/.test(text) ? ' ' : '. ') + fill(pick(source, pack.switchTo), source, ctx, {});
			}
			return ctx.source === 'support' ? text : decorate(text, source, ctx, 'negative');
		}
		case 'praise': {
			const text = fill(pick(source, pack.praise), source, ctx, {
				praise: pick(source, industry.praises),
				tail: pick(source, pack.praiseTail)
			});
			return decorate(text, source, ctx, 'positive');
		}
		case 'question': {
			const text = fill(pick(source, pack.question), source, ctx, {
				question: pick(source, industry.questions)
			});
			return ctx.source === 'support' ? text : decorate(text, source, ctx, 'question');
		}
		case 'neutral': {
			// Off social media nobody signs a remark with the brand's name, so only the bare remark is used.
			const template = SOCIAL.has(ctx.source) ? pick(source, pack.neutral) : '{neutral}';
			const text = fill(template, source, ctx, { neutral: pick(source, industry.neutral) });
			return decorate(text, source, ctx, 'neutral');
		}
		case 'news':
			return fill(pick(source, pack.news), source, ctx, { news: pick(source, industry.news) });
	}
}

/** A post about a viral complaint: same story and hashtag across posts so the spike shares its terms. */
export function composeViralText(source: Source, ctx: TextContext, viral: ViralContext): string {
	const pack = PACKS[ctx.lang];
	const stories = pack.industry[ctx.brand.industry].stories;
	const story = stories[viral.storyIndex % stories.length] ?? '';
	const slots = { story, tag: viral.tag, city: viral.city };
	if (ctx.source === 'news') return fill(pick(source, pack.news), source, ctx, { ...slots, news: story });
	const text = fill(pick(source, pack.viral), source, ctx, slots);
	return decorate(text, source, ctx, 'negative');
}
