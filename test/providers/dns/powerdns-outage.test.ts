import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startPdns, type PdnsServer } from '../../helpers/pdns.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';
import { dig, requireDnsClients, rr } from '../../servers/dns/helpers.js';

/**
 * A PowerDNS outage during a change, with a real PowerDNS (test/helpers/pdns.ts) stopped and started
 * again under a running hostplane: the API takes the change, the zone.publish job fails and waits for
 * its retry with the change kept, and once PowerDNS is back and the retry is due the zone converges
 * (PowerDNS answers the records and the store's serial).
 */
describe('powerdns provider: an outage during a change, then convergence', () => {
  let pdns: PdnsServer;
  let t: TestServer;
  before(async () => {
    requireDnsClients();
    pdns = await startPdns();
    t = await startTestServer({ env: { DNS_PROVIDER: 'powerdns', PDNS_API_URL: pdns.apiUrl, PDNS_API_KEY: pdns.apiKey } });
  });
  after(async () => {
    await t?.close();
    await pdns?.close();
  });

  const answers = async (name: string, type: string) => (await dig(pdns.dnsPort, name, type)).answer.map(rr).sort();
  /** Asks PowerDNS until `accept` holds (bounded only so that a test that would wait forever ends). */
  async function until(name: string, type: string, accept: (got: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const got = await answers(name, type);
      if (accept(got)) return got;
      assert.ok(Date.now() < deadline, `PowerDNS still answers ${name} ${type} with ${JSON.stringify(got)}\n${pdns.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const publishJobs = (zone: string) =>
    t.server.runtime.db.selectFrom('jobs').select(['id', 'status', 'attempts', 'last_error', 'run_after'])
      .where('kind', '=', 'zone.publish').where('payload', 'like', `%"${zone}"%`).orderBy('id').execute();

  it('keeps the change through the outage and publishes it when PowerDNS is back', async () => {
    const { token } = await t.user({ postpaid: true });
    const z = 'outage-test.fi';
    await purchase(t, token, z);
    await until(z, 'SOA', (got) => got.length === 1);
    const records = `/api/v1/domain/domains/${z}/records`;

    await pdns.stop();
    // The API takes changes while PowerDNS is down: they are the store's, published from the outbox.
    for (const body of [{ host: 'www', type: 'A', content: '192.0.2.81' }, { host: 'mail', type: 'A', content: '192.0.2.25' }]) {
      const res = await t.request('POST', records, { token, body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    await t.server.runtime.runner.drain();
    // One job, or two when the second change came while the first one's job was running.
    const jobs = await publishJobs(z);
    const waiting = jobs.filter((j) => j.status !== 'done');
    assert.ok(waiting.length >= 1, `a publish waiting for its retry: ${JSON.stringify(jobs)}`);
    assert.ok(waiting.every((j) => j.status === 'pending'), `to be retried, not given up: ${JSON.stringify(waiting)}`);
    assert.ok(waiting.some((j) => j.attempts >= 1 && j.last_error && j.run_after > t.clock.now().toISOString()),
      `it failed against the stopped server and waits for its backoff: ${JSON.stringify(waiting)}`);
    const stored = await t.request('GET', records, { token });
    assert.deepEqual(stored.body.data.map((r: { host: string; content: string }) => `${r.host} ${r.content}`).filter((s: string) => /^(www|mail)\./.test(s)).sort(),
      [`mail.${z} 192.0.2.25`, `www.${z} 192.0.2.81`], 'the changes are kept');

    // Back; the retry comes round once its backoff has passed. (PowerDNS's zone may also be caught up by
    // the every-30-seconds reconciliation, which runs on real time: the end is the same either way.)
    await pdns.start();
    t.clock.advance(60 * 60 * 1000);
    await t.server.runtime.runner.drain();
    assert.deepEqual(await until(`www.${z}`, 'A', (got) => got.length > 0), [`www.${z}. A 192.0.2.81`]);
    assert.deepEqual(await answers(`mail.${z}`, 'A'), [`mail.${z}. A 192.0.2.25`]);
    const serial = (await t.server.runtime.ctx.store.zones.findByName(z))!.serial;
    assert.equal((await dig(pdns.dnsPort, z, 'SOA')).answer[0]![6], String(serial), 'PowerDNS serves the store\'s serial');
    assert.deepEqual((await publishJobs(z)).filter((j) => j.status !== 'done'), [], 'nothing left to publish');
  });
});
