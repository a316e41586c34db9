/**
 * Tokeniser and VADER-style rule pass shared by inference (index.ts) and training (train/train.ts), so
 * the learned weights see exactly the features the product computes.
 *
 * The engine is synchronous and never re-entered, so one set of scratch buffers serves every call: a
 * call allocates only the lower-cased token strings.
 */
import { LANGUAGE_RULES, type LanguageRules } from './rules';
import vaderLexicon from './lexicons/vader-lexicon.json' with { type: 'json' };

export const KIND_WORD = 0;
export const KIND_EMOJI = 1;
export const KIND_EMOTICON = 2;
/** Clause punctuation: ends negation scopes and bigrams. */
export const KIND_BOUNDARY = 3;

/** VADER's N_SCALAR: a negated word keeps about three quarters of its valence, flipped. */
export const NEGATION_FACTOR = -0.74;
/** VADER weighs the clause before "but" by half and the clause after by one and a half. */
export const BEFORE_CONTRAST = 0.5;
export const AFTER_CONTRAST = 1.5;
export const BOOSTER_FACTOR = 1.3;
export const DAMPENER_FACTOR = 0.7;
/** Shouted words in an otherwise mixed-case text. */
export const CAPS_FACTOR = 1.5;
export const ELONGATION_FACTOR = 1.3;
/** Each "!" (up to four) and each "?" of a run of two or more (up to three) amplifies the whole text. */
export const EXCLAMATION_STEP = 0.1;
export const QUESTION_STEP = 0.06;
/** Forward reach of a negator, in words (VADER looks three words back from each sentiment word). */
const NEGATION_SCOPE = 3;
/** "ne … pas" wraps the verb, so the opening "ne" reaches one word further. */
const WRAPPING_NEGATION_SCOPE = 4;
const TRAILING_NEGATION_REACH = 3;
/** A run of the same emoji counts at most this many times. */
const MAX_EMOJI_REPEAT = 3;
/** Words longer than this also look up their first PREFIX_LENGTH characters (cheap stemming). */
export const PREFIX_LENGTH = 4;

/** Rule roles of a word, as bits, so one Map lookup per word answers every rule's question. */
export const FLAG_NEGATOR = 1;
/** "ne"/"n'": opens a negation that wraps the verb up to "pas". */
export const FLAG_WRAPPING = 2;
export const FLAG_TRAILING = 4;
export const FLAG_BOOSTER = 8;
export const FLAG_DAMPENER = 16;
export const FLAG_CONTRAST = 32;
export const FLAG_COMPLAINT = 64;
export const FLAG_COURTESY = 128;

/** A feature's weights in the model's two class logits (neutral is the reference class, at 0). */
export interface Logits {
	negative: number;
	positive: number;
}

/**
 * What the model knows about one word, emoji or emoticon: one Map lookup fetches all of it. Its
 * `negative` and `positive` weights fold lexicon, learned correction and prefix together. Prefix and
 * bigram weights are TokenEntry objects too, so the scoring loop reads one object shape only.
 */
export class TokenEntry implements Logits {
	negative: number;
	positive: number;
	/** Weights of the bigrams this token starts, keyed by the next word. */
	next: Map<string, TokenEntry> | undefined;
	/** FLAG_* bits: the word's rule roles. */
	flags: number;
	/** Whether the model knows the token (false: a rule word only, scored by its prefix like any unknown word). */
	known: boolean;

	constructor(
		negative: number,
		positive: number,
		next: Map<string, TokenEntry> | undefined,
		flags: number,
		known: boolean
	) {
		this.negative = negative;
		this.positive = positive;
		this.next = next;
		this.flags = flags;
		this.known = known;
	}
}

/** Slots of a Vocabulary's lookup cache: a power of two. */
const CACHE_SLOTS = 1 << 12;
/**
 * Longer tokens skip the cache: V8 cuts a token of 13 code units or more out of the mention's text as a slice,
 * which would keep the whole text alive in its slot. Words this long are few and mostly unknown.
 */
const MAX_CACHED_LENGTH = 12;

/**
 * A map from each known token to its entry, with a small direct-mapped cache of recent lookups in front of it.
 * A language's map holds 10-30 thousand entries; looking up a token there missed the processor's caches, the
 * more so while the engine's threads ran beside the scorer (a bulk import), and the words of mentions repeat
 * so much that most lookups hit the cache instead. The worker of an import, alone, prepared a row in 7.4-7.7
 * against 7.6-8.2 µs; importing a million mentions, 101.0k against 96.0k rows/s on average (eight alternating
 * runs each).
 */
