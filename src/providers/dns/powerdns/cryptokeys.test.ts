import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { ZoneSigningKey } from '../../../ports/dns.js';
import { generateZoneKey } from '../../../core/dns/dnssec/key-material.js';
import { iscPrivateKey, planCryptokeys, publishMetadata, servedSigning, type PdnsCryptokey } from './cryptokeys.js';

const key = (extra: Partial<ZoneSigningKey> = {}): ZoneSigningKey => ({ ...generateZoneKey(), algorithm: 13, flags: 257, signs: true, cds: true, ...extra });
const held = (id: number, k: ZoneSigningKey, extra: Partial<PdnsCryptokey> = {}): PdnsCryptokey => ({
  id, keytype: 'csk', active: k.signs, published: true, dnskey: `${k.flags} 3 ${k.algorithm} ${k.publicKey}`, ...extra,
});

describe('PowerDNS cryptokeys translation', () => {
  it('writes the private scalar d of the PKCS#8 key in the ISC format, which gives the DNSKEY\'s public key back', () => {
    for (let i = 0; i < 20; i++) {
      const k = generateZoneKey();
      const text = iscPrivateKey(k.privateKey);
      const d = /^PrivateKey: (\S+)$/m.exec(text)?.[1];
      assert.match(text, /^Private-key-format: v1\.2\nAlgorithm: 13 \(ECDSAP256SHA256\)\n/);
      assert.equal(Buffer.from(d!, 'base64').length, 32, 'always 32 bytes, a leading zero kept');
      // The same key again from d and the public point: its public half is the DNSKEY's.
      const pub = Buffer.from(k.publicKey, 'base64');
      const jwk = { kty: 'EC', crv: 'P-256', d: Buffer.from(d!, 'base64').toString('base64url'), x: pub.subarray(0, 32).toString('base64url'), y: pub.subarray(32).toString('base64url') };
      const spki = createPublicKey(createPrivateKey({ key: jwk, format: 'jwk' })).export({ format: 'der', type: 'spki' });
      assert.equal(spki.subarray(-64).toString('base64'), k.publicKey);
    }
  });

  it('plans the keys to import, to switch on or off and to remove, matching held keys by their DNSKEY', () => {
    const [a, b, c] = [key(), key(), key()];
    assert.deepEqual(planCryptokeys([], [a]), { add: [a], activate: [], remove: [] });
    assert.deepEqual(planCryptokeys([held(1, a)], [a]), { add: [], activate: [], remove: [] });
    // The held DNSKEY's base64 may be written otherwise (split in words): the bytes are compared.
    const split = held(1, a, { dnskey: `257 3 13 ${a.publicKey.slice(0, 20)} ${a.publicKey.slice(20)}` });
    assert.deepEqual(planCryptokeys([split], [a]), { add: [], activate: [], remove: [] });
    assert.deepEqual(planCryptokeys([held(1, a), held(2, c)], [{ ...a, signs: false }, b]), {
      add: [b], activate: [{ id: 1, active: false }], remove: [2],
    });
    assert.deepEqual(planCryptokeys([held(1, a, { published: false })], [a]).activate, [{ id: 1, active: true }]);
    // The same public key as a ZSK (flags 256) is another DNSKEY: replaced.
    assert.deepEqual(planCryptokeys([held(1, a, { dnskey: `256 3 13 ${a.publicKey}`, keytype: 'zsk' })], [a]), { add: [a], activate: [], remove: [1] });
    assert.deepEqual(planCryptokeys([held(1, a), held(2, b)], []), { add: [], activate: [], remove: [1, 2] });
  });

  it('publishes CDS and CDNSKEY when a key asks for them, the delete form when told, and none otherwise', () => {
    const signing = (keys: ZoneSigningKey[], cdsDelete = false) => ({ keys, dnskeyTtl: 3600, cdsDelete });
    assert.deepEqual(publishMetadata(null), { 'PUBLISH-CDS': undefined, 'PUBLISH-CDNSKEY': undefined });
    assert.deepEqual(publishMetadata(signing([key({ cds: false })])), { 'PUBLISH-CDS': undefined, 'PUBLISH-CDNSKEY': undefined });
    assert.deepEqual(publishMetadata(signing([key({ cds: false }), key()])), { 'PUBLISH-CDS': '2', 'PUBLISH-CDNSKEY': '1' });
    assert.deepEqual(publishMetadata(signing([key()], true)), { 'PUBLISH-CDS': '0', 'PUBLISH-CDNSKEY': '0' });
  });

  it('reads what is served: published keys while one signs, with PowerDNS\'s SHA-256 DS', () => {
    const a = key();
    const ds = [`${a.keyTag} 13 1 ${'ab'.repeat(20)}`, `${a.keyTag} 13 2 ${'cd'.repeat(32)}`, `${a.keyTag} 13 4 ${'ef'.repeat(48)}`];
    assert.deepEqual(servedSigning([held(1, a, { ds })]), {
      keyTags: [a.keyTag], ds: [{ keyTag: a.keyTag, algorithm: 13, digestType: 2, digest: 'CD'.repeat(32) }],
    });
    assert.equal(servedSigning([held(1, a, { ds, active: false })]), undefined, 'no active key: served unsigned');
    assert.equal(servedSigning([]), undefined);
  });
});
