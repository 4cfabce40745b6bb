import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import type { Zone } from '../../ports/store.js';
import type { RecordData } from './record-types.js';
import { MAX_RECORDS_PER_TYPE, nameBytes, servedLimitProblem } from './served-limits.js';
import { txtStrings } from '../../servers/dns/rr-types.js';

const zone: Zone = {
  id: 1, domain_id: 1, name: 'test.com', serial: 2026030101, primary_ns: 'ns1.hp.test', hostmaster: 'hostmaster.hp.test',
  refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600, default_ttl: 3600, notified_serial: null,
  created_at: '', updated_at: '',
};
const record = (r: Partial<RecordData> & Pick<RecordData, 'name' | 'type' | 'content'>): RecordData => ({
  ttl: 3600, priority: null, weight: null, port: null, service: null, proto: null, redirect_type: null, fallback_ip: null, ...r,
});
const txt = (name: string, content: string) => record({ name, type: 'TXT', content });
const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
/** The audit's record: 4,096 "é" (8,192 bytes of UTF-8). */
const E4096 = (i: number) => `${i}${'é'.repeat(4095)}`;

describe('served limits', () => {
  it('counts names on the wire as the encoder writes them', () => {
    const encoded = dnsPacket.encode({ type: 'response', id: 1, flags: 0, answers: [{ type: 'TXT', name: 'www.test.com', ttl: 1, data: txtStrings(E4096(1)) }] });
    // 12-byte header, then the record: owner, 10 fixed bytes, the character-strings.
    const rdata = txtStrings(E4096(1)).reduce((n, b) => n + 1 + b.length, 0);
    assert.equal(encoded.length, 12 + nameBytes('www.test.com') + 10 + rdata);
    assert.equal(nameBytes('www.test.com'), 14);
    assert.equal(nameBytes('é.fi'), 1 + 2 + 1 + 2 + 1);
  });

  it("refuses the audit's nine TXT records of 4,096 \"é\", and takes seven", () => {
    const seven = times(7, (i) => txt('big.test.com', E4096(i)));
    assert.equal(servedLimitProblem(zone, 'big.test.com', seven.slice(0, 6), seven), undefined);
    const nine = times(9, (i) => txt('big.test.com', E4096(i)));
    const problem = servedLimitProblem(zone, 'big.test.com', nine.slice(0, 8), nine);
    assert.equal(problem?.field, 'content');
    assert.match(problem!.message, /TXT records at big\.test\.com would not fit in one DNS answer: 7\d,\d{3} bytes/);
  });

  it('refuses a name whose RRsets together exceed a message, though each fits', () => {
    const texts = times(4, (i) => txt('n.test.com', E4096(i)));
    const more = [...texts, ...times(4, (i) => record({ name: 'n.test.com', type: 'CAA', content: `0 issue "${'x'.repeat(8000)}${i}"` }))];
    const problem = servedLimitProblem(zone, 'n.test.com', more.slice(0, -1), more);
    assert.equal(problem?.field, 'host');
    assert.match(problem!.message, /records at n\.test\.com together/);
  });

  it('keeps room for DNSSEC: a set just under 65,535 bytes unsigned is refused', () => {
    // Eight records of 8,000 ASCII bytes: 64,496 bytes with their owners, under the limit alone.
    const eight = times(8, (i) => txt('s.test.com', `${i}${'k'.repeat(7999)}`));
    const unsigned = 12 + 8 * (nameBytes('s.test.com') + 10 + 8000 + 32) + 4 + nameBytes('s.test.com');
    assert.ok(unsigned < 65_535, String(unsigned));
    assert.equal(servedLimitProblem(zone, 's.test.com', eight.slice(0, 7), eight)?.field, 'content');
  });

  it('a wildcard owner is counted at the longest query name', () => {
    const five = times(5, (i) => txt('*.test.com', `${i}${'k'.repeat(4095)}`));
    assert.equal(servedLimitProblem(zone, '*.test.com', five.slice(0, 4), five), undefined);
    const many = times(15, (i) => txt('*.test.com', `${i}${'k'.repeat(3999)}`));
    // 15 x 4,000 bytes fit at a short owner, not with 255-byte owners.
    assert.equal(servedLimitProblem(zone, 'x.test.com', [], many.map((r) => ({ ...r, name: 'x.test.com' }))), undefined);
    assert.equal(servedLimitProblem(zone, '*.test.com', [], many)?.field, 'content');
  });

  it(`refuses more than ${MAX_RECORDS_PER_TYPE} records of one type (BIND max-records-per-type)`, () => {
    const a = times(101, (i) => record({ name: 'www.test.com', type: 'A', content: `192.0.2.${i}` }));
    assert.equal(servedLimitProblem(zone, 'www.test.com', a.slice(0, 99), a.slice(0, 100)), undefined);
    const problem = servedLimitProblem(zone, 'www.test.com', a.slice(0, 100), a);
    assert.equal(problem?.field, 'host');
    assert.match(problem!.message, /101 A records/);
    // MXE records are MX records on the wire and count with them.
    const mx = [...times(60, (i) => record({ name: 'test.com', type: 'MX', content: `mx${i}.example.net`, priority: 1 })),
      ...times(41, (i) => record({ name: 'test.com', type: 'MXE', content: `192.0.2.${i}`, priority: 1 }))];
    assert.match(servedLimitProblem(zone, 'test.com', mx.slice(0, 100), mx)!.message, /the zone apex would have 101 MX records/);
  });

  it('refuses an NS record at a wildcard name (BIND: invalid NS owner name)', () => {
    const ns = record({ name: '*.sub.test.com', type: 'NS', content: 'ns1.example.net' });
    assert.equal(servedLimitProblem(zone, '*.sub.test.com', [], [ns])?.field, 'host');
    assert.equal(servedLimitProblem(zone, 'sub.test.com', [], [{ ...ns, name: 'sub.test.com' }]), undefined);
  });

  it('lets a change that does not make things worse through (records stored before the limits)', () => {
    const a = times(120, (i) => record({ name: 'www.test.com', type: 'A', content: `192.0.2.${i}` }));
    assert.equal(servedLimitProblem(zone, 'www.test.com', a, a.slice(0, 119)), undefined);
    assert.equal(servedLimitProblem(zone, 'www.test.com', a, [...a.slice(1), { ...a[0]!, ttl: 60 }]), undefined);
    assert.ok(servedLimitProblem(zone, 'www.test.com', a, [...a, { ...a[0]!, content: '198.51.100.1' }]));
  });
});
