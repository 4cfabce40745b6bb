import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT } from '../helpers/fixtures.js';
import { UniqueViolation } from '../../src/ports/store.js';
import { KEY_IN_FLIGHT, KEY_MALFORMED, KEY_REUSED, hashRequest } from '../../src/api/shared/idempotency.js';

const CONTACT = {
  address: 'Testikatu 1', zip_code: '20100', city: 'Turku', country: 'FI', company_name: 'My Company',
  business_id: '1234567-8', first_name: 'Matti', last_name: 'Meikäläinen', phone: '+358.401234567',
  email: 'matti@example.fi', alt_email: 'matti2@example.fi', billing_email: 'matti_billing@example.fi',
  billing_method: 'email', e_invoice_address: '0123456789', e_invoice_intermediator: 'OKOYFIHH',
};
const CLIENT = {
  firstname: 'Joe', lastname: 'Bin', company: 'Google', password: 'Pass!123', postcode: 1234, address1: 'Address 1',
  address2: 'Address 2', city: 'Test', country: 'BE', phone: 123456789, client_type: 'Managed Client', vat_number: '123456789',
};
const CONTACTS = '/api/v1/contact/contacts';
const PURCHASE = '/api/v1/domain/domains/purchase';
const key = (k: string) => ({ 'idempotency-key': k });