export class Vocabulary {
	readonly entries: ReadonlyMap<string, TokenEntry>;
	readonly #keys = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
	readonly #values = new Array<TokenEntry | undefined>(CACHE_SLOTS).fill(undefined);

	constructor(entries: ReadonlyMap<string, TokenEntry>) {
		this.entries = entries;
	}

	get(key: string): TokenEntry | undefined {
		if (key.length > MAX_CACHED_LENGTH) return this.entries.get(key);
		// FNV-1a over the code units picks the slot.
		let hash = 0x811c9dc5;
		for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
		const slot = hash & (CACHE_SLOTS - 1);
		if (this.#keys[slot] === key) return this.#values[slot];
		const entry = this.entries.get(key);
		this.#keys[slot] = key;
		this.#values[slot] = entry;
		return entry;
	}
}

export interface CompiledRules {
	/**
	 * Every word with a rule role, with its FLAG_* bits. A compiled model extends these with its valences,
	 * so scoring a token takes one lookup for both its rule role and its valence.
	 */
	vocabulary: Vocabulary;
	splitsElision: boolean;
}

function compileRules(rules: LanguageRules): CompiledRules {
	const flags = new Map<string, number>();
	const mark = (words: readonly string[], flag: number) => {
		for (const word of words) flags.set(word, (flags.get(word) ?? 0) | flag);
	};
	mark(rules.negators, FLAG_NEGATOR);
	mark(
		rules.negators.filter((word) => word === 'ne' || word === "n'"),
		FLAG_WRAPPING
	);
	mark(rules.trailingNegators, FLAG_TRAILING);
	mark(rules.boosters, FLAG_BOOSTER);
	mark(rules.dampeners, FLAG_DAMPENER);
	mark(rules.contrast, FLAG_CONTRAST);
	mark(rules.complaintCues, FLAG_COMPLAINT);
	mark(rules.courtesy, FLAG_COURTESY);
	const vocabulary = new Map<string, TokenEntry>();
	for (const [word, flag] of flags) vocabulary.set(word, new TokenEntry(0, 0, undefined, flag, false));
	return { vocabulary: new Vocabulary(vocabulary), splitsElision: rules.splitsElision };
}

const COMPILED_RULES: Record<string, CompiledRules> = {};
for (const [lang, rules] of Object.entries(LANGUAGE_RULES)) COMPILED_RULES[lang] = compileRules(rules);

export function rulesFor(lang: string): CompiledRules {
	return COMPILED_RULES[lang] ?? (COMPILED_RULES.en as CompiledRules);
}

/** VADER lexicon entries that are not words: emoticons such as ":-)" or "<3". */
export const EMOTICONS: ReadonlySet<string> = new Set(
	(vaderLexicon.valence as [string, number][])
		.map(([entry]) => entry)
		.filter((entry) => entry.length >= 2 && /[^\p{L}\p{N}'-]/u.test(entry) && !/^\p{L}/u.test(entry))
);

/** Emoticons by their first code unit, longest first (the longest one that fits wins). */
const EMOTICONS_BY_FIRST = new Map<number, string[]>();
for (const emoticon of [...EMOTICONS].sort((a, b) => b.length - a.length)) {
	const first = emoticon.charCodeAt(0);
	let bucket = EMOTICONS_BY_FIRST.get(first);
	if (!bucket) EMOTICONS_BY_FIRST.set(first, (bucket = []));
	bucket.push(emoticon);
}

/* Character classes, computed once per code point on first sight (Unicode property regexes are slow per call). */
const CLASS_LETTER = 1;
const CLASS_MARK = 2;
const CLASS_NUMBER = 4;
const CLASS_SPACE = 8;
const CLASS_PICTOGRAPHIC = 16;
/** Changes under toLowerCase(). */
const CLASS_UPPER = 32;
/** \p{Ll}. */
const CLASS_LOWER = 64;
const CLASS_COMPUTED = 128;
const IS_LETTER = /^\p{L}$/u;
const IS_MARK = /^\p{M}$/u;
const IS_NUMBER = /^\p{N}$/u;
const IS_SPACE = /^\s$/u;
const IS_PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const IS_LOWER = /^\p{Ll}$/u;
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function computeClass(codePoint: number): number {
	const char = String.fromCodePoint(codePoint);
	return (
		CLASS_COMPUTED |
		(IS_LETTER.test(char) ? CLASS_LETTER : 0) |
		(IS_MARK.test(char) ? CLASS_MARK : 0) |
		(IS_NUMBER.test(char) ? CLASS_NUMBER : 0) |
		(IS_SPACE.test(char) ? CLASS_SPACE : 0) |
		(IS_PICTOGRAPHIC.test(char) ? CLASS_PICTOGRAPHIC : 0) |
		(char.toLowerCase() !== char ? CLASS_UPPER : 0) |
		(IS_LOWER.test(char) ? CLASS_LOWER : 0)
	);
}

function classOf(codePoint: number): number {
	if (codePoint < 0x10000) {
		let c = bmpClasses[codePoint] as number;
		if (c === 0) bmpClasses[codePoint] = c = computeClass(codePoint);
		return c;
	}
	let c = astralClasses.get(codePoint);
	if (c === undefined) astralClasses.set(codePoint, (c = computeClass(codePoint)));
	return c;
}

/** Whitespace is all in the BMP, so a code unit answers (a surrogate half is never a space). */
function isSpaceAt(text: string, i: number): boolean {
	return (classOf(text.charCodeAt(i)) & CLASS_SPACE) !== 0;
}

/** Index after the run of code points of `classes` (or "_" when `underscore`) starting at `i`. */
function skipClass(text: string, i: number, classes: number, underscore: boolean): number {
	const n = text.length;
	while (i < n) {
		const cp = text.codePointAt(i) as number;
		if ((classOf(cp) & classes) === 0 && !(underscore && cp === 95)) break;
		i += cp > 0xffff ? 2 : 1;
	}
	return i;
}

export const TOKEN_URL = 1;
export const TOKEN_HANDLE = 2;
export const TOKEN_HASHTAG = 3;
export const TOKEN_EMOTICON = 4;
export const TOKEN_WORD = 5;
export const TOKEN_EMOJI = 6;
export const TOKEN_BANG = 7;
export const TOKEN_PUNCTUATION = 8;

/** The token `nextToken` found: its type and the code-unit range [tokenStart, tokenEnd). */
let tokenType = 0;
let tokenStart = 0;
let tokenEnd = 0;

/* What the scanner saw in a word, so pushWord can skip the work most words do not need. */
const WORD_UPPER = 1;
const WORD_LOWER = 2;
/** Three equal code points in a row (a precondition of elongation in the lower-cased word, unless WORD_UPPER). */
const WORD_TRIPLE = 4;
const WORD_APOSTROPHE = 8;
const WORD_TYPOGRAPHIC_APOSTROPHE = 16;
/** Nothing known: pushWord checks everything. */
const WORD_UNKNOWN = 31;
let wordHints = 0;

/** Scans a word from `pos` (a letter): letters and marks, with inner apostrophes. Sets wordHints. */
function scanWord(text: string, pos: number): number {
	const n = text.length;
	let hints = 0;
	let previous = -1;
	let run = 0;
	let end = pos;
	for (;;) {
		while (end < n) {
			const cp = text.codePointAt(end) as number;
			const cls = classOf(cp);
			if ((cls & (CLASS_LETTER | CLASS_MARK)) === 0) break;
			if (cls & CLASS_UPPER) hints |= WORD_UPPER;
			if (cls & CLASS_LOWER) hints |= WORD_LOWER;
			run = cp === previous ? run + 1 : 1;
			if (run === 3) hints |= WORD_TRIPLE;
			previous = cp;
			end += cp > 0xffff ? 2 : 1;
		}
		const c = text.charCodeAt(end);
		if ((c !== 39 && c !== 0x2019) || end + 1 >= n) break;
		if ((classOf(text.codePointAt(end + 1) as number) & (CLASS_LETTER | CLASS_MARK)) === 0) break;
		hints |= c === 39 ? WORD_APOSTROPHE : WORD_TYPOGRAPHIC_APOSTROPHE;
		previous = c;
		run = 1;
		end++;
	}
	wordHints = hints;
	return end;
}

function isClausePunctuation(c: number): boolean {
	// . ; : , ( ) \n
	return c === 46 || c === 59 || c === 58 || c === 44 || c === 40 || c === 41 || c === 10;
}

function emoticonEnds(text: string, end: number): boolean {
	if (end === text.length) return true;
	const c = text.charCodeAt(end);
	return c === 33 || c === 63 || c === 46 || c === 44 || isSpaceAt(text, end);
}

/**
 * Finds the first token at or after `pos` and returns the index after it, or -1 at the end of the
 * text. A hand-written scanner (no per-token match arrays or regex backtracking); in order of
 * precedence: URL, @handle, #hashtag, emoticon (only after a space or at the start, followed by a
 * space, the end or !?.,), word (letters and marks, with inner apostrophes), emoji (one Extended
 * Pictographic code point), "!"/"?" run, clause punctuation run. Anything else (digits, symbols) is
 * skipped.
 */
export function nextToken(text: string, pos: number): number {
	const n = text.length;
	while (pos < n) {
		const cp = text.codePointAt(pos) as number;
		const width = cp > 0xffff ? 2 : 1;
		tokenStart = pos;
		if (cp === 104 || cp === 119) {
			// "http://", "https://", "www." followed by at least one non-space.
			const prefix =
				cp === 119
					? text.startsWith('www.', pos)
						? 4
						: 0
					: text.startsWith('http://', pos)
						? 7
						: text.startsWith('https://', pos)
							? 8
							: 0;
			if (prefix > 0 && pos + prefix < n && !isSpaceAt(text, pos + prefix)) {
				let end = pos + prefix + 1;
				while (end < n && !isSpaceAt(text, end)) end++;
				tokenType = TOKEN_URL;
				return (tokenEnd = end);
			}
		} else if (cp === 64 || cp === 35) {
			const end = skipClass(text, pos + 1, CLASS_LETTER | CLASS_NUMBER, true);
			if (end > pos + 1) {
				tokenType = cp === 64 ? TOKEN_HANDLE : TOKEN_HASHTAG;
				return (tokenEnd = end);
			}
		}
		const cls = classOf(cp);
		if ((cls & (CLASS_LETTER | CLASS_SPACE)) === 0 && (pos === 0 || isSpaceAt(text, pos - 1))) {
			const bucket = EMOTICONS_BY_FIRST.get(text.charCodeAt(pos));
			if (bucket !== undefined) {
				for (const emoticon of bucket) {
					if (text.startsWith(emoticon, pos) && emoticonEnds(text, pos + emoticon.length)) {
						tokenType = TOKEN_EMOTICON;
						return (tokenEnd = pos + emoticon.length);
					}
				}
			}
		}
		if (cls & CLASS_LETTER) {
			tokenType = TOKEN_WORD;
			return (tokenEnd = scanWord(text, pos));
		}
		if (cls & CLASS_PICTOGRAPHIC) {
			tokenType = TOKEN_EMOJI;
			return (tokenEnd = pos + width);
		}
		if (cp === 33 || cp === 63) {
			let end = pos + 1;
			for (let c = text.charCodeAt(end); c === 33 || c === 63; c = text.charCodeAt(++end));
			tokenType = TOKEN_BANG;
			return (tokenEnd = end);
		}
		if (isClausePunctuation(cp)) {
			let end = pos + 1;
			while (end < n && isClausePunctuation(text.charCodeAt(end))) end++;
			tokenType = TOKEN_PUNCTUATION;
			return (tokenEnd = end);
		}
		pos += width;
	}
	tokenType = 0;
	return -1;
}

/** The tokens of `text` as [type, text] pairs (for tests and tools; `analyze` scans in place). */
export function tokenize(text: string): [number, string][] {
	const tokens: [number, string][] = [];
	for (let pos = nextToken(text, 0); pos >= 0; pos = nextToken(text, pos)) {
		tokens.push([tokenType, text.slice(tokenStart, tokenEnd)]);
	}
	return tokens;
}

const HAS_LOWER = /\p{Ll}/u;
const ELONGATED = /(\p{L})\1\1/u;
const ELONGATION_TO_TWO = /(\p{L})\1{2,}/gu;
const ELONGATION_TO_ONE = /(\p{L})\1+/gu;
const CAMEL_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu})|_/u;
const TYPOGRAPHIC_APOSTROPHE = /’/g;

/** Cheap pre-check for ELONGATED: three equal code units in a row. */
function hasTripleLetter(word: string): boolean {
	let previous = -1;
	let run = 0;
	for (let i = 0; i < word.length; i++) {
		const code = word.charCodeAt(i);
		run = code === previous ? run + 1 : 1;
		if (run === 3) return true;
		previous = code;
	}
	return false;
}

/** Tells the tokeniser which spellings the model knows, to undo elongation and split glued hashtags. */
export type KnownWord = (word: string) => boolean;

/** Per-call working state; exported read-only views are consumed right after `analyze` returns. */
export class Analysis {
	keys: string[] = [];
	/** Each token's vocabulary entry (undefined: unknown token or boundary). */
	entries: (TokenEntry | undefined)[] = [];
	kinds = new Uint8Array(64);
	/** FLAG_* bits of each word. */
	flags = new Uint8Array(64);
	/** Multiplier of a token's own valence: contrast, emphasis, negation, boosters, caps, elongation. */
	unigramWeight = new Float64Array(64);
	/** Multiplier of a bigram ending at this token: contrast and emphasis only (the bigram sees negation). */
	bigramWeight = new Float64Array(64);
	private caps = new Uint8Array(64);
	private elongated = new Uint8Array(64);
	length = 0;
	exclamations = 0;
	questions = 0;
	addressedToBrand = false;
	complaintCues = 0;

