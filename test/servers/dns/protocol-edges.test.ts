import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { decode, dig, kdig, query, requireDnsClients, snapshot, startStandalone, tcpExchange, udpExchange, type Standalone } from './helpers.js';

/**
 * Protocol edges an outside audit of the builtin server found: a FORMERR for a malformed EDNS option
 * without an OPT (RFC 6891 7), a wildcard that did not match a name with a space byte in a label
 * (RFC 4592 3.3.1), ANY over UDP answered in full (RFC 8482), and an IXFR without the client's SOA
 * served as a full transfer (RFC 1995 3).
 */

const ZONE = snapshot('example.fi', [
  { name: 'example.fi', type: 'NS', content: 'ns1.hostplane.test' },
  { name: 'example.fi', type: 'A', content: '192.0.2.1' },
  { name: 'example.fi', type: 'MX', content: 'mail.example.fi', priority: 10 },
  { name: 'example.fi', type: 'TXT', content: 'v=spf1 -all' },
  { name: 'mail.example.fi', type: 'A', content: '192.0.2.25' },
  { name: 'multi.example.fi', type: 'A', content: '192.0.2.30' },
  { name: 'multi.example.fi', type: 'A', content: '192.0.2.31' },
  { name: 'multi.example.fi', type: 'AAAA', content: '2001:db8::30' },
  { name: 'multi.example.fi', type: 'TXT', content: 'one' },
  { name: 'multi.example.fi', type: 'MX', content: 'mail.example.fi', priority: 5 },
  { name: '*.wild.example.fi', type: 'TXT', content: 'wildcard' },
  { name: '*.wild.example.fi', type: 'A', content: '192.0.2.99' },
]);

const u16 = (...values: number[]) => Buffer.from(values.flatMap((v) => [v >> 8, v & 0xff]));
/** A name's wire form from its labels' bytes. */
const wireName = (...labels: Buffer[]) => Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), l]), Buffer.from([0])]);
const text = (name: string) => name.split('.').map((l) => Buffer.from(l));
/** A query: header (one question, `ar` additional records), the question, then `rest` as it is. */
function message(qname: Buffer, type: number, rest: Buffer[] = [], counts: { ns?: number; ar?: number } = {}): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0x4242, 0);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(counts.ns ?? 0, 8);
  head.writeUInt16BE(counts.ar ?? 0, 10);
  return Buffer.concat([head, qname, u16(type, 1), ...rest]);
}
/** An OPT record with `rdata` as given (options, well-formed or not). */
const optWith = (rdata: Buffer) => Buffer.concat([Buffer.from([0]), u16(41, 1232), Buffer.from([0, 0]), u16(0, rdata.length), rdata]);
const option = (code: number, data: Buffer, length = data.length) => Buffer.concat([u16(code, length), data]);

