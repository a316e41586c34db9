import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io';
import type { Principal } from './principal';
import { revalidateSockets, socketRevalidator } from './socket';

function fakeSocket(principal: Principal) {
	const socket = {
		data: { principal },
		disconnected: false,
		disconnect() {
			socket.disconnected = true;
		}
	};
	return socket;
}

const user = (id: string): Principal => ({
	id,
	kind: 'user',
	role: 'analyst',
	scopes: ['read'],
	brands: null
});

describe('socket revalidation', () => {
	it('drops sockets whose credentials no longer hold, refreshes the others, skips the master key', async () => {
		const kept = fakeSocket(user('user:kept'));
		const dropped = fakeSocket(user('user:gone'));
		const master = fakeSocket({ id: 'master', kind: 'master', scopes: ['admin'], brands: null });
		const checked: string[] = [];
		const count = await revalidateSockets([kept, dropped, master] as unknown as Socket[], async (socket) => {
			const principal = socket.data.principal as Principal;
			checked.push(principal.id);
			return principal.id === 'user:kept' ? { ...principal, role: 'viewer' } : null;
		});
		expect(count).toBe(1);
		expect(checked).toEqual(['user:kept', 'user:gone']);
		expect(dropped.disconnected).toBe(true);
		expect(kept.disconnected).toBe(false);
		expect((kept.data.principal as Principal).role).toBe('viewer');
	});

	it('coalesces changes that arrive during a pass into one more pass', async () => {
		let passes = 0;
		let release: () => void = () => {};
		const schedule = socketRevalidator(
			() =>
				new Promise<void>((resolve) => {
					passes += 1;
					release = resolve;
				})
		);
		schedule();
		schedule();
		schedule();
		expect(passes).toBe(1);
		release();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(passes).toBe(2);
		release();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(passes).toBe(2);
	});
});
