import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT } from '../helpers/fixtures.js';

/**
 * JSON bodies of both APIs take integers and booleans as the documents' Laravel servers do ("6" for
 * an id, "1" for true), hand the route the converted value, and refuse everything else with the
 * field's own message.
 */
describe('JSON bodies: Laravel integer and boolean forms (both APIs)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const BUSINESS_BASIC = 1;
  let seq = 0;
  const tenantName = () => `wire${Date.now().toString(36)}${++seq}`;

  it('partner: client_id, quantity and catalog_id as the strings the API hands out', async () => {
    const p = await t.partner();
    const client = await t.request('POST', '/clients/add', {
      token: p.apiKey,
      body: {
        firstname: 'Joe', lastname: 'Bin', company: 'Bin Oy', password: 'Pass!123', postcode: '20100', address1: 'Address 1',
        city: 'Turku', country: 'FI', email: `joe${++seq}@example.fi`, phone: '358401234567', client_type: 'Managed Client',
      },
    });
    assert.equal(client.status, 200, JSON.stringify(client.body));
    const clientId = String(client.body.data[0].id);

    const tenant = await t.request('POST', '/products/m365/tenant', { token: p.apiKey, body: { tenant_name: tenantName(), client_id: clientId } });
    assert.equal(tenant.status, 201, JSON.stringify(tenant.body));
    const serviceId = tenant.body.data.service_id as string;
    // The tenant is the client's: the route received client_id as a number.
    const services = await t.request('GET', `/products/services?client_id=${clientId}`, { token: p.apiKey });
    assert.deepEqual(services.body.data.map((s: any) => [s.id, s.client_id]), [[serviceId, clientId]]);

    const catalogId = (await t.request('GET', '/products/m365/catalog', { token: p.apiKey })).body.data[0].Id;
    assert.equal(typeof catalogId, 'string');
    const order = await t.request('POST', `/products/${serviceId}/m365/subscription`, {
      token: p.apiKey, body: { quantity: '5', term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: catalogId },
    });
    assert.equal(order.status, 200, JSON.stringify(order.body));
    const [sub] = order.body.data.Subscriptions;
    assert.equal(sub.Quantity, 5);
    const more = await t.request('POST', `/products/${serviceId}/m365/subscription/${sub.SubscriptionId}/update/quantity`, {
      token: p.apiKey, body: { quantity: '7' },
    });
    assert.equal(more.status, 200, JSON.stringify(more.body));
    assert.equal(more.body.data.Subscriptions[0].Quantity, 7);
  });

  it('partner: other forms are refused with the field\'s message, and nothing is made', async () => {
    const p = await t.partner();
    const tenant = await t.request('POST', '/products/m365/tenant', { token: p.apiKey, body: { tenant_name: tenantName() } });
    const serviceId = tenant.body.data.service_id as string;
    const body = { quantity: 3, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: BUSINESS_BASIC };
    for (const quantity of ['1.5', 'abc', '', ' 1', '1 ', '+1', '007', '0x10', '1e2', true, null, [5], 2.5]) {
      const res = await t.request('POST', `/products/${serviceId}/m365/subscription`, { token: p.apiKey, body: { ...body, quantity } });
      assert.equal(res.status, 422, JSON.stringify(quantity));
      assert.deepEqual(res.body, {
        success: false, message: 'The given data was invalid.', errors: { quantity: ['The quantity must be an integer'] },
      }, JSON.stringify(quantity));
    }
    // The schema's own bounds apply to the converted value.
    const zero = await t.request('POST', `/products/${serviceId}/m365/subscription`, { token: p.apiKey, body: { ...body, quantity: '0' } });
    assert.deepEqual(zero.body.errors, { quantity: ['The quantity must be at least 1'] });
    const negative = await t.request('POST', `/products/${serviceId}/m365/subscription`, { token: p.apiKey, body: { ...body, quantity: '-5' } });
    assert.deepEqual(negative.body.errors, { quantity: ['The quantity must be at least 1'] });
    // A string stays a string: a number is not a tenant name.
    const name = await t.request('POST', '/products/m365/tenant', { token: p.apiKey, body: { tenant_name: 12345 } });
    assert.deepEqual(name.body.errors, { tenant_name: ['The tenant_name must be a string'] });
    const subs = await t.request('GET', `/products/${serviceId}/m365/subscriptions`, { token: p.apiKey });
    assert.deepEqual(subs.body.nce_licenses, []);
  });

  it('partner: "-5" reaches the rules where the schema allows negatives (period), "2" registers for two years', async () => {
    const p = await t.partner();
    const negative = await t.request('POST', '/domains/register', { token: p.apiKey, body: { name: 'negatiivinen.fi', period: '-5', action: 'register' } });
    assert.equal(negative.status, 422);
    assert.ok(negative.body.errors.period, JSON.stringify(negative.body));
    assert.ok(!negative.body.errors.period.includes('The period must be an integer'), JSON.stringify(negative.body));
    const two = await t.request('POST', '/domains/register', { token: p.apiKey, body: { name: 'kaksivuotinen.com', period: '2', action: 'register' } });
    assert.equal(two.status, 201, JSON.stringify(two.body));
    const listed = (await t.request('GET', '/domains/list', { token: p.apiKey })).body.data;
    assert.deepEqual(listed.map((d: any) => [d.domain, d.registration_period]), [['kaksivuotinen.com', '2']]);
  });

  it('client: years, renew and contact_id in their Laravel forms', async () => {
    const u = await t.user({ postpaid: true });
    const bought = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: u.token, body: { domain: 'merkkijono.fi', years: '2', registrantContact: REGISTRANT },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    const domain = await t.request('GET', '/api/v1/domain/domains/merkkijono.fi', { token: u.token });
    assert.equal(domain.body.data.exp_date, '2028-03-01');
    assert.equal(domain.body.data.renew, true);

    const contactId = (await t.request('GET', '/api/v1/contact/contacts', { token: u.token })).body.data[0].id as number;
    for (const [renew, expected] of [['0', false], [1, true], [0, false], ['1', true], [false, false]] as const) {
      const res = await t.request('PATCH', '/api/v1/domain/domains/merkkijono.fi', { token: u.token, body: { renew, contact_id: String(contactId) } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.data.renew, expected, JSON.stringify(renew));
      assert.equal(res.body.data.billing_contact.id, contactId);
    }

    for (const renew of ['true', 'false', 'yes', 'no', 2, -1, '', null, '01']) {
      const res = await t.request('PATCH', '/api/v1/domain/domains/merkkijono.fi', { token: u.token, body: { renew } });
      assert.equal(res.status, 422, JSON.stringify(renew));
      assert.deepEqual(res.body.error.context, { renew: ['The renew must be true or false'] }, JSON.stringify(renew));
    }
    const invoices = (await t.request('GET', '/api/v1/invoice/invoices', { token: u.token })).body.data.length;
    for (const years of ['1.5', 'abc', '', ' 1', true]) {
      const res = await t.request('POST', '/api/v1/domain/domains/purchase', {
        token: u.token, body: { domain: 'toinen.fi', years, registrantContact: REGISTRANT },
      });
      assert.equal(res.status, 422, JSON.stringify(years));
      assert.deepEqual(res.body.error.context, { years: ['The years must be an integer'] }, JSON.stringify(years));
    }
    assert.equal((await t.request('GET', '/api/v1/invoice/invoices', { token: u.token })).body.data.length, invoices, 'nothing ordered');
    assert.equal((await t.request('GET', '/api/v1/domain/domains/merkkijono.fi', { token: u.token })).body.data.renew, false, 'unchanged');
  });

  it('/docs shows the accepted forms', async () => {
    const docs = (await t.request('GET', '/docs')).body;
    const schema = docs.paths['/products/{serviceId}/m365/subscription'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(schema.properties.quantity.type, ['integer', 'string']);
    assert.equal(schema.properties.quantity.pattern, '^-?(0|[1-9][0-9]*)$');
    const patch = docs.paths['/api/v1/domain/domains/{domain}'].patch.requestBody.content['application/json'].schema;
    assert.deepEqual(patch.properties.renew.enum, [true, false, 1, 0, '1', '0']);
    // Answers are typed as before: only request bodies take the wider forms.
    const answer = docs.paths['/api/v1/domain/domains/{domain}'].get.responses['200'].content['application/json'].schema;
    assert.equal(answer.properties.data.properties.renew.type, 'boolean');
  });
});
