import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/core/clock.js';
import { dsOf, generateZoneKey, type DsRecord } from '../../../src/core/dns/dnssec/key-material.js';
import type { ZoneSigning, ZoneSigningKey } from '../../../src/ports/dns.js';
import { BuiltinDnsProvider } from '../../../src/providers/dns/builtin/builtin-provider.js';
import { DnsServer } from '../../../src/servers/dns/server.js';
import { Signer } from '../../../src/servers/dns/dnssec/signer.js';
import { snapshot } from './helpers.js';

/**
 * A signed sample zone on the real server (a BuiltinDnsProvider's index, signed with setSigning as the
 * core does), with every kind of answer a validator must accept: plain RRsets, a CNAME, an MX, a
 * wildcard, an empty non-terminal, an insecure and a secure delegation, and the dynamic answers
 * (ANAME, fallback_ip, a web forward).
 */

export const ZONE = 'dnssec.test';

export function signingKey(overrides: Partial<ZoneSigningKey> = {}): ZoneSigningKey {
  const k = generateZoneKey();
  return { keyTag: k.keyTag, algorithm: 13, flags: 257, publicKey: k.publicKey, privateKey: k.privateKey, signs: true, cds: true, ...overrides };
}

export const signing = (keys: ZoneSigningKey[], cdsDelete = false): ZoneSigning => ({ keys, dnskeyTtl: 3600, cdsDelete });

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
  await provider.setSigning(zone, signing([key]));
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
    await provider.setSigning(zone, signing(keys));
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

const dir = mkdtempSync(join(tmpdir(), 'hostplane-dnssec-'));
let files = 0;

/** A trust anchors file for delv (`trust-anchors { zone static-ds ...; }`, BIND 9.15+) holding `ds`. */
export function anchorsFile(zone: string, ds: DsRecord[]): string {
  const file = join(dir, `anchors-${++files}.conf`);
  writeFileSync(file, `trust-anchors {\n${ds.map((d) => `  ${zone}. static-ds ${d.keyTag} ${d.algorithm} ${d.digestType} "${d.digest}";\n`).join('')}};\n`);
  return file;
}

export const dsOfKey = (zone: string, key: ZoneSigningKey) => dsOf(zone, key);

export function requireTool(tool: string, args: string[], pkg: string): void {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
  } catch {
    assert.fail(`${tool} is not installed: apt-get install -y ${pkg}`);
  }
}

/** Runs a tool, resolving with its stdout and stderr whatever its exit status. */
export function runTool(tool: string, args: string[], options: { input?: string; timeout?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(tool, args, { timeout: options.timeout ?? 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/**
 * delv (bind9-dnsutils) asking our server, validating from `anchors` with `zone` as the root of trust
 * (+root). It reports "fully validated" (or "negative response, fully validated") only when every
 * signature and denial proof checks out from the anchor.
 */
export async function delv(port: number, anchors: string, zone: string, name: string, type: string): Promise<string> {
  const { stdout, stderr } = await runTool('delv', ['@127.0.0.1', '-p', String(port), '-a', anchors, `+root=${zone}`, name, type]);
  return stdout + stderr;
}
