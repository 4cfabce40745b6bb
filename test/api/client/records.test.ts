import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { REGISTRANT } from '../../helpers/fixtures.js';
import { example } from '../../helpers/shape.js';
import type { Ctx } from '../../../src/core/context.js';
import type { Domain } from '../../../src/ports/store.js';
import { createZone } from '../../../src/core/dns/create-zone.js';
import { syncApexNameservers } from '../../../src/core/dns/sync-apex-nameservers.js';

const OURS = ['ns1.hostplane.test', 'ns2.hostplane.test', 'ns3.hostplane.test'];
const NOT_OURS = "This domain does not use Hostplane's name servers.";
const NO_ZONE = 'DNS request failed: The domain name referenced in the query does not exist.';

describe('client API: DNS records', () => {
  let t: TestServer;
  let ctx: Ctx;
  let owner: { id: number; token: string };
  let other: { id: number; token: string };
  let seq = 0;

  /**
   * A domain bought through the API. For a postpaid user the purchase is fulfilled at once: the domain
   * is active and, on our name servers, has its zone; anyone else's purchase stays pending, zone-less.
   */
  async function domain(user: { token: string }, nameServers?: string[]): Promise<Domain> {
    const fqdn = `zone${++seq}.fi`;
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: user.token,
      body: { domain: fqdn, years: 1, registrantContact: REGISTRANT, ...(nameServers ? { nameServers } : {}) },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (await ctx.store.domains.findLiveByFqdn(fqdn))!;
  }

  const path = (d: Domain | string, id?: number) =>
    `/api/v1/domain/domains/${typeof d === 'string' ? d : d.fqdn}/records${id === undefined ? '' : `/${id}`}`;
  const list = async (d: Domain | string, token = owner.token) => (await t.request('GET', path(d), { token })).body.data as any[];
  const post = (d: Domain, body: unknown, token = owner.token) => t.request('POST', path(d), { token, body });
  const serial = async (d: Domain) => (await ctx.store.zones.findByDomainId(d.id))!.serial;
  const assertInvalid = (res: { status: number; body: any }, field: string, label = '') => {
    assert.equal(res.status, 422, `${label} ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.status, 422);
    assert.equal(res.body.error.message, 'The given data was invalid.');
    assert.ok(res.body.error.context?.[field], `${label}: context.${field} in ${JSON.stringify(res.body.error.context)}`);
  };

  before(async () => {
    t = await startTestServer();
    ctx = t.server.runtime.ctx;
    owner = await t.user({ postpaid: true });
    other = await t.user({ postpaid: true });
  });
  after(() => t.close());

  it('createZone makes the SOA row and one apex NS per name server, once', async () => {
    const d = await domain(owner);
    const zone = (await ctx.store.zones.findByDomainId(d.id))!;
    assert.equal(zone.name, d.fqdn);
    assert.equal(zone.serial, 2026030101);
    assert.equal(zone.primary_ns, OURS[0]);
    assert.equal(zone.hostmaster, 'hostmaster.hostplane.test');
    assert.deepEqual([zone.refresh, zone.retry, zone.expire, zone.minimum, zone.default_ttl], [7200, 3600, 1209600, 3600, 3600]);
    const again = await ctx.store.transaction((tx) => createZone(tx, ctx, d, OURS));
    assert.equal(again.id, zone.id);
    const data = await list(d);
    assert.deepEqual(data.map((r) => [r.host, r.type, r.content]), OURS.map((ns) => ['@', 'NS', ns]));
  });

  it('GET answers the documented shape: host "@" for the apex, the full name otherwise, no meta', async () => {
    const d = await domain(owner);
    assert.equal((await post(d, { host: '@', type: 'A', content: '127.0.0.1' })).status, 201);
    assert.equal((await post(d, { host: 'www', type: 'CNAME', content: d.fqdn })).status, 201);
    const res = await t.request('GET', path(d), { token: owner.token });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['message', 'data']);
    assert.equal(res.body.message, '');
    const documented = (example('GET /api/v1/domain/domains/test.com/records 200') as any).data as any[];
    const added = res.body.data.filter((r: any) => r.type !== 'NS');
    assert.equal(added.length, 2);
    for (const [i, r] of added.entries()) {
      // The documented keys, in order and as strings, then the additions ttl and id.
      assert.deepEqual(Object.keys(r), [...Object.keys(documented[i]), 'ttl', 'id']);
      assert.equal(typeof r.id, 'number');
      assert.equal(r.ttl, 3600);
    }
    assert.deepEqual(added.map((r: any) => [r.host, r.content, r.type]), [
      ['@', '127.0.0.1', 'A'],
      [`www.${d.fqdn}`, d.fqdn, 'CNAME'],
    ]);
    // Only the documented list: no SOA among the records.
    assert.ok(!res.body.data.some((r: any) => r.type === 'SOA'));
  });

  it('POST, PATCH and DELETE answer in the envelope with their messages', async () => {
    const d = await domain(owner);
    const created = await post(d, { host: 'mail', type: 'A', content: '192.0.2.10', ttl: 300 });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      message: 'Record created successfully',
      data: { host: `mail.${d.fqdn}`, content: '192.0.2.10', type: 'A', ttl: 300, id: created.body.data.id },
    });
    const id = created.body.data.id;
    const patched = await t.request('PATCH', path(d, id), { token: owner.token, body: { content: '192.0.2.11' } });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body, {
      message: '',
      data: { host: `mail.${d.fqdn}`, content: '192.0.2.11', type: 'A', ttl: 300, id },
    });
    const deleted = await t.request('DELETE', path(d, id), { token: owner.token });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, { message: 'Record deleted succesfully', data: null });
    assert.ok(!(await list(d)).some((r) => r.id === id));
  });

  it('accepts every type with its fields, and shows the extra fields only where they apply', async () => {
    const d = await domain(owner);
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ host: '@', type: 'A', content: '198.51.100.1' }, { host: '@', content: '198.51.100.1', type: 'A' }],
      [{ host: 'v6', type: 'aaaa', content: '2001:0DB8:0000::0001' }, { host: `v6.${d.fqdn}`, content: '2001:db8::1', type: 'AAAA' }],
      [{ host: 'alias', type: 'CNAME', content: 'Target.Example.NET.' }, { host: `alias.${d.fqdn}`, content: 'target.example.net', type: 'CNAME' }],
      [{ host: `s1._domainkey.${d.fqdn}`, type: 'CNAME', content: 's1.domainkey.u1.wl.sendgrid.net' }, { host: `s1._domainkey.${d.fqdn}`, content: 's1.domainkey.u1.wl.sendgrid.net', type: 'CNAME' }],
      [{ host: '@', type: 'MX', content: 'mx1.example.net', pref: 10 }, { host: '@', content: 'mx1.example.net', type: 'MX', pref: '10' }],
      [{ host: '@', type: 'MX', content: 'mx2.example.net', pref: '20' }, { host: '@', content: 'mx2.example.net', type: 'MX', pref: '20' }],
      [{ host: 'mail', type: 'MXE', content: '192.0.2.25', pref: 5 }, { host: `mail.${d.fqdn}`, content: '192.0.2.25', type: 'MXE', pref: '5' }],
      [{ host: 'sub', type: 'NS', content: 'ns1.example.net' }, { host: `sub.${d.fqdn}`, content: 'ns1.example.net', type: 'NS' }],
      [
        { host: '@', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_tcp', priority: 10, weight: 60, port: 5060 },
        { host: '@', content: 'sip.example.net', type: 'SRV', service: '_sip', priority: '10', proto: '_tcp', weight: '60', port: '5060' },
      ],
      [{ host: '_dmarc', type: 'TXT', content: 'v=DMARC1; p=none' }, { host: `_dmarc.${d.fqdn}`, content: 'v=DMARC1; p=none', type: 'TXT' }],
      [{ host: 'go', type: 'URL', content: 'https://example.net/x', redirect_type: 301 }, { host: `go.${d.fqdn}`, content: 'https://example.net/x', type: 'URL', redirect_type: '301' }],
      [{ host: 'frame', type: 'URLFRAME', content: 'http://example.net/' }, { host: `frame.${d.fqdn}`, content: 'http://example.net/', type: 'URLFRAME' }],
      [{ host: 'fwd', type: 'FORWARD', content: 'https://example.org' }, { host: `fwd.${d.fqdn}`, content: 'https://example.org', type: 'FORWARD' }],
      [{ host: '*', type: 'A', content: '192.0.2.1' }, { host: `*.${d.fqdn}`, content: '192.0.2.1', type: 'A' }],
      [{ host: `deep.sub2.${d.fqdn}.`, type: 'TXT', content: 'full name with the root dot' }, { host: `deep.sub2.${d.fqdn}`, content: 'full name with the root dot', type: 'TXT' }],
    ];
    for (const [body, expected] of cases) {
      const res = await post(d, body);
      assert.equal(res.status, 201, `${JSON.stringify(body)} -> ${JSON.stringify(res.body)}`);
      const { ttl, id, ...wire } = res.body.data;
      assert.deepEqual(wire, expected);
      assert.deepEqual(Object.keys(wire), Object.keys(expected), 'documented key order');
      assert.equal(ttl, 3600);
      const listed = (await list(d)).find((r) => r.id === id);
      assert.deepEqual(listed, res.body.data);
    }
  });

  it('refuses each type\'s invalid content and fields with 422 and per-field context', async () => {
    const d = await domain(owner);
    const before = await list(d);
    const serialBefore = await serial(d);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ host: 'a', type: 'A', content: '256.1.1.1' }, 'content'],
      [{ host: 'a', type: 'A', content: '2001:db8::1' }, 'content'],
      [{ host: 'a', type: 'A', content: '01.2.3.4' }, 'content'],
      [{ host: 'a', type: 'A', content: '' }, 'content'],
      [{ host: 'a', type: 'AAAA', content: '192.0.2.1' }, 'content'],
      [{ host: 'a', type: 'AAAA', content: 'fe80::1%eth0' }, 'content'],
      [{ host: 'a', type: 'CNAME', content: 'not a host' }, 'content'],
      [{ host: 'a', type: 'CNAME', content: 'http://example.net' }, 'content'],
      [{ host: 'a', type: 'CNAME', content: '192.0.2.1' }, 'content'],
      [{ host: '@', type: 'CNAME', content: 'example.net' }, 'host'],
      [{ host: 'a', type: 'MX', content: 'mx.example.net' }, 'pref'],
      [{ host: 'a', type: 'MX', content: '192.0.2.1.', pref: 10 }, 'content'],
      [{ host: 'a', type: 'MX', content: '_mx.example.net', pref: 10 }, 'content'],
      [{ host: 'a', type: 'MXE', content: 'mx.example.net', pref: 10 }, 'content'],
      [{ host: 'a', type: 'MXE', content: '192.0.2.1' }, 'pref'],
      [{ host: 'a', type: 'NS', content: '192.0.2.1' }, 'content'],
      [{ host: 'a', type: 'NS', content: 'localhost' }, 'content'],
      [{ host: '@', type: 'NS', content: 'ns9.example.net' }, 'host'],
      [{ host: '@', type: 'SRV', content: 'sip.example.net', proto: '_tcp', priority: 1, weight: 1, port: 1 }, 'service'],
      [{ host: '@', type: 'SRV', content: 'sip.example.net', service: 'sip', proto: '_tcp', priority: 1, weight: 1, port: 1 }, 'service'],
      [{ host: '@', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: 'tcp', priority: 1, weight: 1, port: 1 }, 'proto'],
      [{ host: '@', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_sctp', priority: 1, weight: 1, port: 1 }, 'proto'],
      [{ host: '@', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_tcp', weight: 1, port: 1 }, 'priority'],
      [{ host: '@', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_tcp', priority: 1, port: 1 }, 'weight'],
      [{ host: '@', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_tcp', priority: 1, weight: 1 }, 'port'],
      [{ host: '@', type: 'SRV', content: 'no target', service: '_sip', proto: '_tcp', priority: 1, weight: 1, port: 1 }, 'content'],
      [{ host: '*', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_tcp', priority: 1, weight: 1, port: 1 }, 'host'],
      [{ host: 'a', type: 'TXT', content: '' }, 'content'],
      [{ host: 'a', type: 'TXT', content: 'x'.repeat(4097) }, 'content'],
      [{ host: 'a', type: 'TXT', content: 'line\nbreak' }, 'content'],
      [{ host: 'a', type: 'TXT', content: 'nul\u0000' }, 'content'],
      [{ host: 'a', type: 'URL', content: 'https://example.net' }, 'redirect_type'],
      [{ host: 'a', type: 'URL', content: 'https://example.net', redirect_type: 307 }, 'redirect_type'],
      [{ host: 'a', type: 'URL', content: 'ftp://example.net', redirect_type: 301 }, 'content'],
      [{ host: 'a', type: 'URL', content: 'example.net', redirect_type: 301 }, 'content'],
      [{ host: 'a', type: 'URLFRAME', content: 'javascript:alert(1)' }, 'content'],
      [{ host: 'a', type: 'FORWARD', content: 'mailto:x@example.net' }, 'content'],
      [{ host: 'a', type: 'SOA', content: 'x' }, 'type'],
      [{ host: 'a', type: 'BOGUS', content: 'x' }, 'type'],
      [{ host: 'a', type: '', content: 'x' }, 'type'],
      [{ host: 'a', type: '__proto__', content: 'x' }, 'type'],
      [{ host: 'a', type: 'A', content: '192.0.2.1', ttl: 'soon' }, 'ttl'],
      [{ host: 'a', type: 'A', content: '192.0.2.1', ttl: 1.5 }, 'ttl'],
      [{ type: 'A', content: '192.0.2.1' }, 'host'],
      [{ host: 'a', content: '192.0.2.1' }, 'type'],
      [{ host: 'a', type: 'A' }, 'content'],
      [{ host: 'a', type: 'A', content: 7 }, 'content'],
      [{ host: 'a', type: 'MX', content: 'mx.example.net', pref: true }, 'pref'],
    ];
    for (const [body, field] of cases) assertInvalid(await post(d, body), field, JSON.stringify(body).slice(0, 80));
    assert.deepEqual(await list(d), before, 'bad input changes nothing');
    assert.equal(await serial(d), serialBefore);
  });

  it('checks host names: inside the zone, LDH with "_" labels, "*" only as the whole leftmost label', async () => {
    const d = await domain(owner);
    for (const host of ['www.example.net', 'www.other.fi.', 'mail.office', `x${d.fqdn}`, 'bad_host-.', '-a', 'a-', 'a b',
      'a..b', '*a', 'a.*', `a.*.${d.fqdn}`, 'x'.repeat(64), '', ' ', 'http://x', '@@', '.']) {
      assertInvalid(await post(d, { host, type: 'A', content: '192.0.2.1' }), 'host', JSON.stringify(host));
    }
    for (const [host, shown] of [
      ['WWW', `www.${d.fqdn}`], [d.fqdn.toUpperCase(), '@'], [`${d.fqdn}.`, '@'], ['_acme-challenge', `_acme-challenge.${d.fqdn}`],
      [`*.wild.${d.fqdn}`, `*.wild.${d.fqdn}`], ['kööki', `xn--kki-snaa.${d.fqdn}`],
      // As DKIM and SRV instructions write them: relative, ending in a service label.
      ['sel1._domainkey', `sel1._domainkey.${d.fqdn}`], ['_sip._tcp', `_sip._tcp.${d.fqdn}`],
    ]) {
      const res = await post(d, { host, type: 'TXT', content: `for ${host}` });
      assert.equal(res.status, 201, `${host}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.data.host, shown);
    }
  });

  it('keeps a CNAME alone at its name (RFC 1034 3.6.2), on create and on update', async () => {
    const d = await domain(owner);
    const a = await post(d, { host: 'app', type: 'A', content: '192.0.2.1' });
    assertInvalid(await post(d, { host: 'app', type: 'CNAME', content: 'example.net' }), 'host', 'CNAME beside an A');
    const c = await post(d, { host: 'www', type: 'CNAME', content: 'example.net' });
    assert.equal(c.status, 201);
    assertInvalid(await post(d, { host: 'www', type: 'A', content: '192.0.2.1' }), 'host', 'A at a CNAME');
    assertInvalid(await post(d, { host: 'www', type: 'TXT', content: 'x' }), 'host', 'TXT at a CNAME');
    assertInvalid(await post(d, { host: 'www', type: 'CNAME', content: 'example.org' }), 'host', 'second CNAME');
    assertInvalid(await post(d, { host: 'www', type: 'MX', content: 'mx.example.net', pref: 1 }), 'host', 'MX at a CNAME');
    // An SRV's owner is _service._proto.www: a different name, so it may sit under a CNAME.
    assert.equal((await post(d, { host: 'www', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_udp', priority: 1, weight: 1, port: 5060 })).status, 201);
    // Moving the A onto the CNAME's name, or turning it into a CNAME beside other records, is refused too.
    assertInvalid(await t.request('PATCH', path(d, a.body.data.id), { token: owner.token, body: { host: 'www' } }), 'host');
    await post(d, { host: 'app', type: 'TXT', content: 'beside the A' });
    assertInvalid(await t.request('PATCH', path(d, a.body.data.id), { token: owner.token, body: { type: 'CNAME', content: 'example.net' } }), 'host');
    // A CNAME may change its own target.
    const retarget = await t.request('PATCH', path(d, c.body.data.id), { token: owner.token, body: { content: 'example.org' } });
    assert.equal(retarget.status, 200);
    assert.equal(retarget.body.data.content, 'example.org');
  });

  it("finds the clash wherever the other record is stored: an SRV's owner, the apex, a record moved in", async () => {
    const d = await domain(owner);
    const srv = (host: string, service: string, content = 'sip.example.net') =>
      ({ host, type: 'SRV', content, service, proto: '_tcp', priority: 1, weight: 1, port: 5060 });
    const patch = (id: number, body: unknown) => t.request('PATCH', path(d, id), { token: owner.token, body });
    // An SRV stored at voip (and one at the apex) is published at _sip._tcp.voip: no CNAME can join it there.
    assert.equal((await post(d, srv('voip', '_sip'))).status, 201);
    assert.equal((await post(d, srv('@', '_sip'))).status, 201);
    assertInvalid(await post(d, { host: `_sip._tcp.voip.${d.fqdn}`, type: 'CNAME', content: 'example.net' }), 'host', 'CNAME at an SRV owner');
    assertInvalid(await post(d, { host: `_sip._tcp.${d.fqdn}`, type: 'CNAME', content: 'example.net' }), 'host', 'CNAME at the apex SRV owner');
    assertInvalid(await post(d, srv('@', '_sip')), 'content', 'duplicate SRV at the apex');
    assert.equal((await post(d, { host: `_sip._tcp.${d.fqdn}`, type: 'TXT', content: 'beside the SRV' })).status, 201);
    // Nor an SRV at a CNAME's name.
    assert.equal((await post(d, { host: `_xmpp._tcp.voip.${d.fqdn}`, type: 'CNAME', content: 'xmpp.example.net' })).status, 201);
    assertInvalid(await post(d, srv('voip', '_xmpp', 'xmpp.example.net')), 'host', 'SRV at a CNAME');
    // Duplicates at the apex.
    assert.equal((await post(d, { host: '@', type: 'A', content: '192.0.2.1' })).status, 201);
    assertInvalid(await post(d, { host: d.fqdn, type: 'A', content: '192.0.2.1' }), 'content', 'duplicate apex A');
    assert.equal((await post(d, { host: '@', type: 'MX', content: 'mx.example.net', pref: 10 })).status, 201);
    assertInvalid(await post(d, { host: '@', type: 'MX', content: 'mx.example.net', pref: 20 }), 'content', 'duplicate apex MX');
    // Updates that move a record where it clashes.
    const txt = (await post(d, { host: 'elsewhere', type: 'TXT', content: 'x' })).body.data.id;
    assertInvalid(await patch(txt, { host: `_sip._tcp.voip.${d.fqdn}`, type: 'CNAME', content: 'example.net' }), 'host', 'into a CNAME at an SRV owner');
    assertInvalid(await patch(txt, { host: `_xmpp._tcp.voip.${d.fqdn}` }), 'host', 'onto a CNAME');
    const a = (await post(d, { host: 'www', type: 'A', content: '192.0.2.1' })).body.data.id;
    assertInvalid(await patch(a, { host: '@' }), 'content', 'onto its apex duplicate');
    const mx = (await post(d, { host: 'mail', type: 'MX', content: 'mx.example.net', pref: 10 })).body.data.id;
    assertInvalid(await patch(mx, { host: '@' }), 'content', 'onto its apex duplicate MX');
    assert.equal((await patch(mx, { host: '@', content: 'mx2.example.net' })).status, 200);
  });

  it('refuses a duplicate (same name, type and content), and an update that would make one', async () => {
    const d = await domain(owner);
    assert.equal((await post(d, { host: 'dup', type: 'A', content: '192.0.2.1' })).status, 201);
    assertInvalid(await post(d, { host: `dup.${d.fqdn}`, type: 'a', content: '192.0.2.1', ttl: 600 }), 'content');
    assertInvalid(await post(d, { host: 'v6', type: 'AAAA', content: '2001:db8::1' }).then(() => post(d, { host: 'v6', type: 'AAAA', content: '2001:0db8:0::1' })), 'content');
    const second = await post(d, { host: 'dup', type: 'A', content: '192.0.2.2' });
    assert.equal(second.status, 201);
    assertInvalid(await t.request('PATCH', path(d, second.body.data.id), { token: owner.token, body: { content: '192.0.2.1' } }), 'content');
    // Unchanged values are not a duplicate of the record itself.
    assert.equal((await t.request('PATCH', path(d, second.body.data.id), { token: owner.token, body: { ttl: 120 } })).status, 200);
  });

  it('bumps the SOA serial on every change, restarting at 01 on a new day', async () => {
    const d = await domain(owner);
    assert.equal(await serial(d), 2026030101);
    const res = await post(d, { host: 's', type: 'A', content: '192.0.2.1' });
    assert.equal(await serial(d), 2026030102);
    await t.request('PATCH', path(d, res.body.data.id), { token: owner.token, body: { ttl: 600 } });
    assert.equal(await serial(d), 2026030103);
    const start = t.clock.now();
    // Past midnight UTC, while the test's tokens are still valid.
    t.clock.set('2026-03-02T00:30:00Z');
    await t.request('DELETE', path(d, res.body.data.id), { token: owner.token });
    assert.equal(await serial(d), 2026030201);
    // A refused change bumps nothing.
    await post(d, { host: 's', type: 'A', content: 'nope' });
    assert.equal(await serial(d), 2026030201);
    t.clock.set(start);
    // The clock behind the serial: it still grows.
    await post(d, { host: 's', type: 'A', content: '192.0.2.2' });
    assert.equal(await serial(d), 2026030202);
  });

  it('PATCH merges over the record and checks the result as a whole', async () => {
    const d = await domain(owner);
    const mx = await post(d, { host: '@', type: 'MX', content: 'mx.example.net', pref: 10 });
    const id = mx.body.data.id;
    const res = await t.request('PATCH', path(d, id), { token: owner.token, body: { pref: 20 } });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.data.content, res.body.data.pref], ['mx.example.net', '20']);
    // Changing the type drops the old type's fields, so the new type's rules apply in full.
    assertInvalid(await t.request('PATCH', path(d, id), { token: owner.token, body: { type: 'URL', content: 'https://example.net' } }), 'redirect_type');
    const url = await t.request('PATCH', path(d, id), { token: owner.token, body: { type: 'URL', content: 'https://example.net', redirect_type: '302' } });
    assert.equal(url.status, 200);
    assert.deepEqual(url.body.data, { host: '@', content: 'https://example.net', type: 'URL', redirect_type: '302', ttl: 3600, id });
    assertInvalid(await t.request('PATCH', path(d, id), { token: owner.token, body: { host: 'www.example.net' } }), 'host');
    assertInvalid(await t.request('PATCH', path(d, id), { token: owner.token, body: { ttl: 59 } }), 'ttl');
    assert.deepEqual((await list(d)).find((r) => r.id === id), url.body.data);
  });

  it('ttl, port, pref, priority and weight at and past their bounds', async () => {
    const d = await domain(owner);
    let n = 0;
    const a = (ttl: unknown) => ({ host: `t${++n}`, type: 'A', content: '192.0.2.1', ttl });
    const srv = (f: Record<string, unknown>) => ({
      host: `s${++n}`, type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_tcp', priority: 0, weight: 0, port: 0, ...f,
    });
    const mx = (pref: unknown) => ({ host: `m${++n}`, type: 'MX', content: 'mx.example.net', pref });
    for (const ok of [a(60), a(86400), a('300'), srv({}), srv({ port: 65535, priority: 65535, weight: 65535 }), mx(0), mx(65535)]) {
      const res = await post(d, ok);
      assert.equal(res.status, 201, `${JSON.stringify(ok)}: ${JSON.stringify(res.body)}`);
    }
    const bad: Array<[Record<string, unknown>, string]> = [
      [a(59), 'ttl'], [a(86401), 'ttl'], [a(0), 'ttl'], [a(-60), 'ttl'],
      [srv({ port: -1 }), 'port'], [srv({ port: 65536 }), 'port'], [srv({ port: '65536' }), 'port'],
      [srv({ priority: 65536 }), 'priority'], [srv({ weight: -1 }), 'weight'],
      [mx(-1), 'pref'], [mx(65536), 'pref'], [mx('ten'), 'pref'], [mx(1e21), 'pref'],
    ];
    for (const [body, field] of bad) assertInvalid(await post(d, body), field, JSON.stringify(body));
  });

  it('answers 400 when the domain does not use our name servers or has no zone', async () => {
    const foreign = await domain(owner, ['ns1.elsewhere.net', 'ns2.elsewhere.net']);
    const mixed = await domain(owner, [OURS[0]!, 'ns2.elsewhere.net']);
    // A domain that had a zone and moved its delegation away through the name servers endpoint.
    const movedAway = await domain(owner);
    const put = await t.request('PUT', `/api/v1/domain/domains/${movedAway.fqdn}/nameservers`, {
      token: owner.token, body: { nameservers: ['ns1.elsewhere.net', 'ns2.elsewhere.net'] },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    for (const d of [foreign, mixed, movedAway]) {
      for (const res of [await t.request('GET', path(d), { token: owner.token }), await post(d, { host: 'a', type: 'A', content: '192.0.2.1' })]) {
        assert.equal(res.status, 400, d.fqdn);
        assert.deepEqual(res.body, { error: { status: 400, message: NOT_OURS } });
      }
    }
    // Bought but not paid yet: on our name servers, no zone.
    const prepaid = await t.user();
    const pending = await domain(prepaid);
    assert.equal(pending.status, 'pending');
    for (const res of [
      await t.request('GET', path(pending), { token: prepaid.token }),
      await post(pending, { host: 'a', type: 'A', content: '192.0.2.1' }, prepaid.token),
    ]) {
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: { status: 400, message: NO_ZONE } });
    }
    // Our names in another spelling are still ours.
    await ctx.store.domains.update(foreign.id, { nameservers: JSON.stringify(['NS1.hostplane.test.', 'ns2.HOSTPLANE.test']) });
    await ctx.store.transaction((tx) => createZone(tx, ctx, foreign, OURS));
    assert.equal((await t.request('GET', path(foreign), { token: owner.token })).status, 200);
  });

  it("answers 403 for another user's domain on every method and changes nothing; 404 for unknown names", async () => {
    const d = await domain(owner);
    const rec = await post(d, { host: 'keep', type: 'A', content: '192.0.2.1' });
    const id = rec.body.data.id;
    const before = await list(d);
    const serialBefore = await serial(d);
    const forbidden = { error: { status: 403, message: 'Forbidden request' } };
    for (const res of [
      await t.request('GET', path(d), { token: other.token }),
      await post(d, { host: 'evil', type: 'A', content: '192.0.2.66' }, other.token),
      await t.request('PATCH', path(d, id), { token: other.token, body: { content: '192.0.2.66' } }),
      await t.request('DELETE', path(d, id), { token: other.token }),
      // Even an id that does not exist: the domain's owner decides first, so B learns nothing about ids.
      await t.request('DELETE', path(d, 999999), { token: other.token }),
    ]) {
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, forbidden);
    }
    assert.deepEqual(await list(d), before);
    assert.equal(await serial(d), serialBefore);
    const notFound = { error: { status: 404, message: 'Resource not found' } };
    for (const res of [
      await t.request('GET', path('nosuchdomain.fi'), { token: owner.token }),
      await t.request('POST', path('nosuchdomain.fi'), { token: owner.token, body: { host: 'a', type: 'A', content: '192.0.2.1' } }),
      await t.request('GET', path('not a domain'), { token: owner.token }),
    ]) {
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, notFound);
    }
    assert.equal((await t.request('GET', path(d))).status, 401);
  });

  it('answers 404 for a record id that is not in this domain\'s zone', async () => {
    const d = await domain(owner);
    const mine = await domain(owner);
    const theirs = await domain(other);
    const inMine = (await post(mine, { host: 'x', type: 'A', content: '192.0.2.1' })).body.data.id;
    const inTheirs = (await post(theirs, { host: 'x', type: 'A', content: '192.0.2.1' }, other.token)).body.data.id;
    const serialBefore = await serial(d);
    for (const id of [999999, inMine, inTheirs]) {
      for (const res of [
        await t.request('PATCH', path(d, id), { token: owner.token, body: { content: '192.0.2.9' } }),
        await t.request('DELETE', path(d, id), { token: owner.token }),
      ]) {
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { error: { status: 404, message: 'Resource not found' } });
      }
    }
    assert.equal((await list(theirs, other.token)).find((r) => r.id === inTheirs)?.content, '192.0.2.1');
    assert.equal(await serial(d), serialBefore);
    assert.equal((await t.request('DELETE', path(d, 0), { token: owner.token })).status, 422);
  });

  it('keeps the apex NS records to the name servers endpoints', async () => {
    const d = await domain(owner);
    const ns = (await list(d)).find((r) => r.type === 'NS')!;
    for (const res of [
      await t.request('DELETE', path(d, ns.id), { token: owner.token }),
      await t.request('PATCH', path(d, ns.id), { token: owner.token, body: { content: 'ns.example.net' } }),
    ]) {
      assert.equal(res.status, 400);
      assert.match(res.body.error.message, /name servers endpoints/);
    }
    assert.equal((await list(d)).filter((r) => r.type === 'NS').length, 3);
  });

  it('follows a change of name servers: apex NS records and SOA primary, with a serial bump', async () => {
    const d = await domain(owner);
    const sync = (ns: string[], dom = d) => ctx.store.transaction((tx) => syncApexNameservers(tx, ctx, dom, ns));
    const apex = async (dom = d) => (await list(dom)).filter((r) => r.type === 'NS' && r.host === '@').map((r) => r.content);
    await sync([OURS[1]!, OURS[0]!]);
    assert.deepEqual((await apex()).sort(), [OURS[0], OURS[1]]);
    const zone = (await ctx.store.zones.findByDomainId(d.id))!;
    assert.equal(zone.primary_ns, OURS[1]);
    assert.equal(zone.serial, 2026030102);
    await sync([OURS[1]!, OURS[0]!]);
    assert.equal(await serial(d), 2026030102, 'no change, no bump');
    await sync(['ns1.elsewhere.net']);
    assert.equal(await serial(d), 2026030102, 'moving away leaves the zone alone');
    const prepaid = await t.user();
    const pending = await domain(prepaid);
    await sync(OURS, pending);
    assert.deepEqual((await list(pending, prepaid.token)).map((r) => r.content), OURS);
  });

  it('a name deleted and bought again starts with a fresh zone, not the last holder\'s records', async () => {
    const d = await domain(owner);
    const created = await t.request('POST', path(d), { token: owner.token, body: { host: 'secret', type: 'A', content: '192.0.2.7' } });
    assert.equal(created.status, 201);
    // What the expiry lifecycle does at the end of redemption: the registration ends and the name is free.
    await ctx.store.domains.update(d.id, { status: 'deleted' });
    await ctx.store.registry.delete(d.fqdn);
    const again = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: other.token, body: { domain: d.fqdn, years: 1, registrantContact: REGISTRANT },
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const data = await list(d.fqdn, other.token);
    assert.deepEqual(data.map((r) => [r.host, r.type]), OURS.map(() => ['@', 'NS']));
  });
});
