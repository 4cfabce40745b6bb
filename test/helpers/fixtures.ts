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
