import assert from 'node:assert/strict';
import type { TestServer } from './server.js';

/** A registrant as the purchase example in the document gives it. */
export const REGISTRANT = {
  firstName: 'Matti',
  lastName: 'Meikäläinen',
  identityNumber: '010190-123A',
  address: 'Esimerkkikatu 1',
  zipCode: '20100',
  city: 'Turku',
  country: 'FI',
  phone: '+358.401234567',
  email: 'matti.meikalainen@example.fi',
};

/** Buys `domain` over HTTP and asserts the documented 200; a postpaid user's domain is active at once. */
export async function purchase(t: TestServer, token: string, domain: string, extra: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/v1/domain/domains/purchase', {
    token,
    body: { domain, years: 1, registrantContact: REGISTRANT, ...extra },
  });
  assert.equal(res.status, 200, `purchase ${domain}: ${JSON.stringify(res.body)}`);
  return res;
}

/**
 * Completes the account's primary contact over HTTP (PATCH contact), with a company and its business
 * id: the registrant a transfer registers the name to, which a .fi name needs identified. Returns the
 * contact's id.
 */
export async function identifyPrimaryContact(t: TestServer, token: string): Promise<number> {
  const list = await t.request('GET', '/api/v1/contact/contacts', { token });
  const id = Math.min(...(list.body.data as Array<{ id: number }>).map((c) => c.id));
  const res = await t.request('PATCH', `/api/v1/contact/contacts/${id}`, {
    token,
    body: {
      first_name: 'Maija', last_name: 'Meikäläinen', company_name: 'Maijan Yritys Oy', business_id: '1234567-8',
      address: 'Esimerkkikatu 2', zip_code: '20100', city: 'Turku', country: 'FI', phone: '+358.401234567', email: 'maija@example.fi',
    },
  });
  assert.equal(res.status, 200, `identify contact ${id}: ${JSON.stringify(res.body)}`);
  return id;
}

let clients = 0;
/**
 * Adds a client of the partner over HTTP with an identity number (a .fi name is registered only to an
 * identified holder) and returns its id; `fields` replace the defaults.
 */
export async function identifiedClient(t: TestServer, apiKey: string, fields: Record<string, unknown> = {}): Promise<number> {
  const res = await t.request('POST', '/clients/add', {
    token: apiKey,
    body: {
      firstname: 'Maija', lastname: 'Meikäläinen', password: 'Pass!123', postcode: '20100', address1: 'Esimerkkikatu 2',
      city: 'Turku', country: 'FI', email: `asiakas${++clients}-${process.pid}@example.fi`, phone: '040 123 4567',
      client_type: 'Managed Client', identity_number: '010190-123A', ...fields,
    },
  });
  assert.equal(res.status, 200, `add client: ${JSON.stringify(res.body)}`);
  return res.body.data[0].id;
}
