import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { DomainError, FieldErrorCollector } from '../errors.js';
import { EXTENDED_RECORD_TYPES } from './extended-record-types.js';
import { planChange } from './plan-change.js';
import { RECORD_TYPES } from './record-types.js';

const zone: Zone = {
  id: 1, domain_id: 1, name: 'test.com', serial: 2026030101, primary_ns: 'ns1.hp.test', hostmaster: 'hostmaster.hp.test',
  refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600, default_ttl: 3600, notified_serial: null,
  created_at: '', updated_at: '',
};
const RULES = { ...RECORD_TYPES, ...EXTENDED_RECORD_TYPES };
let nextId = 1;
const stored = (r: Pick<DnsRecord, 'name' | 'type' | 'content'> & Partial<DnsRecord>): DnsRecord => ({
  id: nextId++, zone_id: 1, ttl: 3600, priority: null, weight: null, port: null, service: null, proto: null,
  redirect_type: null, fallback_ip: null, created_at: '', updated_at: '', ...r,
});

/** The content a rule stores for `content`, or the messages it reports. */
function check(type: keyof typeof EXTENDED_RECORD_TYPES, content: string): string | string[] {
  const errors = new FieldErrorCollector();
  const out = EXTENDED_RECORD_TYPES[type].validate({ host: '@', type, content }, errors);
  return errors.empty ? out.content : (errors.fields.content ?? []);
}

describe('extended record types', () => {
  it('CAA: flags tag "value", normalized; issue needs an issuer or ";", iodef a URL', () => {
    assert.equal(check('CAA', '0 issue "letsencrypt.org"'), '0 issue "letsencrypt.org"');
    assert.equal(check('CAA', '128  ISSUEWILD   "pki.goog; cansignhttpexchanges=yes"'), '128 issuewild "pki.goog; cansignhttpexchanges=yes"');
    assert.equal(check('CAA', '0 issue ";"'), '0 issue ";"');
    assert.equal(check('CAA', '0 issue letsencrypt.org'), '0 issue "letsencrypt.org"', 'a bare token is a character-string too');
    assert.equal(check('CAA', '0 iodef "https://example.net/caa"'), '0 iodef "https://example.net/caa"');
    for (const bad of ['', 'issue "x.org"', '1 issue "x.org"', '0 issuer "x.org"', '0 issue "x.org', '0 issue "no dots"', '0 iodef "x@y.z"', '0 issue "a"b"']) {
      assert.ok(Array.isArray(check('CAA', bad)), bad);
    }
  });

  it('DS: keytag algorithm digesttype digest, with the digest length of its type', () => {
    const sha256 = 'AB'.repeat(32);
    assert.equal(check('DS', `12345 13 2 ${sha256}`), `12345 13 2 ${sha256.toLowerCase()}`);
    assert.equal(check('DS', `1 8 1 ${'0'.repeat(20)} ${'f'.repeat(20)}`), `1 8 1 ${'0'.repeat(20)}${'f'.repeat(20)}`);
    for (const bad of [`12345 13 2 ${'a'.repeat(63)}`, `65536 13 2 ${'a'.repeat(64)}`, `1 0 2 ${'a'.repeat(64)}`, `1 13 5 ${'a'.repeat(64)}`, `1 13 2 ${'g'.repeat(64)}`, '1 13 2']) {
      assert.ok(Array.isArray(check('DS', bad)), bad);
    }
  });

  it('LUA: a record type and one quoted snippet', () => {
    assert.equal(check('LUA', `a "ifportup(443, {'192.0.2.1'})"`), `A "ifportup(443, {'192.0.2.1'})"`);
    for (const bad of ['A', 'A ""', `A ifportup(443, {'192.0.2.1'})`, 'SOA "x"', 'A "x" "y"']) assert.ok(Array.isArray(check('LUA', bad)), bad);
  });

  it('ANAME: a host target, at the apex too; never beside A, AAAA or another ANAME', () => {
    assert.equal(check('ANAME', 'LB.Example.NET.'), 'lb.example.net');
    assert.ok(Array.isArray(check('ANAME', '192.0.2.1')));
    const current = [stored({ name: 'test.com', type: 'A', content: '192.0.2.1' }), stored({ name: 'b.test.com', type: 'ANAME', content: 'x.example.net' })];
    const refused = (input: { host: string; type: string; content: string }) =>
      assert.throws(() => planChange(zone, current, { adds: [input] }, RULES), (e) => e instanceof DomainError && e.code === 'invalid' && !!e.fields?.host);
    refused({ host: '@', type: 'ANAME', content: 'lb.example.net' });
    refused({ host: 'b', type: 'AAAA', content: '2001:db8::1' });
    refused({ host: 'b', type: 'ANAME', content: 'y.example.net' });
    const ok = planChange(zone, current, { adds: [{ host: 'b', type: 'TXT', content: 'fine' }, { host: 'c', type: 'ANAME', content: 'lb.example.net' }] }, RULES);
    assert.equal(ok.adds.length, 2);
  });

  it('A: an optional IPv4 fallback_ip, kept through an update that does not mention it', () => {
    const plan = planChange(zone, [], { adds: [{ host: 'w', type: 'A', content: '192.0.2.1', fallback_ip: '192.0.2.2' }] }, RULES);
    assert.equal(plan.adds[0]!.fallback_ip, '192.0.2.2');
    assert.throws(() => planChange(zone, [], { adds: [{ host: 'w', type: 'A', content: '192.0.2.1', fallback_ip: '2001:db8::1' }] }, RULES));
    const other = planChange(zone, [], { adds: [{ host: 'w', type: 'MX', content: 'mx.example.net', pref: 1, fallback_ip: '192.0.2.2' }] }, RULES);
    assert.equal(other.adds[0]!.fallback_ip, null, 'only an A record carries one');
  });
});
