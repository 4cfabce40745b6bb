import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { REGISTRANT as registrant } from '../../helpers/fixtures.js';

const INVALID = 'The given data was invalid.';
const invalid = (context: Record<string, string[]>) => ({ error: { status: 422, message: INVALID, context } });
const UPDATED = { message: 'Name servers updated succesfully', data: null };
const TWO = ['ns1.example.net', 'ns2.example.net'];

/** PATCH adds to and DELETE removes from a domain's list: 2-13 is a rule of the list left, not of the request. */
describe('client API: adding and removing single name servers', () => {
  let t: TestServer;
  let token: string;
  let other: string;
  before(async () => {
    t = await startTestServer();
    token = (await t.user({ postpaid: true })).token;
    other = (await t.user({ postpaid: true })).token;
  });
  after(() => t.close());

  const buy = async (domain: string, nameServers: string[]) => {
    const res = await t.request('POST', '/api/v1/domain/domains/purchase', { token, body: { domain, nameServers, registrantContact: registrant } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const path = (fqdn: string) => `/api/v1/domain/domains/${fqdn}/nameservers`;
  const send = (method: string, fqdn: string, nameservers: unknown[], as = token) => t.request(method, path(fqdn), { token: as, body: { nameservers } });
  const listed = async (fqdn: string) => (await t.request('GET', path(fqdn), { token })).body.data.map((n: { nameserver: string }) => n.nameserver);
  const atRegistry = async (fqdn: string) => (await t.server.runtime.ctx.registry.info(fqdn))!.nameservers;

  it('PATCH with one name adds it to two: three', async () => {
    await buy('yksi-lisaa.fi', TWO);
    const res = await send('PATCH', 'yksi-lisaa.fi', ['NS3.example.net.']);
    assert.deepEqual(res.body, UPDATED, JSON.stringify(res.body));
    assert.deepEqual(await listed('yksi-lisaa.fi'), [...TWO, 'ns3.example.net']);
    assert.deepEqual(await atRegistry('yksi-lisaa.fi'), [...TWO, 'ns3.example.net']);
  });

  it('PATCH with one name already there leaves two, which is enough; an empty or bad one is refused', async () => {
    await buy('jo-siella.fi', TWO);
    assert.deepEqual((await send('PATCH', 'jo-siella.fi', ['ns1.example.net'])).body, UPDATED);
    assert.deepEqual((await send('PATCH', 'jo-siella.fi', [])).body, invalid({ nameservers: ['The nameservers must have at least 1 items'] }));
    assert.deepEqual((await send('PATCH', 'jo-siella.fi', ['not a host'])).body, invalid({ 'nameservers.0': ['The nameservers.0 must be a valid host name'] }));
    assert.deepEqual(await listed('jo-siella.fi'), TWO);
  });

  it('PUT still replaces with a whole list of at least two', async () => {
    await buy('korvaus.fi', TWO);
    assert.deepEqual((await send('PUT', 'korvaus.fi', ['ns9.example.net'])).body, invalid({ nameservers: ['The nameservers must have at least 2 items'] }));
    assert.deepEqual(await listed('korvaus.fi'), TWO);
  });

  it('DELETE removes names while two remain, and refuses per field what would leave fewer or is not there', async () => {
    await buy('poisto.fi', [...TWO, 'ns3.example.net', 'ns4.example.net']);
    assert.deepEqual((await send('DELETE', 'poisto.fi', ['NS4.example.net.'])).body, UPDATED);
    assert.deepEqual(await listed('poisto.fi'), [...TWO, 'ns3.example.net']);
    assert.deepEqual(await atRegistry('poisto.fi'), [...TWO, 'ns3.example.net']);

    const cases: Array<[unknown[], Record<string, string[]>]> = [
      [['ns1.example.net', 'ns2.example.net'], { nameservers: ['The nameservers cannot be removed: the domain must keep at least 2 name servers'] }],
      [['ns7.example.net'], { 'nameservers.0': ['The nameservers.0 is not a name server of this domain'] }],
      [[], { nameservers: ['The nameservers must have at least 1 items'] }],
      [['ns1.example.net', 'NS1.example.net'], { nameservers: ['The nameservers must not contain duplicates'] }],
    ];
    for (const [nameservers, context] of cases) {
      const res = await send('DELETE', 'poisto.fi', nameservers);
      assert.deepEqual(res.body, invalid(context), JSON.stringify(nameservers));
    }
    assert.deepEqual(await listed('poisto.fi'), [...TWO, 'ns3.example.net'], 'nothing changed');

    assert.deepEqual((await send('DELETE', 'poisto.fi', ['ns3.example.net'])).body, UPDATED);
    assert.deepEqual(await listed('poisto.fi'), TWO);
  });

  it("another account's domain is not touched", async () => {
    await buy('vieras.fi', [...TWO, 'ns3.example.net']);
    assert.equal((await send('DELETE', 'vieras.fi', ['ns3.example.net'], other)).status, 403);
    assert.equal((await send('PATCH', 'vieras.fi', ['ns4.example.net'], other)).status, 403);
    assert.deepEqual(await listed('vieras.fi'), [...TWO, 'ns3.example.net']);
  });
});
