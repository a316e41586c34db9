import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { ConfigSync } from '../auth/config-sync';
import { brandSchema } from '../ingest/schema';

export const BRAND_PROFILES_TABLE = 'brand_profiles';

/** A tracking term: words, hashtags or handles, as an analyst would type them. */
const keywordSchema = z
	.string()
	.trim()
	.min(1)
	.max(100, 'each at most 100 characters')
	.regex(/^[^\p{Cc}]+$/u, 'no control characters');

export const brandProfileInputSchema = z.strictObject({
	brand: brandSchema,
	name: z.string().trim().min(1, 'give the brand a name').max(100, 'at most 100 characters'),
	keywords: z.array(keywordSchema).max(200, 'at most 200 keywords'),
	competitors: z.array(brandSchema).max(50, 'at most 50 competitors'),
	colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #3b82f6')
});
export type BrandProfileInput = z.output<typeof brandProfileInputSchema>;

export interface BrandProfile extends BrandProfileInput {
	updated_at: string;
}

const CACHE_MS = 10_000;

/** Display name, tracking keywords, competitors and colour per brand, shared by every node. */
export class BrandProfileStore {
	#cache: { at: number; profiles: BrandProfile[] } | null = null;

	constructor(
		private readonly client: ClickHouseClient,
		private readonly sync: ConfigSync
	) {
		sync.onChange(() => (this.#cache = null));
	}

	async list(): Promise<BrandProfile[]> {
		if (this.#cache && Date.now() - this.#cache.at < CACHE_MS) return this.#cache.profiles;
		const result = await this.client.query({
			query: `SELECT brand, name, keywords, competitors, colour, toString(updated_at) AS updated_at
				FROM ${BRAND_PROFILES_TABLE} FINAL WHERE deleted = 0 ORDER BY brand`,
			format: 'JSONEachRow'
		});
		const profiles = await result.json<BrandProfile>();
		this.#cache = { at: Date.now(), profiles };
		return profiles;
	}

	async get(brand: string): Promise<BrandProfile | null> {
		return (await this.list()).find((profile) => profile.brand === brand) ?? null;
	}

	async put(input: BrandProfileInput): Promise<void> {
		await this.#write(input, false);
	}

	async delete(brand: string): Promise<boolean> {
		const current = await this.get(brand);
		if (!current) return false;
		await this.#write(current, true);
		return true;
	}

	async #write(profile: BrandProfileInput, deleted: boolean): Promise<void> {
		await this.client.insert({
			table: BRAND_PROFILES_TABLE,
			values: [
				{
					brand: profile.brand,
					name: profile.name,
					keywords: [...new Set(profile.keywords)],
					competitors: [...new Set(profile.competitors)].filter((brand) => brand !== profile.brand),
					colour: profile.colour.toLowerCase(),
					deleted: deleted ? 1 : 0,
					updated_at: new Date().toISOString()
				}
			],
			format: 'JSONEachRow'
		});
		this.#cache = null;
		await this.sync.changed('brands');
	}
}
