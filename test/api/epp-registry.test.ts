import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { REGISTRANT, identifiedClient, identifyPrimaryContact, purchase } from '../helpers/fixtures.js';
import { startEppServer, type EppServer, type EppServerOptions } from '../helpers/epp-server/index.js';
import { delv, requireValidators } from '../helpers/validators.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';
import { Worker } from '../../src/jobs/worker.js';
import type { Order } from '../../src/ports/store.js';

/**
 * Both APIs end to end against an EPP registry the operator configured with the CLI: the test
 * registry (test/helpers/epp-server) over TLS with a client certificate, checking every frame against
 * the RFC schemas. Names under .fi are bought, renewed and transferred there, by a customer (client
 * API) and for a reseller's client (partner API); an outage in the middle of an order and a lost
 * answer to a create never lose the order nor register the name twice.
 */
const day = (d: Date) => d.toISOString().slice(0, 10);
const silent = { info() {}, warn() {}, error() {} };

async function setUp(options: Partial<EppServerOptions> = {}, server: { env?: Record<string, string>; start?: string } = {}) {
  const eppOptions: EppServerOptions = {
    registrars: [{ id: 'hostplane', password: 'epp-pw-123' }, { id: 'kilpailija', password: 'epp-pw-456' }],
    tlds: ['fi'],
    policies: { fi: { registrantIdentity: true } },
    requireClientCert: true,
    ...options,
  };
  const epp = await startEppServer(eppOptions);
  const t = await startTestServer({ env: { REGISTRIES_REFRESH_SECONDS: '0', ...server.env }, start: server.start });
  // The registry keeps the same calendar as hostplane's clock, which the tests move.
  eppOptions.now = () => t.clock.now();
  const files = await epp.writeCredentials(t.dir);
  writeFileSync(join(t.dir, 'epp.pw'), 'epp-pw-123\n', { mode: 0o600 });
  const cli = async (...args: string[]): Promise<CliRun> => {
    const run = await runCli({ databaseUrl: t.databaseUrl, env: { DATA_DIR: t.dir } }, ...args);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
    return run;
  };
  await cli('registries', 'add', 'traficom', '--host', epp.host, '--port', String(epp.port), '--username', 'hostplane',
    '--password-file', join(t.dir, 'epp.pw'), '--ca', files.ca, '--cert', files.cert, '--key', files.key, '--tlds', 'fi');
  return { epp, t, cli };
}

