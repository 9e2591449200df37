/**
 * Which network addresses a webhook may reach (issue 10, finding 8): public unicast only. The one
 * rule for the API (at registration) and the worker (at delivery, against DNS rebinding); each
 * resolves names itself, this only judges addresses, so it stays pure (no DNS, no Node built-ins).
 */

/** IPv4 ranges no webhook may reach: this host, private, shared, link-local, loopback and more. */
const BLOCKED_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 included
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

/** The 32-bit value of a dotted IPv4 address, or null when it is not one. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** The eight 16-bit groups of an IPv6 address (`::`, embedded IPv4 and a zone allowed), or null. */
export function parseIPv6(text: string): number[] | null {
  let address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (!address.includes(':')) return null;
  const lastColon = address.lastIndexOf(':');
  const last = address.slice(lastColon + 1);
  if (last.includes('.')) {
    // `::ffff:127.0.0.1` → `::ffff:7f00:1`
    const v4 = parseIPv4(last);
    if (v4 === null) return null;
    const high = Math.floor(v4 / 65536).toString(16);
    address = `${address.slice(0, lastColon + 1)}${high}:${(v4 % 65536).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) =>
    half === ''
      ? []
      : half.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? Number.parseInt(g, 16) : -1));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head.includes(-1) || tail.includes(-1)) return null;
  const total = head.length + tail.length;
  if (halves.length === 1) return total === 8 ? head : null;
  if (total > 7) return null;
  return [...head, ...new Array<number>(8 - total).fill(0), ...tail];
}

function inV4Range(value: number, base: string, bits: number): boolean {
  const start = parseIPv4(base) as number;
  const size = 2 ** (32 - bits);
  return value >= start && value < start + size;
}

function isBlockedV4(value: number): boolean {
  return BLOCKED_V4.some(([base, bits]) => inV4Range(value, base, bits));
}

function isBlockedV6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const v4Tail = g6 * 65536 + g7;
  if (g.every((x) => x === 0)) return true; // ::
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0 && g6 === 0 && g7 === 1) return true; // ::1
    if (g5 === 0xffff || g5 === 0) return isBlockedV4(v4Tail); // ::ffff:a.b.c.d, ::a.b.c.d
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isBlockedV4(v4Tail); // NAT64 64:ff9b::a.b.c.d
  }
  if (g0 === 0x2002) return isBlockedV4(g1 * 65536 + g2); // 6to4 carries an IPv4 address
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only 100::/64
  return false;
}

/**
 * True when a webhook may be sent to `address` (an IP literal): a public unicast address. Anything
 * that is not an IP address, and every loopback, private, link-local, shared, multicast or
 * reserved address, is refused.
 */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4 !== null) return !isBlockedV4(v4);
  const v6 = parseIPv6(address);
  if (v6 !== null) return !isBlockedV6(v6);
  return false;
}
