import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DnsProviderError,
  recordKey,
  sortRecords,
  type DnsProvider,
  type PublishedRecord,
  type ServedSigning,
  type ZoneSigningKey,
  type ZoneSoa,
} from '../../../src/ports/dns.js';
import { diffZone } from '../../../src/core/dns/zone-snapshot.js';
import { dsOf } from '../../../src/core/dns/dnssec/key-material.js';
import { signingKey, signingOf } from '../../helpers/dnssec-keys.js';

/**
 * The one suite every DNS provider passes (ports/dns.ts), for the record types and features it
 * declares. A provider's test file calls describeDnsProvider with a factory for a fresh provider
 * (for PowerDNS: one pointed at a real server with an empty database).
 */

export interface ProviderUnderTest {
  provider: DnsProvider;
  close?(): Promise<void>;
}

const soa = (serial: number): ZoneSoa => ({
  primary_ns: 'ns1.hostplane.test', hostmaster: 'hostmaster.hostplane.test', serial, refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600, ttl: 3600,
});

const record = (name: string, type: string, content: string, extra: Partial<PublishedRecord> = {}): PublishedRecord => ({
  name, type, content, ttl: 3600, priority: null, weight: null, port: null, fallback_ip: null, ...extra,
});

/** One sample RRset per type a provider may declare, in the content format of ports/dns.ts. */
const SAMPLES: Record<string, (zone: string) => PublishedRecord[]> = {
  A: (z) => [record(`www.${z}`, 'A', '192.0.2.1'), record(`www.${z}`, 'A', '192.0.2.2')],
  AAAA: (z) => [record(`www.${z}`, 'AAAA', '2001:db8::1')],
  CNAME: (z) => [record(`alias.${z}`, 'CNAME', `www.${z}`)],
  MX: (z) => [record(z, 'MX', `mail.${z}`, { priority: 10 }), record(z, 'MX', 'mx.example.net', { priority: 20 })],
  NS: (z) => [record(z, 'NS', 'ns1.hostplane.test'), record(z, 'NS', 'ns2.hostplane.test')],
  SRV: (z) => [record(`_sip._tcp.${z}`, 'SRV', `sip.${z}`, { priority: 10, weight: 60, port: 5060 })],
  TXT: (z) => [
    record(z, 'TXT', 'v=spf1 -all'),
    record(`long.${z}`, 'TXT', 'x'.repeat(1000)),
    // Quotes, backslashes, semicolons and UTF-8, cut at 255 bytes inside a two-byte character.
    record(`_dmarc.${z}`, 'TXT', 'v=DMARC1; p=none; rua=mailto:"dmarc"@example.fi \\ end'),
    record(`utf8.${z}`, 'TXT', `${'a'.repeat(254)}äöå €`),
  ],
  CAA: (z) => [record(z, 'CAA', '0 issue "letsencrypt.org"'), record(z, 'CAA', '128 iodef "mailto:security@example.fi"')],
  DS: (z) => [record(`sub.${z}`, 'DS', `12345 13 2 ${'ab'.repeat(32)}`)],
  ANAME: (z) => [record(`edge.${z}`, 'ANAME', 'target.example.net', { ttl: 300 })],
  LUA: (z) => [record(`lua.${z}`, 'LUA', `A "ifportup(443, {'192.0.2.1', '192.0.2.2'})"`)],
  // Web forwards: no DNS data of their own, but kept (their names answer with the web forwarder's address).
  URL: (z) => [record(`go.${z}`, 'URL', 'https://example.fi/landing?from=dns&x=1')],
  URLFRAME: (z) => [record(`frame.${z}`, 'URLFRAME', 'https://example.net/')],
  FORWARD: (z) => [record(`fwd.${z}`, 'FORWARD', 'http://example.org/path')],
};

/** RRsets of the samples of every type `p` declares, for one change set. */
function sampleRRsets(p: DnsProvider, z: string) {
  return Object.entries(SAMPLES)
    .filter(([type]) => p.capabilities.types.includes(type))
    .flatMap(([, sample]) => {
      const sets = new Map<string, PublishedRecord[]>();
      for (const r of sample(z)) sets.set(`${r.name} ${r.type}`, [...(sets.get(`${r.name} ${r.type}`) ?? []), r]);
      return [...sets.values()].map((rs) => ({ name: rs[0]!.name, type: rs[0]!.type, records: rs }));
    });
}

const keys = (records: PublishedRecord[]) => sortRecords(records).map(recordKey);

/** What a provider must serve for `keys` at `zone`: their tags, and the DS we compute (dsOf), in tag order. */
export const servedFor = (zone: string, keys: ZoneSigningKey[]): ServedSigning => ({
  keyTags: keys.map((k) => k.keyTag).sort((a, b) => a - b),
  ds: keys.map((k) => dsOf(zone, k)).sort((a, b) => a.keyTag - b.keyTag),
});