describe('Idempotency-Key on POST (both dialects)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  /** Contacts the user made here: a new account has its primary contact already. */
  const contactCount = async (token: string) => ((await t.request('GET', CONTACTS, { token })).body.meta.total as number) - 1;

  /** The next stored answer of an Idempotency-Key fails, as when the process dies after the command's commit. */
  function loseNextAnswer() {
    const keys = ctx().store.idempotency;
    const complete = keys.complete;
    let lost = false;
    keys.complete = async () => {
      keys.complete = complete;
      lost = true;
      throw new Error('the process died here');
    };
    return { happened: () => lost };
  }

  /**
   * Holds every call of `target[method]` until release() is called: a request that reached its
   * command stays in flight, its Idempotency-Key held, while the test sends another.
   */
  function hold<T extends object>(target: T, method: keyof T & string) {
    const original = (target as Record<string, any>)[method] as (...args: unknown[]) => Promise<unknown>;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    (target as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      entered();
      await gate;
      return original.apply(target, args);
    };
    return {
      inside,
      release: () => {
        (target as Record<string, unknown>)[method] = original;
        release();
      },
    };
  }

  describe('client API', () => {
    it('the same key and body answers the first response again and creates nothing more', async () => {
      const u = await t.user();
      const first = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('contact-1') });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.headers.get('idempotent-replayed'), null);
      const again = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('contact-1') });
      assert.equal(again.status, 201);
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.match(again.headers.get('content-type') ?? '', /^application\/json/);
      // The same JSON with its keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(CONTACT).reverse());
      const third = await t.request('POST', CONTACTS, { token: u.token, body: reordered, headers: key('contact-1') });
      assert.equal(third.status, 201);
      assert.equal(third.headers.get('idempotent-replayed'), 'true');
      assert.equal(await contactCount(u.token), 1);
    });

    it('the same key with another body answers 422 in the client envelope and changes nothing', async () => {
      const u = await t.user();
      assert.equal((await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('k') })).status, 201);
      const other = await t.request('POST', CONTACTS, { token: u.token, body: { ...CONTACT, city: 'Espoo' }, headers: key('k') });
      assert.equal(other.status, 422);
      assert.deepEqual(other.body, {
        error: { status: 422, message: 'The given data was invalid.', context: { 'Idempotency-Key': [KEY_REUSED] } },
      });
      // Another path is another request too.
      const elsewhere = await t.request('POST', '/api/v1/domain/domains/renew', {
        token: u.token, body: CONTACT, headers: key('k'),
      });
      assert.equal(elsewhere.status, 422);
      assert.equal(await contactCount(u.token), 1);
    });

    it('keys belong to one account: another user with the same key gets its own request run', async () => {
      const a = await t.user();
      const b = await t.user();
      assert.equal((await t.request('POST', CONTACTS, { token: a.token, body: CONTACT, headers: key('shared') })).status, 201);
      const res = await t.request('POST', CONTACTS, { token: b.token, body: CONTACT, headers: key('shared') });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('idempotent-replayed'), null);
      assert.equal(await contactCount(a.token), 1);
      assert.equal(await contactCount(b.token), 1);
    });

    it('a request still in flight with the same key answers 409; the first one completes', async () => {
      const u = await t.user();
      // The contact and its event are written in one transaction: held at its start.
      const held = hold(ctx().store, 'transaction');
      const first = t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('slow') });
      await held.inside;
      const second = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('slow') });
      assert.equal(second.status, 409);
      assert.deepEqual(second.body, { error: { status: 409, message: KEY_IN_FLIGHT } });
      held.release();
      assert.equal((await first).status, 201);
      const third = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('slow') });
      assert.equal(third.status, 201);
      assert.equal(third.headers.get('idempotent-replayed'), 'true');
      assert.equal(await contactCount(u.token), 1);
    });

    it('a key held by a request whose process died answers 409 for a minute, then the request runs', async () => {
      const u = await t.user();
      // What a server that died mid-request leaves: the key reserved, no response.
      const at = t.clock.now();
      await ctx().store.idempotency.create({
        scope: `user:${u.id}`, idem_key: 'orphan', request_hash: hashRequest('POST', CONTACTS, CONTACT), response_status: null,
        response_body: null, created_at: at.toISOString(), expires_at: new Date(at.getTime() + 86_400_000).toISOString(),
      });
      assert.equal((await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('orphan') })).status, 409);
      t.clock.advance(t.server.runtime.ctx.settings.idempotencyLeaseMs + 1000);
      const res = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('orphan') });
      assert.equal(res.status, 201);
      assert.equal(await contactCount(u.token), 1);
    });

    it('an error answer is given again; a 5xx is not kept, so the retry runs', async () => {
      const u = await t.user();
      const bad = await t.request('POST', CONTACTS, { token: u.token, body: { ...CONTACT, country: 'XX' }, headers: key('e') });
      assert.equal(bad.status, 422);
      const badAgain = await t.request('POST', CONTACTS, { token: u.token, body: { ...CONTACT, country: 'XX' }, headers: key('e') });
      assert.equal(badAgain.status, 422);
      assert.deepEqual(badAgain.body, bad.body);
      assert.equal(badAgain.headers.get('idempotent-replayed'), 'true');

      // The contact and its event are written in one transaction, which fails to start.
      const store = ctx().store;
      const original = store.transaction;
      store.transaction = async () => {
        throw new Error('database went away');
      };
      const failed = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('5xx') });
      store.transaction = original;
      assert.equal(failed.status, 500);
      const retried = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('5xx') });
      assert.equal(retried.status, 201);
      assert.equal(retried.headers.get('idempotent-replayed'), null);
      assert.equal(await contactCount(u.token), 1);
    });

    it('a malformed key answers 422; without a key every request runs', async () => {
      const u = await t.user();
      const long = await t.request('POST', CONTACTS, { token: u.token, body: CONTACT, headers: key('x'.repeat(256)) });
      assert.equal(long.status, 422);
      assert.deepEqual(long.body.error.context, { 'Idempotency-Key': [KEY_MALFORMED] });
      for (let i = 0; i < 2; i++) assert.equal((await t.request('POST', CONTACTS, { token: u.token, body: CONTACT })).status, 201);
      assert.equal(await contactCount(u.token), 2);
    });

    it('a purchase retried with its key is one order and one invoice', async () => {
      const u = await t.user();
      const body = { domain: 'kerran.fi', years: 1, registrantContact: REGISTRANT };
      const first = await t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body, headers: key('buy-1') });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const again = await t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body, headers: key('buy-1') });
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, first.body);
      const invoices = await t.request('GET', '/api/v1/invoice/invoices', { token: u.token });
      assert.equal(invoices.body.data.length, 1);
      // Without the key the retry is a new request, refused by the open order.
      const plain = await t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body });
      assert.equal(plain.status, 422);
    });

    it('a purchase whose answer was lost after its commit (the process died) is answered on the retry, not placed again', async () => {
      const u = await t.user();
      const body = { domain: 'kadonnut.fi', years: 1, registrantContact: REGISTRANT };
      const lost = loseNextAnswer();
      // The order commits; the stored answer does not (as when the process dies in between).
      assert.equal((await t.request('POST', PURCHASE, { token: u.token, body, headers: key('lost-1') })).status, 200);
      assert.ok(lost.happened(), 'the answer was not kept');
      assert.equal((await t.request('POST', PURCHASE, { token: u.token, body, headers: key('lost-1') })).status, 409, 'held until the lease ends');
      t.clock.advance(ctx().settings.idempotencyLeaseMs + 1000);
      const retried = await t.request('POST', PURCHASE, { token: u.token, body, headers: key('lost-1') });
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      const orders = await t.server.runtime.db.selectFrom('orders').select(['id', 'request_key']).where('fqdn', '=', 'kadonnut.fi').execute();
      assert.equal(orders.length, 1, 'one order');
      assert.ok(orders[0]!.request_key, 'the order knows its request');
      assert.equal((await t.request('GET', '/api/v1/invoice/invoices', { token: u.token })).body.data.length, 1, 'one invoice');
      // Another key is another request: refused by the open order.
      assert.equal((await t.request('POST', PURCHASE, { token: u.token, body, headers: key('lost-2') })).status, 422);
    });

    it('a record created with a key is created once', async () => {
      const u = await t.user({ postpaid: true });
      const bought = await t.request('POST', '/api/v1/domain/domains/purchase', {
        token: u.token, body: { domain: 'tietue.fi', years: 1, registrantContact: REGISTRANT },
      });
      assert.equal(bought.status, 200, JSON.stringify(bought.body));
      const path = '/api/v1/domain/domains/tietue.fi/records';
      const body = { host: 'www', type: 'A', content: '192.0.2.1' };
      const before = (await t.request('GET', path, { token: u.token })).body.data.length as number;
      const first = await t.request('POST', path, { token: u.token, body, headers: key('rec') });
      assert.ok(first.status < 300, JSON.stringify(first.body));
      const again = await t.request('POST', path, { token: u.token, body, headers: key('rec') });
      assert.equal(again.status, first.status);
      assert.deepEqual(again.body, first.body);
      assert.equal((await t.request('GET', path, { token: u.token })).body.data.length, before + 1);
    });
  });

  describe('partner API', () => {
    it('replays, refuses another body with 422 and a request in flight with 409, in the partner envelope', async () => {
      const p = await t.partner();
      const body = { ...CLIENT, email: 'once@example.be' };
      const first = await t.request('POST', '/clients/add', { token: p.apiKey, body, headers: key('client-1') });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const again = await t.request('POST', '/clients/add', { token: p.apiKey, body, headers: key('client-1') });
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');

      const other = await t.request('POST', '/clients/add', {
        token: p.apiKey, body: { ...body, email: 'twice@example.be' }, headers: key('client-1'),
      });
      assert.equal(other.status, 422);
      assert.deepEqual(other.body, {
        success: false, message: 'The given data was invalid.', errors: { 'Idempotency-Key': [KEY_REUSED] },
      });

      const held = hold(ctx().store, 'transaction');
      const slow = t.request('POST', '/clients/add', { token: p.apiKey, body: { ...body, email: 'slow@example.be' }, headers: key('c2') });
      await held.inside;
      const busy = await t.request('POST', '/clients/add', { token: p.apiKey, body: { ...body, email: 'slow@example.be' }, headers: key('c2') });
      assert.equal(busy.status, 409);
      assert.deepEqual(busy.body, { success: false, message: KEY_IN_FLIGHT });
      held.release();
      assert.equal((await slow).status, 200);

      const clients = await t.request('GET', '/clients', { token: p.apiKey });
      assert.equal(clients.body.data.length, 2);
    });

    it('a registration whose answer was lost after its commit is answered on the retry with the same order', async () => {
      const p = await t.partner();
      const body = { name: 'kadonnut.com', period: 1, action: 'register' };
      const lost = loseNextAnswer();
      const first = await t.request('POST', '/domains/register', { token: p.apiKey, body, headers: key('reg') });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.ok(lost.happened());
      t.clock.advance(ctx().settings.idempotencyLeaseMs + 1000);
      const retried = await t.request('POST', '/domains/register', { token: p.apiKey, body, headers: key('reg') });
      assert.equal(retried.status, 201, JSON.stringify(retried.body));
      assert.deepEqual(retried.body, first.body, 'the same order and domain');
      const lines = await t.server.runtime.db.selectFrom('invoice_items').select('id').where('order_id', '=', first.body.data.order_id).execute();
      assert.equal(lines.length, 1, 'billed once');
    });

    it('a key is kept 24 hours: after that the same request runs again', async () => {
      const p = await t.partner();
      const body = { ...CLIENT, email: 'day@example.be' };
      assert.equal((await t.request('POST', '/clients/add', { token: p.apiKey, body, headers: key('day') })).status, 200);
      t.clock.advance(24 * 3_600_000 - 1000);
      const within = await t.request('POST', '/clients/add', { token: p.apiKey, body, headers: key('day') });
      assert.equal(within.headers.get('idempotent-replayed'), 'true');
      t.clock.advance(2000);
      const later = await t.request('POST', '/clients/add', { token: p.apiKey, body, headers: key('day') });
      assert.equal(later.headers.get('idempotent-replayed'), null);
      // It ran: the e-mail address is taken by the first client now.
      assert.equal(later.status, 422);
      // The worker's pass drops expired keys.
      t.clock.advance(24 * 3_600_000 + 1000);
      await t.server.worker!.tick();
      assert.equal(await ctx().store.idempotency.find(`partner:${p.id}`, 'day'), undefined);
    });
  });

  describe('without a key', () => {
    it('concurrent purchases of one name: exactly one succeeds (the store refuses the rest)', async () => {
      const users = await Promise.all(Array.from({ length: 6 }, () => t.user()));
      const body = { domain: 'kilpa.fi', years: 1, registrantContact: REGISTRANT };
      const results = await Promise.all(users.map((u) => t.request('POST', '/api/v1/domain/domains/purchase', { token: u.token, body })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 422, 422, 422, 422, 422]);
      const order = await ctx().store.orders.findOpenByFqdn('kilpa.fi');
      assert.ok(order);
    });

    it('the store itself refuses a second live domain row and a second open order for one name', async () => {
      const u = await t.user();
      const existing = await ctx().store.domains.findLiveByFqdn('kerran.fi');
      assert.ok(existing);
      const { id: _domainId, ...domain } = existing;
      await assert.rejects(ctx().store.domains.create({ ...domain, user_id: u.id }), UniqueViolation);
      const order = await ctx().store.orders.findOpenByFqdn('kerran.fi');
      assert.ok(order);
      const { id: _orderId, ...copy } = order;
      await assert.rejects(ctx().store.orders.create({ ...copy, user_id: u.id }), UniqueViolation);
    });
  });
});
