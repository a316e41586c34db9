import { ROLES, type Principal, type Role, type Scope } from './principal';

/**
 * What a caller may do, finer than the API-key scopes: a viewer reads dashboards but not raw mentions, an
 * analyst also drills down, exports and works the response desk, an admin configures.
 */
export const PERMISSIONS = ['browse', 'view', 'drilldown', 'export', 'respond', 'ingest', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * A route's rule: a permission, or `open` (anyone; the route may check more itself), `source` (a platform
 * webhook that checks its own signature: anonymous passes to it, a caller without `ingest` does not),
 * `board` (the wall's own check).
 */
export type RouteRule = Permission | 'open' | 'source' | 'board';

const ALL: readonly Permission[] = PERMISSIONS;

/** `browse` is the dashboard pages; `view` the aggregate reads behind them, which wall boards need too. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
	viewer: ['browse', 'view'],
	analyst: ['browse', 'view', 'drilldown', 'export', 'respond'],
	admin: ALL
};

/** API-key scopes keep exactly what they allowed before roles existed. */
const SCOPE_PERMISSIONS: Record<Scope, readonly Permission[]> = {
	read: ['browse', 'view', 'drilldown', 'export'],
	ingest: ['ingest', 'respond'],
	admin: ALL
};

export function can(principal: Principal | null | undefined, permission: Permission): boolean {
	if (!principal) return false;
	if (principal.kind === 'master') return true;
	if (principal.kind === 'board') return permission === 'view';
	if (principal.kind === 'user') {
		return (
			!!principal.role &&
			ROLES.includes(principal.role) &&
			ROLE_PERMISSIONS[principal.role].includes(permission)
		);
	}
	return principal.scopes.some((scope) => SCOPE_PERMISSIONS[scope].includes(permission));
}

/**
 * Every route and method, by SvelteKit route id. The hooks enforce it before the route runs, for pages, their
 * form actions (POST) and the API alike; a route missing here is refused for everyone, so a new route cannot
 * go live unguarded (tests/authz.spec.ts and policy.test.ts also fail on it).
 */
export const ROUTE_RULES: Record<string, RouteRule> = {
	// Pages
	'GET /': 'browse',
	'GET /login': 'open',
	'POST /login': 'open',
	'POST /logout': 'open',
	'GET /b/[brand=brand]': 'browse',
	'GET /b/[brand=brand]/desk': 'browse',
	'GET /b/[brand=brand]/mentions': 'drilldown',
	'GET /b/[brand=brand]/spikes': 'browse',
	'POST /b/[brand=brand]/spikes': 'respond',
	'GET /wall/[board]': 'board',
	'GET /wall/[board]/state': 'board',
	'GET /admin': 'admin',
	'GET /admin/users': 'admin',
	'POST /admin/users': 'admin',
	'GET /admin/keys': 'admin',
	'POST /admin/keys': 'admin',
	'GET /admin/brands': 'admin',
	'POST /admin/brands': 'admin',
	'GET /admin/boards': 'admin',
	'POST /admin/boards': 'admin',
	'GET /admin/sources': 'admin',
	'POST /admin/sources': 'admin',
	'GET /admin/alerts': 'admin',
	'POST /admin/alerts': 'admin',
	'GET /admin/audit': 'admin',
	// API
	'GET /healthz': 'open',
	'GET /api/v1/metrics': 'view',
	'GET /api/v1/mentions': 'drilldown',
	'POST /api/v1/mentions': 'ingest',
	'POST /api/v1/responses': 'ingest',
	'POST /api/v1/mentions/[id]/answer': 'respond',
	'GET /api/v1/export': 'export',
	'GET /api/v1/breakdown': 'drilldown',
	'GET /api/v1/share-of-voice': 'view',
	'GET /api/v1/queue': 'view',
	'GET /api/v1/latency': 'view',
	'GET /api/v1/brands/[brand=brand]/settings': 'view',
	'PUT /api/v1/brands/[brand=brand]/settings': 'admin',
	'GET /api/v1/spikes': 'view',
	'GET /api/v1/spikes/[id]/drivers': 'view',
	'GET /api/v1/annotations': 'view',
	'POST /api/v1/annotations': 'respond',
	'DELETE /api/v1/annotations/[id]': 'respond',
	'GET /api/v1/alerts/log': 'admin',
	'GET /api/v1/alerts/rules': 'admin',
	'POST /api/v1/alerts/rules': 'admin',
	'DELETE /api/v1/alerts/rules/[id]': 'admin',
	'GET /api/v1/alerts/webhooks': 'admin',
	'POST /api/v1/alerts/webhooks': 'admin',
	'DELETE /api/v1/alerts/webhooks/[id]': 'admin',
	'GET /api/v1/keys': 'admin',
	'POST /api/v1/keys': 'admin',
	'DELETE /api/v1/keys/[id]': 'admin',
	'GET /api/v1/users': 'admin',
	'POST /api/v1/users': 'admin',
	'GET /api/v1/users/[id]': 'admin',
	'PATCH /api/v1/users/[id]': 'admin',
	'DELETE /api/v1/users/[id]': 'admin',
	'GET /api/v1/stats': 'admin',
	'GET /api/v1/audit': 'admin',
	'GET /api/v1/boards': 'admin',
	'POST /api/v1/boards': 'admin',
	'GET /api/v1/boards/[id]': 'admin',
	'PUT /api/v1/boards/[id]': 'admin',
	'DELETE /api/v1/boards/[id]': 'admin',
	'POST /api/v1/boards/[id]/tokens': 'admin',
	'DELETE /api/v1/boards/[id]/tokens/[tokenId]': 'admin',
	'GET /api/v1/sources/feeds': 'admin',
	'POST /api/v1/sources/feeds': 'admin',
	'DELETE /api/v1/sources/feeds': 'admin',
	'GET /api/v1/sources/webhooks': 'admin',
	'GET /api/v1/sources/webhooks/[name]': 'admin',
	'PUT /api/v1/sources/webhooks/[name]': 'admin',
	'DELETE /api/v1/sources/webhooks/[name]': 'admin',
	'GET /api/v1/sources/generic/[name]/mapping': 'admin',
	'PUT /api/v1/sources/generic/[name]/mapping': 'admin',
	'POST /api/v1/sources/generic/[name]': 'source',
	'POST /api/v1/sources/twitter': 'source',
	'POST /api/v1/sources/reddit': 'source',
	'POST /api/v1/sources/zendesk/[name]': 'source',
	'POST /api/v1/sources/freshdesk/[name]': 'source',
	'GET /api/v1/sources/meta/[name]': 'source',
	'POST /api/v1/sources/meta/[name]': 'source'
};

/** The rule for a request; HEAD is a GET. Undefined means no rule: refuse. */
export function ruleFor(method: string, routeId: string): RouteRule | undefined {
	const verb = method === 'HEAD' ? 'GET' : method;
	return ROUTE_RULES[`${verb} ${routeId}`];
}

export type Decision = { allow: true } | { allow: false; status: 401 | 403; message: string; login: boolean };

/** Whether `principal` may make this request: 401 asks for credentials, 403 says they are not enough. */
export function authorize(principal: Principal | null, method: string, routeId: string): Decision {
	const rule = ruleFor(method, routeId);
	if (rule === undefined) {
		return {
			allow: false,
			status: 403,
			login: false,
			message: `no authorization rule for ${method} ${routeId}`
		};
	}
	if (rule === 'open' || rule === 'board') return { allow: true };
	if (rule === 'source') {
		return !principal || can(principal, 'ingest')
			? { allow: true }
			: { allow: false, status: 403, login: false, message: 'this caller may not post source data' };
	}
	if (!principal) return { allow: false, status: 401, login: true, message: 'log in or send a key' };
	if (can(principal, rule)) return { allow: true };
	return { allow: false, status: 403, login: false, message: deniedMessage(principal, rule) };
}

function deniedMessage(principal: Principal, permission: Permission): string {
	const who =
		principal.kind === 'user'
			? `the ${principal.role} role`
			: principal.kind === 'board'
				? 'a wall board token'
				: `this key (${principal.scopes.join(', ')})`;
	const what: Record<Permission, string> = {
		browse: 'open the dashboards',
		view: 'read dashboards',
		drilldown: 'drill down into mentions',
		export: 'export mentions',
		respond: 'work the response desk or annotate',
		ingest: 'send data',
		admin: 'administer Brandpulse'
	};
	return `${who} may not ${what[permission]}`;
}