describe('an EPP registry, end to end through both APIs', () => {
  let epp: EppServer;
  let t: TestServer;
  let cli: (...args: string[]) => Promise<CliRun>;
  before(async () => {
    ({ epp, t, cli } = await setUp());
  });
  after(async () => {
    await t?.close();
    await epp?.close();
  });

  const ctx = () => t.server.runtime.ctx;
  const order = async (fqdn: string): Promise<Order> =>
    (await t.server.runtime.db.selectFrom('orders').selectAll().where('fqdn', '=', fqdn).orderBy('id', 'desc').executeTakeFirstOrThrow()) as Order;
  /** domain:create commands the registry has received so far (tests run one at a time). */
  const creates = () => epp.commands.filter((c) => c.command === 'domain:create').length;
  const domainOf = async (token: string, fqdn: string) => {
    const list = await t.request('GET', '/api/v1/domain/domains', { token });
    assert.equal(list.status, 200);
    return list.body.data.find((d: { fqdn: string }) => d.fqdn === fqdn);
  };
  const payFor = async (fqdn: string) => {
    const placed = await order(fqdn);
    await cli('invoices', 'mark-paid', String(placed.invoice_id));
    return placed;
  };

  it('registers a name bought through the client API at the registry, its registrant identified there', async () => {
    const u = await t.user();
    await purchase(t, u.token, 'ostos.fi');
    await payFor('ostos.fi');
    const held = epp.domains.get('ostos.fi');
    assert.ok(held, 'registered at the EPP registry');
    assert.equal(held.clID, 'hostplane');
    const registrant = epp.contacts.get(held.registrant!);
    assert.equal(registrant?.identity, REGISTRANT.identityNumber, 'the identity number .fi requires went with the contact');
    assert.equal(registrant?.voice, REGISTRANT.phone);
    const mine = await domainOf(u.token, 'ostos.fi');
    assert.equal(mine.status, 'active');
    assert.equal((await order('ostos.fi')).status, 'completed');
    assert.deepEqual(epp.duplicateClTRIDs('hostplane'), []);

    // A second name for the same registrant reuses its contact at the registry.
    await purchase(t, u.token, 'ostos2.fi');
    await payFor('ostos2.fi');
    assert.equal(epp.domains.get('ostos2.fi')?.registrant, held.registrant);
  });

  it('renews at the registry with the expiry it holds, and the API shows the registry\'s new expiry', async () => {
    const u = await t.user();
    await purchase(t, u.token, 'uusittava.fi');
    await payFor('uusittava.fi');
    const before = new Date(epp.domains.get('uusittava.fi')!.exDate);
    const res = await t.request('POST', '/api/v1/domain/domains/renew', { token: u.token, body: { domain: 'uusittava.fi', years: 2 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await payFor('uusittava.fi');
    const after = epp.domains.get('uusittava.fi')!.exDate;
    assert.equal(after.getUTCFullYear(), before.getUTCFullYear() + 2);
    const renewal = await order('uusittava.fi');
    assert.equal(renewal.status, 'completed', renewal.error ?? '');
    const domain = (await ctx().store.domains.findLiveByFqdn('uusittava.fi'))!;
    assert.equal(domain.exp_date, day(after));
  });

  it('transfers a name in from another registrar: the auth code checked when ordered, the request sent when paid', async () => {
    epp.seedDomain({ name: 'muutto.fi', registrar: 'kilpailija', authInfo: 'Siirto-Koodi-77', exDate: '2027-05-01T00:00:00.000Z' });
    const u = await t.user();
    await identifyPrimaryContact(t, u.token);
    const wrong = await t.request('POST', '/api/v1/domain/domains/transfer', { token: u.token, body: { domain: 'muutto.fi', authCode: 'Vaara-Koodi-1' } });
    assert.equal(wrong.status, 422, JSON.stringify(wrong.body));
    assert.ok(wrong.body.error.context.authCode, 'refused under authCode');
    assert.equal(epp.domains.get('muutto.fi')?.clID, 'kilpailija');

    const res = await t.request('POST', '/api/v1/domain/domains/transfer', { token: u.token, body: { domain: 'muutto.fi', authCode: 'Siirto-Koodi-77' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(epp.domains.get('muutto.fi')?.clID, 'kilpailija', 'nothing sent before payment');
    await payFor('muutto.fi');
    const held = epp.domains.get('muutto.fi')!;
    assert.equal(held.clID, 'hostplane');
    assert.equal(day(held.exDate), '2028-05-01', 'the registry added a year');
    const mine = await domainOf(u.token, 'muutto.fi');
    assert.equal(mine?.status, 'active');
    assert.equal((await ctx().store.domains.findLiveByFqdn('muutto.fi'))?.exp_date, '2028-05-01');
  });

  it('moves a name between two of its own accounts without a registry transfer: registrant changed, a year added, a new code', async () => {
    const seller = await t.user();
    await purchase(t, seller.token, 'kauppa.fi');
    await payFor('kauppa.fi');
    const code = await t.request('GET', '/api/v1/domain/domains/kauppa.fi/authcode', { token: seller.token });
    assert.equal(code.status, 200, JSON.stringify(code.body));
    const authCode = code.body.data.authCode ?? code.body.data.auth_code ?? code.body.data.code;
    assert.equal(epp.domains.get('kauppa.fi')?.authInfo, authCode, 'the code the customer sees is the registry\'s');
    const before = { ...epp.domains.get('kauppa.fi')! }; // a copy: the registry's state changes in place
    const buyer = await t.user();
    await identifyPrimaryContact(t, buyer.token);
    const res = await t.request('POST', '/api/v1/domain/domains/transfer', { token: buyer.token, body: { domain: 'kauppa.fi', authCode } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await payFor('kauppa.fi');
    const moved = await order('kauppa.fi');
    assert.equal(moved.status, 'completed', moved.error ?? '');
    const held = epp.domains.get('kauppa.fi')!;
    assert.equal(held.clID, 'hostplane');
    assert.notEqual(held.registrant, before.registrant, 'registered to the buyer now');
    assert.equal(held.exDate.getUTCFullYear(), before.exDate.getUTCFullYear() + 1);
    assert.notEqual(held.authInfo, authCode, 'the code given out no longer moves it');
    assert.equal(epp.commands.filter((c) => c.command === 'domain:transfer').length, 1, 'only muutto.fi\'s transfer request was sent');
    assert.equal((await domainOf(buyer.token, 'kauppa.fi'))?.status, 'active');
    assert.equal(await domainOf(seller.token, 'kauppa.fi'), undefined);
  });

  it('registers a name for a partner\'s client through the partner API, with the client\'s identity number', async () => {
    const partner = await t.partner();
    const clientId = await identifiedClient(t, partner.apiKey, { phone: '040 765 4321', identity_number: '020202-222B' });
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey, body: { name: 'kumppani.fi', period: 1, action: 'register', client_id: clientId },
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const held = epp.domains.get('kumppani.fi');
    assert.equal(held?.clID, 'hostplane');
    const registrant = epp.contacts.get(held!.registrant!)!;
    assert.equal(registrant.identity, '020202-222B');
    assert.equal(registrant.voice, '+358.407654321', 'the phone in EPP\'s form');
    const shown = await t.request('GET', '/domains/kumppani.fi', { token: partner.apiKey });
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
  });

  it('keeps a paid order through a registry outage, answers every request meanwhile, and registers the name once when it is back', async () => {
    const u = await t.user();
    const createsBefore = creates();
    await purchase(t, u.token, 'katko.fi');
    const placed = await order('katko.fi');
    epp.setDown(true);
    const paid = await t.request('GET', `/api/v1/invoice/invoices/${placed.invoice_id}`, { token: u.token });
    assert.notEqual(paid.status, 500);
    await markInvoicePaid(ctx(), { invoiceId: placed.invoice_id! });
    await ctx().jobs.drain();
    assert.equal((await order('katko.fi')).status, 'paid', 'waiting in the queue, not failed');
    assert.equal((await domainOf(u.token, 'katko.fi'))?.status, 'pending');
    const check = await t.request('GET', '/api/v1/domain/katko2.fi/check');
    assert.equal(check.status, 503, `an availability check while the registry is down: ${JSON.stringify(check.body)}`);
    assert.ok(check.headers.get('retry-after'));

    epp.setDown(false);
    // The job waits its backoff on the store's clock; the provider's reconnect backoff is real time.
    for (let i = 0; i < 40 && (await order('katko.fi')).status === 'paid'; i++) {
      t.clock.set(new Date(t.clock.now().getTime() + 10 * 60_000).toISOString());
      await ctx().jobs.drain();
      if ((await order('katko.fi')).status === 'paid') await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal((await order('katko.fi')).status, 'completed');
    assert.equal(creates() - createsBefore, 1, 'sent once');
    assert.equal((await domainOf(u.token, 'katko.fi'))?.status, 'active');
  });

  it('settles a create whose answer was lost by domain:info before sending it again: one registration, the order completed', async () => {
    const u = await t.user();
    const createsBefore = creates();
    await purchase(t, u.token, 'kadonnut.fi');
    const placed = await order('kadonnut.fi');
    epp.loseNextAnswer('domain:create');
    await markInvoicePaid(ctx(), { invoiceId: placed.invoice_id! });
    await ctx().jobs.drain();
    assert.ok(epp.domains.get('kadonnut.fi'), 'the registry carried the create out');
    assert.equal((await order('kadonnut.fi')).status, 'paid', 'its outcome unknown here');

    for (let i = 0; i < 40 && (await order('kadonnut.fi')).status === 'paid'; i++) {
      t.clock.set(new Date(t.clock.now().getTime() + 10 * 60_000).toISOString());
      await ctx().jobs.drain();
      if ((await order('kadonnut.fi')).status === 'paid') await new Promise((r) => setTimeout(r, 250));
    }
    const done = await order('kadonnut.fi');
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.equal(creates() - createsBefore, 1, 'the create was not sent again');
    assert.ok(epp.commands.some((c) => c.command === 'domain:create' && c.lost), 'its answer was lost');
    assert.equal((await domainOf(u.token, 'kadonnut.fi'))?.status, 'active');
  });
});

describe('a registry that makes transfers wait for the losing registrar', () => {
  let epp: EppServer;
  let t: TestServer;
  before(async () => {
    ({ epp, t } = await setUp({ transferMode: 'pending' }));
  });
  after(async () => {
    await t?.close();
    await epp?.close();
  });

  it('shows the transfer as pending in both APIs until the registry\'s news says it was approved', async () => {
    const ctx = t.server.runtime.ctx;
    const worker = new Worker(ctx, t.server.runtime.runner, { log: silent, scheduleMs: null });
    epp.seedDomain({ name: 'odottava.fi', registrar: 'kilpailija', authInfo: 'Odota-Koodi-1', exDate: '2027-08-01T00:00:00.000Z' });
    const partner = await t.partner();
    // A company's client, identified by its business id.
    const clientId = await identifiedClient(t, partner.apiKey, { company: 'Odottava Oy', identity_number: '', business_id: '7654321-0' });
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey,
      body: { name: 'odottava.fi', period: 1, action: 'transfer', epp_code: 'Odota-Koodi-1', client_id: clientId },
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    assert.equal(reg.body.message, 'Transfer requested');
    assert.equal(epp.domains.get('odottava.fi')?.transfer?.status, 'pending');
    const partnerStatus = async () =>
      ((await t.request('GET', '/domains/list', { token: partner.apiKey })).body.data as Array<{ domain: string; status: string }>)
        .find((d) => d.domain === 'odottava.fi')?.status;
    assert.equal(await partnerStatus(), 'Pending');

    epp.approveTransfer('odottava.fi');
    await worker.tick();
    const held = epp.domains.get('odottava.fi')!;
    assert.equal(held.clID, 'hostplane');
    assert.equal(epp.queue('hostplane').length, 0, 'the news was acknowledged');
    const domain = await ctx.store.domains.findLiveByFqdn('odottava.fi');
    assert.equal(domain?.status, 'active');
    assert.equal(domain?.exp_date, day(held.exDate));
    assert.equal(await partnerStatus(), 'Active');
  });

  it('sets the ns1-ns4 a pending transfer asked for once the registry approves it, and not before', async () => {
    const ctx = t.server.runtime.ctx;
    const worker = new Worker(ctx, t.server.runtime.runner, { log: silent, scheduleMs: null });
    const theirs = [{ name: 'ns1.kilpailija.example' }, { name: 'ns2.kilpailija.example' }];
    epp.seedDomain({ name: 'nimipalvelin.fi', registrar: 'kilpailija', authInfo: 'Odota-Koodi-2', ns: theirs });
    const partner = await t.partner();
    const clientId = await identifiedClient(t, partner.apiKey, { company: 'Nimipalvelin Oy', identity_number: '', business_id: '7654321-0' });
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey,
      body: { name: 'nimipalvelin.fi', period: 1, action: 'transfer', epp_code: 'Odota-Koodi-2', client_id: clientId, ns1: 'ns1.uusi.example', ns2: 'ns2.uusi.example' },
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const nsAtRegistry = () => epp.domains.get('nimipalvelin.fi')!.ns.map((n) => n.name);
    assert.deepEqual(nsAtRegistry(), theirs.map((n) => n.name), 'pending: the losing side keeps its delegation');

    epp.approveTransfer('nimipalvelin.fi');
    await worker.tick();
    assert.equal(epp.domains.get('nimipalvelin.fi')!.clID, 'hostplane');
    assert.deepEqual(nsAtRegistry(), ['ns1.uusi.example', 'ns2.uusi.example'], 'the name servers the order asked for');
    const shown = await t.request('GET', '/domains/nimipalvelin.fi', { token: partner.apiKey });
    assert.equal(shown.status, 200);
    assert.match(JSON.stringify(shown.body), /ns1\.uusi\.example.*ns2\.uusi\.example/);
  });
});

describe('DNSSEC at an EPP registry: the DS goes by secDNS-1.1, and validates', () => {
  let epp: EppServer;
  let t: TestServer;
  before(async () => {
    requireValidators();
    // delv checks signature times by the wall clock: the server's starts half a day behind it (the flow
    // moves it hours ahead), as in test/api/dnssec-chain.test.ts.
    ({ epp, t } = await setUp({}, { env: { DNS_PORT: '0', DNSSEC_PARENT_DS_TTL: '3600' }, start: new Date(Date.now() - 12 * 3600_000).toISOString() }));
  });
  after(async () => {
    await t?.close();
    await epp?.close();
  });

  it('a partner turns DNSSEC on: the registry gets the DS once the zone is served, delv validates from it; off removes it first', async () => {
    const partner = await t.partner();
    const clientId = await identifiedClient(t, partner.apiKey, { identity_number: '030303-333C' });
    const reg = await t.request('POST', '/domains/register', {
      token: partner.apiKey, body: { name: 'allekirjoitus.fi', period: 1, action: 'register', client_id: clientId },
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const worker = t.server.worker!;
    const path = '/domains/allekirjoitus.fi/dnssec';
    const until = async (label: string, done: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 150 && !(await done()); i++) {
        t.clock.advance(10 * 60_000);
        await worker.tick();
      }
      assert.ok(await done(), `${label}: not within a day`);
    };
    const held = () => epp.domains.get('allekirjoitus.fi')!;

    const on = await t.request('PUT', path, { token: partner.apiKey });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    await worker.tick();
    assert.deepEqual(held().ds, [], 'no DS before the signed zone is served and has propagated');
    await until('on', async () => (await t.request('GET', path, { token: partner.apiKey })).body.data.state === 'on');
    const shown = (await t.request('GET', path, { token: partner.apiKey })).body.data.ds_records;
    assert.equal(held().ds.length, 1, 'the registry holds the DS, sent with secDNS-1.1');
    const ds = held().ds.map((d) => ({ keyTag: d.keyTag, algorithm: d.alg, digestType: d.digestType, digest: d.digest.toUpperCase() }));
    assert.deepEqual(ds.map((d) => d.digest), shown.map((d: { digest: string }) => d.digest));
    assert.ok(t.clock.now().getTime() < Date.now() - 3600_000, 'the server\'s clock stays behind the wall clock');
    const port = t.server.dns!.port;
    assert.match(await delv(port, 'allekirjoitus.fi', ds, 'allekirjoitus.fi', 'SOA'), /; fully validated/);
    assert.match(await delv(port, 'allekirjoitus.fi', ds, 'ei-ole.allekirjoitus.fi', 'A'), /; negative response, fully validated/);

    const off = await t.request('DELETE', path, { token: partner.apiKey });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    await until('DS removed', () => held().ds.length === 0);
    assert.equal((await t.request('GET', path, { token: partner.apiKey })).body.data.signed, true, 'still signed while the DS may be cached');
    await until('off', async () => (await t.request('GET', path, { token: partner.apiKey })).body.data.state === 'off');
    assert.deepEqual(epp.duplicateClTRIDs('hostplane'), []);
  });
});
