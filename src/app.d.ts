import type { Brandpulse } from '$lib/server/app';
import type { Principal } from '$lib/server/auth/principal';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			app: Brandpulse;
			principal: Principal | null;
		}
	}
}

export {};
