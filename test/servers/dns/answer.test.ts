import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answer, zoneTransferRecords, type Lookups, type Rr } from '../../../src/servers/dns/answer.js';
import { encodeReply, parseMessage } from '../../../src/servers/dns/wire.js';
import { ZoneIndex } from '../../../src/servers/dns/zone-index.js';
import { query, snapshot } from './helpers.js';

/** The answer logic alone (RFC 1034 4.3.2 and friends), on zones built in memory. */

const index = new ZoneIndex();
index.put(
  snapshot('example.fi', [
    { name: 'example.fi', type: 'NS', content: 'ns1.example.fi' },
    { name: 'example.fi', type: 'NS', content: 'ns2.example.net' },
    { name: 'ns1.example.fi', type: 'A', content: '192.0.2.53' },
    { name: 'example.fi', type: 'A', content: '192.0.2.1' },
    { name: 'example.fi', type: 'MX', content: 'mx.example.net', priority: 10 },
    { name: 'example.fi', type: 'MX', content: 'mail.example.fi', priority: 20 },
    { name: 'mail.example.fi', type: 'A', content: '192.0.2.25', ttl: 60 },
    { name: 'mail.example.fi', type: 'A', content: '192.0.2.26', ttl: 120 },
    { name: 'loop1.example.fi', type: 'CNAME', content: 'loop2.example.fi' },
    { name: 'loop2.example.fi', type: 'CNAME', content: 'loop1.example.fi' },
    { name: 'into-sub.example.fi', type: 'CNAME', content: 'host.sub.example.fi' },
    { name: 'sub.example.fi', type: 'NS', content: 'ns.sub.example.fi' },
    { name: 'sub.example.fi', type: 'DS', content: '12345 13 2 ' + 'ab'.repeat(32) },
    { name: 'ns.sub.example.fi', type: 'A', content: '192.0.2.54' },
    { name: '*.apps.example.fi', type: 'CNAME', content: 'example.fi' },
    { name: 'web.example.fi', type: 'A', content: '192.0.2.80', fallback_ip: '192.0.2.81' },
    { name: 'web.example.fi', type: 'A', content: '192.0.2.90', fallback_ip: '192.0.2.81' },
    { name: 'caa.example.fi', type: 'CAA', content: '0 issue "letsencrypt.org"' },
    { name: 'apex.example.fi', type: 'ANAME', content: 'example.fi', ttl: 300 },
    { name: 'chain.example.fi', type: 'ANAME', content: 'apex.example.fi' },
    { name: 'cdn.example.fi', type: 'ANAME', content: 'edge.cdn.example.net' },
    { name: 'cdn.example.fi', type: 'MX', content: 'mx.example.net', priority: 1 },
    { name: 'cold.example.fi', type: 'ANAME', content: 'cold.example.net' },
  ]),
);
// A zone below another one we serve answers for its own names.
index.put(snapshot('child.example.fi', [{ name: 'www.child.example.fi', type: 'A', content: '198.51.100.1' }], 2026030105));

const ask = (name: string, type: number, lookups: Lookups = {}) => answer(index, { name, owner: name, type }, lookups);
const show = (rrs: Rr[]) => rrs.map((r) => `${r.name} ${r.ttl} ${r.type} ${JSON.stringify(r.data)}`);

