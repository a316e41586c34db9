export const SCOPES = ['admin', 'ingest', 'read'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling, as established by the hooks or the socket middleware. */
export interface Principal {
	/** `master`, the id of the API key the caller presented (directly or through a session), or `board:<id>`. */
	id: string;
	kind: 'master' | 'api_key' | 'board';
	scopes: Scope[];
	/** Brands the caller may see; null means every brand. */
	brands: string[] | null;
	/** For a wall board's token: the board it may show (read-only, that board's brands only). */
	board?: string;
}

export const MASTER_PRINCIPAL: Principal = {
	id: 'master',
	kind: 'master',
	scopes: ['admin', 'ingest', 'read'],
	brands: null
};

export function hasScope(principal: Principal | null | undefined, scope: Scope): principal is Principal {
	return !!principal && (principal.scopes.includes(scope) || principal.scopes.includes('admin'));
}

export function canSeeBrand(principal: Principal, brand: string): boolean {
	return principal.brands === null || principal.brands.includes(brand);
}
