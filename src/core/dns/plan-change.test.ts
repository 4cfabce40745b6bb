import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord, Zone } from '../../ports/store.js';
import { DomainError } from '../errors.js';
import { planChange, planReads, validateRecord, type ZoneChange } from './plan-change.js';
import { EXTENDED_RECORD_TYPES } from './extended-record-types.js';
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
    // A dotted relative name is read as such only when it ends in a service label (no TLD starts with "_").
    assert.equal(hostToName('test.com', 'sel1._domainkey'), 'sel1._domainkey.test.com');
    assert.equal(hostToName('test.com', '_sip._tcp'), '_sip._tcp.test.com');
    assert.equal(hostToName('test.com', 'sel1._domainkey.'), undefined);
    for (const bad of ['www.test.co', 'mail.office', '_dmarc.mail', 'www.', 'atest.com', 'a.*', '-a', '', '.', `${'a'.repeat(64)}`]) {
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

describe('planReads', () => {
  const RULES = { ...RECORD_TYPES, ...EXTENDED_RECORD_TYPES };
  const srv = (name: string, service: string, content: string) =>
    stored({ name, type: 'SRV', content, service, proto: '_tcp', priority: 1, weight: 1, port: 5060 });
  const apexNs = stored({ name: 'test.com', type: 'NS', content: 'ns1.hp.test' });
  const apexA = stored({ name: 'test.com', type: 'A', content: '192.0.2.1' });
  const apexSrv = srv('test.com', '_sip', 'sip.example.net');
  const wwwSrv = srv('www.test.com', '_sip', 'sip.example.net');
  const wwwA = stored({ name: 'www.test.com', type: 'A', content: '192.0.2.2' });
  const xmppCname = stored({ name: '_xmpp._tcp.www.test.com', type: 'CNAME', content: 'xmpp.example.net' });
  const alias = stored({ name: 'alias.test.com', type: 'CNAME', content: 'example.net' });
  const txt = stored({ name: 'note.test.com', type: 'TXT', content: 'x' });
  const deep = stored({ name: 'a.b.test.com', type: 'TXT', content: 'deep' });
  const zoneRecords = [apexNs, apexA, apexSrv, wwwSrv, wwwA, xmppCname, alias, txt, deep];
  const srvInput = (host: string, service: string, content: string): RecordInput =>
    ({ host, type: 'SRV', content, service, proto: '_tcp', priority: 1, weight: 1, port: 5060 });

  it('names the owners of what is added or changed, and those owners without two labels (an SRV stored there)', () => {
    const reads = planReads(zone, {
      adds: [{ host: 'www', type: 'A', content: '192.0.2.9' }, srvInput('@', '_sip', 'sip2.example.net')],
      updates: [{ id: txt.id, input: { host: 'a.b.test.com', type: 'TXT', content: 'y' } }],
      deletes: [alias.id, alias.id],
    });
    assert.deepEqual(reads.ids, [txt.id, alias.id]);
    assert.deepEqual(reads.names.sort(), ['_sip._tcp.test.com', 'a.b.test.com', 'test.com', 'www.test.com']);
  });
  it('names nothing for an input that does not validate, or a type the rules do not have', () => {
    assert.deepEqual(planReads(zone, { adds: [{ host: 'www', type: 'A', content: 'nope' }, { host: 'x', type: 'ANAME', content: 'lb.example.net' }] }),
      { ids: [], names: [] });
    assert.deepEqual(planReads(zone, { adds: [{ host: 'x', type: 'ANAME', content: 'lb.example.net' }] }, RULES).names.sort(), ['x.test.com']);
  });
  it('gives planChange every record its checks see: the same plan or error as with the whole zone', () => {
    const outcome = (current: DnsRecord[], change: ZoneChange): unknown => {
      try {
        return planChange(zone, current, change, RULES);
      } catch (e) {
        assert.ok(e instanceof DomainError, String(e));
        return { code: e.code, message: e.message, fields: e.fields };
      }
    };
    const changes: Array<[string, ZoneChange, string]> = [
      ['CNAME at an SRV\'s owner', { adds: [{ host: '_sip._tcp.www.test.com', type: 'CNAME', content: 'x.net' }] }, 'invalid'],
      ['CNAME at the apex SRV\'s owner', { adds: [{ host: '_sip._tcp.test.com', type: 'CNAME', content: 'x.net' }] }, 'invalid'],
      ['SRV at a CNAME\'s name', { adds: [srvInput('www', '_xmpp', 'xmpp.example.net')] }, 'invalid'],
      ['duplicate SRV at the apex', { adds: [srvInput('@', '_sip', 'sip.example.net')] }, 'invalid'],
      ['duplicate A at the apex', { adds: [{ host: '@', type: 'A', content: '192.0.2.1' }] }, 'invalid'],
      ['ANAME beside an A at the apex', { adds: [{ host: '@', type: 'ANAME', content: 'lb.example.net' }] }, 'invalid'],
      ['update onto a CNAME', { updates: [{ id: txt.id, input: { host: 'alias', type: 'TXT', content: 'x' } }] }, 'invalid'],
      ['update into a CNAME beside an SRV owner', { updates: [{ id: deep.id, input: { host: '_sip._tcp.www.test.com', type: 'CNAME', content: 'x.net' } }] }, 'invalid'],
      ['update of an apex NS', { updates: [{ id: apexNs.id, input: { host: '@', type: 'NS', content: 'ns9.example.net' } }] }, 'rejected'],
      ['delete of an unknown id', { deletes: [9999] }, 'not_found'],
      ['invalid input', { adds: [{ host: 'www', type: 'A', content: 'nope' }] }, 'invalid'],
      ['TXT beside an SRV owner', { adds: [{ host: '_sip._tcp.test.com', type: 'TXT', content: 'fine' }] }, 'plan'],
      ['second SRV at the apex', { adds: [srvInput('@', '_sip', 'sip2.example.net')] }, 'plan'],
      ['CNAME replacing what it deletes', { adds: [{ host: 'www', type: 'CNAME', content: 'x.net' }], deletes: [wwwA.id] }, 'plan'],
      ['update in place', { updates: [{ id: apexA.id, input: { host: '@', type: 'A', content: '192.0.2.1', ttl: 60 } }] }, 'plan'],
    ];
    for (const [label, change, expected] of changes) {
      const { ids, names } = planReads(zone, change, RULES);
      const read = zoneRecords.filter((r) => ids.includes(r.id) || names.includes(r.name));
      const whole = outcome(zoneRecords, change);
      assert.equal((whole as { code?: string }).code ?? 'plan', expected, label);
      assert.deepEqual(outcome(read, change), whole, label);
      assert.ok(read.length < zoneRecords.length, `${label}: reads ${read.length} of ${zoneRecords.length}`);
    }
  });
});