	private reset(): void {
		this.length = 0;
		this.exclamations = 0;
		this.questions = 0;
		this.addressedToBrand = false;
		this.complaintCues = 0;
	}

	private rules: CompiledRules | undefined;

	private push(key: string, kind: number, caps: boolean, elongated: boolean): void {
		const i = this.length;
		if (i === this.kinds.length) this.grow();
		const entry = kind === KIND_BOUNDARY ? undefined : (this.rules as CompiledRules).vocabulary.get(key);
		this.keys[i] = key;
		this.entries[i] = entry;
		this.kinds[i] = kind;
		this.flags[i] = kind === KIND_WORD && entry !== undefined ? entry.flags : 0;
		this.caps[i] = caps ? 1 : 0;
		this.elongated[i] = elongated ? 1 : 0;
		this.length = i + 1;
	}

	private grow(): void {
		const size = this.kinds.length * 2;
		const grow8 = (a: Uint8Array) => {
			const b = new Uint8Array(size);
			b.set(a);
			return b;
		};
		const grow64 = (a: Float64Array) => {
			const b = new Float64Array(size);
			b.set(a);
			return b;
		};
		this.kinds = grow8(this.kinds);
		this.flags = grow8(this.flags);
		this.caps = grow8(this.caps);
		this.elongated = grow8(this.elongated);
		this.unigramWeight = grow64(this.unigramWeight);
		this.bigramWeight = grow64(this.bigramWeight);
	}

