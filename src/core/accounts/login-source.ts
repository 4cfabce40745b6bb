import { isIPv4, isIPv6 } from 'node:net';

/**
 * The source a login attempt is counted against: an IPv4 address as it is, an IPv6 address by its /64
 * prefix ("2001:db8:1:2::/64"). A single IPv6 host is usually handed a whole /64 (RFC 4291's subnet
 * size; SLAAC and ISPs assign one per customer), so counting single IPv6 addresses would give one
 * attacker 2^64 fresh budgets. IPv4-mapped IPv6 addresses ("::ffff:192.0.2.1", a dual-stack socket's
 * view of an IPv4 peer) count as the IPv4 address. Anything else is counted as given.
 */
export function loginSource(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  return `${prefix64(address.split('%')[0]!).join(':')}::/64`;
}

/** The first four hextets of a valid IPv6 address, without leading zeros ("2001:0db8::1" -> 2001,db8,0,0). */
function prefix64(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  let hextets = left;
  if (tail !== undefined) {
    const right = tail === '' ? [] : tail.split(':');
    // An embedded IPv4 tail ("64:ff9b::192.0.2.1") stands for two hextets.
    const rightCount = right.reduce((n, part) => n + (part.includes('.') ? 2 : 1), 0);
    hextets = [...left, ...Array<string>(8 - left.length - rightCount).fill('0'), ...right];
  }
  return hextets.slice(0, 4).map((h) => parseInt(h, 16).toString(16));
}
