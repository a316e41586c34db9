import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses an outbound request must never reach: anything that is not a public unicast address.
 * Ranges are matched with Node's built-in `net.BlockList` (no dependency to keep patched); IPv6 forms that
 * embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by the IPv4 address inside.
 */
const RANGES: [reason: string, ranges: [network: string, prefix: number][]][] = [
	[
		'unspecified',
		[
			['0.0.0.0', 8],
			['::', 128]
		]
	],
	[
		'loopback',
		[
			['127.0.0.0', 8],
			['::1', 128]
		]
	],
	[
		'private',
		[
			['10.0.0.0', 8],
			['172.16.0.0', 12],
			['192.168.0.0', 16],
			['fc00::', 7]
		]
	],
	[
		'link-local',
		[
			['169.254.0.0', 16],
			['fe80::', 10],
			['fec0::', 10]
		]
	],
	['shared address space (CGNAT)', [['100.64.0.0', 10]]],
	[
		'multicast',
		[
			['224.0.0.0', 4],
			['ff00::', 8]
		]
	],
	[
		'documentation',
		[
			['192.0.2.0', 24],
			['198.51.100.0', 24],
			['203.0.113.0', 24],
			['2001:db8::', 32]
		]
	],
	[
		'reserved',
		[
			['192.0.0.0', 24],
			['192.88.99.0', 24],
			['198.18.0.0', 15],
			['240.0.0.0', 4],
			['100::', 64],
			['2001::', 23],
			['64:ff9b:1::', 48]
		]
	]
];

const LISTS = RANGES.map(([reason, ranges]) => {
	const list = new BlockList();
	for (const [network, prefix] of ranges)
		list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
	return { reason, list };
});

/** Eight 16-bit groups of an IPv6 address (zone id dropped), or null if it is not one. */
export function ipv6Groups(address: string): number[] | null {
	let text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	if (isIP(text) !== 6) return null;
	const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (dotted) {
		const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
		text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
	const parse = (part: string | undefined) =>
		part ? part.split(':').map((group) => parseInt(group, 16)) : [];
	const left = parse(head);
	const right = parse(tail);
	const groups =
		tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
	return groups.length === 8 ? groups : null;
}

const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** The IPv4 address an IPv6 address stands for, if it is one of the forms that embed one. */
export function embeddedIPv4(address: string): { ipv4: string; form: string } | null {
	const g = ipv6Groups(address);
	if (!g) return null;
	const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
	if (zeros(0, 5) && g[5] === 0xffff) return { ipv4: v4(g[6]!, g[7]!), form: 'IPv4-mapped' };
	// ::a.b.c.d (deprecated "IPv4-compatible"); :: and ::1 themselves are judged as IPv6.
	if (zeros(0, 6) && (g[6]! > 0 || g[7]! > 1)) return { ipv4: v4(g[6]!, g[7]!), form: 'IPv4-compatible' };
	if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return { ipv4: v4(g[6]!, g[7]!), form: 'NAT64' };
	if (g[0] === 0x2002) return { ipv4: v4(g[1]!, g[2]!), form: '6to4' };
	return null;
}

/**
 * Why `address` (an IP literal, IPv6 with or without brackets) must not be reached, or null when it is a
 * public unicast address. Something that is not an IP address at all is refused too.
 */
export function blockedReason(address: string): string | null {
	const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	const family = isIP(bare);
	if (family === 0) return 'is not an IP address';
	if (family === 6) {
		const embedded = embeddedIPv4(bare);
		if (embedded) {
			const inner = blockedReason(embedded.ipv4);
			return inner ? `${embedded.form} ${inner}` : null;
		}
	}
	const type = family === 6 ? 'ipv6' : 'ipv4';
	return LISTS.find(({ list }) => list.check(bare, type))?.reason ?? null;
}