/** A provider's answer in the same order (it may list its keys in any). */
const sorted = (served: ServedSigning | undefined): ServedSigning | undefined =>
  served && { keyTags: [...served.keyTags].sort((a, b) => a - b), ds: [...served.ds].sort((a, b) => a.keyTag - b.keyTag) };

export function describeDnsProvider(name: string, make: () => Promise<ProviderUnderTest>): void {
  describe(`DNS provider conformance: ${name}`, () => {
    let under: ProviderUnderTest;
    let p: DnsProvider;
    let seq = 0;
    const zoneName = () => `conformance${++seq}.fi`;

    before(async () => {
      under = await make();
      p = under.provider;
    });
    after(() => under?.close?.());

    it('declares its capabilities', () => {
      assert.ok(p.capabilities.types.length > 0);
      for (const type of ['A', 'NS']) assert.ok(p.capabilities.types.includes(type), `every provider serves ${type}`);
    });

    it('ensureZone creates an empty zone with its SOA, once', async () => {
      const z = zoneName();
      assert.equal(await p.readZone(z), undefined);
      await p.ensureZone(z, soa(2026030101));
      assert.deepEqual(await p.readZone(z), { name: z, soa: soa(2026030101), records: [] });
      assert.ok((await p.listZones()).some((l) => l.name === z && l.serial === 2026030101));
      await p.applyChanges(z, { soa: soa(2026030102), rrsets: [{ name: `www.${z}`, type: 'A', records: SAMPLES.A!(z) }] });
      // Again: nothing changes, the records stay.
      await p.ensureZone(z, soa(2026030101));
      const zone = await p.readZone(z);
      assert.equal(zone?.soa.serial, 2026030102);
      assert.equal(zone?.records.length, 2);
    });

    it('applies a change set of every declared type and reads it back as applied', async () => {
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      const rrsets = sampleRRsets(p, z);
      assert.ok(rrsets.length >= 9, 'every plain type is in the change set');
      await p.applyChanges(z, { soa: soa(2), rrsets });
      const zone = await p.readZone(z);
      assert.equal(zone?.soa.serial, 2);
      assert.deepEqual(keys(zone!.records), keys(rrsets.flatMap((r) => r.records)));
      assert.ok((await p.listZones()).some((l) => l.name === z && l.serial === 2), 'listZones shows the new serial');
    });

    it('reads back what it holds so that planning again finds no difference', async () => {
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      const desired = { name: z, soa: soa(2), records: sortRecords(sampleRRsets(p, z).flatMap((r) => r.records)) };
      await p.applyChanges(z, diffZone([], desired));
      const held = await p.readZone(z);
      assert.deepEqual(held?.soa, desired.soa);
      assert.deepEqual(diffZone(held!.records, desired).rrsets, [], 'nothing left to change');
    });

    it('takes the SOA of a change set as given, serial and timers alike', async () => {
      const z = zoneName();
      await p.ensureZone(z, soa(2026030101));
      const next: ZoneSoa = { ...soa(2026030107), primary_ns: 'ns9.hostplane.test', refresh: 600, minimum: 300, ttl: 600 };
      await p.applyChanges(z, { soa: next, rrsets: [] });
      assert.deepEqual((await p.readZone(z))?.soa, next);
    });

    it('replaces an RRset whole, deletes one given no records, and leaves the others alone', async () => {
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      await p.applyChanges(z, {
        soa: soa(2),
        rrsets: [
          { name: `www.${z}`, type: 'A', records: SAMPLES.A!(z) },
          { name: `old.${z}`, type: 'A', records: [record(`old.${z}`, 'A', '192.0.2.9')] },
          { name: `keep.${z}`, type: 'A', records: [record(`keep.${z}`, 'A', '192.0.2.7')] },
        ],
      });
      await p.applyChanges(z, {
        soa: soa(3),
        rrsets: [
          { name: `www.${z}`, type: 'A', records: [record(`www.${z}`, 'A', '192.0.2.3', { ttl: 300 })] },
          { name: `old.${z}`, type: 'A', records: [] },
        ],
      });
      const zone = await p.readZone(z);
      assert.equal(zone?.soa.serial, 3);
      assert.deepEqual(keys(zone!.records), keys([record(`keep.${z}`, 'A', '192.0.2.7'), record(`www.${z}`, 'A', '192.0.2.3', { ttl: 300 })]));
    });

    it('refuses a change to a zone it does not hold, and a type it does not declare', async () => {
      const z = zoneName();
      await assert.rejects(
        p.applyChanges(z, { soa: soa(1), rrsets: [] }),
        (err: unknown) => err instanceof DnsProviderError && err.reason === 'no_zone',
      );
      await p.ensureZone(z, soa(1));
      const undeclared = ['LUA', 'HINFO', 'NAPTR', 'ANAME'].find((t) => !p.capabilities.types.includes(t))!;
      await assert.rejects(
        p.applyChanges(z, { soa: soa(2), rrsets: [{ name: z, type: undeclared, records: [record(z, undeclared, 'x')] }] }),
        (err: unknown) => err instanceof DnsProviderError && err.reason === 'unsupported',
      );
      assert.equal((await p.readZone(z))?.soa.serial, 1, 'a refused change changes nothing');
    });

    it('keeps wildcards and fallback_ip when it declares them', async () => {
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      const rrsets = [];
      if (p.capabilities.features.includes('wildcard')) rrsets.push({ name: `*.${z}`, type: 'A', records: [record(`*.${z}`, 'A', '192.0.2.5')] });
      if (p.capabilities.features.includes('fallback-ip')) {
        rrsets.push({ name: `web.${z}`, type: 'A', records: [record(`web.${z}`, 'A', '192.0.2.6', { fallback_ip: '192.0.2.60' })] });
      }
      await p.applyChanges(z, { soa: soa(2), rrsets });
      assert.deepEqual(keys((await p.readZone(z))!.records), keys(rrsets.flatMap((r) => r.records)));
    });

    it('serves a delegation with its glue when it declares delegation', async (t) => {
      if (!p.capabilities.features.includes('delegation')) return t.skip('no delegation');
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      const rrsets = [
        { name: `sub.${z}`, type: 'NS', records: [record(`sub.${z}`, 'NS', `ns1.sub.${z}`), record(`sub.${z}`, 'NS', 'ns.example.net')] },
        { name: `ns1.sub.${z}`, type: 'A', records: [record(`ns1.sub.${z}`, 'A', '192.0.2.53')] },
      ];
      await p.applyChanges(z, { soa: soa(2), rrsets });
      assert.deepEqual(keys((await p.readZone(z))!.records), keys(rrsets.flatMap((r) => r.records)));
    });

    it('signs a zone with one key, then two, then none, and reads back their tags and DS when it declares dnssec', async (t) => {
      if (!p.capabilities.features.includes('dnssec')) return t.skip('no dnssec');
      assert.ok(p.setSigning && p.readSigning, 'a provider declaring dnssec has setSigning and readSigning');
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      const records = SAMPLES.A!(z);
      await p.applyChanges(z, { soa: soa(2), rrsets: [{ name: `www.${z}`, type: 'A', records }] });
      assert.equal(await p.readSigning(z), undefined, 'a new zone is served unsigned');

      const first = signingKey();
      await p.setSigning(z, signingOf([first]));
      assert.deepEqual(sorted(await p.readSigning(z)), servedFor(z, [first]));
      // Again with the same keys: nothing changes.
      await p.setSigning(z, signingOf([first]));
      assert.deepEqual(sorted(await p.readSigning(z)), servedFor(z, [first]));

      // A rollover's double signature: both keys in the DNSKEY RRset, the new one without CDS yet;
      // then the old one only published (it signs no more) and the CDS moved to the new one.
      const second = signingKey({ cds: false });
      await p.setSigning(z, signingOf([first, second]));
      assert.deepEqual(sorted(await p.readSigning(z)), servedFor(z, [first, second]));
      await p.setSigning(z, signingOf([{ ...first, signs: false, cds: false }, { ...second, cds: true }]));
      assert.deepEqual(sorted(await p.readSigning(z)), servedFor(z, [first, second]), 'a key that does not sign is still served');
      await p.setSigning(z, signingOf([{ ...second, cds: true }], { cdsDelete: true }));
      assert.deepEqual(sorted(await p.readSigning(z)), servedFor(z, [second]));

      // Signing is not data: the records read back as they were, and changes still apply.
      assert.deepEqual(keys((await p.readZone(z))!.records), keys(records));
      await p.applyChanges(z, { soa: soa(3), rrsets: [{ name: `new.${z}`, type: 'A', records: [record(`new.${z}`, 'A', '192.0.2.9')] }] });
      assert.equal((await p.readZone(z))?.soa.serial, 3);
      assert.deepEqual(sorted(await p.readSigning(z)), servedFor(z, [second]));

      await p.setSigning(z, null);
      assert.equal(await p.readSigning(z), undefined, 'null serves the zone unsigned');
      await p.setSigning(z, null);
      assert.equal(await p.readSigning(z), undefined);
    });

    it('refuses to sign a zone it does not hold, and reads no signing for one', async (t) => {
      if (!p.capabilities.features.includes('dnssec')) return t.skip('no dnssec');
      const z = zoneName();
      await assert.rejects(
        p.setSigning!(z, signingOf([signingKey()])),
        (err: unknown) => err instanceof DnsProviderError && err.reason === 'no_zone',
      );
      assert.equal(await p.readSigning!(z), undefined);
    });

    it('deleteZone removes the zone; deleting it again is no error; made again it starts empty', async () => {
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      await p.applyChanges(z, { soa: soa(2), rrsets: [{ name: `www.${z}`, type: 'A', records: SAMPLES.A!(z) }] });
      await p.deleteZone(z);
      assert.equal(await p.readZone(z), undefined);
      assert.ok(!(await p.listZones()).some((l) => l.name === z));
      await p.deleteZone(z);
      await p.ensureZone(z, soa(3));
      assert.deepEqual(await p.readZone(z), { name: z, soa: soa(3), records: [] });
    });
  });
}
