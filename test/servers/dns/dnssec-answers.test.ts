import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { compareKeys, orderKey } from '../../../src/servers/dns/dnssec/canonical.js';
import { decode, dig, query, snapshot, tcpExchange, udpExchange, type Decoded } from './helpers.js';
import { signingKey, signingOf } from '../../helpers/dnssec-keys.js';
import { ZONE, startSigned, type SignedServer } from './dnssec-zone.js';

/**
 * What a signed zone's answers carry, read off the wire: DNSSEC records only for queries with the DO
 * bit (RFC 4035 3.2.1), the DO bit echoed (RFC 3225 3), RRSIGs on the zone's own RRsets and not on glue
 * or a delegation's NS (RFC 4035 2.2), the wildcard labels count (RFC 4035 5.3.2), the NSECs of each
 * denial (RFC 4035 3.1.3), NSEC TTLs (RFC 9077), CDS/CDNSKEY (RFC 7344, RFC 8078), truncation of signed
 * answers that do not fit the client's UDP size.
 */
describe('DNSSEC: signed answers on the wire', () => {
  let s: SignedServer;
  const key = signingKey();
  const UNSIGNED = 'plain.test';

  before(async () => {
    s = await startSigned([key]);
    s.provider.index.put(snapshot(UNSIGNED, [{ name: UNSIGNED, type: 'A', content: '192.0.2.1' }]));
  });
  after(() => s?.close());

  async function ask(name: string, type: string, options: { do?: boolean; udpSize?: number; tcp?: boolean } = {}): Promise<Decoded> {
    const q = query(name, type, { edns: true, do: options.do ?? true, udpSize: options.udpSize });
    const buf = options.tcp ? await tcpExchange(s.port, q) : await udpExchange(s.port, q, 1000);
    assert.ok(buf, `${name} ${type}: no answer`);
    return decode(buf);
  }
  const ofType = (rrs: dnsPacket.Answer[] | undefined, type: string) => (rrs ?? []).filter((r) => r.type === type);
  const sigs = (rrs: dnsPacket.Answer[] | undefined, covered: string) =>
    ofType(rrs, 'RRSIG').filter((r) => (r as dnsPacket.RrsigAnswer).data.typeCovered === covered) as dnsPacket.RrsigAnswer[];
  const opt = (a: Decoded) => (a.additionals ?? []).find((r) => r.type === 'OPT') as (dnsPacket.OptAnswer & { flag_do: boolean }) | undefined;
  const dnssecTypes = (a: Decoded) =>
    [...(a.answers ?? []), ...(a.authorities ?? []), ...(a.additionals ?? [])].filter((r) => ['RRSIG', 'NSEC'].includes(r.type));

  it('carries RRSIGs only with the DO bit, echoes it, and the reply cache keeps the two apart', async () => {
    for (let round = 0; round < 2; round++) {
      const signed = await ask(ZONE, 'A');
      assert.equal(sigs(signed.answers, 'A').length, 1);
      assert.equal(sigs(signed.answers, 'A')[0]!.data.keyTag, key.keyTag);
      assert.equal(opt(signed)?.flag_do, true);
      const plain = await ask(ZONE, 'A', { do: false });
      assert.deepEqual(dnssecTypes(plain), []);
      assert.equal(opt(plain)?.flag_do, false);
      const denial = await ask(`nothing.${ZONE}`, 'A', { do: false });
      assert.equal(denial.rcode, 'NXDOMAIN');
      assert.deepEqual(dnssecTypes(denial), []);
    }
    // A zone that is not signed answers the same with DO.
    const unsigned = await ask(UNSIGNED, 'A');
    assert.deepEqual(dnssecTypes(unsigned), []);
    assert.equal(opt(unsigned)?.flag_do, true);
  });

  it('answers DNSKEY, CDS, CDNSKEY and NSEC asked by name, with or without DO', async () => {
    for (const type of ['DNSKEY', 'CDS', 'CDNSKEY', 'NSEC']) {
      const plain = await ask(ZONE, type, { do: false });
      assert.equal(ofType(plain.answers, type).length, 1, type);
      assert.equal(ofType(plain.answers, 'RRSIG').length, 0, type);
      assert.equal(sigs((await ask(ZONE, type)).answers, type).length, 1, type);
    }
    const dnskey = ofType((await ask(ZONE, 'DNSKEY')).answers, 'DNSKEY')[0] as dnsPacket.DnskeyAnswer;
    assert.equal(dnskey.data.flags, 257);
    assert.equal(dnskey.data.algorithm, 13);
    assert.equal(Buffer.from(dnskey.data.key).toString('base64'), key.publicKey);
  });

  it('answers RRSIG asked by name with the signatures of every RRset there', async () => {
    const a = await ask(ZONE, 'RRSIG', { tcp: true });
    const covered = ofType(a.answers, 'RRSIG').map((r) => (r as dnsPacket.RrsigAnswer).data.typeCovered);
    assert.deepEqual(new Set(covered), new Set(['SOA', 'NS', 'A', 'MX', 'TXT', 'DNSKEY', 'CDS', 'CDNSKEY', 'NSEC']));
  });

  it('proves NXDOMAIN with the NSEC covering the name and the one covering the wildcard, with the TTL of RFC 9077', async () => {
    const a = await ask(`nothing.${ZONE}`, 'A');
    assert.equal(a.rcode, 'NXDOMAIN');
    assert.equal(sigs(a.authorities, 'SOA').length, 1);
    const nsecs = ofType(a.authorities, 'NSEC') as dnsPacket.NsecAnswer[];
    assert.ok(nsecs.length >= 1 && nsecs.length <= 2);
    assert.equal(sigs(a.authorities, 'NSEC').length, nsecs.length);
    const covers = (n: dnsPacket.NsecAnswer, name: string) => {
      const [owner, next, key] = [orderKey(n.name), orderKey(n.data.nextDomain), orderKey(name)];
      return compareKeys(owner, key) < 0 && (compareKeys(key, next) < 0 || n.data.nextDomain === ZONE);
    };
    assert.ok(nsecs.some((n) => covers(n, `nothing.${ZONE}`)), 'an NSEC covers the name');
    assert.ok(nsecs.some((n) => covers(n, `*.${ZONE}`)), 'an NSEC covers the wildcard at the closest encloser');
    // The SOA's TTL is 3600, its MINIMUM 300: the NSECs live as long as the negative answer.
    for (const n of nsecs) assert.equal(n.ttl, 300);
  });

  it('proves NODATA with the name\'s own NSEC, whose types leave the type out', async () => {
    const a = await ask(`mail.${ZONE}`, 'AAAA');
    assert.equal(a.rcode, 'NOERROR');
    assert.equal(a.answers?.length ?? 0, 0);
    const nsec = ofType(a.authorities, 'NSEC') as dnsPacket.NsecAnswer[];
    assert.equal(nsec.length, 1);
    assert.equal(nsec[0]!.name, `mail.${ZONE}`);
    assert.deepEqual([...nsec[0]!.data.rrtypes].sort(), ['A', 'NSEC', 'RRSIG']);
  });

  it('signs a wildcard answer with the wildcard\'s labels count and proves the name itself does not exist', async () => {
    const a = await ask(`anything.wild.${ZONE}`, 'A');
    const [sig] = sigs(a.answers, 'A');
    assert.equal(a.answers?.[0]?.name, `anything.wild.${ZONE}`);
    // *.wild.dnssec.test has 3 labels without the "*"; the owner has 4.
    assert.equal(sig?.data.labels, 3);
    const nsec = ofType(a.authorities, 'NSEC') as dnsPacket.NsecAnswer[];
    assert.equal(nsec.length, 1);
    assert.ok(compareKeys(orderKey(nsec[0]!.name), orderKey(`anything.wild.${ZONE}`)) < 0);
    assert.ok(compareKeys(orderKey(`anything.wild.${ZONE}`), orderKey(nsec[0]!.data.nextDomain)) < 0);
  });

  it('refers to an insecure delegation with its NSEC (NS, no DS), glue and NS unsigned', async () => {
    const a = await ask(`host.sub.${ZONE}`, 'A');
    assert.equal(a.flag_aa, false);
    assert.equal(ofType(a.authorities, 'NS').length, 1);
    assert.equal(sigs(a.authorities, 'NS').length, 0);
    const nsec = ofType(a.authorities, 'NSEC') as dnsPacket.NsecAnswer[];
    assert.equal(nsec[0]?.name, `sub.${ZONE}`);
    assert.deepEqual([...nsec[0]!.data.rrtypes].sort(), ['NS', 'NSEC', 'RRSIG']);
    assert.equal(sigs(a.authorities, 'NSEC').length, 1);
    assert.equal(ofType(a.additionals, 'A').length, 1);
    assert.equal(ofType(a.additionals, 'RRSIG').length, 0);
  });

  it('refers to a secure delegation with its signed DS', async () => {
    const a = await ask(`host.sec.${ZONE}`, 'A');
    assert.equal(ofType(a.authorities, 'DS').length, 1);
    assert.equal(sigs(a.authorities, 'DS').length, 1);
    assert.equal(sigs(a.authorities, 'NS').length, 0);
    assert.equal(ofType(a.authorities, 'NSEC').length, 0);
  });

  it('signs the addresses of an MX target in the additional section', async () => {
    const a = await ask(ZONE, 'MX');
    assert.equal(sigs(a.answers, 'MX').length, 1);
    assert.equal(ofType(a.additionals, 'A')[0]?.name, `mail.${ZONE}`);
    assert.equal(sigs(a.additionals, 'A').length, 1);
  });

  it('truncates over UDP a signed answer larger than the client takes, and answers it whole over TCP', async () => {
    // 400 bytes of TXT fit in 512 bytes; with its RRSIG they do not.
    assert.equal((await ask(`big.${ZONE}`, 'TXT', { do: false, udpSize: 512 })).flag_tc, false);
    const udp = await ask(`big.${ZONE}`, 'TXT', { udpSize: 512 });
    assert.equal(udp.flag_tc, true);
    assert.equal(udp.answers?.length ?? 0, 0);
    const tcp = await ask(`big.${ZONE}`, 'TXT', { tcp: true });
    assert.equal(tcp.flag_tc, false);
    assert.equal(sigs(tcp.answers, 'TXT').length, 1);
  });

  it('publishes the CDS/CDNSKEY delete form when asked, and nothing signed once signing is off', async () => {
    await s.provider.setSigning(ZONE, signingOf([key], { cdsDelete: true }));
    const cds = await dig(s.port, ZONE, 'CDS', '+short');
    assert.deepEqual(cds.raw.trim().split('\n'), ['0 0 0 00']);
    const cdnskey = await dig(s.port, ZONE, 'CDNSKEY', '+short');
    assert.deepEqual(cdnskey.raw.trim().split('\n'), ['0 3 0 AA==']);

    await s.provider.setSigning(ZONE, null);
    assert.deepEqual(dnssecTypes(await ask(ZONE, 'A')), []);
    assert.equal(ofType((await ask(ZONE, 'DNSKEY')).answers, 'DNSKEY').length, 0);
    await s.provider.setSigning(ZONE, signingOf([key]));
    assert.equal(sigs((await ask(ZONE, 'A')).answers, 'A').length, 1);
  });
});
