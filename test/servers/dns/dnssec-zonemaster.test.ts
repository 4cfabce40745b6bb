import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock.js';
import { Signer } from '../../../src/servers/dns/dnssec/signer.js';
import { dsOf } from '../../../src/core/dns/dnssec/key-material.js';
import { signingKey } from '../../helpers/dnssec-keys.js';
import { requireTool, runTool } from '../../helpers/validators.js';
import { startSigned, type SignedServer } from './dnssec-zone.js';

/** Zonemaster takes no port: each name server gets port 53 on a loopback address of its own. */
const NS: [string, string] = ['127.0.13.1', '127.0.13.2'];
const ZONE = 'signed-sample.fi';

interface ZonemasterEntry {
  level: string;
  module?: string;
  testcase?: string;
  tag: string;
  args?: Record<string, unknown>;
}

/**
 * Zonemaster's DNSSEC module (Debian's zonemaster-cli; one run, it is slow) in an undelegated test of
 * a signed zone on two name servers, given the zone's DS as the parent would publish it: DS and DNSKEY
 * agree, the DNSKEY and SOA are signed, the NSEC chain answers, signature durations, CDS and CDNSKEY.
 * It must report no ERROR and no CRITICAL.
 */
describe('DNSSEC: zonemaster on a signed zone', () => {
  const servers: SignedServer[] = [];
  const key = signingKey();

  before(async () => {
    requireTool('zonemaster-cli', ['--version'], 'zonemaster-cli');
    const clock = new ManualClock(new Date());
    const signer = new Signer(clock);
    const first = await startSigned([key], { zone: ZONE, ns: NS, host: NS[0], port: 53, clock, signer });
    servers.push(first, await startSigned([], { provider: first.provider, host: NS[1], port: 53, clock, signer }));
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('reports no ERROR or CRITICAL in its DNSSEC tests', async () => {
    const ds = dsOf(ZONE, key);
    // DEBUG: the messages of checks that passed (DNSKEY_AND_DS, DURATION_OK) are at that level.
    const { code, stdout, stderr } = await runTool(
      'zonemaster-cli',
      [
        '--no-ipv6', '--json', '--raw', '--level', 'DEBUG', '--test', 'DNSSEC',
        '--ns', `ns1.${ZONE}/${NS[0]}`, '--ns', `ns2.${ZONE}/${NS[1]}`,
        '--ds', `${ds.keyTag},${ds.algorithm},${ds.digestType},${ds.digest}`,
        ZONE,
      ],
      { timeout: 120_000 },
    );
    assert.equal(code, 0, stderr);
    const entries = JSON.parse(stdout) as ZonemasterEntry[];
    // It really checked the keys against the DS, the signatures and the chain, not only that DNSSEC is absent.
    for (const tag of ['DNSKEY_AND_DS', 'DURATION_OK', 'RRSIG_EXPIRATION', 'ALGORITHM_OK', 'DS10_HAS_NSEC', 'DS15_HAS_CDS_AND_CDNSKEY']) {
      assert.ok(entries.some((e) => e.tag === tag), `zonemaster reported ${tag}`);
    }
    const problems = entries.filter((e) => ['ERROR', 'CRITICAL'].includes(e.level));
    assert.deepEqual(problems, [], JSON.stringify(problems, null, 1));
  });
});