	/** `hints`: WORD_* bits from the scanner, or WORD_UNKNOWN. */
	private pushWord(raw: string, rules: CompiledRules, known: KnownWord, hints: number): void {
		let word = hints & WORD_UPPER ? raw.toLowerCase() : raw;
		if (hints & WORD_TYPOGRAPHIC_APOSTROPHE && word.includes('’'))
			word = word.replace(TYPOGRAPHIC_APOSTROPHE, "'");
		const caps =
			raw.length > 1 &&
			raw !== word &&
			(hints === WORD_UNKNOWN ? !HAS_LOWER.test(raw) : (hints & WORD_LOWER) === 0);
		let elongated = false;
		if (
			word.length > 3 &&
			hints & (WORD_TRIPLE | WORD_UPPER) &&
			hasTripleLetter(word) &&
			ELONGATED.test(word)
		) {
			elongated = true;
			const two = word.replace(ELONGATION_TO_TWO, '$1$1');
			word = known(two) ? two : word.replace(ELONGATION_TO_ONE, '$1');
		}
		if (rules.splitsElision && hints & (WORD_APOSTROPHE | WORD_TYPOGRAPHIC_APOSTROPHE)) {
			const apostrophe = word.indexOf("'");
			if (apostrophe > 0 && apostrophe <= 4 && apostrophe < word.length - 1) {
				this.push(word.slice(0, apostrophe + 1), KIND_WORD, false, false);
				word = word.slice(apostrophe + 1);
			}
		}
		this.push(word, KIND_WORD, caps, elongated);
	}

