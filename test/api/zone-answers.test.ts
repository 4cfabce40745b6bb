import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { PanelClient } from '../helpers/panel.js';
import { runCli } from '../helpers/cli.js';

type Partner = Awaited<ReturnType<TestServer['partner']>>;
type Client = Awaited<ReturnType<TestServer['user']>>;

const SECRET = 'zone-answers-dnssec-secret-of-32-chars';
/** Both instances of the two-server test take the same tokens, as instances behind one load balancer do. */
const ENV = { DNSSEC_KEY_SECRET: SECRET, JWT_SECRET: 'zone-answers-jwt-secret-of-at-least-32-chars' };

/**
 * The record lists of both APIs are served from answers kept per zone version (zone-answer-cache.ts).
 * Each test reads first, so the answer is kept, then changes the zone another way (the other API, the
 * panel, the CLI, another server on the same store) and reads again: the change must be there at once.
 */
describe('record lists: kept answers are never stale', () => {
  let t: TestServer;
  let p: Partner;
  let seq = 0;

  before(async () => {
    // A DNS server of its own: DNSSEC needs a provider that signs.
    t = await startTestServer({ env: { DNS_PORT: '0', ...ENV } });
    p = await t.partner();
  });
  after(() => t.close());

  /** A client of the partner (postpaid: its purchase is active with its zone at once) and its domain. */
  async function zone(server = t, partner = p): Promise<{ c: Client; name: string }> {
    const c = await server.user({ partnerId: partner.id, clientType: 'Managed Client', postpaid: true });
    const name = `kept${++seq}-${process.pid}.fi`;
    await purchase(server, c.token, name);
    return { c, name };
  }

  const clientGet = (s: TestServer, name: string, token: string) => s.request('GET', `/api/v1/domain/domains/${name}/records`, { token });
  const partnerGet = (s: TestServer, name: string, key: string) => s.request('GET', `/domains/${name}/records`, { token: key });
  /** The client API's records as "type content". */
  async function clientView(s: TestServer, name: string, token: string): Promise<string[]> {
    const res = await clientGet(s, name, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.data as Array<{ host: string; type: string; content: string }>).map((r) => `${r.type} ${r.content}`);
  }
  /** The partner API's zone: its records as "name type data", and the zone's SOA and IsSecure. */
  async function partnerView(s: TestServer, name: string, key = p.apiKey) {
    const res = await partnerGet(s, name, key);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const records = Object.values(res.body.Result.Records as Record<string, Array<{ RecordName: string; RecordTypeName: string; RecordData: string }>>)
      .flat()
      .map((r) => `${r.RecordName} ${r.RecordTypeName} ${r.RecordData}`);
    return { records, soa: res.body.Result.Records.SOA[0].RecordData as string, secure: res.body.Result.Zone.IsSecure as boolean };
  }

  it('a read twice in a row is the same answer, byte for byte, in both dialects', async () => {
    const { c, name } = await zone();
    for (const get of [() => clientGet(t, name, c.token), () => partnerGet(t, name, p.apiKey)]) {
      const first = await get();
      const second = await get();
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(second.body, first.body);
      assert.equal(second.headers.get('content-length'), first.headers.get('content-length'));
    }
  });

  it('a change through one API is in the next read of the other, each way', async () => {
    const { c, name } = await zone();
    assert.ok(!(await partnerView(t, name)).records.includes(`www.${name} A 192.0.2.1`));
    assert.ok(!(await clientView(t, name, c.token)).includes('A 192.0.2.1'));

    const made = await t.request('POST', `/api/v1/domain/domains/${name}/records`, { token: c.token, body: { host: 'www', type: 'A', content: '192.0.2.1' } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.ok((await partnerView(t, name)).records.includes(`www.${name} A 192.0.2.1`), 'client create seen by the partner API');
    assert.ok((await clientView(t, name, c.token)).includes('A 192.0.2.1'));

    const id = made.body.data.id as number;
    const put = await t.request('PUT', `/domains/${name}/record`, {
      token: p.apiKey, body: { id: String(id), record_type_name: 'A', record_name: 'www', record_data: '192.0.2.2', priority: 1 },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual((await clientView(t, name, c.token)).filter((r) => r.startsWith('A ')), ['A 192.0.2.2'], 'partner update seen by the client API');

    const before = await partnerView(t, name);
    const fields = before.soa.split(' ');
    const soa = await t.request('PUT', `/domains/${name}/record`, {
      token: p.apiKey,
      body: { id: '0', record_type_name: 'SOA', record_name: '@', record_data: `${fields[0]} ${fields[1]} 1 10800 1800 1814400 900`, priority: 1 },
    });
    assert.equal(soa.status, 200, JSON.stringify(soa.body));
    const edited = (await partnerView(t, name)).soa;
    assert.match(edited, / 10800 1800 1814400 900$/, 'the SOA edit (record id 0) is in the next read');
    assert.notEqual(edited.split(' ')[2], fields[2], 'with a new serial');

    const gone = await t.request('DELETE', `/api/v1/domain/domains/${name}/records/${id}`, { token: c.token });
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.ok(!(await partnerView(t, name)).records.some((r) => r.startsWith(`www.${name} `)), 'client delete seen by the partner API');
  });

  it('a record added in the panel, and name servers given anew, are in the next reads of both APIs', async () => {
    const { c, name } = await zone();
    await clientView(t, name, c.token);
    await partnerView(t, name);

    const b = new PanelClient(t);
    const csrf = await b.login(c.username, c.password);
    const added = await b.post(`/panel/domains/${name}/records/new`, { csrf, type: 'TXT', host: '@', content: 'panel-was-here', ttl: '' });
    assert.equal(added.status, 303, added.text.slice(0, 500));
    assert.ok((await clientView(t, name, c.token)).includes('TXT panel-was-here'));
    assert.ok((await partnerView(t, name)).records.includes(`${name} TXT panel-was-here`));

    // Name servers given anew through the client API (ours, in another order): syncApexNameservers moves
    // the SOA's primary to the first, a zone row change the partner API shows.
    const ours = t.server.runtime.ctx.settings.nameservers;
    const reordered = [...ours].reverse();
    const put = await t.request('PUT', `/api/v1/domain/domains/${name}/nameservers`, { token: c.token, body: { nameservers: reordered } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal((await partnerView(t, name)).soa.split(' ')[0], reordered[0]);
  });

  it('DNSSEC turned on by the CLI (another process\'s connection) is in the partner API\'s next read', async () => {
    const { name } = await zone();
    assert.equal((await partnerView(t, name)).secure, false);
    const run = await runCli({ databaseUrl: t.databaseUrl, env: { DNSSEC_KEY_SECRET: SECRET } }, 'dnssec', 'enable', name);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await partnerView(t, name)).secure, true);
  });

  it('another account gets the same refusal as before the answer was kept, never the kept answer', async () => {
    const { c, name } = await zone();
    const stranger = await t.user({ postpaid: true });
    const otherPartner = await t.partner();
    const refusedClient = await clientGet(t, name, stranger.token);
    const refusedPartner = await partnerGet(t, name, otherPartner.apiKey);
    assert.ok(refusedClient.status >= 400 && refusedPartner.status >= 400);

    assert.equal((await clientGet(t, name, c.token)).status, 200);
    assert.equal((await partnerGet(t, name, p.apiKey)).status, 200);

    for (const [res, was] of [[await clientGet(t, name, stranger.token), refusedClient], [await partnerGet(t, name, otherPartner.apiKey), refusedPartner]] as const) {
      assert.equal(res.status, was.status);
      assert.deepEqual(res.body, was.body);
    }
  });

  it('two servers on one PostgreSQL store: a change through one is in the other\'s next read', { skip: !process.env.TEST_DATABASE_URL && 'SQLite is served by one process' }, async () => {
    const b = await startTestServer({ databaseUrl: t.databaseUrl, env: ENV });
    try {
      const { c, name } = await zone();
      // Each server keeps its own answers: both read now, so both hold one.
      assert.deepEqual(await clientView(b, name, c.token), await clientView(t, name, c.token));
      await partnerView(b, name);

      const made = await t.request('POST', `/api/v1/domain/domains/${name}/records`, { token: c.token, body: { host: 'mail', type: 'A', content: '192.0.2.25' } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.ok((await clientView(b, name, c.token)).includes('A 192.0.2.25'), 'B sees A\'s change at once');
      assert.ok((await partnerView(b, name)).records.includes(`mail.${name} A 192.0.2.25`));

      const gone = await b.request('DELETE', `/domains/${name}/record/${made.body.data.id}`, { token: p.apiKey });
      assert.equal(gone.status, 200, JSON.stringify(gone.body));
      assert.ok(!(await clientView(t, name, c.token)).includes('A 192.0.2.25'), 'A sees B\'s change at once');
      assert.ok(!(await partnerView(t, name)).records.includes(`mail.${name} A 192.0.2.25`));
    } finally {
      await b.close();
    }
  });
});
