import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord, Zone } from '../../ports/store.js';
import type { DnsCapabilities } from '../../ports/dns.js';
import { diffZone, zoneSnapshot } from './zone-snapshot.js';

const zone: Zone = {
  id: 1, domain_id: 1, name: 'example.fi', serial: 2026030103, primary_ns: 'ns1.hostplane.test', hostmaster: 'hostmaster.hostplane.test',
  refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600, default_ttl: 3600, notified_serial: null, created_at: '', updated_at: '',
};
let id = 0;
const rec = (r: Partial<DnsRecord> & Pick<DnsRecord, 'name' | 'type' | 'content'>): DnsRecord => ({
  id: ++id, zone_id: 1, ttl: 3600, priority: null, weight: null, port: null, service: null, proto: null, redirect_type: null,
  fallback_ip: null, created_at: '', updated_at: '', ...r,
});
const ALL: DnsCapabilities = { types: ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'SRV', 'TXT'], features: ['wildcard', 'delegation', 'fallback-ip'] };
const line = (r: { name: string; type: string; content: string; priority: number | null }) =>
  `${r.name} ${r.type}${r.priority === null ? '' : ` ${r.priority}`} ${r.content}`;

describe('zoneSnapshot', () => {
  it('turns MXE into an MX and the A record it implies, one name per address, unless the zone has that name', () => {
    const s = zoneSnapshot(zone, [
      rec({ name: 'example.fi', type: 'MXE', content: '192.0.2.25', priority: 10 }),
      rec({ name: 'shop.example.fi', type: 'MXE', content: '192.0.2.25', priority: 5, ttl: 300 }),
      rec({ name: 'other.example.fi', type: 'MXE', content: '192.0.2.26', priority: 5 }),
      rec({ name: 'mxe-192-0-2-26.example.fi', type: 'A', content: '198.51.100.9' }),
    ], ALL);
    assert.deepEqual(s.records.map(line), [
      'example.fi MX 10 mxe-192-0-2-25.example.fi',
      'mxe-192-0-2-25.example.fi A 192.0.2.25',
      'mxe-192-0-2-26.example.fi A 198.51.100.9',
      'other.example.fi MX 5 mxe-192-0-2-26.example.fi',
      'shop.example.fi MX 5 mxe-192-0-2-25.example.fi',
    ]);
    assert.equal(s.records.find((r) => r.name === 'mxe-192-0-2-25.example.fi')!.ttl, 300, 'the least TTL of the MXE records');
  });

  it('puts SRV service labels in the owner, leaves web forwards out, and the SOA from the zone row', () => {
    const s = zoneSnapshot(zone, [
      rec({ name: 'example.fi', type: 'SRV', content: 'sip.example.fi', service: '_sip', proto: '_tcp', priority: 1, weight: 2, port: 5060 }),
      rec({ name: 'go.example.fi', type: 'URL', content: 'https://example.net', redirect_type: 301 }),
      rec({ name: 'f.example.fi', type: 'URLFRAME', content: 'https://example.net' }),
      rec({ name: 'w.example.fi', type: 'FORWARD', content: 'https://example.net' }),
    ], ALL);
    assert.deepEqual(s.records.map((r) => [r.name, r.type, r.priority, r.weight, r.port, r.content]), [
      ['_sip._tcp.example.fi', 'SRV', 1, 2, 5060, 'sip.example.fi'],
    ]);
    assert.deepEqual(s.soa, { primary_ns: 'ns1.hostplane.test', hostmaster: 'hostmaster.hostplane.test', serial: 2026030103, refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600, ttl: 3600 });
  });

  it('leaves out what the provider does not declare: types, wildcards, delegations, fallback_ip', () => {
    const records = [
      rec({ name: 'example.fi', type: 'CAA', content: '0 issue "x.example"' }),
      rec({ name: '*.example.fi', type: 'A', content: '192.0.2.1' }),
      rec({ name: 'sub.example.fi', type: 'NS', content: 'ns.example.net' }),
      rec({ name: 'example.fi', type: 'NS', content: 'ns1.hostplane.test' }),
      rec({ name: 'web.example.fi', type: 'A', content: '192.0.2.2', fallback_ip: '192.0.2.3' }),
    ];
    const plain = zoneSnapshot(zone, records, { types: ['A', 'NS'], features: [] });
    assert.deepEqual(plain.records.map((r) => [r.name, r.type, r.fallback_ip]), [
      ['example.fi', 'NS', null],
      ['web.example.fi', 'A', null],
    ]);
    const full = zoneSnapshot(zone, records, { types: ['A', 'NS', 'CAA'], features: ['wildcard', 'delegation', 'fallback-ip'] });
    assert.equal(full.records.length, 5);
    assert.equal(full.records.find((r) => r.name === 'web.example.fi')!.fallback_ip, '192.0.2.3');
  });
});

describe('diffZone', () => {
  it('replaces the RRsets that differ whole, deletes the ones gone, leaves the rest', () => {
    const before = zoneSnapshot(zone, [
      rec({ name: 'example.fi', type: 'A', content: '192.0.2.1' }),
      rec({ name: 'www.example.fi', type: 'A', content: '192.0.2.2' }),
      rec({ name: 'old.example.fi', type: 'TXT', content: 'bye' }),
    ], ALL);
    const after = zoneSnapshot({ ...zone, serial: zone.serial + 1 }, [
      rec({ name: 'example.fi', type: 'A', content: '192.0.2.1' }),
      rec({ name: 'www.example.fi', type: 'A', content: '192.0.2.2' }),
      rec({ name: 'www.example.fi', type: 'A', content: '192.0.2.3' }),
      rec({ name: 'new.example.fi', type: 'TXT', content: 'hi' }),
    ], ALL);
    const changes = diffZone(before.records, after);
    assert.equal(changes.soa.serial, zone.serial + 1);
    assert.deepEqual(changes.rrsets.map((c) => [c.name, c.type, c.records.map((r) => r.content)]).sort(), [
      ['new.example.fi', 'TXT', ['hi']],
      ['old.example.fi', 'TXT', []],
      ['www.example.fi', 'A', ['192.0.2.2', '192.0.2.3']],
    ]);
    assert.deepEqual(diffZone(after.records, after).rrsets, [], 'nothing to do when nothing changed');
    // A TTL change is a change.
    const ttl = zoneSnapshot(zone, [rec({ name: 'example.fi', type: 'A', content: '192.0.2.1', ttl: 60 })], ALL);
    assert.equal(diffZone(before.records, ttl).rrsets.find((c) => c.name === 'example.fi')?.records[0]?.ttl, 60);
  });
});