	private pushHashtag(body: string, rules: CompiledRules, known: KnownWord): void {
		const parts = body.split(CAMEL_BOUNDARY);
		if (parts.length > 1) {
			for (const part of parts) if (part) this.pushWord(part.toLowerCase(), rules, known, WORD_UNKNOWN);
			return;
		}
		const lower = body.toLowerCase();
		if (!known(lower) && lower.length >= 6 && lower.length <= 24) {
			for (let cut = 3; cut <= lower.length - 3; cut++) {
				const head = lower.slice(0, cut);
				const tail = lower.slice(cut);
				if (known(head) && known(tail)) {
					this.push(head, KIND_WORD, false, false);
					this.push(tail, KIND_WORD, false, false);
					return;
				}
			}
		}
		this.pushWord(lower, rules, known, WORD_UNKNOWN);
	}

	/** Tokenises `text` and applies the rules; results stay in this object until the next call. */
	analyze(text: string, rules: CompiledRules, known: KnownWord, brand: string | undefined): this {
		this.reset();
		this.rules = rules;
		let previousEmoji = '';
		let emojiRepeat = 0;
		for (let pos = nextToken(text, 0); pos >= 0; pos = nextToken(text, pos)) {
			const type = tokenType;
			if (type === TOKEN_WORD) {
				this.pushWord(text.slice(tokenStart, tokenEnd), rules, known, wordHints);
			} else if (type === TOKEN_EMOJI) {
				const emoji = text.slice(tokenStart, tokenEnd);
				emojiRepeat = emoji === previousEmoji ? emojiRepeat + 1 : 1;
				previousEmoji = emoji;
				if (emojiRepeat <= MAX_EMOJI_REPEAT) this.push(emoji, KIND_EMOJI, false, false);
				continue;
			} else if (type === TOKEN_BANG) {
				for (let k = tokenStart; k < tokenEnd; k++) {
					if (text.charCodeAt(k) === 33) this.exclamations++;
					else this.questions++;
				}
				this.push('', KIND_BOUNDARY, false, false);
			} else if (type === TOKEN_PUNCTUATION) {
				this.push('', KIND_BOUNDARY, false, false);
			} else if (type === TOKEN_EMOTICON) {
				this.push(text.slice(tokenStart, tokenEnd), KIND_EMOTICON, false, false);
			} else if (type === TOKEN_HASHTAG) {
				this.pushHashtag(text.slice(tokenStart + 1, tokenEnd), rules, known);
			} else if (type === TOKEN_HANDLE) {
				if (
					brand !== undefined &&
					tokenEnd - tokenStart - 1 === brand.length &&
					text.slice(tokenStart + 1, tokenEnd).toLowerCase() === brand
				) {
					this.addressedToBrand = true;
				}
			}
			// URLs carry no sentiment.
			previousEmoji = '';
		}
		this.applyRules();
		return this;
	}

