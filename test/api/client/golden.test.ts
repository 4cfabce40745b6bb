import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type Response, type TestServer } from '../../helpers/server.js';
import { assertDocumented, assertShape, example, exampleKeys } from '../../helpers/shape.js';
import { REGISTRANT, identifyPrimaryContact, purchase } from '../../helpers/fixtures.js';
import { markInvoicePaid } from '../../../src/core/billing/mark-invoice-paid.js';

/**
 * One live response for every example response in the client API document. The provider is set up
 * as the document's (name "Euronic", name servers ns1-3.euronic.fi) so that messages compare word for
 * word. Error examples must match exactly; success examples by shape (same keys in the same order,
 * same types), since ids, dates and tokens differ.
 */
type Check = { exact?: boolean; extensions?: string[]; compareWith?: string; envelopeOnly?: boolean };

describe('client API: every documented example', () => {
  let t: TestServer;
  let alice: { id: number; token: string; username: string; password: string };
  let bob: { id: number; token: string };
  let carol: { id: number; token: string };
  let expiredToken: string;
  let aliceContact: number;
  let bobContact: number;
  let aliceInvoice: number;
  let bobInvoice: number;
  let aliceService: number;
  let expiredService: number;
  let bobService: number;

  const cases = new Map<string, { run: () => Promise<Response>; check?: Check }>();
  const add = (key: string, run: () => Promise<Response>, check?: Check) => cases.set(key, { run, check });
  const req = (method: string, path: string, token?: string, body?: unknown) => t.request(method, path, { token, body });

  before(async () => {
    t = await startTestServer({ env: { PROVIDER_NAME: 'Euronic', PROVIDER_DOMAIN: 'euronic.fi' } });
    alice = await t.user({ postpaid: true });
    bob = await t.user({ postpaid: true });
    carol = await t.user();
    await identifyPrimaryContact(t, carol.token); // the registrant of carol's .fi transfer
    expiredToken = (await t.user()).token;

    await purchase(t, alice.token, 'test.com');
    await purchase(t, bob.token, 'bobs.fi');
    await purchase(t, carol.token, 'pending.fi');
    await purchase(t, alice.token, 'parked.fi');
    await purchase(t, alice.token, 'elsewhere.fi', { nameServers: ['ns1.elsewhere.example', 'ns2.elsewhere.example'] });
    await purchase(t, alice.token, 'short.fi');
    assert.equal((await req('PUT', '/api/v1/domain/domains/parked.fi/nameservers/park', alice.token)).status, 200);
    assert.equal((await req('PUT', '/api/v1/domain/domains/bobs.fi/nameservers/park', bob.token)).status, 200);
    for (const record of [
      { host: '@', type: 'A', content: '127.0.0.1' },
      { host: 'www', type: 'CNAME', content: 'test.com' },
    ]) {
      assert.equal((await req('POST', '/api/v1/domain/domains/test.com/records', alice.token, record)).status, 201);
    }

    const contacts = await req('GET', '/api/v1/contact/contacts', alice.token);
    aliceContact = contacts.body.data[0].id;
    bobContact = (await req('GET', '/api/v1/contact/contacts', bob.token)).body.data[0].id;
    aliceInvoice = (await req('GET', '/api/v1/invoice/invoices', alice.token)).body.data[0].id;
    bobInvoice = (await req('GET', '/api/v1/invoice/invoices', bob.token)).body.data[0].id;
    aliceService = (await req('GET', '/api/v1/domain/domains/parked.fi/services', alice.token)).body.data[0].id;
    bobService = (await req('GET', '/api/v1/service/services', bob.token)).body.data[0].id;
    expiredService = aliceService;
  });
  after(() => t.close());

  // Authentication
  add('POST /api/v1/auth 200', () => t.request('POST', '/api/v1/auth', { body: { username: 'user1', password: 'correct horse battery' } }));
  add('POST /api/v1/auth 422 Invalid input data', () => req('POST', '/api/v1/auth', undefined, {}), { exact: true });
  add('POST /api/v1/auth 422 Invalid credentials', () => req('POST', '/api/v1/auth', undefined, { username: 'user1', password: 'nope-nope' }), { exact: true });
  add('GET /api/v1/auth/refresh 200', async () => req('GET', '/api/v1/auth/refresh', (await t.user()).token));
  add('GET /api/v1/auth/refresh 401 Access token not provided', () => req('GET', '/api/v1/auth/refresh'), { exact: true });

  // Contacts
  const contact = {
    address: 'Testikatu 1', zip_code: '20100', city: 'Turku', country: 'FI', company_name: 'My Company',
    business_id: '1234567-8', first_name: 'Matti', last_name: 'Meikäläinen', phone: '+358.401234567',
    email: 'matti@example.fi', alt_email: 'matti2@example.fi', billing_email: 'matti_billing@example.fi',
    billing_method: 'email', e_invoice_address: '0123456789', e_invoice_intermediator: 'OKOYFIHH',
  };
  const { address: _omit, ...withoutAddress } = contact;
  add('GET /api/v1/contact/contacts 200', () => req('GET', '/api/v1/contact/contacts', alice.token));
  add('GET /api/v1/contact/contacts 401 Authorization token not provided or invalid', () => req('GET', '/api/v1/contact/contacts', 'invalid'), { exact: true });
  add('GET /api/v1/contact/contacts/1 200', () => req('GET', `/api/v1/contact/contacts/${aliceContact}`, alice.token));
  add('GET /api/v1/contact/contacts/1 401 Authorization token not provided', () => req('GET', `/api/v1/contact/contacts/${aliceContact}`), { exact: true });
  add('GET /api/v1/contact/contacts/1 403 Contact is not assigned to the User', () => req('GET', `/api/v1/contact/contacts/${bobContact}`, alice.token), { exact: true });
  add('POST /api/v1/contact/contacts 201', () => req('POST', '/api/v1/contact/contacts', alice.token, contact), { exact: true });
  add('POST /api/v1/contact/contacts 401 Authorization token not provided or invalid', () => req('POST', '/api/v1/contact/contacts', undefined, contact), { exact: true });
  add('POST /api/v1/contact/contacts 422 Validation error', () => req('POST', '/api/v1/contact/contacts', alice.token, withoutAddress), { exact: true });
  add('PATCH /api/v1/contact/contacts/1 200', () => req('PATCH', `/api/v1/contact/contacts/${aliceContact}`, alice.token, contact));
  add('PATCH /api/v1/contact/contacts/1 401 Authorization token not provided or invalid', () => req('PATCH', `/api/v1/contact/contacts/${aliceContact}`, undefined, contact), { exact: true });
  add('PATCH /api/v1/contact/contacts/1 403 Contact is not assigned to the User', () => req('PATCH', `/api/v1/contact/contacts/${bobContact}`, alice.token, contact), { exact: true });
  add('PATCH /api/v1/contact/contacts/1 422 Validation error', () => req('PATCH', `/api/v1/contact/contacts/${aliceContact}`, alice.token, { ...contact, address: '' }), { exact: true });
  add('DELETE /api/v1/contact/contacts/1 200', async () => {
    await req('POST', '/api/v1/contact/contacts', alice.token, { ...contact, first_name: 'Spare' });
    const list = await req('GET', '/api/v1/contact/contacts', alice.token);
    const spare = list.body.data.find((c: { name: string }) => c.name.startsWith('Spare'));
    return req('DELETE', `/api/v1/contact/contacts/${spare.id}`, alice.token);
  }, { exact: true });
  add('DELETE /api/v1/contact/contacts/1 400 Contact is assigned to at least one Domain', async () => {
    const list = await req('GET', '/api/v1/contact/contacts', alice.token);
    const registrant = list.body.data.find((c: { id: number; name: string }) => c.id !== aliceContact && c.name === 'Matti Meikäläinen');
    return req('DELETE', `/api/v1/contact/contacts/${registrant.id}`, alice.token);
  }, { exact: true });
  add('DELETE /api/v1/contact/contacts/1 400 Primary contact deletion', () => req('DELETE', `/api/v1/contact/contacts/${aliceContact}`, alice.token), { exact: true });
  add('DELETE /api/v1/contact/contacts/1 403 Contact is not assigned to the User', () => req('DELETE', `/api/v1/contact/contacts/${bobContact}`, alice.token), { exact: true });

  // Purchase, renew, transfer
  add('POST /api/v1/domain/domains/purchase 200', () => req('POST', '/api/v1/domain/domains/purchase', carol.token, {
    domain: 'testdomain.fi', years: 1, nameServers: ['ns1.euronic.fi', 'ns2.euronic.fi', 'ns3.euronic.fi'],
    registrantContact: { firstName: 'Matti', lastName: 'Meikäläinen', identityNumber: '010190-123A', address: 'Esimerkkikatu 1', zipCode: '20100', city: 'Turku', country: 'FI', phone: '+358.401234567', email: 'matti.meikalainen@example.fi' },
  }), { exact: true });
  add('POST /api/v1/domain/domains/purchase 401 Authorization token not provided or invalid', () => req('POST', '/api/v1/domain/domains/purchase', undefined, {}), { exact: true });
  // The document's example names the field `address`; a registrant's fields are keyed by their path here.
  add('POST /api/v1/domain/domains/purchase 422 Validation error', () => req('POST', '/api/v1/domain/domains/purchase', carol.token, { domain: 'another.fi', registrantContact: {} }), { envelopeOnly: true });
  add('POST /api/v1/domain/domains/purchase 422 Validation error (Unpaid order already exists)', () => purchaseBody(bob.token, 'pending.fi'), { exact: true });
  add('POST /api/v1/domain/domains/purchase 422 Validation error (Domain already registered)', () => purchaseBody(bob.token, 'test.com'), { exact: true });
  add('POST /api/v1/domain/domains/renew 200', () => req('POST', '/api/v1/domain/domains/renew', alice.token, { domain: 'short.fi', years: 1 }), { exact: true });
  add('POST /api/v1/domain/domains/renew 401 Authorization token not provided or invalid', () => req('POST', '/api/v1/domain/domains/renew', undefined, { domain: 'test.com', years: 1 }), { exact: true });
  add('POST /api/v1/domain/domains/renew 422 Validation error', () => req('POST', '/api/v1/domain/domains/renew', alice.token, { years: 1 }), { exact: true });
  add('POST /api/v1/domain/domains/renew 422 Validation error (Unpaid order already exists)', async () => {
    const user = await t.user();
    await purchase(t, user.token, 'renewtwice.fi');
    await markInvoicePaid(t.server.runtime.ctx, { invoiceId: (await req('GET', '/api/v1/invoice/invoices', user.token)).body.data[0].id });
    await req('POST', '/api/v1/domain/domains/renew', user.token, { domain: 'renewtwice.fi', years: 1 });
    return req('POST', '/api/v1/domain/domains/renew', user.token, { domain: 'renewtwice.fi', years: 1 });
  }, { exact: true });
  add('POST /api/v1/domain/domains/renew 422 Validation error (Domain not linked to authenticated user)', () => req('POST', '/api/v1/domain/domains/renew', alice.token, { domain: 'bobs.fi', years: 1 }), { exact: true });
  add('POST /api/v1/domain/domains/renew 404 Domain does not exist', () => req('POST', '/api/v1/domain/domains/renew', alice.token, { domain: 'nosuchdomain.fi', years: 1 }), { exact: true });
  add('POST /api/v1/domain/domains/transfer 200', async () => {
    const code = (await req('GET', '/api/v1/domain/domains/bobs.fi/authcode', bob.token)).body.data.authCode;
    return req('POST', '/api/v1/domain/domains/transfer', carol.token, { domain: 'bobs.fi', authCode: code });
  }, { exact: true });
  add('POST /api/v1/domain/domains/transfer 401 Authorization token not provided or invalid', () => req('POST', '/api/v1/domain/domains/transfer', undefined, { domain: 'test.com', authCode: 'x' }), { exact: true });
  add('POST /api/v1/domain/domains/transfer 422 Validation error', () => req('POST', '/api/v1/domain/domains/transfer', alice.token, { authCode: 'TestKey1234' }), { exact: true });
  add('POST /api/v1/domain/domains/transfer 422 Validation error (Unpaid order already exists)', async () => {
    const code = (await req('GET', '/api/v1/domain/domains/test.com/authcode', alice.token)).body.data.authCode;
    await req('POST', '/api/v1/domain/domains/transfer', carol.token, { domain: 'test.com', authCode: code });
    return req('POST', '/api/v1/domain/domains/transfer', carol.token, { domain: 'test.com', authCode: code });
  }, { exact: true });
  add('POST /api/v1/domain/domains/transfer 422 Validation error (Domain already exists)', () => req('POST', '/api/v1/domain/domains/transfer', alice.token, { domain: 'parked.fi', authCode: 'TestKey1234' }), { exact: true });
  add('POST /api/v1/domain/domains/transfer 422 Validation error (Domain available for registration)', () => req('POST', '/api/v1/domain/domains/transfer', alice.token, { domain: 'free-to-register.fi', authCode: 'TestKey1234' }), { exact: true });

  // Domains
  add('GET /api/v1/domain/domains 200', () => req('GET', '/api/v1/domain/domains', alice.token));
  add('GET /api/v1/domain/domains 401 Authorization token not provided or invalid', () => req('GET', '/api/v1/domain/domains'), { exact: true });
  add('GET /api/v1/domain/domains/test.com 200', () => req('GET', '/api/v1/domain/domains/test.com', alice.token));
  add('GET /api/v1/domain/domains/test.com 401 Authorization token not provided or invalid', () => req('GET', '/api/v1/domain/domains/test.com'), { exact: true });
  add('GET /api/v1/domain/domains/test.com 403 Domain is not assigned to the User', () => req('GET', '/api/v1/domain/domains/test.com', bob.token), { exact: true });
  add('PATCH /api/v1/domain/domains/test.com 200', () => req('PATCH', '/api/v1/domain/domains/test.com', alice.token, { renew: true, contact_id: aliceContact }));
  add('PATCH /api/v1/domain/domains/test.com 401 Authorization token not provided', () => req('PATCH', '/api/v1/domain/domains/test.com', undefined, { renew: true }), { exact: true });
  add('PATCH /api/v1/domain/domains/test.com 403 Domain is not assigned to the User', () => req('PATCH', '/api/v1/domain/domains/test.com', bob.token, { renew: true }), { exact: true });
  add('PATCH /api/v1/domain/domains/test.com 422 Contact is not assigned to the User', () => req('PATCH', '/api/v1/domain/domains/test.com', alice.token, { contact_id: bobContact }), { exact: true });

  // Name servers
  for (const [method, path, body] of [
    ['GET', '/api/v1/domain/domains/test.com/nameservers', undefined],
    ['PUT', '/api/v1/domain/domains/test.com/nameservers', { nameservers: ['ns1.euronic.fi', 'ns2.euronic.fi'] }],
    ['PATCH', '/api/v1/domain/domains/test.com/nameservers', { nameservers: ['ns1.euronic.fi', 'ns2.euronic.fi'] }],
    ['PUT', '/api/v1/domain/domains/test.com/nameservers/park', undefined],
  ] as const) {
    const key = `${method} ${path}`;
    if (method !== 'PUT' || !path.endsWith('park')) {
      add(`${key} 200`, () => req(method, path, alice.token, body), method === 'GET' ? undefined : { exact: true });
    }
    add(`${key} 401 Authorization token not provided`, () => req(method, path, undefined, body), { exact: true });
    add(`${key} 403 Domain is not assigned to the User`, () => req(method, path, bob.token, body), { exact: true });
    add(`${key} 404 Resource not found`, () => req(method, path.replace('test.com', 'nosuchdomain.fi'), alice.token, body), { exact: true });
  }
  add('PUT /api/v1/domain/domains/test.com/nameservers/park 200', () => req('PUT', '/api/v1/domain/domains/short.fi/nameservers/park', alice.token), { exact: true });

  // DNS records
  add('GET /api/v1/domain/domains/test.com/records 200', () => req('GET', '/api/v1/domain/domains/test.com/records', alice.token), { extensions: ['ttl', 'id'] });
  add("GET /api/v1/domain/domains/test.com/records 400 Domain does not use Euronic's name servers", () => req('GET', '/api/v1/domain/domains/elsewhere.fi/records', alice.token), { exact: true });
  add('GET /api/v1/domain/domains/test.com/records 400 Domain does not exist', () => req('GET', '/api/v1/domain/domains/pending.fi/records', carol.token), { exact: true });
  add('GET /api/v1/domain/domains/test.com/records 401 Authorization token not provided', () => req('GET', '/api/v1/domain/domains/test.com/records'), { exact: true });
  add('GET /api/v1/domain/domains/test.com/records 403 Domain is not assigned to the User', () => req('GET', '/api/v1/domain/domains/test.com/records', bob.token), { exact: true });

  // Domain services, auth code
  add('GET /api/v1/domain/domains/test.com/services 200', () => req('GET', '/api/v1/domain/domains/parked.fi/services', alice.token));
  add('GET /api/v1/domain/domains/test.com/services 401 Authorization token not provided or invalid', () => req('GET', '/api/v1/domain/domains/parked.fi/services', 'bad-token'), { exact: true });
  add('GET /api/v1/domain/domains/test.com/services 403 Domain is not assigned to the User', () => req('GET', '/api/v1/domain/domains/parked.fi/services', bob.token), { exact: true });
  add('PATCH /api/v1/domain/domains/test.com/services/1 200', () => req('PATCH', `/api/v1/domain/domains/parked.fi/services/${aliceService}`, alice.token, { renew: true }));
  add('PATCH /api/v1/domain/domains/test.com/services/1 401 Authorization token not provided', () => req('PATCH', `/api/v1/domain/domains/parked.fi/services/${aliceService}`, undefined, { renew: true }), { exact: true });
  add('PATCH /api/v1/domain/domains/test.com/services/1 403 Domain or Service is not assigned to the User', () => req('PATCH', `/api/v1/domain/domains/parked.fi/services/${aliceService}`, bob.token, { renew: true }), { exact: true });
  add('GET /api/v1/domain/domains/test.com/authcode 200', () => req('GET', '/api/v1/domain/domains/parked.fi/authcode', alice.token));
  add('GET /api/v1/domain/domains/test.com/authcode 401 Authorization token not provided or invalid', () => req('GET', '/api/v1/domain/domains/parked.fi/authcode'), { exact: true });
  add('GET /api/v1/domain/domains/test.com/authcode 403 Domain is not assigned to the User', () => req('GET', '/api/v1/domain/domains/parked.fi/authcode', bob.token), { exact: true });
  // The document spells this one message "Resouce not found"; every other 404 says "Resource not found", as this does.
  add('GET /api/v1/domain/domains/test.com/authcode 404 Domain does not exist', () => req('GET', '/api/v1/domain/domains/nosuchdomain.fi/authcode', alice.token), { envelopeOnly: true });

  // Availability and WHOIS
  add('GET /api/v1/domain/test.com/check 200 Single domain check', () => req('GET', '/api/v1/domain/test.com/check'));
  add('GET /api/v1/domain/test.com/check 200 Multi domain check', () => req('GET', '/api/v1/domain/test/check'));
  add('GET /api/v1/domain/test.com/check 400 Invalid domain', () => req('GET', '/api/v1/domain/-bad-.com/check'), { exact: true });
  add('GET /api/v1/domain/test.com/whois 200', () => req('GET', '/api/v1/domain/test.com/whois'));
  add('GET /api/v1/domain/test.com/whois 400 Invalid domain', () => req('GET', '/api/v1/domain/-bad-.com/whois'), { exact: true });
  add('GET /api/v1/domain/test.com/whois 400 Domain available', () => req('GET', '/api/v1/domain/free-to-register.com/whois'), { exact: true });

  // Invoices and services
  add('GET /api/v1/invoice/invoices 200', () => req('GET', '/api/v1/invoice/invoices', alice.token));
  add('GET /api/v1/invoice/invoices 401 Authorization token not provided or invalid', () => req('GET', '/api/v1/invoice/invoices'), { exact: true });
  add('GET /api/v1/invoice/invoices/1 200', () => req('GET', `/api/v1/invoice/invoices/${aliceInvoice}`, alice.token));
  add('GET /api/v1/invoice/invoices/1 401 Authorization token not provided or invalid', () => req('GET', `/api/v1/invoice/invoices/${aliceInvoice}`), { exact: true });
  add('GET /api/v1/invoice/invoices/1 403 Invoice is not assigned to the User', () => req('GET', `/api/v1/invoice/invoices/${bobInvoice}`, alice.token), { exact: true });
  add('GET /api/v1/invoice/invoices/1 404 Invoice does not exist', () => req('GET', '/api/v1/invoice/invoices/99999', alice.token), { exact: true });
  add('GET /api/v1/service/services 200', () => req('GET', '/api/v1/service/services', alice.token));
  add('GET /api/v1/service/services 401 Authorization token not provided or invalid', () => req('GET', '/api/v1/service/services'), { exact: true });
  // The single-service examples say price.price where the field list (and the list example) say price.total.
  add('GET /api/v1/service/services/1 200', () => req('GET', `/api/v1/service/services/${aliceService}`, alice.token), { compareWith: 'PATCH /api/v1/domain/domains/test.com/services/1 200' });
  add('GET /api/v1/service/services/1 401 Authorization token not provided', () => req('GET', `/api/v1/service/services/${aliceService}`), { exact: true });
  add('GET /api/v1/service/services/1 403 Service is not assigned to the User', () => req('GET', `/api/v1/service/services/${bobService}`, alice.token), { exact: true });
  add('PATCH /api/v1/service/services/1 200', () => req('PATCH', `/api/v1/service/services/${aliceService}`, alice.token, { renew: true }), { compareWith: 'PATCH /api/v1/domain/domains/test.com/services/1 200' });
  add('PATCH /api/v1/service/services/1 401 Authorization token not provided', () => req('PATCH', `/api/v1/service/services/${aliceService}`, undefined, { renew: true }), { exact: true });
  add('PATCH /api/v1/service/services/1 403 Service is not assigned to the User', () => req('PATCH', `/api/v1/service/services/${bobService}`, alice.token, { renew: true }), { exact: true });

  // Cases that move the clock run last: expiry of the token, the domain and the service.
  const late = new Map<string, { run: () => Promise<Response>; check?: Check }>();
  late.set('GET /api/v1/auth/refresh 401 Expired Access token', { run: () => req('GET', '/api/v1/auth/refresh', expiredToken), check: { exact: true } });
  late.set('PATCH /api/v1/domain/domains/test.com 400 Domain expired', { run: () => req('PATCH', '/api/v1/domain/domains/test.com', alice.token, { renew: false }), check: { exact: true } });
  late.set('PATCH /api/v1/domain/domains/test.com/services/1 400 Service expired', { run: () => req('PATCH', `/api/v1/domain/domains/parked.fi/services/${expiredService}`, alice.token, { renew: false }), check: { exact: true } });
  late.set('PATCH /api/v1/service/services/1 400 Service expired', { run: () => req('PATCH', `/api/v1/service/services/${expiredService}`, alice.token, { renew: false }), check: { exact: true } });

  function verify(key: string, res: Response, check: Check = {}) {
    const documented = example(key) as any;
    const status = Number(key.split(' ')[2]);
    assert.equal(res.status, status, `${key}: ${JSON.stringify(res.body)}`);
    if (check.exact) assert.deepEqual(res.body, documented, key);
    else if (check.envelopeOnly) {
      assert.deepEqual(Object.keys(res.body.error), Object.keys(documented.error), key);
      assert.equal(res.body.error.status, documented.error.status);
      for (const messages of Object.values(res.body.error.context ?? {})) assertShape(messages, ['']);
    } else if (check.compareWith) assertShape(res.body.data, (example(check.compareWith) as any).data);
    else assertDocumented(res.body, key, check.extensions);
  }

  /** Runs every case and reports all mismatches together. */
  async function runAll(list: Map<string, { run: () => Promise<Response>; check?: Check }>) {
    const failures: string[] = [];
    for (const [key, { run, check }] of list) {
      try {
        verify(key, await run(), check);
      } catch (err) {
        failures.push(`${key}\n    ${(err as Error).message.split('\n').join('\n    ')}`);
      }
    }
    assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
  }

  it('covers every example in the document', () => {
    const covered = new Set([...cases.keys(), ...late.keys()]);
    assert.deepEqual(exampleKeys().filter((k) => !covered.has(k)), []);
  });

  it('answers each documented example with the documented status and shape', () => runAll(cases));

  it('answers the expiry examples once time has moved', async () => {
    t.clock.advanceDays(2 * 366);
    const login = await req('POST', '/api/v1/auth', undefined, { username: alice.username, password: alice.password });
    alice.token = login.body.data.token;
    await runAll(late);
  });

  async function purchaseBody(token: string, domain: string) {
    return req('POST', '/api/v1/domain/domains/purchase', token, { domain, years: 1, registrantContact: REGISTRANT });
  }
});
