import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { listInvoices } from '../../../src/core/billing/list-invoices.js';
import { revokeApiKey } from '../../../src/core/partners/revoke-api-key.js';

describe('partner API story: a partner\'s client sees in the client API what the partner bought for it', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ start: '2026-03-01T10:00:00Z' });
  });
  after(() => t.close());

  it('client -> register for it -> the client logs in and sees the domain -> the partner is billed monthly', async () => {
    const partner = await t.partner('Reseller Oy');
    const other = await t.partner('Competitor Oy');

    // 1. The partner adds a client.
    const added = await t.request('POST', '/clients/add', {
      token: partner.apiKey,
      body: {
        firstname: 'Liisa', lastname: 'Asiakas', company: 'Asiakas Oy', password: 'Kissa!2026', postcode: '00100',
        address1: 'Mannerheimintie 1', city: 'Helsinki', country: 'FI', email: 'liisa@asiakas.fi', phone: '+358401234567',
        client_type: 'Self Servicing Client',
      },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    // The add example shows the id as a number; the domain list shows client ids as strings.
    const clientId = String(added.body.data[0].id);

    // 2. The partner registers a domain for it (on our nameservers, so it gets a zone).
    const registered = await t.request('POST', '/domains/register', {
      token: partner.apiKey,
      body: { name: 'asiakas-kauppa.com', period: 2, action: 'register', client_id: Number(clientId) },
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.equal(registered.body.message, 'Registered successfully');

    // 3. The client logs in to the client API with its e-mail and password and sees the same domain.
    const login = await t.request('POST', '/api/v1/auth', { body: { username: 'liisa@asiakas.fi', password: 'Kissa!2026' } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.data.token as string;
    const domains = await t.request('GET', '/api/v1/domain/domains', { token });
    assert.equal(domains.status, 200, JSON.stringify(domains.body));
    assert.equal(domains.body.data.length, 1);
    const seen = domains.body.data[0];
    assert.equal(seen.fqdn, 'asiakas-kauppa.com');
    assert.equal(String(seen.id), registered.body.data.domain_id);
    assert.equal(seen.status, 'active');
    assert.equal(seen.exp_date, '2028-03-01');
    assert.equal(seen.billing_contact.name, 'Liisa Asiakas');
    const ns = await t.request('GET', '/api/v1/domain/domains/asiakas-kauppa.com/nameservers', { token });
    assert.equal(ns.status, 200);
    // The client's own invoices: none (the partner pays).
    const clientInvoices = await t.request('GET', '/api/v1/invoice/invoices', { token });
    assert.equal(clientInvoices.body.data.length, 0);

    // The partner's list and detail show the same domain for that client.
    const listed = await t.request('GET', '/domains/list', { token: partner.apiKey });
    assert.deepEqual(listed.body.data.map((d: any) => [d.id, d.client_id, d.status, d.registration_period, d.price]), [
      [registered.body.data.domain_id, clientId, 'Active', '2', '27.80'],
    ]);

    // A change made through the partner API is what the client sees.
    const changed = await t.request('POST', '/domains/asiakas-kauppa.com/change-nameservers', {
      token: partner.apiKey, body: { ns1: 'ns1.example.net', ns2: 'ns2.example.net' },
    });
    assert.equal(changed.status, 201);
    const after = await t.request('GET', '/api/v1/domain/domains/asiakas-kauppa.com/nameservers', { token });
    assert.deepEqual(after.body.data, [{ nameserver: 'ns1.example.net' }, { nameserver: 'ns2.example.net' }]);

    // 4. The partner's monthly invoice (what `hostplane invoices list --user` shows) has the domain's line.
    const invoices = await listInvoices(t.server.runtime.ctx, { userId: partner.userId, page: { limit: 10, offset: 0 } });
    assert.equal(invoices.total, 1);
    const { invoice, items } = invoices.items[0]!;
    assert.equal(invoice.period, '2026-03');
    assert.equal(invoice.paid, 0);
    assert.deepEqual(items.map((i) => [i.description, i.sub_total_cents]), [['asiakas-kauppa.com rekisteröinti 1.3.26-1.3.28', 2780]]);

    // Another partner learns nothing about the client or its domain.
    assert.equal((await t.request('GET', '/domains/asiakas-kauppa.com', { token: other.apiKey })).status, 403);
    assert.equal((await t.request('PUT', `/clients/${clientId}`, { token: other.apiKey, body: {} })).status, 403);
    assert.deepEqual((await t.request('GET', '/clients', { token: other.apiKey })).body.data, []);
    assert.deepEqual((await t.request('GET', '/domains/list', { token: other.apiKey })).body.data, []);

    // A revoked key answers 401 from then on.
    await revokeApiKey(t.server.runtime.ctx, { key: partner.apiKey });
    const revoked = await t.request('GET', '/clients', { token: partner.apiKey });
    assert.equal(revoked.status, 401);
    assert.deepEqual(revoked.body, { success: false, message: 'Unauthenticated.' });
  });
});
