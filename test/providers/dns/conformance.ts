import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DnsProviderError,
  recordKey,
  sortRecords,
  type DnsProvider,
  type PublishedRecord,
  type ZoneSoa,
} from '../../../src/ports/dns.js';

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
  TXT: (z) => [record(z, 'TXT', 'v=spf1 -all'), record(`long.${z}`, 'TXT', 'x'.repeat(1000))],
  CAA: (z) => [record(z, 'CAA', '0 issue "letsencrypt.org"')],
  DS: (z) => [record(`sub.${z}`, 'DS', `12345 13 2 ${'ab'.repeat(32)}`)],
};

const keys = (records: PublishedRecord[]) => sortRecords(records).map(recordKey);

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
      const rrsets = Object.entries(SAMPLES)
        .filter(([type]) => p.capabilities.types.includes(type))
        .flatMap(([, sample]) => {
          const records = sample(z);
          const sets = new Map<string, PublishedRecord[]>();
          for (const r of records) sets.set(`${r.name} ${r.type}`, [...(sets.get(`${r.name} ${r.type}`) ?? []), r]);
          return [...sets.values()].map((rs) => ({ name: rs[0]!.name, type: rs[0]!.type, records: rs }));
        });
      await p.applyChanges(z, { soa: soa(2), rrsets });
      const zone = await p.readZone(z);
      assert.equal(zone?.soa.serial, 2);
      assert.deepEqual(keys(zone!.records), keys(rrsets.flatMap((r) => r.records)));
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

    it('deleteZone removes the zone; deleting it again is no error', async () => {
      const z = zoneName();
      await p.ensureZone(z, soa(1));
      await p.deleteZone(z);
      assert.equal(await p.readZone(z), undefined);
      assert.ok(!(await p.listZones()).some((l) => l.name === z));
      await p.deleteZone(z);
    });
  });
}
