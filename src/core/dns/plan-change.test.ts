import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { DomainError } from '../errors.js';
import { planChange, validateRecord } from './plan-change.js';
import { RECORD_TYPES, type RecordInput, type RecordTypeRules } from './record-types.js';
import { hostToName, nameToHost } from './record-name.js';
import { usesOurNameservers } from './nameservers.js';
import type { CoreSettings } from '../context.js';

const zone: Zone = {
  id: 1, domain_id: 1, name: 'test.com', serial: 2026030101, primary_ns: 'ns1.hp.test', hostmaster: 'hostmaster.hp.test',
  refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600, default_ttl: 3600, notified_serial: null,
  created_at: '', updated_at: '',
};
let nextId = 1;
const stored = (r: Partial<DnsRecord> & Pick<DnsRecord, 'name' | 'type' | 'content'>): DnsRecord => ({
  id: nextId++, zone_id: 1, ttl: 3600, priority: null, weight: null, port: null, service: null, proto: null,
  redirect_type: null, fallback_ip: null, created_at: '', updated_at: '', ...r,
});

/** The fields an `invalid` error names, or a failure when it is not one. */
function invalidFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError && e.code === 'invalid', String(e));
    return Object.keys(e.fields ?? {}).sort();
  }
  assert.fail('expected an invalid error');
}

describe('record names', () => {
  it('reads "@", relative labels and full names inside the zone; refuses the rest', () => {
    assert.equal(hostToName('test.com', '@'), 'test.com');
    assert.equal(hostToName('test.com', 'WWW'), 'www.test.com');
    assert.equal(hostToName('test.com', 'a.b.test.com.'), 'a.b.test.com');
    assert.equal(hostToName('test.com', '*'), '*.test.com');
    assert.equal(hostToName('test.com', '_sip'), '_sip.test.com');
    for (const bad of ['www.test.co', 'mail.office', 'www.', 'atest.com', 'a.*', '-a', '', '.', `${'a'.repeat(64)}`]) {
      assert.equal(hostToName('test.com', bad), undefined, bad);
    }
    assert.equal(nameToHost('test.com', 'test.com'), '@');
    assert.equal(nameToHost('test.com', 'www.test.com'), 'www.test.com');
  });
});

describe('usesOurNameservers', () => {
  const settings = { nameservers: ['ns1.hp.test', 'ns2.hp.test'] } as CoreSettings;
  it('is true only for a non-empty list of ours, in any spelling', () => {
    assert.equal(usesOurNameservers(settings, ['NS1.hp.test.', 'ns2.hp.test']), true);
    assert.equal(usesOurNameservers(settings, ['ns2.hp.test']), true);
    assert.equal(usesOurNameservers(settings, []), false);
    assert.equal(usesOurNameservers(settings, ['ns1.hp.test', 'ns.other.net']), false);
  });
});

describe('validateRecord: the per-type table', () => {
  const ok = (input: RecordInput) => validateRecord(zone, input);
  it('normalizes what it keeps', () => {
    assert.equal(ok({ host: 'v6', type: 'aaaa', content: '2001:DB8:0::1' }).content, '2001:db8::1');
    assert.equal(ok({ host: 'w', type: 'CNAME', content: 'Example.NET.' }).content, 'example.net');
    const mx = ok({ host: '@', type: 'MX', content: 'mx.example.net', pref: 10 });
    assert.deepEqual([mx.name, mx.priority, mx.ttl], ['test.com', 10, 3600]);
    const srv = ok({ host: '@', type: 'SRV', content: 'sip.example.net', service: '_SIP', proto: '_TCP', priority: 1, weight: 2, port: 5060 });
    assert.deepEqual([srv.service, srv.proto, srv.priority, srv.weight, srv.port], ['_sip', '_tcp', 1, 2, 5060]);
    // Fields of other types are not kept.
    assert.equal(ok({ host: 'a', type: 'A', content: '192.0.2.1', pref: 5 }).priority, null);
  });
  it('reports every bad field at once', () => {
    assert.deepEqual(invalidFields(() => ok({ host: 'x.other.net', type: 'SRV', content: '', ttl: 5 })),
      ['content', 'host', 'port', 'priority', 'proto', 'service', 'ttl', 'weight']);
  });
  it('has a rule for each documented type', () => {
    assert.deepEqual(Object.keys(RECORD_TYPES).sort(), ['A', 'AAAA', 'CNAME', 'FORWARD', 'MX', 'MXE', 'NS', 'SRV', 'TXT', 'URL', 'URLFRAME']);
    assert.deepEqual(invalidFields(() => ok({ host: 'a', type: 'constructor', content: 'x' })), ['type']);
  });
  it('can be extended with another table', () => {
    const rules: RecordTypeRules = {
      ...RECORD_TYPES,
      CAA: { fields: [], apex: true, validate: (input) => ({ content: input.content }) },
    };
    assert.equal(validateRecord(zone, { host: '@', type: 'CAA', content: '0 issue "ca.example"' }, rules).type, 'CAA');
    assert.deepEqual(invalidFields(() => ok({ host: '@', type: 'CAA', content: 'x' })), ['type']);
  });
});

describe('planChange', () => {
  const apexNs = stored({ name: 'test.com', type: 'NS', content: 'ns1.hp.test' });
  const a = stored({ name: 'www.test.com', type: 'A', content: '192.0.2.1' });
  const cname = stored({ name: 'alias.test.com', type: 'CNAME', content: 'example.net' });
  const current = [apexNs, a, cname];

  it('plans adds, updates and deletes without touching anything', () => {
    const plan = planChange(zone, current, {
      adds: [{ host: 'new', type: 'TXT', content: 'hello' }],
      updates: [{ id: a.id, input: { host: 'www', type: 'A', content: '192.0.2.2' } }],
      deletes: [cname.id],
    });
    assert.deepEqual(plan.adds.map((r) => r.name), ['new.test.com']);
    assert.deepEqual(plan.updates.map((u) => [u.id, u.data.content]), [[a.id, '192.0.2.2']]);
    assert.deepEqual(plan.deletes, [cname.id]);
  });
  it('keeps CNAMEs alone, counting the records the same change removes', () => {
    assert.deepEqual(invalidFields(() => planChange(zone, current, { adds: [{ host: 'www', type: 'CNAME', content: 'x.net' }] })), ['host']);
    assert.deepEqual(invalidFields(() => planChange(zone, current, { adds: [{ host: 'alias', type: 'TXT', content: 'x' }] })), ['host']);
    assert.deepEqual(invalidFields(() => planChange(zone, current, {
      adds: [{ host: 'n', type: 'CNAME', content: 'x.net' }, { host: 'n', type: 'A', content: '192.0.2.9' }],
    })), ['host']);
    // Replacing the A by a CNAME in one plan is fine: the A is gone when the CNAME arrives.
    planChange(zone, current, { adds: [{ host: 'www', type: 'CNAME', content: 'x.net' }], deletes: [a.id] });
  });
  it('refuses duplicates, unknown ids and apex NS edits', () => {
    assert.deepEqual(invalidFields(() => planChange(zone, current, { adds: [{ host: 'www', type: 'A', content: '192.0.2.1' }] })), ['content']);
    assert.throws(() => planChange(zone, current, { deletes: [9999] }), (e: DomainError) => e.code === 'not_found');
    assert.throws(() => planChange(zone, current, { deletes: [apexNs.id] }), (e: DomainError) => e.code === 'rejected');
  });
});
