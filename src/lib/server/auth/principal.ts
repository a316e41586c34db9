export const SCOPES = ['admin', 'ingest', 'read'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a person who logs in with a password may do: executives view, comms analysts work, admins configure. */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as established by the hooks or the socket middleware. */
export interface Principal {
	/**
	 * `master`, the id of the API key the caller presented (directly or through a session), `board:<id>`,
	 * or `user:<id>` for a person.
	 */
	id: string;
	kind: 'master' | 'api_key' | 'board' | 'user';
	scopes: Scope[];
	/** Brands the caller may see; null means every brand. */
	brands: string[] | null;
	/** For a wall board's token: the board it may show (read-only, that board's brands only). */
	board?: string;
	/** For a person: their role and e-mail (the e-mail is what the audit log shows). */
	role?: Role;
	email?: string;
	/** The server-side session the caller came through, if any (logout revokes it). */
	sessionId?: string;
}

export const MASTER_PRINCIPAL: Principal = {
	id: 'master',
	kind: 'master',
	scopes: ['admin', 'ingest', 'read'],
	brands: null
};

/**
 * The scopes the API's own checks see for a role. Analysts get `ingest` because marking answered and
 * annotating are ingest-scope endpoints; the route policy (./policy.ts) keeps them off the ingest routes.
 */
export const ROLE_SCOPES: Record<Role, Scope[]> = {
	viewer: ['read'],
	analyst: ['read', 'ingest'],
	admin: ['admin', 'ingest', 'read']
};

export function hasScope(principal: Principal | null | undefined, scope: Scope): principal is Principal {
	return !!principal && (principal.scopes.includes(scope) || principal.scopes.includes('admin'));
}

export function canSeeBrand(principal: Principal, brand: string): boolean {
	return principal.brands === null || principal.brands.includes(brand);
}

/** How the audit log names the caller: people by e-mail, everyone else by id. */
export function actorOf(principal: Principal | null | undefined): string {
	if (!principal) return 'anonymous';
	return principal.email ? `user:${principal.email}` : principal.id;
}
