// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is NOTIFY and zone transfer to a PowerDNS secondary, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPdns, type PdnsServer } from '../../helpers/pdns.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';
import { dig, requireDnsClients, rr, waitForAnswer } from './helpers.js';

/**
 * A real secondary for the builtin server: PowerDNS (test/helpers/pdns.ts) with a slave zone whose
 * master is the builtin server, named in DNS_SECONDARIES. A change through the API makes the builtin
 * server send NOTIFY; PowerDNS asks for the SOA, transfers the zone (AXFR) and serves the new serial
 * and record. PowerDNS checks its slave zones on its own only once an hour here (xfr-cycle-interval),
 * so what brings the change is the NOTIFY.
 */
describe('builtin DNS server with PowerDNS as its secondary (NOTIFY, then AXFR)', () => {
  let pdns: PdnsServer;
  let t: TestServer;
  before(async () => {
    requireDnsClients();
    pdns = await startPdns({ settings: { secondary: 'yes', 'xfr-cycle-interval': '3600' } });
    t = await startTestServer({ env: { DNS_PORT: '0', DNS_SECONDARIES: `127.0.0.1:${pdns.dnsPort}` } });
  });
  after(async () => {
    await t?.close();
    await pdns?.close();
  });

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${pdns.apiUrl}/api/v1/servers/localhost${path}`, {
      method, headers: { 'X-API-Key': pdns.apiKey, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
  const serialAt = async (port: number, zone: string) => Number((await dig(port, zone, 'SOA')).answer[0]?.[6] ?? 0);
  /** Asks PowerDNS until `accept` holds; bounded only so that a test that would wait forever ends. */
  async function secondaryUntil(what: string, accept: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await accept())) {
      assert.ok(Date.now() < deadline, `PowerDNS never ${what}\n${pdns.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('PowerDNS serves the new serial and record after the NOTIFY a change sends', async () => {
    const port = t.server.dns!.port;
    const { token } = await t.user({ postpaid: true });
    const z = 'secondary-test.fi';
    await purchase(t, token, z);
    await waitForAnswer(port, z, 'SOA', (a) => a.answers?.length === 1);

    const made = await api('POST', '/zones', { name: `${z}.`, kind: 'Slave', masters: [`127.0.0.1:${port}`], nameservers: [] });
    assert.equal(made.status, 201, await made.text());
    // The first copy: PowerDNS transfers a new slave zone on its next check, asked for here.
    assert.equal((await api('PUT', `/zones/${z}./axfr-retrieve`)).status, 200);
    const first = await serialAt(port, z);
    await secondaryUntil(`transferred ${z} (serial ${first})`, async () => (await serialAt(pdns.dnsPort, z)) === first);

    const res = await t.request('POST', `/api/v1/domain/domains/${z}/records`, { token, body: { host: 'www', type: 'A', content: '192.0.2.44' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const stored = (await t.server.runtime.ctx.store.zones.findByName(z))!.serial;
    assert.ok(stored > first, `the change moved the serial: ${first} -> ${stored}`);
    await secondaryUntil(`served serial ${stored} after the NOTIFY`, async () => (await serialAt(pdns.dnsPort, z)) === stored);
    assert.deepEqual((await dig(pdns.dnsPort, `www.${z}`, 'A')).answer.map(rr), [`www.${z}. A 192.0.2.44`]);
  });
});
