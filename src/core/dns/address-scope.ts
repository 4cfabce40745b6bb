import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Where an IP address leads, after the IANA special-purpose address registries (RFC 6890 and its
 * updates): the fallback_ip health checks (servers/dns/health.ts) connect only to public addresses, so
 * that a record cannot make our servers tell the world which hosts inside our network answer (the
 * audit: a check of 127.0.0.30 did).
 * - internal: hosts inside some network: unspecified, loopback, private (RFC 1918), shared/CGNAT (RFC
 *   6598), link-local (RFC 3927, RFC 4291), IETF protocol assignments (192.0.0.0/24), unique local
 *   (RFC 4193), and IPv4-mapped or NAT64 forms of those;
 * - reserved: not a host anyone serves from: documentation (RFC 5737, RFC 3849), benchmarking (RFC
 *   2544, RFC 5180), multicast, the former class E, broadcast, discard-only (RFC 6666), 6to4 relay
 *   anycast, ORCHID and the other blocks of 2001::/23;
 * - public: every other address.
 */
export type AddressScope = 'public' | 'internal' | 'reserved';

const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16],
] as const) INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) INTERNAL.addSubnet(net, prefix, 'ipv6');

const RESERVED = new BlockList();
for (const [net, prefix] of [
  ['192.0.2.0', 24], ['192.88.99.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) RESERVED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['2001:db8::', 32], ['2001::', 23], ['100::', 64], ['ff00::', 8], ['fec0::', 10]] as const) {
  RESERVED.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 one carries: mapped (::ffff:a.b.c.d) or the NAT64 well-known prefix (64:ff9b::/96). */
function embeddedIPv4(address: string): string | undefined {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The scope of `address` (IPv4 or IPv6 text); anything that is not an address is "reserved". */
export function addressScope(address: string): AddressScope {
  if (isIPv4(address)) {
    if (INTERNAL.check(address, 'ipv4')) return 'internal';
    if (RESERVED.check(address, 'ipv4') || address === '255.255.255.255') return 'reserved';
    return 'public';
  }
  if (!isIPv6(address) || address.includes('%')) return 'reserved';
  const v4 = embeddedIPv4(address);
  if (v4 !== undefined) return addressScope(v4);
  if (INTERNAL.check(address, 'ipv6')) return 'internal';
  if (RESERVED.check(address, 'ipv6')) return 'reserved';
  // Only 2000::/3 is allocated for global unicast (RFC 4291 2.4); the rest of the space is unassigned.
  return /^[23][0-9a-f]{0,3}:/i.test(address) ? 'public' : 'reserved';
}

export const isPublicAddress = (address: string): boolean => addressScope(address) === 'public';
