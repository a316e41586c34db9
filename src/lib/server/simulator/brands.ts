import type { Industry, Lang } from './phrases';

export const SIM_SOURCES = [
	'twitter',
	'facebook',
	'instagram',
	'reddit',
	'news',
	'review',
	'forum',
	'support'
] as const;
export type SimSource = (typeof SIM_SOURCES)[number];

/** A fictional brand the simulator talks about. */
export interface BrandProfile {
	/** Brand slug as stored (matches BRAND_PATTERN). */
	slug: string;
	/** Display name used in texts and the UI. */
	name: string;
	/** Social handle without the @. */
	handle: string;
	industry: Industry;
	/** IANA zone of the brand's main market: drives the day/night curve and business hours. */
	timezone: string;
	/** Mean mentions per hour over a weekday, before `rateScale`. */
	mentionsPerHour: number;
	/** Relative weights; need not sum to 1. */
	sources: Partial<Record<SimSource, number>>;
	languages: Partial<Record<Lang, number>>;
	/** Volume on Saturday and Sunday relative to a weekday. */
	weekend: readonly [number, number];
	/** Multiplies the share of complaints (1 = the source's usual mix). */
	negativity: number;
	/** Multiplies the chance that a mention gets a brand reply. */
	responsiveness: number;
	/** Multiplies reply latency. */
	latencyFactor: number;
	/** Slugs of rival brands (may be outside the list); complaints sometimes threaten to switch. */
	competitors: readonly string[];
}

export const DEFAULT_BRANDS: readonly BrandProfile[] = [
	{
		slug: 'northwind',
		name: 'Northwind Airways',
		handle: 'NorthwindAir',
		industry: 'airline',
		timezone: 'Europe/Berlin',
		mentionsPerHour: 240,
		sources: {
			twitter: 40,
			facebook: 14,
			instagram: 10,
			reddit: 8,
			news: 4,
			review: 8,
			forum: 4,
			support: 12
		},
		languages: { de: 45, en: 33, fr: 9, es: 6, it: 4, pt: 3 },
		weekend: [0.95, 1.05],
		negativity: 1.3,
		responsiveness: 1,
		latencyFactor: 1,
		competitors: ['tailspin']
	},
	{
		slug: 'contoso',
		name: 'Contoso Mobile',
		handle: 'ContosoMobile',
		industry: 'telco',
		timezone: 'America/New_York',
		mentionsPerHour: 300,
		sources: {
			twitter: 36,
			facebook: 18,
			instagram: 5,
			reddit: 12,
			news: 3,
			review: 6,
			forum: 8,
			support: 12
		},
		languages: { en: 80, es: 15, fr: 3, pt: 2 },
		weekend: [0.8, 0.72],
		negativity: 1.25,
		responsiveness: 0.9,
		latencyFactor: 1.2,
		competitors: ['adatum']
	},
	{
		slug: 'fabrikam',
		name: 'Fabrikam',
		handle: 'Fabrikam',
		industry: 'retail',
		timezone: 'Europe/Paris',
		mentionsPerHour: 180,
		sources: {
			twitter: 18,
			facebook: 20,
			instagram: 26,
			reddit: 5,
			news: 3,
			review: 16,
			forum: 3,
			support: 9
		},
		languages: { fr: 46, en: 18, de: 10, it: 10, es: 10, pt: 6 },
		weekend: [1.25, 0.85],
		negativity: 0.85,
		responsiveness: 1.1,
		latencyFactor: 0.9,
		competitors: []
	},
	{
		slug: 'tailspin',
		name: 'Tailspin Air',
		handle: 'TailspinAir',
		industry: 'airline',
		timezone: 'Europe/Madrid',
		mentionsPerHour: 100,
		sources: {
			twitter: 34,
			facebook: 16,
			instagram: 14,
			reddit: 5,
			news: 4,
			review: 12,
			forum: 3,
			support: 12
		},
		languages: { es: 50, en: 22, pt: 14, it: 6, fr: 5, de: 3 },
		weekend: [1, 1.1],
		negativity: 1.2,
		responsiveness: 0.75,
		latencyFactor: 1.4,
		competitors: ['northwind']
	},
	{
		slug: 'adatum',
		name: 'Adatum Telecom',
		handle: 'AdatumTel',
		industry: 'telco',
		timezone: 'America/Chicago',
		mentionsPerHour: 90,
		sources: {
			twitter: 30,
			facebook: 20,
			instagram: 4,
			reddit: 14,
			news: 3,
			review: 9,
			forum: 10,
			support: 10
		},
		languages: { en: 86, es: 12, fr: 2 },
		weekend: [0.78, 0.7],
		negativity: 1.1,
		responsiveness: 1.15,
		latencyFactor: 0.85,
		competitors: ['contoso']
	}
];
