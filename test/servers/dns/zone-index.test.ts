import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sortRecords } from '../../../src/ports/dns.js';
import { answer } from '../../../src/servers/dns/answer.js';
import { EXPANDED_RECORDS, ZoneIndex } from '../../../src/servers/dns/zone-index.js';
import { snapshot } from './helpers.js';

/**
 * Zones are held packed and expanded on first query (zone-index.ts): what comes back out must be what
 * went in, record for record, and a zone whose expansion was dropped must answer as before.
 */

const A = 1;

describe('packed zones', () => {
  it('give back every record exactly, whatever its names, content and fields', () => {
    const given = snapshot('example.fi', [
      { name: 'example.fi', type: 'NS', content: 'ns1.example.fi' },
      { name: 'example.fi', type: 'NS', content: 'ns2.example.net' },
      { name: 'example.fi', type: 'MX', content: 'example.fi', priority: 0 },
      { name: 'www.example.fi', type: 'CNAME', content: 'example.fi', ttl: 60 },
      // A name ending in the zone's but not below it, and content that only looks relative.
      { name: 'www.example.fi', type: 'TXT', content: 'see .example.fi' },
      { name: 'a.b.example.fi', type: 'TXT', content: '"quoted" \\ and \u00e4 [1,null] ,' },
      { name: 'notexample.fi', type: 'A', content: '192.0.2.9' },
      { name: '*.example.fi', type: 'A', content: '192.0.2.1', fallback_ip: '192.0.2.2', ttl: 0 },
      { name: '_sip._tcp.example.fi', type: 'SRV', content: 'sip.example.fi', priority: 1, weight: 0, port: 5060 },
      { name: 'x.example.fi', type: 'A', content: '192.0.2.3', ttl: 3600, priority: null, weight: null, port: null },
    ]);
    const index = new ZoneIndex();
    const zone = index.put(given);
    assert.deepEqual(zone.snapshot(), { ...given, records: sortRecords(given.records) });
    assert.deepEqual(zone.records, sortRecords(given.records));
    assert.deepEqual(zone.soa, given.soa);
    assert.equal(zone.serial, given.soa.serial);
    assert.equal(zone.hasFallback, true);
    assert.equal(zone.hasAname, false);
    assert.ok(zone.names.has('b.example.fi'), 'an empty non-terminal exists');
  });

  it('answer the same after their expansion was dropped for other zones', () => {
    const index = new ZoneIndex();
    const big = (name: string) =>
      snapshot(name, Array.from({ length: EXPANDED_RECORDS / 2 + 1 }, (_, i) => ({ name: `h${i}.${name}`, type: 'A', content: `192.0.2.${i % 250}` })));
    const q = { name: 'h7.first.fi', owner: 'h7.first.fi', type: A };
    index.put(big('first.fi'));
    index.put(big('second.fi'));
    const before = answer(index, q);
    const expanded = index.get('first.fi')!.nodes;
    // Both do not fit: reading the second drops the first's expansion, and the first is built anew.
    answer(index, { name: 'h7.second.fi', owner: 'h7.second.fi', type: A });
    answer(index, { name: 'h8.second.fi', owner: 'h8.second.fi', type: A });
    const after = answer(index, q);
    assert.notEqual(index.get('first.fi')!.nodes, expanded, 'the first zone was expanded again');
    assert.deepEqual({ ...after, zone: undefined }, { ...before, zone: undefined });
    assert.deepEqual(after.answers, [{ name: 'h7.first.fi', type: 'A', class: 'IN', ttl: 3600, data: '192.0.2.7' }]);
  });
});
