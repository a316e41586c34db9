import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { authorize, can, PERMISSIONS, ROUTE_RULES, type Permission } from './policy';
import { MASTER_PRINCIPAL, ROLE_SCOPES, type Principal, type Role } from './principal';

const user = (role: Role, brands: string[] | null = null): Principal => ({
	id: `user:${role}`,
	kind: 'user',
	role,
	email: `${role}@example.com`,
	scopes: [...ROLE_SCOPES[role]],
	brands
});
const key = (scope: 'read' | 'ingest'): Principal => ({
	id: 'k',
	kind: 'api_key',
	scopes: [scope],
	brands: null
});
const board: Principal = { id: 'board:b', kind: 'board', scopes: ['read'], brands: ['acme'], board: 'b' };

describe('role permissions', () => {
	const table: [string, Principal, Permission[]][] = [
		['viewer', user('viewer'), ['browse', 'view']],
		['analyst', user('analyst'), ['browse', 'view', 'drilldown', 'export', 'respond']],
		['admin', user('admin'), [...PERMISSIONS]],
		['master', MASTER_PRINCIPAL, [...PERMISSIONS]],
		['read key', key('read'), ['browse', 'view', 'drilldown', 'export']],
		['ingest key', key('ingest'), ['respond', 'ingest']],
		['board', board, ['view']]
	];
	for (const [name, principal, allowed] of table) {
		it(`${name} may do exactly ${allowed.join(', ')}`, () => {
			expect(PERMISSIONS.filter((permission) => can(principal, permission))).toEqual(allowed);
		});
	}

	it('a user with an unknown role may do nothing', () => {
		const odd = { ...user('viewer'), role: 'owner' as Role };
		expect(PERMISSIONS.filter((permission) => can(odd, permission))).toEqual([]);
		expect(can(null, 'view')).toBe(false);
	});
});

describe('route decisions', () => {
	it('asks anonymous callers to log in, and tells others what they lack', () => {
		expect(authorize(null, 'GET', '/admin/users')).toMatchObject({ allow: false, status: 401, login: true });
		expect(authorize(user('analyst'), 'GET', '/admin/users')).toMatchObject({
			allow: false,
			status: 403,
			message: 'the analyst role may not administer Brandpulse'
		});
		expect(authorize(user('viewer'), 'GET', '/api/v1/export')).toMatchObject({ allow: false, status: 403 });
		expect(authorize(user('analyst'), 'GET', '/api/v1/export')).toEqual({ allow: true });
		expect(authorize(user('analyst'), 'POST', '/api/v1/mentions')).toMatchObject({ allow: false });
		expect(authorize(user('analyst'), 'POST', '/api/v1/mentions/[id]/answer')).toEqual({ allow: true });
		expect(authorize(user('viewer'), 'POST', '/api/v1/mentions/[id]/answer')).toMatchObject({ allow: false });
	});

	it('lets anonymous platform webhooks through to their signature check, but not a viewer', () => {
		expect(authorize(null, 'POST', '/api/v1/sources/twitter')).toEqual({ allow: true });
		expect(authorize(user('viewer'), 'POST', '/api/v1/sources/twitter')).toMatchObject({ allow: false });
	});

	it('treats HEAD as GET and refuses a route it has no rule for', () => {
		expect(authorize(user('viewer'), 'HEAD', '/')).toEqual({ allow: true });
		expect(authorize(MASTER_PRINCIPAL, 'GET', '/api/v1/new-thing')).toMatchObject({
			allow: false,
			status: 403,
			message: 'no authorization rule for GET /api/v1/new-thing'
		});
		expect(authorize(MASTER_PRINCIPAL, 'OPTIONS', '/')).toMatchObject({ allow: false });
	});
});

/** Route ids and methods as SvelteKit declares them: endpoints' exports, pages' GET and actions' POST. */
function declaredRoutes(root: string): string[] {
	const walk = (dir: string): string[] =>
		readdirSync(dir).flatMap((entry) => {
			const full = path.join(dir, entry);
			return statSync(full).isDirectory() ? walk(full) : [full];
		});
	const routes = new Set<string>();
	for (const file of walk(root)) {
		const id = '/' + path.relative(root, path.dirname(file)).split(path.sep).join('/');
		const route = id === '/.' || id === '/' ? '/' : id;
		const name = path.basename(file);
		if (name === '+server.ts') {
			for (const match of readFileSync(file, 'utf8').matchAll(
				/export const (GET|POST|PUT|PATCH|DELETE)\b/g
			)) {
				routes.add(`${match[1]} ${route}`);
			}
		} else if (name.startsWith('+page.')) {
			routes.add(`GET ${route}`);
			if (name === '+page.server.ts' && /export const actions\b/.test(readFileSync(file, 'utf8'))) {
				routes.add(`POST ${route}`);
			}
		}
	}
	return [...routes];
}

describe('the policy covers the app', () => {
	it('has a rule for every route and method, and a route for every rule', () => {
		const declared = declaredRoutes(path.resolve('src/routes'));
		expect(declared.filter((route) => !(route in ROUTE_RULES))).toEqual([]);
		expect(Object.keys(ROUTE_RULES).filter((rule) => !declared.includes(rule))).toEqual([]);
	});
});
