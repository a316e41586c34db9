import type { PageServerLoad } from './$types';

/** Counts for the overview; each section has its own page. */
export const load: PageServerLoad = async ({ locals }) => {
	const app = locals.app;
	const [users, keys, boards, profiles] = await Promise.all([
		app.users.list(),
		app.keys.list(),
		app.boards.list(),
		app.brandProfiles.list()
	]);
	return {
		counts: {
			users: users.length,
			keys: keys.filter((key) => !key.revoked_at).length,
			boards: boards.length,
			brands: profiles.length
		}
	};
};
