import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinDnsProvider } from '../../../src/providers/dns/builtin/builtin-provider.js';
import { Signer } from '../../../src/servers/dns/dnssec/signer.js';
import { ManualClock } from '../../../src/core/clock.js';
import { snapshot } from './helpers.js';
import { signingKey, signingOf } from '../../helpers/dnssec-keys.js';
import { requireTool, runTool, transferZone, verifyZone } from '../../helpers/validators.js';
import { ZONE, sampleRecords, startSigned, type SignedServer } from './dnssec-zone.js';

/**
 * The signed zone as a whole: its AXFR (what a secondary serves) passes ldns-verify-zone (every
 * signature, the NSEC chain complete and its type bitmaps true), and dnsviz, probing the two name
 * servers as authoritative ones, finds no error in what they answer. A zone whose signatures are
 * wrong (a private key that is not the DNSKEY's) fails both: the checks are real.
 */

/** dnsviz needs port 53: loopback addresses of this file's own. */
const NS: [string, string] = ['127.0.12.1', '127.0.12.2'];
const BROKEN = 'broken.test';

describe('DNSSEC: the signed zone, transferred and probed', () => {
  const servers: SignedServer[] = [];

  before(async () => {
    requireTool('ldns-verify-zone', ['-v'], 'ldnsutils');
    requireTool('dnsviz', ['help'], 'dnsviz');
    const provider = new BuiltinDnsProvider();
    for (const zone of [ZONE, BROKEN]) {
      const snap = snapshot(zone, sampleRecords(zone, NS));
      await provider.ensureZone(zone, snap.soa);
      provider.index.put(snap);
    }
    await provider.setSigning(ZONE, signingOf([signingKey()]));
    // The DNSKEY of one key, the private key of another: every signature is wrong.
    await provider.setSigning(BROKEN, signingOf([{ ...signingKey(), privateKey: signingKey().privateKey }]));
    // Two name servers answering from one index with one signature cache, as one process's would.
    const clock = new ManualClock(new Date());
    const signer = new Signer(clock);
    for (const host of NS) servers.push(await startSigned([], { provider, host, port: 53, clock, signer }));
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  const axfr = (zone: string) => transferZone(53, zone, NS[0]);

  it('ldns-verify-zone accepts the AXFR of the signed zone, which carries the keys, the chain and the signatures', async () => {
    const text = await axfr(ZONE);
    const types = new Set(text.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.split(/\s+/)[3]));
    for (const type of ['SOA', 'DNSKEY', 'CDS', 'CDNSKEY', 'NSEC', 'RRSIG', 'DS']) assert.ok(types.has(type), `AXFR has ${type}`);
    // Glue and the NS of a delegation are not signed (RFC 4035 2.2).
    assert.doesNotMatch(text, /^ns\.sub\.dnssec\.test\.\s.*RRSIG/m);
    assert.doesNotMatch(text, /^sub\.dnssec\.test\.\s.*RRSIG\tNS /m);
    const { ok, output } = await verifyZone(text);
    assert.ok(ok, output);
    assert.match(output, /Zone is verified and complete/);
  });

  it('ldns-verify-zone refuses the AXFR with an NSEC left out, and the zone whose signatures are wrong', async () => {
    const text = await axfr(ZONE);
    const holed = text.split('\n').filter((l) => !/^mail\.dnssec\.test\.\s+\d+\s+IN\s+NSEC\s/.test(l)).join('\n');
    assert.notEqual(holed, text);
    assert.ok(!(await verifyZone(holed)).ok);
    const broken = await verifyZone(await axfr(BROKEN));
    assert.ok(!broken.ok, broken.output);
  });

  /** dnsviz probe of `zone` at our two servers as its authoritative ones, then dnsviz grok. */
  async function dnsviz(zone: string): Promise<Record<string, unknown>> {
    const servers = NS.map((address, i) => `ns${i + 1}.${zone}=${address}`).join(',');
    const probe = await runTool('dnsviz', ['probe', '-A', '-x', `${zone}+:${servers}`, zone], { timeout: 50_000 });
    assert.equal(probe.code, 0, probe.stderr);
    const grok = await runTool('dnsviz', ['grok'], { input: probe.stdout });
    assert.equal(grok.code, 0, grok.stderr);
    return JSON.parse(grok.stdout) as Record<string, unknown>;
  }

  /** Every "errors" entry in grok's output, with where it was found. */
  function errorsIn(node: unknown, path = ''): string[] {
    if (Array.isArray(node)) return node.flatMap((v, i) => errorsIn(v, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return [];
    return Object.entries(node).flatMap(([k, v]) => (k === 'errors' ? [`${path}: ${JSON.stringify(v)}`] : errorsIn(v, `${path}/${k}`)));
  }

  it('dnsviz finds no error in the signed zone, and errors in the one whose signatures are wrong', async () => {
    const [good, broken] = await Promise.all([dnsviz(ZONE), dnsviz(BROKEN)]);
    assert.deepEqual(errorsIn(good), []);
    // Every signature dnsviz saw checked out.
    const statuses = JSON.stringify(good).match(/"rrsig":\s*\[[^\]]*\]/g)?.join() ?? '';
    assert.match(statuses, /"status": ?"VALID"/);
    assert.doesNotMatch(statuses, /"status": ?"(INVALID|BOGUS|EXPIRED|PREMATURE)/);
    assert.ok(errorsIn(broken).length > 0, 'dnsviz reports the wrong signatures');
  });
});
