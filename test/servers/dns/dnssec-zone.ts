import { ManualClock } from '../../../src/core/clock.js';
import type { ZoneSigningKey } from '../../../src/ports/dns.js';
import { BuiltinDnsProvider } from '../../../src/providers/dns/builtin/builtin-provider.js';
import { DnsServer } from '../../../src/servers/dns/server.js';
import { Signer } from '../../../src/servers/dns/dnssec/signer.js';
import { signingOf } from '../../helpers/dnssec-keys.js';
import { snapshot } from './helpers.js';

/**
 * A signed sample zone on the real server (a BuiltinDnsProvider's index, signed with setSigning as the
 * core does), with every kind of answer a validator must accept: plain RRsets, a CNAME, an MX, a
 * wildcard, an empty non-terminal, an insecure and a secure delegation, and the dynamic answers
 * (ANAME, fallback_ip, a web forward). Keys come from test/helpers/dnssec-keys.ts, the validators
 * that check it from test/helpers/validators.ts.
 */

export const ZONE = 'dnssec.test';

/** The zone's records; `ns` are the name servers' addresses (the tools that follow NS ask them). */
export function sampleRecords(zone = ZONE, ns: [string, string] = ['192.0.2.53', '192.0.2.54']) {
  return [
    { name: zone, type: 'NS', content: `ns1.${zone}` },
    { name: zone, type: 'NS', content: `ns2.${zone}` },
    { name: zone, type: 'A', content: '192.0.2.1' },
    { name: zone, type: 'MX', content: `mail.${zone}`, priority: 10 },
    { name: zone, type: 'TXT', content: 'v=spf1 mx -all' },
    { name: `ns1.${zone}`, type: 'A', content: ns[0] },
    { name: `ns2.${zone}`, type: 'A', content: ns[1] },
    { name: `mail.${zone}`, type: 'A', content: '192.0.2.25' },
    { name: `www.${zone}`, type: 'CNAME', content: zone },
    { name: `*.wild.${zone}`, type: 'A', content: '192.0.2.9' },
    { name: `*.cn.${zone}`, type: 'CNAME', content: `mail.${zone}` },
    { name: `a.b.ent.${zone}`, type: 'TXT', content: 'deep' },
    { name: `big.${zone}`, type: 'TXT', content: 'x'.repeat(400) },
    // An insecure delegation (no DS) with glue, and a secure one.
    { name: `sub.${zone}`, type: 'NS', content: `ns.sub.${zone}` },
    { name: `ns.sub.${zone}`, type: 'A', content: '192.0.2.77' },
    { name: `sec.${zone}`, type: 'NS', content: 'ns.elsewhere.example' },
    { name: `sec.${zone}`, type: 'DS', content: `12345 13 2 ${'AB'.repeat(32)}` },
    // Dynamic answers: an ANAME whose target is outside, an A with a fallback, a web forward.
    { name: `flat.${zone}`, type: 'ANAME', content: 'target.outside.example' },
    { name: `web1.${zone}`, type: 'A', content: '192.0.2.30', fallback_ip: '192.0.2.31' },
    { name: `go.${zone}`, type: 'URL', content: 'https://example.com/' },
  ];
}

/** A park server's name: a zone whose NS are all park servers is parked (web-forward.ts). */
export const PARK_NS = 'park1.hostplane.test';

/** A parked zone, signed with `key` in `provider`: its apex and www answer with the web forwarder's address. */
export async function addParkedZone(provider: BuiltinDnsProvider, zone: string, key: ZoneSigningKey): Promise<void> {
  const snap = snapshot(zone, [
    { name: zone, type: 'NS', content: PARK_NS },
    { name: zone, type: 'A', content: '192.0.2.1' },
    { name: zone, type: 'TXT', content: 'parked' },
  ]);
  await provider.ensureZone(zone, snap.soa);
  provider.index.put(snap);
  await provider.setSigning(zone, signingOf([key]));
}

export interface SignedServer {
  port: number;
  provider: BuiltinDnsProvider;
  server: DnsServer;
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * The sample zone signed with `keys`, served on `host:port` (0: a free port). The web forwarder is at
 * 192.0.2.100 (no IPv6), 192.0.2.30 fails its health check, and target.outside.example has 192.0.2.80.
 */
export async function startSigned(keys: ZoneSigningKey[], options: { host?: string; port?: number; zone?: string; ns?: [string, string]; clock?: ManualClock; signer?: Signer; provider?: BuiltinDnsProvider } = {}): Promise<SignedServer> {
  const zone = options.zone ?? ZONE;
  const clock = options.clock ?? new ManualClock(new Date());
  let provider = options.provider;
  if (!provider) {
    provider = new BuiltinDnsProvider();
    const snap = snapshot(zone, sampleRecords(zone, options.ns));
    await provider.ensureZone(zone, snap.soa);
    provider.index.put(snap);
    await provider.setSigning(zone, signingOf(keys));
  }
  const server = new DnsServer(
    {
      index: provider.index,
      health: { isDown: (a) => a === '192.0.2.30', version: 0 },
      alias: { addresses: (target, type) => (target === 'target.outside.example' && type === 'A' ? { addresses: ['192.0.2.80'], ttl: 300 } : { addresses: [], ttl: 300 }), version: 0 },
      web: { address: '192.0.2.100', address6: null, parkNameservers: new Set([PARK_NS]) },
      mayTransfer: () => true,
      signer: options.signer,
    },
    { host: options.host ?? '127.0.0.1', port: options.port ?? 0, clock },
  );
  const port = await server.listen();
  return { port, provider, server, clock, close: () => server.close() };
}
