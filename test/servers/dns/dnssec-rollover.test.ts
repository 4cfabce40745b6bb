import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { decode, query, udpExchange } from './helpers.js';
import { dsOf } from '../../../src/core/dns/dnssec/key-material.js';
import { signingKey, signingOf } from '../../helpers/dnssec-keys.js';
import { delv, requireTool } from '../../helpers/validators.js';
import { ZONE, startSigned, type SignedServer } from './dnssec-zone.js';

/**
 * A key rollover by double signature (RFC 7583 3.3.2): while both keys sign, every RRset carries an
 * RRSIG of each, so a resolver holding either DS validates; a key that is only published signs nothing.
 * Signatures are kept and made again once less than half their validity remains, on the server's
 * clock: moving it shows when.
 */
describe('DNSSEC: two keys, and signatures renewed as time passes', () => {
  let s: SignedServer;
  const oldKey = signingKey();
  const newKey = signingKey({ cds: false });

  before(async () => {
    requireTool('delv', ['-v'], 'bind9-dnsutils');
    s = await startSigned([oldKey, newKey]);
  });
  after(() => s?.close());

  async function signatures(name: string, type: string): Promise<dnsPacket.RrsigAnswer[]> {
    const buf = await udpExchange(s.port, query(name, type, { do: true }), 1000);
    assert.ok(buf);
    const a = decode(buf);
    return [...(a.answers ?? []), ...(a.authorities ?? [])].filter((r) => r.type === 'RRSIG') as dnsPacket.RrsigAnswer[];
  }

  it('signs every RRset with both keys, and each DS alone validates', async () => {
    for (const [name, type, covered] of [[ZONE, 'DNSKEY', 'DNSKEY'], [ZONE, 'A', 'A'], [`nothing.${ZONE}`, 'A', 'NSEC']] as const) {
      const tags = (await signatures(name, type)).filter((r) => r.data.typeCovered === covered).map((r) => r.data.keyTag);
      assert.deepEqual(new Set(tags), new Set([oldKey.keyTag, newKey.keyTag]), `${name} ${type}`);
    }
    for (const key of [oldKey, newKey]) {
      for (const [name, type] of [[ZONE, 'A'], [`nothing.${ZONE}`, 'A'], [`anything.wild.${ZONE}`, 'A']] as const) {
        const out = await delv(s.port, ZONE, [dsOf(ZONE, key)], name, type);
        assert.match(out, /fully validated/, `DS of key ${key.keyTag}, ${name} ${type}: ${out}`);
      }
    }
  });

  it('publishes CDS only for the key marked for it; a key only published signs nothing and its DS does not validate', async () => {
    const cds = decode((await udpExchange(s.port, query(ZONE, 'CDS', { do: true }), 1000))!);
    const tags = (cds.answers ?? []).filter((r) => r.type === 'CDS').map((r) => ((r as { data: Buffer }).data).readUInt16BE(0));
    assert.deepEqual(tags, [oldKey.keyTag]);

    await s.provider.setSigning(ZONE, signingOf([oldKey, { ...newKey, signs: false }]));
    try {
      const dnskeys = decode((await udpExchange(s.port, query(ZONE, 'DNSKEY', { do: true }), 1000))!);
      assert.equal((dnskeys.answers ?? []).filter((r) => r.type === 'DNSKEY').length, 2);
      assert.deepEqual((await signatures(ZONE, 'A')).map((r) => r.data.keyTag), [oldKey.keyTag]);
      const out = await delv(s.port, ZONE, [dsOf(ZONE, newKey)], ZONE, 'A');
      assert.doesNotMatch(out, /fully validated/, out);
    } finally {
      await s.provider.setSigning(ZONE, signingOf([oldKey, newKey]));
    }
  });

  it('keeps a signature until less than half its validity remains, then signs anew', async () => {
    const first = (await signatures(ZONE, 'A')).find((r) => r.data.keyTag === oldKey.keyTag)!;
    const now = () => Math.floor(s.clock.now().getTime() / 1000);
    // An hour back for clocks behind ours; 14 days ahead.
    assert.ok(Math.abs(first.data.inception - (now() - 3600)) <= 5);
    assert.ok(Math.abs(first.data.expiration - (now() + 14 * 86_400)) <= 5);
    const made = s.server.signer.signatures;

    // Six days on, more than half remains: the same signature (the reply cache was dropped meanwhile).
    s.clock.advanceDays(6);
    const kept = (await signatures(ZONE, 'A')).find((r) => r.data.keyTag === oldKey.keyTag)!;
    assert.equal(kept.data.inception, first.data.inception);
    assert.deepEqual(kept.data.signature, first.data.signature);
    assert.equal(s.server.signer.signatures, made);

    // Eight days on, less than half remains: signed anew, good for 14 days from now.
    s.clock.advanceDays(2);
    const renewed = (await signatures(ZONE, 'A')).find((r) => r.data.keyTag === oldKey.keyTag)!;
    assert.ok(Math.abs(renewed.data.inception - (now() - 3600)) <= 5);
    assert.ok(Math.abs(renewed.data.expiration - (now() + 14 * 86_400)) <= 5);
    assert.notDeepEqual(renewed.data.signature, first.data.signature);
    assert.ok(s.server.signer.signatures > made);
  });
});
