import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dsOf } from '../../../src/core/dns/dnssec/key-material.js';
import { signingKey } from '../../helpers/dnssec-keys.js';
import { delv, requireTool } from '../../helpers/validators.js';
import { ZONE, addParkedZone, startSigned, type SignedServer } from './dnssec-zone.js';

/**
 * delv (bind9-dnsutils), a validating resolver's code run once, asks the builtin server for each kind
 * of answer of a signed zone and validates it from the zone's DS as the trust anchor, as a resolver
 * does from the DS the registry publishes: signatures, wildcard labels, and every denial proof.
 */
describe('DNSSEC: delv validates the signed answers from the zone DS', () => {
  let s: SignedServer;
  const key = signingKey();
  const PARKED = 'parked.test';
  const parkedKey = signingKey();

  before(async () => {
    requireTool('delv', ['-v'], 'bind9-dnsutils');
    s = await startSigned([key]);
    await addParkedZone(s.provider, PARKED, parkedKey);
  });
  after(() => s?.close());

  const cases: Array<[string, string, string, RegExp]> = [
    ['a positive answer', ZONE, 'A', /^; fully validated\n.*\tA\t192\.0\.2\.1$/m],
    ['the DNSKEY RRset', ZONE, 'DNSKEY', /^; fully validated$/m],
    ['an MX', ZONE, 'MX', /^; fully validated\n.*MX\t10 mail\.dnssec\.test\.$/m],
    ['a CNAME and its target', `www.${ZONE}`, 'A', /^; fully validated\n.*CNAME\tdnssec\.test\.$/m],
    ['NXDOMAIN', `nothing.${ZONE}`, 'A', /negative response, fully validated\n.*NXDOMAIN/],
    ['a wildcard answer several labels below it', `a.b.nothing.wild.${ZONE}`, 'A', /; fully validated\n.*192\.0\.2\.9/],
    ['NODATA', ZONE, 'AAAA', /negative response, fully validated\n.*NXRRSET/],
    ['NODATA at an empty non-terminal', `b.ent.${ZONE}`, 'A', /negative response, fully validated\n.*NXRRSET/],
    ['a wildcard answer', `anything.wild.${ZONE}`, 'A', /; fully validated\n.*anything\.wild\.dnssec\.test\.\s.*A\t192\.0\.2\.9/],
    ['NODATA from a wildcard', `anything.wild.${ZONE}`, 'TXT', /negative response, fully validated\n.*NXRRSET/],
    ['a CNAME from a wildcard', `x.cn.${ZONE}`, 'A', /; fully validated\n.*CNAME\tmail\.dnssec\.test\./],
    ['a DS at a secure delegation', `sec.${ZONE}`, 'DS', /; fully validated\n.*DS\t12345 13 2/],
    ['no DS at an insecure delegation', `sub.${ZONE}`, 'DS', /negative response, fully validated\n.*NXRRSET/],
    ['CDS', ZONE, 'CDS', /; fully validated\n.*CDS\t/],
    ['CDNSKEY', ZONE, 'CDNSKEY', /; fully validated\n.*CDNSKEY\t257 3 13/],
    ['an ANAME flattened', `flat.${ZONE}`, 'A', /; fully validated\n.*A\t192\.0\.2\.80/],
    ['an ANAME without such addresses', `flat.${ZONE}`, 'AAAA', /negative response, fully validated/],
    ['a fallback_ip served while its address is down', `web1.${ZONE}`, 'A', /; fully validated\n.*A\t192\.0\.2\.31/],
    ['a web forward', `go.${ZONE}`, 'A', /; fully validated\n.*A\t192\.0\.2\.100/],
    ['a web forward without an IPv6 address', `go.${ZONE}`, 'AAAA', /negative response, fully validated/],
  ];
  for (const [what, name, type, expected] of cases) {
    it(`fully validates ${what} (${name} ${type})`, async () => {
      const out = await delv(s.port, ZONE, [dsOf(ZONE, key)], name, type);
      assert.match(out, expected, out);
    });
  }

  it('fully validates a parked zone: the forwarder\'s address at its apex and www, NODATA for www\'s other types', async () => {
    for (const [name, type, expected] of [
      [PARKED, 'A', /; fully validated\n.*A\t192\.0\.2\.100/],
      [`www.${PARKED}`, 'A', /; fully validated\n.*A\t192\.0\.2\.100/],
      [`www.${PARKED}`, 'TXT', /negative response, fully validated\n.*NXRRSET/],
      [`other.${PARKED}`, 'A', /negative response, fully validated\n.*NXDOMAIN/],
    ] as const) {
      const out = await delv(s.port, PARKED, [dsOf(PARKED, parkedKey)], name, type);
      assert.match(out, expected, `${name} ${type}: ${out}`);
    }
  });

  it('fails with a DS that is not the key: the validation is real', async () => {
    const other = [dsOf(ZONE, signingKey())];
    for (const [name, type] of [[ZONE, 'A'], [`nothing.${ZONE}`, 'A']] as const) {
      const out = await delv(s.port, ZONE, other, name, type);
      assert.doesNotMatch(out, /fully validated/, out);
      assert.match(out, /resolution failed/, out);
    }
  });
});
