import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Domain } from '../../../ports/store.js';
import { domainStanding } from './domain-standing.js';

const domain = (patch: Partial<Domain>): Domain => ({
  id: 1, user_id: 1, sld: 'example', tld: 'com', fqdn: 'example.com', fqdn_unicode: 'example.com', status: 'active',
  reg_date: '2026-01-10', exp_date: '2027-01-10', renew: 1, registrant_contact_id: null, billing_contact_id: null,
  nameservers: '[]', created_at: '2026-01-09T12:00:00.000Z', updated_at: null, ...patch,
});

describe('domainStanding', () => {
  it('counts the days left on an active domain and flags the last 60', () => {
    const far = domainStanding(domain({}), '2026-03-01');
    assert.equal(far.state, 'active');
    assert.equal(far.daysValid, 315);
    assert.equal(far.expired, false);
    assert.equal(far.expiringWithin60Days, false);
    const near = domainStanding(domain({}), '2026-11-11');
    assert.equal(near.daysValid, 60);
    assert.equal(near.expiringWithin60Days, true);
    assert.equal(domainStanding(domain({}), '2026-11-10').expiringWithin60Days, false, '61 days left');
    const lastDay = domainStanding(domain({}), '2027-01-10');
    assert.equal(lastDay.expired, false, 'valid through its expiry day');
    assert.equal(lastDay.daysValid, 0);
  });

  it('is expired the day after expiry, within the 180-day window for 179 days', () => {
    const after = domainStanding(domain({}), '2027-01-11');
    assert.equal(after.expired, true);
    assert.equal(after.state, 'expired');
    assert.equal(after.daysValid, 0);
    assert.equal(after.expiredLessThan180DaysAgo, true);
    assert.equal(after.expiringWithin60Days, false);
    assert.equal(domainStanding(domain({}), '2027-07-08').expiredLessThan180DaysAgo, true, '179 days');
    assert.equal(domainStanding(domain({}), '2027-07-09').expiredLessThan180DaysAgo, false, '180 days');
  });

  it('flags auto-renew off as cancelled only while unexpired', () => {
    assert.equal(domainStanding(domain({ renew: 0 }), '2026-03-01').cancelledButNotExpired, true);
    assert.equal(domainStanding(domain({ renew: 0 }), '2026-03-01').autoRenew, false);
    assert.equal(domainStanding(domain({ renew: 0 }), '2027-02-01').cancelledButNotExpired, false);
  });

  it('shows a pending domain on the day it was ordered', () => {
    const s = domainStanding(domain({ status: 'pending', reg_date: null, exp_date: null }), '2026-03-01');
    assert.deepEqual(
      [s.state, s.registrationDate, s.expireDate, s.expired, s.daysValid, s.expiringWithin60Days],
      ['pending', '2026-01-09', '2026-01-09', false, 0, false],
    );
  });
});
