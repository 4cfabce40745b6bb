/**
 * What every benchmark zone holds beyond its apex NS records (bench/api/seed.ts makes those), and the
 * queries asked of it: one list of each here, so the query file only asks for what the zones are
 * known to hold, and both servers are asked the same.
 */

/** A record of a zone, as the store keeps it (names fully qualified, lower case). */
export interface ZoneRecord {
  name: string;
  type: string;
  content: string;
  priority: number | null;
}

/** Documentation addresses (RFC 5737, RFC 3849), a few per zone so that answers differ between zones. */
const v4 = (zone: number, host: number) => `192.0.${2 + (zone % 3) * 49}.${host}`;
const v6 = (zone: number, host: number) => `2001:db8:${(zone >> 8).toString(16)}:${(zone & 255).toString(16)}::${host}`;

/** The records of the `n`th zone (`zone` its name): a web site, its mail, an SPF policy and an alias. */
export function zoneRecords(zone: string, n: number): ZoneRecord[] {
  return [
    { name: zone, type: 'A', content: v4(n, 10), priority: null },
    { name: zone, type: 'AAAA', content: v6(n, 10), priority: null },
    { name: zone, type: 'MX', content: `mail.${zone}`, priority: 10 },
    { name: zone, type: 'TXT', content: `v=spf1 mx include:_spf.${zone} -all`, priority: null },
    { name: `www.${zone}`, type: 'A', content: v4(n, 20), priority: null },
    { name: `mail.${zone}`, type: 'A', content: v4(n, 30), priority: null },
    { name: `mail.${zone}`, type: 'AAAA', content: v6(n, 30), priority: null },
    { name: `ftp.${zone}`, type: 'CNAME', content: `www.${zone}`, priority: null },
  ];
}

/**
 * The questions asked of every zone (dnsperf's "name type" lines): existing A, AAAA, MX (with its
 * host's addresses as additional data), TXT and NS; a CNAME followed to an A record; a name that does
 * not exist (NXDOMAIN) and a type a name does not have (NODATA). Resolvers mostly ask for addresses,
 * so most questions are A or AAAA.
 */
export function zoneQueries(zone: string): string[] {
  return [
    `${zone} A`,
    `www.${zone} A`,
    `${zone} AAAA`,
    `${zone} MX`,
    `${zone} TXT`,
    `${zone} NS`,
    `ftp.${zone} A`,
    `nothing-here.${zone} A`,
    `www.${zone} AAAA`,
  ];
}
