import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistryDomainInfo } from '../../ports/registry.js';
import { formatWhois } from './format-whois.js';
import { parseWhois } from './parse-whois.js';

const info: RegistryDomainInfo = {
  name: 'xn--mkilinen-0zad.fi',
  registrar: 'Hostplane',
  ours: true,
  statuses: ['ok'],
  ds: [],
  registrant: {
    key: 'contact:1', name: 'Matti Meikäläinen', organization: 'Matti&Maija OY', email: 'matti@example.fi', phone: '+358.401234567',
    address: 'Esimerkkikatu 1', zipCode: '20100', city: 'Turku', country: 'FI', identityNumber: '123456-7',
  },
  nameservers: ['ns1.hostplane.test', 'ns2.hostplane.test'],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-02T11:30:00.000Z',
  expiresAt: '2027-03-01T10:00:00.000Z',
  dnssec: 'unsigned',
};

describe('formatWhois', () => {
  it('writes RDDS-style text that our own parser reads back', () => {
    const text = formatWhois(info, new Date('2026-03-05T08:00:00Z'));
    assert.match(text, /^Domain Name: XN--MKILINEN-0ZAD\.FI\n/);
    assert.match(text, /^>>> Last update of WHOIS database: 2026-03-05T08:00:00Z <<<$/m);
    assert.deepEqual(parseWhois(text), {
      notFound: false,
      created: '2026-03-01T10:00:00Z',
      expires: '2027-03-01T10:00:00Z',
      updated: '2026-03-02T11:30:00Z',
      registrar: 'Hostplane',
      owner: 'Matti&Maija OY',
      nameServers: ['ns1.hostplane.test', 'ns2.hostplane.test'],
      dnssec: 'unsigned',
    });
  });

  it('never publishes the registrant\'s contact details', () => {
    const text = formatWhois(info, new Date());
    for (const secret of ['matti@example.fi', '401234567', 'Esimerkkikatu', '20100', '123456-7', 'Meikäläinen']) {
      assert.ok(!text.includes(secret), secret);
    }
  });

  it('publishes no private person\'s name (GDPR): a registrant without an organization is "Private person"', () => {
    const text = formatWhois({ ...info, registrant: { ...info.registrant!, organization: '' } }, new Date());
    assert.match(text, /^Registrant Organization: Private person$/m);
    assert.doesNotMatch(text, /Matti|Meikäläinen/);
    assert.equal(parseWhois(text).owner, 'Private person');
  });

  it('says signedDelegation, with each DS record, when the parent holds DS for the name', () => {
    const ds = [{ keyTag: 12345, algorithm: 13, digestType: 2, digest: 'a'.repeat(64) }];
    const text = formatWhois({ ...info, ds, dnssec: 'signed' }, new Date());
    assert.match(text, /^DNSSEC: signedDelegation$/m);
    assert.match(text, new RegExp(`^DNSSEC DS Data: 12345 13 2 ${'A'.repeat(64)}$`, 'm'));
    assert.equal(parseWhois(text).dnssec, 'signed');
    assert.match(formatWhois(info, new Date()), /^DNSSEC: unsigned$/m);
  });
});
