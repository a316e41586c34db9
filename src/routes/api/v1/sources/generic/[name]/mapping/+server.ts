import {
	genericMappingGet,
	genericMappingPut,
	type GenericMappingResponse
} from '$lib/server/adapters/routes';
import type { RequestHandler } from './$types';

export type { GenericMappingResponse };

export const GET: RequestHandler = (event) => genericMappingGet(event);
export const PUT: RequestHandler = (event) => genericMappingPut(event);
