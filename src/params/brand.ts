import type { ParamMatcher } from '@sveltejs/kit';
import { BRAND_PATTERN } from '$lib/metrics';

export const match: ParamMatcher = (param) => BRAND_PATTERN.test(param);
