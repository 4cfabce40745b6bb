import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';
import { assertShape } from '../../helpers/shape.js';
import type { Ctx } from '../../../src/core/context.js';
import type { Domain } from '../../../src/ports/store.js';
import { repoPath } from '../../helpers/paths.js';

const golden = (name: string): any => JSON.parse(readFileSync(repoPath(`test/golden/partner-api/${name}.json`), 'utf8'));
const RECORD_KEYS = ['SOA', 'A', 'AAAA', 'CNAME', 'ANAME', 'MX', 'TXT', 'SRV', 'CAA', 'NS', 'DS'];
const DIGEST = 'a'.repeat(64);

type Partner = Awaited<ReturnType<TestServer['partner']>>;

describe('partner API: DNS records', () => {
  let t: TestServer;
  let ctx: Ctx;
  let p: Partner;
  let q: Partner;
  let seq = 0;

  /** A client of `partner` (postpaid, so a purchase is active with its zone at once) and its login token. */
  const client = (partner: Partner) => t.user({ partnerId: partner.id, clientType: 'Managed Client', postpaid: true });

  /** A domain of a client of `partner`, bought through the client API's purchase flow. */
  async function domain(partner: Partner = p, extra: Record<string, unknown> = {}): Promise<Domain> {
    const c = await client(partner);
    const fqdn = `rec${++seq}.fi`;
    await purchase(t, c.token, fqdn, extra);
    return (await ctx.store.domains.findLiveByFqdn(fqdn))!;
  }

  const zoneOf = async (d: Domain) => (await ctx.store.zones.findByDomainId(d.id))!;
  const recordsOf = async (d: Domain) => ctx.store.records.listByZone((await zoneOf(d)).id);
  /** Everything a change could touch: the zone row (serial, SOA fields) and every record. */
  const snapshot = async (d: Domain) => JSON.stringify([await zoneOf(d), await recordsOf(d)]);

  const get = (d: Domain | string, key = p.apiKey) => t.request('GET', `/domains/${typeof d === 'string' ? d : d.fqdn}/records`, { token: key });
  const post = (d: Domain | string, body: unknown, key = p.apiKey) =>
    t.request('POST', `/domains/${typeof d === 'string' ? d : d.fqdn}/record`, { token: key, body });
  const put = (d: Domain | string, body: unknown, key = p.apiKey) =>
    t.request('PUT', `/domains/${typeof d === 'string' ? d : d.fqdn}/record`, { token: key, body });
  const del = (d: Domain | string, id: number | string, key = p.apiKey) =>
    t.request('DELETE', `/domains/${typeof d === 'string' ? d : d.fqdn}/record/${id}`, { token: key });

  const record = (type: string, name: string, data: string, priority = 1, extra: Record<string, unknown> = {}) => ({
    record_type_name: type,
    record_name: name,
    record_data: data,
    priority,
    ...extra,
  });

  async function add(d: Domain, body: Record<string, unknown>): Promise<number> {
    const res = await post(d, body);
    assert.equal(res.status, 200, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    return res.body.data.record_id;
  }

  /** A 422 naming `field`, with nothing written. */
  async function assertRefused(d: Domain, res: Promise<{ status: number; body: any }>, field: string | undefined, label: string) {
    const before = await snapshot(d);
    const r = await res;
    assert.equal(r.status, 422, `${label}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.success, false, label);
    if (field) assert.ok(r.body.errors?.[field], `${label}: errors.${field} in ${JSON.stringify(r.body)}`);
    assert.equal(await snapshot(d), before, `${label}: nothing changed`);
  }

  before(async () => {
    t = await startTestServer();
    ctx = t.server.runtime.ctx;
    p = await t.partner();
    q = await t.partner();
  });
  after(() => t.close());

  it('GET answers the documented zone shape, the SOA computed from the zone row', async () => {
    const d = await domain();
    const zone = await zoneOf(d);
    const res = await get(d);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assertShape(res.body, golden('get-domains-records'));
    assert.deepEqual(Object.keys(res.body.Result.Records), RECORD_KEYS);
    assert.equal(res.body.ResultCode, 200);
    assert.equal(res.body.ResultMessage, `Here is zone '${d.fqdn}'`);
    assert.equal(res.body.Success, true);
    assert.deepEqual(res.body.Result.Records.SOA, [
      {
        ChangeDate: Math.floor(Date.parse(zone.updated_at) / 1000),
        // The zone row, not a record: 0, which no record has (zone 1's first NS record is record 1).
        Id: 0,
        Priority: 0,
        RecordData: `ns1.hostplane.test hostmaster.hostplane.test ${zone.serial} 7200 3600 1209600 3600`,
        RecordMetaType: 0,
        RecordMetaTypeName: 'Regular',
        RecordName: d.fqdn,
        RecordType: 10,
        RecordTypeName: 'SOA',
        TTL: 3600,
        ZoneId: zone.id,
      },
    ]);
    assert.deepEqual(
      res.body.Result.Records.NS.map((r: any) => [r.RecordName, r.RecordData, r.RecordType, r.ZoneId]),
      ['ns1', 'ns2', 'ns3'].map((ns) => [d.fqdn, `${ns}.hostplane.test`, 9, zone.id]),
    );
    assert.deepEqual(res.body.Result.Zone, {
      Id: zone.id,
      IsMaster: true,
      IsSecure: false,
      Master: null,
      Name: d.fqdn,
      NotifiedSerial: String(zone.serial),
      NsType: 'MASTER',
      Nsec3Param: null,
      Subdomains: [],
    });
    // Nothing of either provider yet: every flag false, in the document's keys.
    assert.deepEqual(res.body.Result.Office365HaveRecords, golden('get-domains-records').Result.Office365HaveRecords);
    assert.deepEqual(res.body.Result.GoogleHaveRecords, golden('get-domains-records').Result.GoogleHaveRecords);
  });

  it('POST, PUT and DELETE answer exactly as the examples, and each bumps the serial', async () => {
    const d = await domain();
    const serial0 = (await zoneOf(d)).serial;
    // The document's example request, word for word.
    const created = await post(d, record('A', 'test', '1.2.3.4', 1, { fallback_ip: '1.2.3.4' }));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assertShape(created.body, golden('post-domains-record'));
    const id = created.body.data.record_id;
    assert.deepEqual(created.body, { success: true, message: 'The record has been added to the zone!', data: { record_id: id }, customData: [] });
    const stored = (await recordsOf(d)).find((r) => r.id === id)!;
    assert.deepEqual([stored.name, stored.type, stored.content, stored.fallback_ip, stored.ttl], [`test.${d.fqdn}`, 'A', '1.2.3.4', '1.2.3.4', 3600]);
    const serial1 = (await zoneOf(d)).serial;
    assert.ok(serial1 > serial0);

    const shown = (await get(d)).body.Result.Records.A;
    assert.deepEqual(shown.map((r: any) => [r.Id, r.RecordName, r.RecordData, r.RecordType, r.RecordTypeName, r.Priority, r.TTL]), [
      [id, `test.${d.fqdn}`, '1.2.3.4', 1, 'A', 0, 3600],
    ]);

    const updated = await put(d, { id: String(id), ...record('A', 'test', '192.0.2.7', 1, { fallback_ip: '192.0.2.8' }) });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assertShape(updated.body, golden('put-domains-record'));
    assert.deepEqual(updated.body, { success: true, message: 'The record has been updated!', data: [], customData: [] });
    const after = (await recordsOf(d)).find((r) => r.id === id)!;
    assert.deepEqual([after.content, after.fallback_ip], ['192.0.2.7', '192.0.2.8']);
    const serial2 = (await zoneOf(d)).serial;
    assert.ok(serial2 > serial1);

    const deleted = await del(d, id);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assertShape(deleted.body, golden('delete-domains-record'));
    assert.deepEqual(deleted.body, { success: true, message: 'The record has been deleted!', data: [], customData: [] });
    assert.ok(!(await recordsOf(d)).some((r) => r.id === id));
    assert.ok((await zoneOf(d)).serial > serial2);
    assert.equal((await del(d, id)).status, 404, 'deleted once');
  });

  it('accepts every type in presentation format and lists it under its type, LUA only when present', async () => {
    const d = await domain();
    const z = d.fqdn;
    const cases: Array<[Record<string, unknown>, string, string, number, number]> = [
      // body, RecordName, RecordData, Priority, RecordType
      [record('A', '@', '198.51.100.1'), z, '198.51.100.1', 0, 1],
      [record('AAAA', 'v6', '2001:0DB8:0000::0001'), `v6.${z}`, '2001:db8::1', 0, 2],
      [record('CNAME', 'www', `${z}.`), `www.${z}`, z, 0, 5],
      [record('ANAME', 'edge', 'lb.example.net'), `edge.${z}`, 'lb.example.net', 0, 3],
      [record('MX', '@', 'mail.example.net', 10), z, 'mail.example.net', 10, 8],
      [record('TXT', '@', '"v=spf1 -all"'), z, 'v=spf1 -all', 0, 12],
      [record('TXT', 'selector1._domainkey', 'v=DKIM1; p=abc'), `selector1._domainkey.${z}`, 'v=DKIM1; p=abc', 0, 12],
      [record('SRV', '_sip._tls', '1 443 sipdir.example.net', 100), `_sip._tls.${z}`, '1 443 sipdir.example.net', 100, 11],
      [record('SRV', `_xmpp._tcp.chat.${z}`, '0 5222 xmpp.example.net', 5), `_xmpp._tcp.chat.${z}`, '0 5222 xmpp.example.net', 5, 11],
      [record('CAA', '@', '0 ISSUE "letsencrypt.org"'), z, '0 issue "letsencrypt.org"', 0, 4],
      [record('CAA', '@', '0 iodef "mailto:security@example.net"'), z, '0 iodef "mailto:security@example.net"', 0, 4],
      [record('NS', 'sub', 'ns1.example.net'), `sub.${z}`, 'ns1.example.net', 0, 9],
      [record('DS', 'sub', `12345 13 2 ${DIGEST.toUpperCase()}`), `sub.${z}`, `12345 13 2 ${DIGEST}`, 0, 6],
      // A SHA-384 digest makes 107 characters, over the document's 100: DS is held to its digest's length instead.
      [record('DS', 'sub', `12345 14 4 ${'b'.repeat(96)}`), `sub.${z}`, `12345 14 4 ${'b'.repeat(96)}`, 0, 6],
    ];
    const before = await get(d);
    assert.ok(!('LUA' in before.body.Result.Records));
    for (const [body] of cases) await add(d, body);
    let records = (await get(d)).body.Result.Records;
    assert.deepEqual(Object.keys(records), RECORD_KEYS, 'no LUA key without LUA records');
    for (const [body, name, data, priority, code] of cases) {
      const found = records[body.record_type_name as string].find((r: any) => r.RecordName === name && r.RecordData === data);
      assert.ok(found, `${JSON.stringify(body)} listed as ${name} ${data}`);
      assert.deepEqual([found.Priority, found.RecordType, found.TTL], [priority, code, 3600], JSON.stringify(body));
    }

    const lua = await add(d, record('LUA', 'app', `a "ifportup(443, {'192.0.2.1', '192.0.2.2'})"`));
    records = (await get(d)).body.Result.Records;
    assert.deepEqual(Object.keys(records), [...RECORD_KEYS, 'LUA']);
    assert.deepEqual(records.LUA.map((r: any) => [r.Id, r.RecordName, r.RecordData, r.RecordType]), [
      [lua, `app.${z}`, `A "ifportup(443, {'192.0.2.1', '192.0.2.2'})"`, 7],
    ]);
    // Every record has every key of the example, in order, and an Id of its own.
    const all = (Object.values(records) as any[][]).flat();
    for (const r of all) assertShape(r, golden('get-domains-records').Result.Records.SOA[0]);
    assert.equal(new Set(all.map((r) => r.Id)).size, all.length);
  });

  it('PUT replaces the whole record (type included), keeps its TTL, and takes the id as a string or a number', async () => {
    const d = await domain();
    const id = await add(d, record('A', 'host', '192.0.2.1'));
    await ctx.store.records.update(id, { ttl: 600 });
    assert.equal((await put(d, { id, ...record('MX', 'host', 'mx.example.net', 20) })).status, 200);
    const r = (await recordsOf(d)).find((x) => x.id === id)!;
    assert.deepEqual([r.type, r.content, r.priority, r.ttl, r.fallback_ip], ['MX', 'mx.example.net', 20, 600, null]);
    assert.equal((await put(d, { id: String(id), ...record('TXT', 'host', 'hello') })).status, 200);
    assert.equal((await recordsOf(d)).find((x) => x.id === id)!.priority, null);
  });

  it('validates each documented limit at and just past its bound, writing nothing when refused', async () => {
    const d = await domain();
    // record_name: 1-100 characters.
    assert.equal((await post(d, record('TXT', 'a', 'one character name'))).status, 200);
    const long = `${'a'.repeat(63)}.${'b'.repeat(36)}`;
    assert.equal(long.length, 100);
    assert.equal((await post(d, record('TXT', long, 'hundred character name'))).status, 200);
    await assertRefused(d, post(d, record('TXT', `${long}b`, 'x')), 'record_name', 'record_name 101');
    await assertRefused(d, post(d, record('TXT', '', 'x')), 'record_name', 'record_name empty');
    // record_data: 1-100 characters (a TXT's text up to TXT_MAX: txt-long.test.ts).
    assert.equal((await post(d, record('TXT', 'data1', 'x'))).status, 200);
    assert.equal((await post(d, record('CNAME', 'data100', `${'a'.repeat(63)}.${'b'.repeat(24)}.example.net`))).status, 200);
    await assertRefused(d, post(d, record('CNAME', 'data101', `${'a'.repeat(63)}.${'b'.repeat(25)}.example.net`)), 'record_data', 'record_data 101');
    await assertRefused(d, post(d, record('TXT', 'data0', '')), 'record_data', 'record_data empty');
    // priority: 1-1000, an integer.
    assert.equal((await post(d, record('MX', 'p1', 'mx.example.net', 1))).status, 200);
    assert.equal((await post(d, record('MX', 'p1000', 'mx.example.net', 1000))).status, 200);
    await assertRefused(d, post(d, record('MX', 'p0', 'mx.example.net', 0)), 'priority', 'priority 0');
    await assertRefused(d, post(d, record('MX', 'p1001', 'mx.example.net', 1001)), 'priority', 'priority 1001');
    await assertRefused(d, post(d, { ...record('MX', 'ps', 'mx.example.net'), priority: '10.5' }), 'priority', 'priority as a decimal');
    // record_type_name: the document's list only.
    await assertRefused(d, post(d, record('PTR', 'ptr', 'host.example.net')), 'record_type_name', 'PTR');
    await assertRefused(d, post(d, record('URL', 'u', 'https://example.net')), 'record_type_name', 'client-only URL');
    // Every field is required but fallback_ip.
    const missing = await post(d, {});
    assert.equal(missing.status, 422);
    assert.deepEqual(Object.keys(missing.body.errors).sort(), ['priority', 'record_data', 'record_name', 'record_type_name']);
    assert.equal(missing.body.message, 'The given data was invalid.');
    const putMissing = await put(d, record('A', 'x', '192.0.2.1'));
    assert.equal(putMissing.status, 422);
    assert.ok(putMissing.body.errors.id, JSON.stringify(putMissing.body));
    for (const id of ['abc', '01', '', -1, 1.5]) await assertRefused(d, put(d, { id, ...record('A', 'x', '192.0.2.1') }), 'id', `id ${id}`);
    assert.equal((await del(d, 'abc')).status, 422);
  });

  it('applies the rules of each type, with the errors under the partner field names', async () => {
    const d = await domain();
    await add(d, record('A', 'taken', '192.0.2.1'));
    await add(d, record('CNAME', 'alias', 'target.example.net'));
    await add(d, record('ANAME', 'flat', 'lb.example.net'));
    const refusals: Array<[Record<string, unknown>, string]> = [
      [record('A', 'a', '1.2.3'), 'record_data'],
      [record('A', 'a', '192.0.2.1', 1, { fallback_ip: 'not-an-ip' }), 'fallback_ip'],
      [record('MX', 'a', 'mx.example.net', 1, { fallback_ip: '192.0.2.9' }), 'fallback_ip'],
      [record('AAAA', 'a', '192.0.2.1'), 'record_data'],
      [record('CNAME', '@', 'target.example.net'), 'record_name'],
      [record('CNAME', 'taken', 'target.example.net'), 'record_name'],
      [record('A', 'alias', '192.0.2.1'), 'record_name'],
      [record('A', 'flat', '192.0.2.1'), 'record_name'],
      [record('ANAME', 'taken', 'lb.example.net'), 'record_name'],
      [record('A', 'taken', '192.0.2.1'), 'record_data'],
      [record('A', 'www.elsewhere.fi.', '192.0.2.1'), 'record_name'],
      [record('A', 'bad name!', '192.0.2.1'), 'record_name'],
      [record('MX', '@', '192.0.2.1'), 'record_data'],
      [record('NS', '@', 'ns.example.net'), 'record_name'],
      [record('SRV', '_sip._tls', '443 sipdir.example.net'), 'record_data'],
      [record('SRV', '_sip._tls', '1 70000 sipdir.example.net'), 'record_data'],
      [record('SRV', 'sip', '1 443 sipdir.example.net'), 'record_name'],
      [record('SRV', '_sip._smtp', '1 443 sipdir.example.net'), 'record_name'],
      [record('CAA', '@', '0 issue letsencrypt'), 'record_data'],
      [record('CAA', '@', '0 issuer "letsencrypt.org"'), 'record_data'],
      [record('CAA', '@', '7 issue "letsencrypt.org"'), 'record_data'],
      [record('CAA', '@', '0 iodef "security@example.net"'), 'record_data'],
      [record('DS', 'sub', `12345 13 2 ${'a'.repeat(40)}`), 'record_data'],
      [record('DS', 'sub', `12345 13 9 ${DIGEST}`), 'record_data'],
      [record('DS', 'sub', `12345 14 4 ${'b'.repeat(97)}`), 'record_data'],
      [record('DS', 'sub', `70000 13 2 ${DIGEST}`), 'record_data'],
      [record('DS', '@', `12345 13 2 ${DIGEST}`), 'record_name'],
      [record('LUA', 'app', "A ifportup(443, {'192.0.2.1'})"), 'record_data'],
      [record('LUA', 'app', 'BOGUS "1"'), 'record_data'],
      [record('TXT', 'ctl', 'bell\u0007'), 'record_data'],
    ];
    for (const [body, field] of refusals) await assertRefused(d, post(d, body), field, JSON.stringify(body));
    // The messages speak of the partner's fields.
    const res = await post(d, record('A', 'a', 'nope'));
    assert.deepEqual(res.body.errors, { record_data: ['The record_data must be an IPv4 address'] });
  });

  it("finds the clash wherever the other record is stored: an SRV's owner, the apex, a record moved in", async () => {
    const d = await domain();
    // An SRV is stored at the apex with service and proto beside it, and published at _sip._tls.
    await add(d, record('SRV', '_sip._tls', '1 443 sipdir.example.net', 100));
    await assertRefused(d, post(d, record('CNAME', '_sip._tls', 'example.net')), 'record_name', 'CNAME at the apex SRV owner');
    await assertRefused(d, post(d, record('SRV', `_sip._tls.${d.fqdn}`, '1 443 sipdir.example.net', 100)), 'record_data', 'duplicate SRV');
    await add(d, record('SRV', '_sip._tcp.voip', '1 5060 sip.example.net', 10));
    await assertRefused(d, post(d, record('CNAME', `_sip._tcp.voip.${d.fqdn}`, 'example.net')), 'record_name', 'CNAME at an SRV owner');
    await add(d, record('CNAME', '_xmpp._tcp.voip', 'xmpp.example.net'));
    await assertRefused(d, post(d, record('SRV', '_xmpp._tcp.voip', '1 5222 xmpp.example.net', 10)), 'record_name', 'SRV at a CNAME');
    // At the apex: an ANAME beside an A, a duplicate.
    await add(d, record('A', '@', '192.0.2.1'));
    await assertRefused(d, post(d, record('ANAME', '@', 'lb.example.net')), 'record_name', 'ANAME beside the apex A');
    await assertRefused(d, post(d, record('A', d.fqdn, '192.0.2.1')), 'record_data', 'duplicate apex A');
    await add(d, record('TXT', '@', 'v=spf1 -all'));
    await assertRefused(d, post(d, record('TXT', '@', '"v=spf1 -all"')), 'record_data', 'duplicate apex TXT');
    // Updates that move a record where it clashes.
    await add(d, record('CNAME', 'alias', 'target.example.net'));
    const a = await add(d, record('A', 'www', '192.0.2.1'));
    await assertRefused(d, put(d, { id: a, ...record('A', 'alias', '192.0.2.1') }), 'record_name', 'onto a CNAME');
    await assertRefused(d, put(d, { id: a, ...record('A', '@', '192.0.2.1') }), 'record_data', 'onto its apex duplicate');
    await assertRefused(d, put(d, { id: a, ...record('ANAME', '@', 'lb.example.net') }), 'record_name', 'into an ANAME beside the apex A');
    await assertRefused(d, put(d, { id: a, ...record('CNAME', '_sip._tls', 'example.net') }), 'record_name', 'into a CNAME at the apex SRV owner');
    assert.equal((await put(d, { id: a, ...record('A', '@', '192.0.2.2') })).status, 200);
  });

  it("answers 404 for another zone's record id, and changes neither zone", async () => {
    const d = await domain();
    const e = await domain();
    const theirs = await add(e, record('A', 'x', '192.0.2.1'));
    const before = [await snapshot(d), await snapshot(e)];
    for (const res of [await put(d, { id: theirs, ...record('A', 'x', '192.0.2.9') }), await del(d, theirs)]) {
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(res.body.message, 'Record not found.');
    }
    assert.deepEqual([await snapshot(d), await snapshot(e)], before);
  });

  it('the SOA: listed from the zone row, only its hostmaster and timers can be updated, never added or deleted', async () => {
    const d = await domain();
    const zone = await zoneOf(d);
    const soa = (data: string, extra: Record<string, unknown> = {}) => ({ id: '0', ...record('SOA', '@', data), ...extra });
    await assertRefused(d, post(d, record('SOA', '@', `ns1.hostplane.test hostmaster.hostplane.test 1 7200 3600 1209600 3600`)), undefined, 'create SOA');
    await assertRefused(d, del(d, 0), undefined, 'delete SOA');

    const ok = await put(d, soa('ns1.hostplane.test. dns@rec-owner.example 1 10800 1800 1814400 900'));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const after = await zoneOf(d);
    assert.deepEqual(
      [after.primary_ns, after.hostmaster, after.refresh, after.retry, after.expire, after.minimum],
      ['ns1.hostplane.test', 'dns.rec-owner.example', 10800, 1800, 1_814_400, 900],
    );
    assert.ok(after.serial > zone.serial, 'the serial is ours: bumped, whatever was sent');
    const listed = (await get(d)).body.Result.Records.SOA[0];
    assert.equal(listed.RecordData, `ns1.hostplane.test dns.rec-owner.example ${after.serial} 10800 1800 1814400 900`);
    // A program can send back what it read.
    assert.equal((await put(d, soa(listed.RecordData))).status, 200);

    for (const [body, field, label] of [
      [soa(`ns9.elsewhere.net dns.rec-owner.example 1 10800 1800 1814400 900`), 'record_data', 'primary NS is the delegation\'s'],
      [soa(`ns1.hostplane.test dns.rec-owner.example 1 10800 1800`), 'record_data', 'too few fields'],
      [soa(`ns1.hostplane.test dns.rec-owner.example 1 10 1800 1814400 900`), 'record_data', 'refresh 10'],
      [soa(`ns1.hostplane.test dns.rec-owner.example 1 3600 7200 1814400 900`), 'record_data', 'retry > refresh'],
      [soa(`ns1.hostplane.test dns.rec-owner.example 1 10800 1800 3600 900`), 'record_data', 'expire 3600'],
      [soa(`ns1.hostplane.test dns.rec-owner.example 1 10800 1800 1814400 100000`), 'record_data', 'minimum 100000'],
      [soa(`ns1.hostplane.test not_a_mailbox 1 10800 1800 1814400 900`), 'record_data', 'hostmaster'],
      [soa(`ns1.hostplane.test dns.rec-owner.example 1 10800 1800 1814400 900`, { record_name: 'www' }), 'record_name', 'not the apex'],
      [soa(`ns1.hostplane.test dns.rec-owner.example 1 10800 1800 1814400 900`, { fallback_ip: '192.0.2.1' }), 'fallback_ip', 'fallback'],
    ] as const) {
      await assertRefused(d, put(d, body), field, label);
    }
    // The SOA is addressed by its own id only, and cannot become another type.
    const ns = (await recordsOf(d)).find((r) => r.type === 'NS')!;
    assert.equal((await put(d, { ...soa('ns1.hostplane.test dns.rec-owner.example 1 10800 1800 1814400 900'), id: String(ns.id) })).status, 404);
    await assertRefused(d, put(d, { id: 0, ...record('A', '@', '192.0.2.1') }), undefined, 'SOA as A');
  });

  it('apex NS records follow the name servers: not added, changed or deleted here', async () => {
    const d = await domain();
    const apexNs = (await recordsOf(d)).find((r) => r.type === 'NS')!;
    await assertRefused(d, post(d, record('NS', '@', 'ns.example.net')), 'record_name', 'add apex NS');
    await assertRefused(d, put(d, { id: String(apexNs.id), ...record('NS', '@', 'ns.example.net') }), undefined, 'change apex NS');
    await assertRefused(d, del(d, apexNs.id), undefined, 'delete apex NS');
  });

  it('unknown domains and records answer 404, a missing or revoked key 401', async () => {
    const d = await domain();
    const body = record('A', 'x', '192.0.2.1');
    for (const res of [
      await get('nothing-here.fi'),
      await post('nothing-here.fi', body),
      await put('nothing-here.fi', { id: '1', ...body }),
      await del('nothing-here.fi', 1),
      await get('not a domain'),
    ]) {
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(res.body.success, false);
    }
    const before = await snapshot(d);
    assert.equal((await put(d, { id: '2147483647', ...body })).status, 404);
    assert.equal((await del(d, 2_147_483_647)).status, 404);
    assert.equal((await t.request('GET', `/domains/${d.fqdn}/records`)).status, 401);
    assert.equal((await post(d, body, 'hpk_wrong')).status, 401);
    assert.equal(await snapshot(d), before);
  });

  it('a domain not on our name servers, or without a zone yet, is a clear 422', async () => {
    const foreign = await domain(p, { nameServers: ['ns1.example.net', 'ns2.example.net'] });
    const notOurs = await get(foreign);
    assert.equal(notOurs.status, 422);
    assert.equal(notOurs.body.message, "This domain does not use Hostplane's name servers.");
    assert.equal((await post(foreign, record('A', 'x', '192.0.2.1'))).status, 422);

    // A prepaid client's purchase waits for payment: the domain exists, its zone does not yet.
    const c = await t.user({ partnerId: p.id, clientType: 'Managed Client' });
    await purchase(t, c.token, 'pending-zone.fi');
    const pending = await get('pending-zone.fi');
    assert.equal(pending.status, 422, JSON.stringify(pending.body));
    assert.equal(pending.body.message, 'This domain has no DNS zone yet: it is not active on our name servers.');
  });

  it('another partner gets 403 on every endpoint and changes nothing', async () => {
    const d = await domain(p);
    const id = await add(d, record('A', 'mine', '192.0.2.1'));
    const before = await snapshot(d);
    for (const [label, res] of [
      ['GET', get(d, q.apiKey)],
      ['POST', post(d, record('A', 'theirs', '192.0.2.2'), q.apiKey)],
      ['PUT', put(d, { id: String(id), ...record('A', 'mine', '192.0.2.3') }, q.apiKey)],
      ['PUT SOA', put(d, { id: '0', ...record('SOA', '@', `ns1.hostplane.test evil.example.net 1 7200 3600 1209600 3600`) }, q.apiKey)],
      ['DELETE', del(d, id, q.apiKey)],
      ['DELETE SOA', del(d, 0, q.apiKey)],
      ['DELETE unknown record', del(d, 2_000_000, q.apiKey)],
    ] as const) {
      const r = await res;
      assert.equal(r.status, 403, `${label}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(r.body, { success: false, message: 'This domain does not belong to you.' }, label);
    }
    assert.equal(await snapshot(d), before);
    // A plain customer's domain (no partner) is not any partner's either.
    const own = await t.user({ postpaid: true });
    await purchase(t, own.token, 'customer-own.fi');
    assert.equal((await get('customer-own.fi')).status, 403);
  });

  it('story: a client domain gets the Microsoft 365 and Google records, and the flags turn true', async () => {
    const c = await client(p);
    const fqdn = `story${++seq}.fi`;
    // Through the partner API's registration when it is there; until then the client's own purchase.
    const registered = await t.request('POST', '/domains/register', {
      token: p.apiKey,
      body: { name: fqdn, period: 1, action: 'register', client_id: c.id },
    });
    // Not there yet (or not for this client): buy it as the client, through the client API.
    if (registered.status !== 201) {
      await purchase(t, c.token, fqdn);
    }
    const d = (await ctx.store.domains.findLiveByFqdn(fqdn))!;
    assert.ok(d, 'the domain exists');

    const dashed = fqdn.replace(/\./g, '-');
    const microsoft = [
      record('MX', '@', `${dashed}.mail.protection.outlook.com`, 1),
      record('CNAME', 'autodiscover', 'autodiscover.outlook.com'),
      record('CNAME', 'sip', 'sipdir.online.lync.com'),
      record('CNAME', 'lyncdiscover', 'webdir.online.lync.com'),
      record('CNAME', 'msoid', 'clientconfig.microsoftonline-p.net'),
      record('CNAME', 'enterpriseregistration', 'enterpriseregistration.windows.net'),
      record('CNAME', 'enterpriseenrollment', 'enterpriseenrollment.manage.microsoft.com'),
      record('TXT', '@', 'v=spf1 include:spf.protection.outlook.com -all'),
      record('SRV', '_sip._tls', '1 443 sipdir.online.lync.com', 100),
      record('SRV', '_sipfederationtls._tcp', '1 5061 sipfed.online.lync.com', 100),
    ];
    let flags = (await get(d)).body.Result.Office365HaveRecords;
    assert.equal(flags.mx.mail, false);
    const ids: number[] = [];
    for (const body of microsoft) ids.push(await add(d, body));
    flags = (await get(d)).body.Result.Office365HaveRecords;
    assert.deepEqual(flags, {
      mx: { mail: true },
      cname: { autodiscover: true, sip: true, lyncdiscover: true, msoid: true, enterpriseregistration: true, enterpriseenrollment: true },
      txt: { spf: true },
      srv: { sip: true, sipfederationtls: true },
    });

    // Change a record away from Microsoft's target: its flag turns false again.
    assert.equal((await put(d, { id: String(ids[1]), ...record('CNAME', 'autodiscover', 'autodiscover.example.net') })).status, 200);
    assert.equal((await get(d)).body.Result.Office365HaveRecords.cname.autodiscover, false);
    // A wrong SRV port does not count.
    assert.equal((await put(d, { id: String(ids[9]), ...record('SRV', '_sipfederationtls._tcp', '1 5062 sipfed.online.lync.com', 100) })).status, 200);
    assert.equal((await get(d)).body.Result.Office365HaveRecords.srv.sipfederationtls, false);

    // Google Workspace: the five MX hosts and the SPF include (here in one policy with Microsoft's).
    for (const [host, pref] of [['aspmx.l.google.com', 1], ['alt1.aspmx.l.google.com', 5], ['alt2.aspmx.l.google.com', 5], ['alt3.aspmx.l.google.com', 10]] as const) {
      await add(d, record('MX', '@', host, pref));
    }
    let google = (await get(d)).body.Result.GoogleHaveRecords;
    assert.deepEqual(google, { mx: { aspmx: true, alt1: true, alt2: true, alt3: true, alt4: false }, txt: { spf: false } });
    await add(d, record('MX', '@', 'ALT4.ASPMX.L.GOOGLE.COM.', 10));
    assert.equal((await put(d, { id: String(ids[7]), ...record('TXT', '@', 'v=spf1 include:spf.protection.outlook.com include:_spf.google.com ~all') })).status, 200);
    google = (await get(d)).body.Result.GoogleHaveRecords;
    assert.deepEqual(google, { mx: { aspmx: true, alt1: true, alt2: true, alt3: true, alt4: true }, txt: { spf: true } });
    assert.equal((await get(d)).body.Result.Office365HaveRecords.txt.spf, true);

    // The client sees the same zone through the client API.
    const seen = await t.request('GET', `/api/v1/domain/domains/${fqdn}/records`, { token: c.token });
    assert.equal(seen.status, 200);
    assert.ok(seen.body.data.some((r: any) => r.type === 'CNAME' && r.host === `msoid.${fqdn}` && r.content === 'clientconfig.microsoftonline-p.net'));
    // And another partner learns nothing of it.
    assert.equal((await get(d, q.apiKey)).status, 403);
  });
});

describe('partner API: DNS records with the builtin DNS server', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { DNS_PORT: '0' } });
  });
  after(() => t.close());

  it('refuses up front the types the DNS server does not serve, and serves a fallback_ip', async () => {
    const p = await t.partner();
    const c = await t.user({ partnerId: p.id, clientType: 'Managed Client', postpaid: true });
    await purchase(t, c.token, 'served.fi');
    const post = (body: Record<string, unknown>) => t.request('POST', '/domains/served.fi/record', { token: p.apiKey, body });
    // LUA is PowerDNS's alone; ANAME the builtin server flattens to addresses (so it is accepted below).
    for (const body of [
      { record_type_name: 'LUA', record_name: 'app', record_data: `A "ifportup(443, {'192.0.2.1'})"`, priority: 1 },
    ]) {
      const res = await post(body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.ok(res.body.errors.record_type_name, JSON.stringify(res.body));
    }
    const a = await post({ record_type_name: 'A', record_name: 'www', record_data: '192.0.2.1', priority: 1, fallback_ip: '192.0.2.2' });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const aname = await post({ record_type_name: 'ANAME', record_name: '@', record_data: 'lb.example.net', priority: 1 });
    assert.equal(aname.status, 200, JSON.stringify(aname.body));
  });
});
