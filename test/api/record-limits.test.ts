import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { decode, query, requireDnsClients, tcpExchange, waitForAnswer } from '../servers/dns/helpers.js';

/** The audit's record: 4,096 "é" (8,192 bytes of UTF-8), each made unique by its first character. */
const tall = (i: number) => `${i}${'é'.repeat(4095)}`;

/**
 * Record sets the DNS could not serve are refused by both APIs with a 422 per field, and nothing is
 * written: an RRset or a name whose answer would not fit a TCP message (the audit's nine TXT records of
 * 4,096 "é" were accepted and then answered with TC and nothing), and what a BIND secondary refuses
 * in a transfer (more than 100 records of a type, an NS record at a wildcard name).
 */
describe('both APIs: record sets the DNS could not serve are refused', () => {
  let t: TestServer;
  let dns: number;
  let token: string;
  let apiKey: string;
  let seq = 0;

  before(async () => {
    requireDnsClients();
    t = await startTestServer({ env: { DNS_PORT: '0' } });
    dns = t.server.dns!.port;
    token = (await t.user({ postpaid: true })).token;
    apiKey = (await t.partner()).apiKey;
  });
  after(() => t?.close());

  const serial = async (fqdn: string) => (await t.server.runtime.ctx.store.zones.findByName(fqdn))!.serial;

  /** The client API's view of a zone's records, and its serial: what "nothing changed" compares. */
  async function clientState(fqdn: string) {
    const res = await t.request('GET', `/api/v1/domain/domains/${fqdn}/records`, { token });
    assert.equal(res.status, 200);
    return { records: res.body.data, serial: await serial(fqdn) };
  }
  async function partnerState(fqdn: string) {
    const res = await t.request('GET', `/domains/${fqdn}/records`, { token: apiKey });
    assert.equal(res.status, 200);
    return { records: res.body.Result, serial: await serial(fqdn) };
  }

  async function clientDomain(): Promise<string> {
    const fqdn = `rajat${++seq}.fi`;
    await purchase(t, token, fqdn);
    return fqdn;
  }
  async function partnerDomain(): Promise<string> {
    const fqdn = `rajat-partneri${++seq}.com`;
    const res = await t.request('POST', '/domains/register', { token: apiKey, body: { name: fqdn, period: 1, action: 'register' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return fqdn;
  }
  const clientAdd = (fqdn: string, body: Record<string, unknown>) => t.request('POST', `/api/v1/domain/domains/${fqdn}/records`, { token, body });
  const partnerAdd = (fqdn: string, body: Record<string, unknown>) =>
    t.request('POST', `/domains/${fqdn}/record`, { token: apiKey, body: { priority: 1, ...body } });

  /** The TXT answer at `name` over TCP, once the server has the zone's serial `atSerial`. */
  async function tcpTxt(fqdn: string, name: string, atSerial: number) {
    await waitForAnswer(dns, fqdn, 'SOA', (a) => ((a.answers?.[0] as { data?: { serial?: number } } | undefined)?.data)?.serial === atSerial, 10_000);
    const reply = await tcpExchange(dns, query(name, 'TXT', { edns: true }), 5000);
    assert.ok(reply, 'an answer over TCP');
    return decode(reply);
  }

  it("client API: the audit's TXT set stops where its answer would not fit, with a 422 under content, and the DNS answers what was kept", async () => {
    const z = await clientDomain();
    for (let i = 0; i < 7; i++) {
      const res = await clientAdd(z, { host: 'big', type: 'TXT', content: tall(i) });
      assert.equal(res.status, 201, `record ${i + 1}: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    const kept = await clientState(z);
    const refused = await clientAdd(z, { host: 'big', type: 'TXT', content: tall(7) });
    assert.equal(refused.status, 422, JSON.stringify(refused.body).slice(0, 300));
    assert.deepEqual(Object.keys(refused.body.error.context), ['content']);
    assert.match(refused.body.error.context.content[0], /^The TXT records at big\.rajat\d+\.fi would not fit in one DNS answer: 6\d,\d{3} bytes/);
    assert.deepEqual(await clientState(z), kept, 'nothing written, the serial unchanged');

    // An update that grows the set past the limit is refused the same way; one that keeps it, taken.
    const small = await clientAdd(z, { host: 'big', type: 'TXT', content: 'small' });
    assert.equal(small.status, 201);
    const before = await clientState(z);
    const grown = await t.request('PATCH', `/api/v1/domain/domains/${z}/records/${small.body.data.id}`, { token, body: { content: tall(8) } });
    assert.equal(grown.status, 422, JSON.stringify(grown.body).slice(0, 300));
    assert.deepEqual(Object.keys(grown.body.error.context), ['content']);
    assert.deepEqual(await clientState(z), before);

    // The server answers the set it holds over TCP: seven records, no TC.
    const answer = await tcpTxt(z, `big.${z}`, before.serial);
    assert.equal(answer.rcode, 'NOERROR');
    assert.equal(answer.flag_tc, false);
    assert.equal(answer.answers?.length, 8);
  });

  it("partner API: the same TXT set is refused under record_data, and nothing changes", async () => {
    const z = await partnerDomain();
    for (let i = 0; i < 7; i++) {
      const res = await partnerAdd(z, { record_type_name: 'TXT', record_name: 'big', record_data: tall(i) });
      assert.equal(res.status, 200, `record ${i + 1}: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    const kept = await partnerState(z);
    const refused = await partnerAdd(z, { record_type_name: 'TXT', record_name: 'big', record_data: tall(7) });
    assert.equal(refused.status, 422, JSON.stringify(refused.body).slice(0, 300));
    assert.deepEqual(Object.keys(refused.body.errors), ['record_data']);
    assert.match(refused.body.errors.record_data[0], /^The TXT records at big\.rajat-partneri\d+\.com would not fit in one DNS answer/);
    assert.deepEqual(await partnerState(z), kept);
    const answer = await tcpTxt(z, `big.${z}`, kept.serial);
    assert.equal(answer.flag_tc, false);
    assert.equal(answer.answers?.length, 7);
  });

  it('both APIs: a name whose RRsets together would not fit is refused under the name field', async () => {
    // Seven of the audit's TXT records, then MX records with long targets: each set fits alone, not
    // both together (ANY over TCP). The MX that tips the name over is refused, and nothing changes.
    const mx = (i: number) => `mx${i}.${'m'.repeat(60)}.${'x'.repeat(20)}.example.net`;
    const c = await clientDomain();
    const p = await partnerDomain();
    for (let i = 0; i < 7; i++) {
      assert.equal((await clientAdd(c, { host: 'both', type: 'TXT', content: tall(i) })).status, 201);
      assert.equal((await partnerAdd(p, { record_type_name: 'TXT', record_name: 'both', record_data: tall(i) })).status, 200);
    }
    const fill = async (add: (i: number) => Promise<{ status: number; body: any }>, ok: number) => {
      for (let i = 0; i < 80; i++) {
        const res = await add(i);
        if (res.status !== ok) return { i, res };
      }
      return assert.fail('80 MX records were all taken');
    };
    const kept = { client: await clientState(c), partner: await partnerState(p) };
    const client = await fill((i) => clientAdd(c, { host: 'both', type: 'MX', content: mx(i), pref: 10 }), 201);
    assert.ok(client.i >= 20, `refused at MX ${client.i}: the MX set alone is small`);
    assert.equal(client.res.status, 422, JSON.stringify(client.res.body).slice(0, 300));
    assert.deepEqual(Object.keys(client.res.body.error.context), ['host']);
    assert.match(client.res.body.error.context.host[0], /^The records at both\.rajat\d+\.fi together would not fit in one DNS answer: 65,\d{3} bytes/);
    const partner = await fill((i) => partnerAdd(p, { record_type_name: 'MX', record_name: 'both', record_data: mx(i), priority: 10 }), 200);
    assert.equal(partner.res.status, 422, JSON.stringify(partner.res.body).slice(0, 300));
    assert.deepEqual(Object.keys(partner.res.body.errors), ['record_name']);
    assert.match(partner.res.body.errors.record_name[0], /^The records at both\.rajat-partneri\d+\.com together would not fit/);
    // What was refused was not written: the zone is as the last accepted MX left it.
    const now = await clientState(c);
    assert.equal(now.records.length, kept.client.records.length + client.i);
    assert.ok(!now.records.some((r: { content: string }) => r.content === mx(client.i)));
    const refusedAgain = await clientAdd(c, { host: 'both', type: 'MX', content: mx(client.i), pref: 10 });
    assert.equal(refusedAgain.status, 422);
    assert.deepEqual(await clientState(c), now);
  });

  it('both APIs: no more than 100 records of one type at a name (BIND max-records-per-type), per field', async () => {
    const c = await clientDomain();
    const p = await partnerDomain();
    for (let i = 0; i < 100; i++) {
      const address = `10.0.${i >> 8}.${i & 255}`;
      assert.equal((await clientAdd(c, { host: 'many', type: 'A', content: address })).status, 201, `client A ${i}`);
      assert.equal((await partnerAdd(p, { record_type_name: 'A', record_name: 'many', record_data: address })).status, 200, `partner A ${i}`);
    }
    const [clientKept, partnerKept] = [await clientState(c), await partnerState(p)];
    const clientRefused = await clientAdd(c, { host: 'many', type: 'A', content: '10.1.0.0' });
    assert.equal(clientRefused.status, 422);
    assert.deepEqual(clientRefused.body.error.context, {
      host: [`many.${c} would have 101 A records; secondary DNS servers refuse a zone with more than 100 records of one type at a name`],
    });
    const partnerRefused = await partnerAdd(p, { record_type_name: 'A', record_name: 'many', record_data: '10.1.0.0' });
    assert.equal(partnerRefused.status, 422);
    assert.deepEqual(partnerRefused.body.errors, {
      record_name: [`many.${p} would have 101 A records; secondary DNS servers refuse a zone with more than 100 records of one type at a name`],
    });
    assert.deepEqual(await clientState(c), clientKept);
    assert.deepEqual(await partnerState(p), partnerKept);
    // Another name is not affected.
    assert.equal((await clientAdd(c, { host: 'other', type: 'A', content: '10.1.0.0' })).status, 201);
  });

  it('both APIs: an NS record at a wildcard name is refused (BIND: invalid NS owner name)', async () => {
    const c = await clientDomain();
    const p = await partnerDomain();
    const clientKept = await clientState(c);
    const partnerKept = await partnerState(p);
    const clientRefused = await clientAdd(c, { host: `*.sub.${c}`, type: 'NS', content: 'ns1.example.net' });
    assert.equal(clientRefused.status, 422);
    assert.deepEqual(Object.keys(clientRefused.body.error.context), ['host']);
    assert.match(clientRefused.body.error.context.host[0], /wildcard name/);
    const partnerRefused = await partnerAdd(p, { record_type_name: 'NS', record_name: '*', record_data: 'ns1.example.net' });
    assert.equal(partnerRefused.status, 422);
    assert.deepEqual(Object.keys(partnerRefused.body.errors), ['record_name']);
    assert.deepEqual(await clientState(c), clientKept);
    assert.deepEqual(await partnerState(p), partnerKept);
    // A delegation at a plain name is still fine.
    assert.equal((await clientAdd(c, { host: 'sub', type: 'NS', content: 'ns1.example.net' })).status, 201);
  });
});