describe('builtin DNS server: protocol edges from the audit', () => {
  let s: Standalone;
  before(async () => {
    requireDnsClients();
    s = await startStandalone([ZONE]);
  });
  after(() => s?.close());

  const udp = async (m: Buffer) => {
    const buf = await udpExchange(s.port, m, 500);
    assert.ok(buf, 'answered');
    return buf;
  };
  const tcp = async (m: Buffer) => {
    const buf = await tcpExchange(s.port, m, 1000);
    assert.ok(buf, 'answered over TCP');
    return buf;
  };

  describe('FORMERR for a malformed EDNS option carries an OPT (RFC 6891 7)', () => {
    const cases: Array<[string, Buffer]> = [
      ['an option longer than the OPT data', optWith(option(10, Buffer.alloc(8, 1), 200))],
      ['a second option cut short', optWith(Buffer.concat([option(10, Buffer.alloc(8, 1)), option(12, Buffer.alloc(4), 9)]))],
      ['bytes left that cannot hold an option header', optWith(Buffer.concat([option(10, Buffer.alloc(8, 1)), Buffer.from([0, 12])]))],
      ['an option header cut short', optWith(Buffer.from([0]))],
    ];
    for (const [what, opt] of cases) {
      it(what, async () => {
        for (const send of [udp, tcp]) {
          const reply = decode(await send(message(wireName(...text('www.example.fi')), 1, [opt], { ar: 1 })));
          assert.equal(reply.rcode, 'FORMERR');
          assert.equal(reply.id, 0x4242);
          const opts = (reply.additionals ?? []).filter((r) => r.type === 'OPT') as any[];
          assert.equal(opts.length, 1, 'one OPT in the FORMERR');
          assert.equal(opts[0].ednsVersion, 0);
        }
      });
    }

    it('a FORMERR for a query without EDNS has no OPT; a well-formed option is answered', async () => {
      const plain = decode(await udp(message(wireName(...text('www.example.fi')), 1, [Buffer.from([0xde])])));
      assert.equal(plain.rcode, 'FORMERR');
      assert.equal((plain.additionals ?? []).length, 0);
      const good = decode(await udp(message(wireName(...text('example.fi')), 1, [optWith(option(10, Buffer.alloc(8, 7)))], { ar: 1 })));
      assert.equal(good.rcode, 'NOERROR');
      assert.deepEqual(good.answers?.map((r) => (r as any).data), ['192.0.2.1']);
    });
  });

  describe('wildcards match names with any label bytes (RFC 4592 3.3.1)', () => {
    it('a\\032b.wild.example.fi (a space in a label), as dig and kdig ask it', async () => {
      for (const ask of [dig, kdig]) {
        const a = await ask(s.port, 'a\\032b.wild.example.fi', 'TXT');
        assert.equal(a.status, 'NOERROR', a.raw);
        assert.ok(a.flags.includes('aa'));
        assert.deepEqual(a.answer.map((f) => [f[0], f[3], f[4]]), [['a\\032b.wild.example.fi.', 'TXT', '"wildcard"']]);
      }
    });

    it('dots, backslashes, non-ASCII, NUL and 0xff bytes in labels, upper case kept: the owner is the question name byte for byte', async () => {
      const labels = [
        Buffer.from('a b'),
        Buffer.from('a.b'),
        Buffer.from('a\\b'),
        Buffer.from('äö', 'utf8'),
        Buffer.from([0x00]),
        Buffer.from([0xff, 0x41, 0x80]),
        Buffer.from('Mixed Case'),
        Buffer.from('\\032'),
      ];
      for (const label of labels) {
        const qname = wireName(label, ...text('WILD.example.fi'));
        for (const [type, want] of [[16, 'TXT'], [1, 'A']] as const) {
          const buf = await udp(message(qname, type));
          const reply = decode(buf);
          assert.equal(reply.rcode, 'NOERROR', `${label.toString('hex')} ${want}`);
          assert.equal(reply.answers?.length, 1, `${label.toString('hex')} ${want}`);
          assert.equal(reply.answers?.[0]?.type, want);
          // The question comes back as it came; the answer's owner is the same bytes right after it.
          assert.deepEqual(buf.subarray(12, 12 + qname.length), qname);
          const owner = buf.subarray(12 + qname.length + 4, 12 + qname.length + 4 + qname.length);
          assert.deepEqual(owner, qname, `the owner of ${label.toString('hex')}'s answer`);
        }
      }
    });

    it('such a name where no wildcard is, and one a level too deep, is NXDOMAIN; a name that exists is not the wildcard\'s', async () => {
      assert.equal(decode(await udp(message(wireName(Buffer.from('a b'), ...text('example.fi')), 1))).rcode, 'NXDOMAIN');
      const deep = decode(await udp(message(wireName(Buffer.from('x y'), Buffer.from('a b'), ...text('wild.example.fi')), 16)));
      assert.equal(deep.rcode, 'NOERROR', 'the closest encloser is wild.example.fi: the wildcard answers');
      assert.equal(deep.answers?.length, 1);
      const mail = decode(await udp(message(wireName(...text('mail.example.fi')), 16)));
      assert.equal(mail.rcode, 'NOERROR');
      assert.equal(mail.answers?.length, 0, 'NODATA, not the wildcard');
    });
  });

  describe('ANY over UDP gets one RRset (RFC 8482 4.1); over TCP every RRset', () => {
    const types = (reply: ReturnType<typeof decode>) => [...new Set((reply.answers ?? []).map((r) => `${r.name} ${r.type}`))];

    it('at a name with four RRsets and at the apex', async () => {
      for (const [name, full] of [['multi.example.fi', 4], ['example.fi', 5]] as const) {
        const overUdp = decode(await udp(query(name, 'ANY', { edns: true })));
        assert.equal(overUdp.rcode, 'NOERROR');
        assert.ok(overUdp.flag_aa);
        assert.equal(overUdp.flag_tc, false);
        assert.equal(types(overUdp).length, 1, `one RRset over UDP: ${types(overUdp)}`);
        assert.equal(overUdp.additionals?.filter((r) => r.type !== 'OPT').length, 0);
        const overTcp = decode(await tcp(query(name, 'ANY')));
        assert.equal(types(overTcp).length, full, `every RRset over TCP: ${types(overTcp)}`);
      }
      // The one RRset is whole: both addresses of multi.example.fi.
      const a = decode(await udp(query('multi.example.fi', 'ANY')));
      assert.deepEqual(a.answers?.map((r) => `${r.type} ${(r as any).data}`).sort(), ['A 192.0.2.30', 'A 192.0.2.31']);
    });

    it('as dig asks it, a wildcard\'s too', async () => {
      // dig asks ANY over TCP unless told otherwise.
      const a = await dig(s.port, 'x.wild.example.fi', 'ANY', '+notcp');
      assert.match(a.raw, /\(UDP\)/);
      assert.equal(a.status, 'NOERROR');
      assert.equal(new Set(a.answer.map((f) => f[3])).size, 1, a.raw);
      assert.equal((await dig(s.port, 'x.wild.example.fi', 'ANY', '+tcp')).answer.length, 2);
    });
  });

  describe('IXFR without the client\'s SOA in the authority section is FORMERR (RFC 1995 3)', () => {
    const soa = (name: string, serial: number) =>
      dnsPacket.encode({ type: 'query', id: 7, questions: [], authorities: [{ name, type: 'SOA', ttl: 0, data: { mname: 'a.', rname: 'b.', serial, refresh: 1, retry: 1, expire: 1, minimum: 1 } }] }).subarray(12);

    it('over TCP and UDP, without an SOA or with one of another name', async () => {
      const apex = wireName(...text('example.fi'));
      for (const send of [udp, tcp]) {
        assert.equal(decode(await send(message(apex, 251))).rcode, 'FORMERR', 'no SOA');
        assert.equal(decode(await send(message(apex, 251, [soa('other.fi', 1)], { ns: 1 }))).rcode, 'FORMERR', 'an SOA of another name');
        const current = decode(await send(message(apex, 251, [soa('example.fi', ZONE.soa.serial)], { ns: 1 })));
        assert.equal(current.rcode, 'NOERROR', 'with its SOA');
        assert.deepEqual(current.answers?.map((r) => r.type), ['SOA']);
      }
      const behind = decode(await tcp(message(apex, 251, [soa('EXAMPLE.fi', ZONE.soa.serial - 1)], { ns: 1 })));
      assert.equal(behind.rcode, 'NOERROR', 'the SOA owner compared without case');
      assert.ok((behind.answers?.length ?? 0) > 2, 'behind: the whole zone');
    });
  });
});
