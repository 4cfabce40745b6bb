import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const CLIENT = {
  firstname: 'Joe', lastname: 'Bin', password: 'Pass!123', postcode: '1234', address1: 'Address 1', city: 'Test',
  country: 'BE', phone: '123456789', client_type: 'Managed Client', email: 'nimipalvelin@example.be',
};

/** GET domains/{domain} reads back the delegation that register and change-nameservers set. */
describe('partner API: a domain shows its nameservers', () => {
  let t: TestServer;
  type P = Awaited<ReturnType<TestServer['partner']>>;
  let a: P;
  let b: P;
  let clientId: number;
  before(async () => {
    t = await startTestServer();
    a = await t.partner('Partner A');
    b = await t.partner('Partner B');
    const added = await t.request('POST', '/clients/add', { token: a.apiKey, body: CLIENT });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    clientId = Number(added.body.data[0].id);
  });
  after(() => t.close());

  const show = async (name: string, p = a) => {
    const res = await t.request('GET', `/domains/${name}`, { token: p.apiKey });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data;
  };
  const change = (name: string, body: unknown) => t.request('POST', `/domains/${name}/change-nameservers`, { token: a.apiKey, body });

  it('shows the nameservers register set as ns1-ns4, null where none, between the list fields and the contacts', async () => {
    const res = await t.request('POST', '/domains/register', {
      token: a.apiKey, body: { name: 'delegoitu.com', period: 1, action: 'register', client_id: clientId, ns1: 'NS1.Muualla.net.', ns2: 'ns2.muualla.net' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const data = await show('delegoitu.com');
    assert.deepEqual(data.nameservers, { ns1: 'ns1.muualla.net', ns2: 'ns2.muualla.net', ns3: null, ns4: null });
    const keys = Object.keys(data);
    assert.deepEqual(keys.slice(-2), ['nameservers', 'contacts']);
  });

  it('reads back what change-nameservers set, and its answer can be sent back as it is', async () => {
    const res = await t.request('POST', '/domains/register', { token: a.apiKey, body: { name: 'takaisin.com', period: 1, action: 'register' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const ours = t.server.runtime.ctx.settings.nameservers;
    assert.deepEqual((await show('takaisin.com')).nameservers, { ns1: ours[0], ns2: ours[1], ns3: ours[2] ?? null, ns4: ours[3] ?? null });

    const sent = { ns1: 'ns1.vaihdettu.net', ns2: 'ns2.vaihdettu.net', ns3: 'ns3.vaihdettu.net', ns4: 'ns4.vaihdettu.net' };
    assert.equal((await change('takaisin.com', sent)).status, 201);
    const read = (await show('takaisin.com')).nameservers;
    assert.deepEqual(read, sent);

    assert.equal((await change('takaisin.com', { ...read, ns3: null, ns4: null })).status, 201);
    assert.deepEqual((await show('takaisin.com')).nameservers, { ...sent, ns3: null, ns4: null });
  });

  it('shows ns5 and on when the client API gave the domain more than four', async () => {
    const res = await t.request('POST', '/domains/register', { token: a.apiKey, body: { name: 'monta.com', period: 1, action: 'register', client_id: clientId } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const login = await t.request('POST', '/api/v1/auth', { body: { username: CLIENT.email, password: CLIENT.password } });
    const six = Array.from({ length: 6 }, (_, i) => `ns${i + 1}.monta.net`);
    const put = await t.request('PUT', '/api/v1/domain/domains/monta.com/nameservers', { token: login.body.data.token, body: { nameservers: six } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual((await show('monta.com')).nameservers, Object.fromEntries(six.map((ns, i) => [`ns${i + 1}`, ns])));
  });

  it("another partner sees nothing of them", async () => {
    const res = await t.request('GET', '/domains/delegoitu.com', { token: b.apiKey });
    assert.equal(res.status, 403);
    assert.equal(res.body.data, undefined);
  });
});
