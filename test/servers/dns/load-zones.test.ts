import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { publishAllZones } from '../../../src/core/dns/publish-zone.js';
import { BuiltinDnsProvider } from '../../../src/providers/dns/builtin/builtin-provider.js';
import { loadAllZones } from '../../../src/servers/dns/load-zones.js';
import { startTestRuntime, type TestRuntime } from '../../helpers/server.js';

/**
 * The start-up load (load-zones.ts) reads the store a page at a time instead of publishing zone by
 * zone: it must leave the index holding exactly what publishing every zone leaves, for zones whose
 * records the snapshot rewrites (SRV owners, MXE, web forwards), across more than one page.
 */

describe('the DNS start-up load', () => {
  let t: TestRuntime;
  const names: string[] = [];

  before(async () => {
    t = await startTestRuntime();
    const at = '2026-03-01T10:00:00.000Z';
    const record = (zone_id: number, r: { name: string; type: string; content: string; priority?: number; weight?: number; port?: number; service?: string; proto?: string; fallback_ip?: string; ttl?: number }) => ({
      zone_id, ttl: 3600, priority: null, weight: null, port: null, service: null, proto: null, redirect_type: null, fallback_ip: null,
      created_at: at, updated_at: at, ...r,
    });
    // More zones than a page (1,000), each with a few records; the odd ones with the rewritten kinds.
    for (let n = 0; n < 1_203; n++) {
      const name = `load-${n}.fi`;
      names.push(name);
      const zone = await t.ctx.store.zones.create({
        domain_id: null, name, serial: 2026030100 + (n % 7), primary_ns: n % 2 ? 'ns1.hostplane.test' : 'ns9.example.net',
        hostmaster: 'hostmaster.hostplane.test', refresh: 7200, retry: 3600, expire: 1209600, minimum: 300, default_ttl: 3600,
        notified_serial: null, created_at: at, updated_at: at,
      });
      if (n === 5) continue; // a zone without records
      await t.ctx.store.records.create(record(zone.id, { name, type: 'A', content: `192.0.2.${n % 250}` }));
      await t.ctx.store.records.create(record(zone.id, { name: `www.${name}`, type: 'CNAME', content: name, ttl: 300 }));
      // Text the load's JSON must carry exactly: quotes, a backslash, a tab, non-ASCII.
      if (n % 3 === 0) await t.ctx.store.records.create(record(zone.id, { name: `txt.${name}`, type: 'TXT', content: `say "hei" \\ \tvälilyönti ${n} 🙂` }));
      if (n % 2) {
        await t.ctx.store.records.create(record(zone.id, { name, type: 'MXE', content: '192.0.2.25', priority: 10 }));
        await t.ctx.store.records.create(record(zone.id, { name, type: 'SRV', content: `sip.${name}`, priority: 1, weight: 5, port: 5060, service: '_sip', proto: '_tcp' }));
        await t.ctx.store.records.create(record(zone.id, { name: `web.${name}`, type: 'A', content: '192.0.2.80', fallback_ip: '192.0.2.81' }));
        await t.ctx.store.records.create(record(zone.id, { name: `go.${name}`, type: 'URL', content: 'https://example.net/' }));
      }
    }
  });
  after(() => t?.close());

  it('leaves the index as publishing every zone does', async () => {
    const published = new BuiltinDnsProvider();
    const loaded = new BuiltinDnsProvider();
    assert.equal(await publishAllZones({ ...t.ctx, dns: published }), names.length);
    assert.equal(await loadAllZones({ ...t.ctx, dns: loaded }, loaded), names.length);
    assert.deepEqual(await loaded.listZones(), await published.listZones());
    for (const name of names) assert.deepEqual(await loaded.readZone(name), await published.readZone(name), name);
    assert.ok((await loaded.readZone('load-7.fi'))!.records.some((r) => r.type === 'SRV' && r.name === '_sip._tcp.load-7.fi'));
    assert.ok((await loaded.readZone('load-9.fi'))!.records.some((r) => r.type === 'TXT' && r.content === 'say "hei" \\ \tvälilyönti 9 🙂'));
    // Then nothing is left to publish: the load's serials are the store's.
    assert.equal(await publishAllZones({ ...t.ctx, dns: loaded }), 0);
  });

  it('keeps a zone already in the index (published from a change heard during the load)', async () => {
    const provider = new BuiltinDnsProvider();
    const soa = { primary_ns: 'ns1.hostplane.test', hostmaster: 'hostmaster.hostplane.test', serial: 1, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300, ttl: 3600 };
    provider.index.put({ name: 'load-3.fi', soa, records: [] });
    assert.equal(await loadAllZones({ ...t.ctx, dns: provider }, provider), names.length - 1);
    assert.equal(provider.index.get('load-3.fi')!.serial, 1);
  });
});