describe('answer', () => {
  it('ANY returns every RRset of the name, the SOA at the apex; a CNAME itself for a CNAME name', () => {
    const any = ask('example.fi', 255);
    assert.equal(any.rcode, 0);
    assert.deepEqual([...new Set(any.answers.map((r) => r.type))].sort(), ['A', 'MX', 'NS', 'SOA']);
    const cname = ask('loop1.example.fi', 255);
    assert.deepEqual(cname.answers.map((r) => r.type), ['CNAME']);
  });

  it('a CNAME loop ends without repeating; a CNAME into a delegation gives the CNAME and the referral', () => {
    const loop = ask('loop1.example.fi', 1);
    assert.equal(loop.rcode, 0);
    assert.deepEqual(show(loop.answers), [
      'loop1.example.fi 3600 CNAME "loop2.example.fi"',
      'loop2.example.fi 3600 CNAME "loop1.example.fi"',
    ]);
    const into = ask('into-sub.example.fi', 1);
    assert.equal(into.aa, true, 'the CNAME is ours');
    assert.deepEqual(into.answers.map((r) => r.type), ['CNAME']);
    assert.deepEqual(into.authorities.map((r) => `${r.name} ${r.type}`), ['sub.example.fi NS']);
    assert.deepEqual(into.additionals.map((r) => r.data), ['192.0.2.54']);
  });

  it('DS at a delegation point is answered from this side (RFC 4035 3.1.4.1); other types there are referred', () => {
    const ds = ask('sub.example.fi', 43);
    assert.equal(ds.aa, true);
    assert.deepEqual(ds.answers.map((r) => r.type), ['DS']);
    assert.equal((ds.answers[0]!.data as any).keyTag, 12345);
    const a = ask('sub.example.fi', 1);
    assert.equal(a.aa, false);
    assert.equal(a.glueRequired, true);
  });

  it('a wildcard CNAME is owned by the name asked and followed', () => {
    const a = ask('shop.apps.example.fi', 1);
    assert.deepEqual(show(a.answers), ['shop.apps.example.fi 3600 CNAME "example.fi"', 'example.fi 3600 A "192.0.2.1"']);
  });

  it('additional data: addresses of in-zone MX and NS targets only; one TTL per RRset (the least)', () => {
    const mx = ask('example.fi', 15);
    assert.deepEqual(show(mx.additionals), ['mail.example.fi 60 A "192.0.2.25"', 'mail.example.fi 60 A "192.0.2.26"']);
    const ns = ask('example.fi', 2);
    assert.deepEqual(ns.additionals.map((r) => `${r.name} ${r.data}`), ['ns1.example.fi 192.0.2.53']);
  });

  it('serves fallback_ip for addresses that fail their health check, without duplicates', () => {
    assert.deepEqual(ask('web.example.fi', 1).answers.map((r) => r.data), ['192.0.2.80', '192.0.2.90']);
    const oneDown = ask('web.example.fi', 1, { health: { isDown: (a) => a === '192.0.2.80' } });
    assert.deepEqual(oneDown.answers.map((r) => r.data), ['192.0.2.81', '192.0.2.90']);
    const allDown = ask('web.example.fi', 1, { health: { isDown: () => true } });
    assert.deepEqual(allDown.answers.map((r) => r.data), ['192.0.2.81']);
  });

  it('the nearest zone answers; the negative TTL is min(SOA TTL, MINIMUM)', () => {
    const child = ask('www.child.example.fi', 1);
    assert.deepEqual(child.answers.map((r) => r.data), ['198.51.100.1']);
    const nx = ask('nope.child.example.fi', 1);
    assert.equal(nx.rcode, 3);
    assert.equal(nx.authorities[0]!.name, 'child.example.fi');
    assert.equal(nx.authorities[0]!.ttl, 300);
    assert.equal((nx.authorities[0]!.data as any).serial, 2026030105);
  });

  it('CAA records go out as flags, tag and value', () => {
    assert.deepEqual(ask('caa.example.fi', 257).answers[0]!.data, { flags: 0, tag: 'issue', value: 'letsencrypt.org' });
  });

  it('a referral whose glue does not fit is truncated rather than sent without it (RFC 9471)', () => {
    const parsed = parseMessage(query('a.sub.example.fi', 'A'));
    assert.equal(parsed.kind, 'query');
    if (parsed.kind !== 'query') return;
    const referral = ask('a.sub.example.fi', 1);
    const fits = encodeReply({ head: parsed.query, ...referral }, 512);
    assert.equal(fits[2]! & 0x02, 0, 'no TC when it fits');
    const tight = encodeReply({ head: parsed.query, ...referral }, fits.length - 1);
    assert.equal(tight[2]! & 0x02, 0x02, 'TC rather than dropping the glue');
    // Other additional data is dropped first, without TC.
    const mx = parseMessage(query('example.fi', 'MX'));
    if (mx.kind !== 'query') return;
    const full = encodeReply({ head: mx.query, ...ask('example.fi', 15) }, 512);
    const trimmed = encodeReply({ head: mx.query, ...ask('example.fi', 15) }, full.length - 1);
    assert.equal(trimmed[2]! & 0x02, 0);
    assert.equal(trimmed.readUInt16BE(10), 0, 'no additional records');
    assert.equal(trimmed.readUInt16BE(6), 2, 'both MX records');
  });

  it('ANAME: flattened to the addresses of its target, in our zones or resolved outside them', () => {
    const inZone = ask('apex.example.fi', 1);
    assert.deepEqual(show(inZone.answers), ['apex.example.fi 300 A "192.0.2.1"'], 'owned by the name asked, the least TTL');
    assert.equal(inZone.aa, true);
    assert.deepEqual(ask('chain.example.fi', 1).answers.map((r) => r.data), ['192.0.2.1'], 'ANAME to ANAME');
    assert.deepEqual(ask('apex.example.fi', 28).answers, [], 'the target has no AAAA: NODATA');
    assert.equal(ask('apex.example.fi', 28).authorities[0]!.type, 'SOA');

    const alias = {
      addresses: (target: string, type: 'A' | 'AAAA') =>
        target === 'edge.cdn.example.net' ? { addresses: type === 'A' ? ['203.0.113.1', '203.0.113.2'] : ['2001:db8::cd'], ttl: 60 } : undefined,
    };
    assert.deepEqual(show(ask('cdn.example.fi', 1, { alias }).answers), ['cdn.example.fi 60 A "203.0.113.1"', 'cdn.example.fi 60 A "203.0.113.2"']);
    assert.deepEqual(ask('cdn.example.fi', 28, { alias }).answers.map((r) => r.data), ['2001:db8::cd']);
    assert.deepEqual(ask('cdn.example.fi', 15, { alias }).answers.map((r) => r.type), ['MX'], 'other types are the name\'s own');
    // Not resolved yet: SERVFAIL, which resolvers retry.
    assert.equal(ask('cold.example.fi', 1, { alias }).rcode, 2);
    // A zone transfer carries the addresses, not the ANAME (secondaries do not know the type).
    const xfr = zoneTransferRecords(index.get('example.fi')!, index, { alias }).filter((r) => r.name === 'cdn.example.fi');
    assert.deepEqual(xfr.map((r) => `${r.type} ${r.data}`).sort(), ['A 203.0.113.1', 'A 203.0.113.2', 'AAAA 2001:db8::cd', 'MX [object Object]']);
  });
});