	private applyRules(): void {
		const n = this.length;
		const kinds = this.kinds;
		const flags = this.flags;
		const uni = this.unigramWeight;
		const bi = this.bigramWeight;

		let words = 0;
		let capsWords = 0;
		let lastContrast = -1;
		for (let i = 0; i < n; i++) {
			uni[i] = 1;
			bi[i] = 1;
			if (kinds[i] !== KIND_WORD) continue;
			words++;
			if (this.caps[i] === 1) capsWords++;
			const flag = flags[i] as number;
			if (flag & FLAG_CONTRAST) lastContrast = i;
			if (flag & FLAG_COMPLAINT) this.complaintCues++;
		}
		// Caps only stand out when the text is not shouted throughout.
		const capsStandOut = capsWords > 0 && capsWords < words;
		const emphasis =
			1 +
			EXCLAMATION_STEP * Math.min(this.exclamations, 4) +
			(this.questions > 1 ? QUESTION_STEP * Math.min(this.questions, 3) : 0);

		let negationLeft = 0;
		let negationUsed = 0;
		let trailingCandidate = -1;
		let pendingIntensity = 1;
		let clauseStart = 0;
		for (let i = 0; i <= n; i++) {
			const kind = i < n ? kinds[i] : KIND_BOUNDARY;
			const flag = i < n ? (flags[i] as number) : 0;
			const endsClause = kind === KIND_BOUNDARY || (flag & FLAG_CONTRAST) !== 0;
			if (endsClause) {
				if (trailingCandidate >= 0 && negationUsed === 0) {
					let reached = 0;
					for (let j = trailingCandidate - 1; j >= clauseStart && reached < TRAILING_NEGATION_REACH; j--) {
						if (kinds[j] !== KIND_WORD || ((flags[j] as number) & FLAG_NEGATOR) !== 0) continue;
						uni[j] = (uni[j] as number) * NEGATION_FACTOR;
						reached++;
					}
				}
				negationLeft = 0;
				trailingCandidate = -1;
				pendingIntensity = 1;
				clauseStart = i + 1;
				if (i === n) break;
				if (kind === KIND_BOUNDARY) continue;
			}
			const contrastWeight =
				lastContrast < 0 || i === lastContrast ? 1 : i < lastContrast ? BEFORE_CONTRAST : AFTER_CONTRAST;
			const base = contrastWeight * emphasis;
			bi[i] = base;
			let weight = base;
			if (kind === KIND_WORD) {
				if (flag & FLAG_NEGATOR) {
					negationLeft = flag & FLAG_WRAPPING ? WRAPPING_NEGATION_SCOPE : NEGATION_SCOPE;
					negationUsed = 0;
					trailingCandidate = flag & FLAG_TRAILING ? i : -1;
				} else if (negationLeft > 0) {
					weight *= NEGATION_FACTOR;
					negationLeft--;
					negationUsed++;
				}
				if (flag & FLAG_BOOSTER) {
					pendingIntensity = BOOSTER_FACTOR;
				} else if (flag & FLAG_DAMPENER) {
					pendingIntensity = DAMPENER_FACTOR;
				} else {
					weight *= pendingIntensity;
					pendingIntensity = 1;
				}
				if (capsStandOut && this.caps[i] === 1) weight *= CAPS_FACTOR;
				if (this.elongated[i] === 1) weight *= ELONGATION_FACTOR;
			}
			uni[i] = weight * (uni[i] as number);
		}
	}
}

/** Ready-to-score weights for one language, merged from lexicons and learned corrections. */
export interface CompiledModel {
	/** Its vocabulary holds every token the model knows. */
	rules: CompiledRules;
	/** Weights of word beginnings, for words the vocabulary does not know. */
	prefixes: Map<string, TokenEntry>;
	exclamation: Logits;
	question: Logits;
	bias: Logits;
	known: KnownWord;
}

/**
 * The negative and positive logits (against neutral) of the analysed text under `model`, written into
 * `out`. The text must have been analysed with `model.rules`, whose vocabulary holds the model's entries.
 * Each token adds its weights times its rule weight (negation flips both, so "not good" moves towards
 * negative by as much as "good" moves towards positive).
 */
export function classLogits(analysis: Analysis, model: CompiledModel, out: Logits): Logits {
	const { keys, entries, kinds, flags, unigramWeight, bigramWeight } = analysis;
	const n = analysis.length;
	let negative = model.bias.negative;
	let positive = model.bias.positive;
	let next: Map<string, TokenEntry> | undefined;
	// A complaint addressed to the brand: its "thanks" and "please" are manners, not satisfaction.
	const muteCourtesy = analysis.addressedToBrand && analysis.complaintCues > 0;
	for (let i = 0; i < n; i++) {
		const kind = kinds[i];
		if (kind === KIND_BOUNDARY) {
			next = undefined;
			continue;
		}
		const key = keys[i] as string;
		const entry = entries[i];
		let weights: TokenEntry | undefined;
		if (entry !== undefined && entry.known) weights = entry;
		else if (kind === KIND_WORD && key.length > PREFIX_LENGTH)
			weights = model.prefixes.get(key.slice(0, PREFIX_LENGTH));
		if (weights !== undefined && !(muteCourtesy && ((flags[i] as number) & FLAG_COURTESY) !== 0)) {
			const w = unigramWeight[i] as number;
			negative += weights.negative * w;
			positive += weights.positive * w;
		}
		if (kind === KIND_WORD) {
			if (next !== undefined) {
				const pair = next.get(key);
				if (pair !== undefined) {
					const w = bigramWeight[i] as number;
					negative += pair.negative * w;
					positive += pair.positive * w;
				}
			}
			next = entry?.next;
		} else {
			next = undefined;
		}
	}
	const exclamations = Math.min(analysis.exclamations, 4);
	const questions = Math.min(analysis.questions, 3);
	out.negative = negative + model.exclamation.negative * exclamations + model.question.negative * questions;
	out.positive = positive + model.exclamation.positive * exclamations + model.question.positive * questions;
	return out;
}
