import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { identifiedClient, purchase } from '../helpers/fixtures.js';
import { spawnCli } from '../helpers/cli.js';
import { Receiver, verifies } from '../helpers/webhook-receiver.js';
import { creditorReference } from '../../src/core/billing/reference-number.js';
import { camt054v02 } from '../fixtures/camt/camt-files.js';

/**
 * Issue 14's whole story through the real interfaces: a partner's client buys a name through the client
 * API (prepaid: the order waits for its invoice); the bank's camt.054 file, imported by the operator,
 * pays the invoice by its reference and the name is registered; the partner's webhook endpoint gets a
 * signed domain.registered it verifies; and each step is in the client's event log.
 */
describe('billing story: invoice, bank file, registration, the partner told', () => {
  let t: TestServer;
  const receiver = new Receiver();
  before(async () => {
    await receiver.start();
    // The operator's import runs as its own process would, on the wall clock: the server's clock starts
    // there too, so what the import queues is due for the server's worker.
    t = await startTestServer({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' }, start: new Date().toISOString() });
  });
  after(async () => {
    await t?.close();
    await receiver.close();
  });

  it('a purchase is paid from the bank file, registered, and the partner hears of it by a signed webhook', async () => {
    const partner = await t.partner('Tarina Reseller Oy');
    const hook = await t.request('POST', '/webhooks', { token: partner.apiKey, body: { url: receiver.url('/tarina'), events: ['domain.registered'] } });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    const secret = hook.body.data.secret as string;

    const email = 'tarina-asiakas@example.fi';
    await identifiedClient(t, partner.apiKey, { email });
    const login = await t.request('POST', '/api/v1/auth', { body: { username: email, password: 'Pass!123' } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.data.token as string;

    await purchase(t, token, 'tarinakahvila.fi');
    const domainStatus = async () =>
      (await t.request('GET', '/api/v1/domain/domains', { token })).body.data.find((d: { fqdn: string }) => d.fqdn === 'tarinakahvila.fi')?.status;
    assert.equal(await domainStatus(), 'pending', 'prepaid: waiting for its invoice');
    const [invoice] = (await t.request('GET', '/api/v1/invoice/invoices', { token })).body.data;
    assert.equal(invoice.paid, false);

    // The bank's notification of the payment, in RF form, imported by the operator.
    const file = join(t.dir, 'viitteet.xml');
    writeFileSync(file, camt054v02('TARINA-0001', [{
      archiveId: 'TARINA00001', amount: invoice.total.toFixed(2),
      txs: [{ archiveId: 'TARINA00001A', amount: invoice.total.toFixed(2), reference: creditorReference(String(invoice.ref_number)), debtor: 'Tarina Oy' }],
    }]));
    // Its own process, as the operator's import is (in this one a SQLite write would wait synchronously for the server's lock).
    const imported = await spawnCli({ databaseUrl: t.databaseUrl, env: { DATA_DIR: t.dir } }, 'payments', 'import', file, '--json');
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    // The worker's pass a minute on: the webhook's delivery (webhooks go out from the worker only).
    t.clock.advance(60_000);
    await t.server.worker!.tick();
    await t.server.runtime.runner.drain();
    assert.equal(await domainStatus(), 'active', 'paid, so registered');

    const delivered = receiver.at('/tarina');
    assert.equal(delivered.length, 1, 'one delivery');
    assert.ok(verifies(secret, delivered[0]!), 'the signature verifies with the secret shown at creation');
    const body = JSON.parse(delivered[0]!.body);
    assert.equal(body.type, 'domain.registered');
    assert.equal(body.data.subject, 'tarinakahvila.fi');

    // Every step in the client's own event log, oldest first here.
    const events = (await t.request('GET', '/api/v1/events?limit=100', { token })).body.data as Array<{ type: string; subject: string; actor: { kind: string } }>;
    const story = events.filter((e) => ['domain.ordered', 'invoice.created', 'invoice.paid', 'domain.registered'].includes(e.type)).reverse();
    assert.deepEqual(story.map((e) => e.type), ['invoice.created', 'domain.ordered', 'invoice.paid', 'domain.registered'], 'the order and its invoice in one transaction, then paid, then registered');
    assert.equal(story.find((e) => e.type === 'invoice.paid')!.actor.kind, 'operator', 'paid by the operator\'s import');
  });
});
