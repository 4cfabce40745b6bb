import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { decode, dig, query, requireDnsClients, snapshot, startStandalone, tcpExchange, udpExchange, type Standalone } from './helpers.js';
import { respond } from '../../../src/servers/dns/respond.js';

/**
 * Bad input: malformed, truncated and oversized messages, unknown types, classes and opcodes, several
 * questions. The server answers FORMERR, NOTIMP, REFUSED or BADVERS as the RFCs say, or drops the
 * message, and goes on answering everyone else. Then 100,000 random and mutated packets over UDP.
 */

const ZONE = snapshot('example.fi', [
  { name: 'example.fi', type: 'NS', content: 'ns1.hostplane.test' },
  { name: 'example.fi', type: 'A', content: '192.0.2.1' },
  { name: 'www.example.fi', type: 'A', content: '192.0.2.2' },
  { name: 'alias.example.fi', type: 'CNAME', content: 'www.example.fi' },
  { name: 'example.fi', type: 'MX', content: 'mail.example.fi', priority: 10 },
  { name: 'mail.example.fi', type: 'A', content: '192.0.2.25' },
  { name: '*.wild.example.fi', type: 'TXT', content: 'wildcard' },
  { name: 'sub.example.fi', type: 'NS', content: 'ns.sub.example.fi' },
  { name: 'ns.sub.example.fi', type: 'A', content: '192.0.2.53' },
]);

/** Raw bytes: header fields, then whatever follows. */
function raw(h: { id?: number; flags?: number; qd?: number; an?: number; ns?: number; ar?: number }, ...rest: Buffer[]): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(h.id ?? 0x1234, 0);
  head.writeUInt16BE(h.flags ?? 0, 2);
  head.writeUInt16BE(h.qd ?? 1, 4);
  head.writeUInt16BE(h.an ?? 0, 6);
  head.writeUInt16BE(h.ns ?? 0, 8);
  head.writeUInt16BE(h.ar ?? 0, 10);
  return Buffer.concat([head, ...rest]);
}
const qname = (name: string) => Buffer.concat([...name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
const u16 = (...values: number[]) => Buffer.from(values.flatMap((v) => [v >> 8, v & 0xff]));
const question = (name: string, type = 1, klass = 1) => Buffer.concat([qname(name), u16(type, klass)]);
/** An OPT record: root owner, type 41, payload size, extended rcode, version, flags, no options. */
const opt = (version = 0, size = 1232, owner = Buffer.from([0])) => Buffer.concat([owner, u16(41, size), Buffer.from([0, version]), u16(0, 0)]);

describe('builtin DNS server: bad input', () => {
  let s: Standalone;
  before(async () => {
    requireDnsClients();
    s = await startStandalone([ZONE], { tcpIdleMs: 1500, tcpMessageMs: 1500 });
  });
  after(() => s?.close());

  const ask = async (message: Buffer) => {
    const buf = await udpExchange(s.port, message, 300);
    return buf && decode(buf);
  };
  const rcode = async (message: Buffer) => (await ask(message))?.rcode;

  it('answers a well-formed query (the baseline the other cases differ from)', async () => {
    const a = await ask(raw({}, question('www.example.fi')));
    assert.equal(a?.rcode, 'NOERROR');
    assert.equal(a?.id, 0x1234);
    assert.deepEqual(a?.answers?.map((r) => (r as any).data), ['192.0.2.2']);
  });

  it('drops what cannot be answered: shorter than a header, or a response', async () => {
    assert.equal(await ask(Buffer.alloc(0)), undefined);
    assert.equal(await ask(Buffer.from([1, 2, 3])), undefined);
    assert.equal(await ask(Buffer.alloc(11)), undefined);
    assert.equal(await ask(raw({ flags: 0x8000 }, question('www.example.fi'))), undefined, 'a response is never answered (no loops)');
  });

  it('FORMERR: no question, several questions, truncated or malformed names, trailing bytes, bad OPT', async () => {
    const cases: Array<[string, Buffer]> = [
      ['no question', raw({ qd: 0 })],
      ['two questions', raw({ qd: 2 }, question('www.example.fi'), question('example.fi'))],
      ['many questions', raw({ qd: 65535 }, question('www.example.fi'))],
      ['question cut short', raw({}, question('www.example.fi').subarray(0, 9))],
      ['type and class missing', raw({}, qname('www.example.fi'))],
      ['header only, one question announced', raw({})],
      ['a compression pointer in the question', raw({}, Buffer.from([3, 0x77, 0x77, 0x77, 0xc0, 0x00]), u16(1, 1))],
      ['a label of the reserved 0x40 type', raw({}, Buffer.from([0x41, 0x61, 0]), u16(1, 1))],
      ['a name longer than 255 bytes', raw({}, question(Array.from({ length: 5 }, () => 'a'.repeat(63)).join('.')))],
      ['bytes after the last record', raw({}, question('www.example.fi'), Buffer.from([0xde, 0xad]))],
      ['an additional record announced but missing', raw({ ar: 1 }, question('www.example.fi'))],
      ['two OPT records', raw({ ar: 2 }, question('www.example.fi'), opt(), opt())],
      ['an OPT not owned by the root', raw({ ar: 1 }, question('www.example.fi'), opt(0, 1232, qname('example.fi')))],
      ['an OPT in the answer section', raw({ an: 1 }, question('www.example.fi'), opt())],
      ['OPT asked as a question type', raw({}, question('www.example.fi', 41))],
      ['AXFR over UDP', raw({}, question('example.fi', 252))],
    ];
    for (const [what, message] of cases) assert.equal(await rcode(message), 'FORMERR', what);
    // A FORMERR keeps the query's id and, when it could read one, its question.
    const a = await ask(raw({ id: 777, ar: 1 }, question('www.example.fi')));
    assert.equal(a?.id, 777);
    assert.equal(a?.questions?.[0]?.name, 'www.example.fi');
  });

  it('NOTIMP for opcodes other than QUERY, and for MAILA/MAILB/TKEY/TSIG', async () => {
    for (const opcode of [1, 2, 3, 4, 5, 6, 15]) {
      assert.equal(await rcode(raw({ flags: opcode << 11 }, question('example.fi', 6))), 'NOTIMP', `opcode ${opcode}`);
    }
    for (const type of [253, 254, 249, 250]) assert.equal(await rcode(raw({}, question('example.fi', type))), 'NOTIMP', `type ${type}`);
  });

  it('REFUSED for other classes and for names outside our zones; unknown types are NODATA', async () => {
    for (const klass of [3, 4, 254, 255, 0, 65535]) {
      assert.equal(await rcode(raw({}, question('www.example.fi', 1, klass))), 'REFUSED', `class ${klass}`);
    }
    assert.equal(await rcode(raw({}, question('www.example.com'))), 'REFUSED');
    assert.equal(await rcode(raw({}, question(''))), 'REFUSED', 'the root');
    for (const type of [0, 99, 65280, 65535, 32769]) {
      const a = await ask(raw({}, question('www.example.fi', type)));
      assert.equal(a?.rcode, 'NOERROR', `type ${type}`);
      assert.equal(a?.answers?.length, 0);
      assert.equal(a?.authorities?.[0]?.type, 'SOA', `NODATA for type ${type}`);
    }
  });

  it('BADVERS for EDNS versions above 0, with an OPT of version 0; small payload sizes count as 512', async () => {
    const bad = await udpExchange(s.port, raw({ ar: 1 }, question('www.example.fi'), opt(1)));
    const packet = decode(bad!);
    const reply = packet.additionals?.find((r) => r.type === 'OPT') as any;
    assert.equal(reply?.extendedRcode, 1, 'BADVERS is extended RCODE 16 = 1 << 4');
    assert.equal(reply?.ednsVersion, 0);
    const tiny = await ask(raw({ ar: 1 }, question('www.example.fi'), opt(0, 1)));
    assert.equal(tiny?.rcode, 'NOERROR');
    assert.equal(tiny?.answers?.length, 1);
  });

  it('a question name whose labels hold dots or binary bytes is answered like any other, question echoed byte for byte', async () => {
    const odd = Buffer.concat([Buffer.from([7]), Buffer.from('www.exa'), qname('example.fi'), u16(1, 1)]);
    const buf = await udpExchange(s.port, raw({}, odd));
    assert.equal(decode(buf!).rcode, 'NXDOMAIN');
    assert.deepEqual(buf!.subarray(12, 12 + odd.length), odd);
    // RFC 4592 3.3.1: a wildcard matches whatever bytes the labels it stands for hold (protocol-edges.test.ts).
    const binary = Buffer.concat([Buffer.from([3, 0xff, 0x00, 0x2e]), qname('wild.example.fi'), u16(16, 1)]);
    assert.equal(decode((await udpExchange(s.port, raw({}, binary)))!).rcode, 'NOERROR', 'the wildcard answers');
  });

  it('an oversized UDP message is read like any other; the answer still fits the client', async () => {
    const padding = Buffer.concat([qname('pad.example.fi'), u16(65280, 1), Buffer.from([0, 0, 0, 60]), u16(3000), Buffer.alloc(3000, 0x41)]);
    const a = await ask(raw({ ar: 1 }, question('www.example.fi'), padding));
    assert.equal(a?.rcode, 'NOERROR');
    assert.equal(a?.answers?.length, 1);
  });

  it('TCP: pipelined queries answered in order; garbage and a stalled client hold nobody else up', async () => {
    const ids = [11, 12, 13];
    const frames = Buffer.concat(ids.map((id) => {
      const m = query('www.example.fi', 'A', { id });
      return Buffer.concat([u16(m.length), m]);
    }));
    const got = await new Promise<number[]>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: s.port });
      let buf = Buffer.alloc(0);
      const seen: number[] = [];
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          seen.push(decode(buf.subarray(2, 2 + buf.readUInt16BE(0))).id!);
          buf = buf.subarray(2 + buf.readUInt16BE(0));
        }
        if (seen.length === ids.length) {
          socket.destroy();
          resolve(seen);
        }
      });
      // Sent in two pieces split mid-frame: framing survives partial reads.
      socket.on('connect', () => {
        socket.write(frames.subarray(0, 20));
        setTimeout(() => socket.write(frames.subarray(20)), 20);
      });
    });
    assert.deepEqual(got, ids);

    // A client announcing 65535 bytes and sending 3, then nothing: UDP and other TCP clients are still answered.
    const staller = connect({ host: '127.0.0.1', port: s.port });
    staller.on('error', () => undefined);
    const closed = new Promise((resolve) => staller.on('close', resolve));
    staller.write(Buffer.from([0xff, 0xff, 1, 2, 3]));
    // A frame too short to be a message, then a good one on the same connection: the good one is answered.
    const junk = await tcpExchange(s.port, Buffer.from([1, 2, 3]), 300);
    assert.equal(junk, undefined);
    assert.equal(decode((await tcpExchange(s.port, query('www.example.fi', 'A')))!).rcode, 'NOERROR');
    assert.equal((await ask(query('www.example.fi', 'A')))?.rcode, 'NOERROR');
    // RFC 7766 6.2.3 and 10: the connection that never finishes its message is closed by the server.
    await closed;
  });

  it('respond() never throws and keeps within the limit, for the in-process fuzz of 20,000 messages', () => {
    const rng = prng(20260301);
    const seeds = seedQueries();
    for (let i = 0; i < 20_000; i++) {
      const message = i % 2 === 0 ? randomPacket(rng) : mutate(rng, seeds[i % seeds.length]!);
      const replies = respond({ index: s.index, mayTransfer: () => true }, message, i % 3 === 0 ? 'tcp' : 'udp', '127.0.0.1');
      for (const reply of replies) {
        assert.ok(reply.length >= 12 && reply.length <= 65535);
        assert.ok(reply[2]! & 0x80, 'every reply is a response');
        assert.equal(reply.readUInt16BE(0), message.readUInt16BE(0), 'with the query id');
        // SERVFAIL is what respond() makes of a fault of its own: there must be none.
        assert.notEqual(reply[3]! & 0xf, 2, `SERVFAIL for ${message.toString('hex')}`);
        if (message[2]! & 0x80) assert.fail('a response was answered');
      }
    }
  });

  it('survives 100,000 random and mutated UDP packets, then still answers correctly', async () => {
    const rng = prng(Number(process.env.DNS_FUZZ_SEED ?? 4242));
    const seeds = seedQueries();
    const socket = createSocket('udp4');
    let replies = 0;
    let malformed = 0;
    socket.on('message', (buf) => {
      replies++;
      if (buf.length < 12 || !(buf[2]! & 0x80)) malformed++;
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const total = 100_000;
    const batch = 100;
    const started = performance.now();
    for (let sent = 0; sent < total; sent += batch) {
      for (let i = 0; i < batch; i++) {
        const r = rng();
        const message = r < 0.35 ? randomPacket(rng) : mutate(rng, seeds[Math.floor(rng() * seeds.length)]!);
        socket.send(message, s.port, '127.0.0.1');
      }
      // Let the server drain its socket between batches (until the replies stop coming), so that the
      // test measures answers rather than the kernel's socket buffers overflowing.
      for (let before = -1; before !== replies; ) {
        before = replies;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.close();
    const ms = performance.now() - started;
    console.log(`# fuzz: ${total} packets in ${ms.toFixed(0)} ms, ${replies} replies`);
    assert.equal(malformed, 0, 'every reply is a well-formed response');
    assert.ok(replies > total / 2, `the server kept answering (${replies} replies)`);

    // Afterwards it answers correctly, over UDP and TCP, to real clients.
    const a = await dig(s.port, 'alias.example.fi', 'A');
    assert.equal(a.status, 'NOERROR');
    assert.ok(a.flags.includes('aa'));
    assert.deepEqual(a.answer.map((f) => f[4]), ['www.example.fi.', '192.0.2.2']);
    assert.equal((await dig(s.port, 'nope.example.fi', 'A', '+tcp')).status, 'NXDOMAIN');
  });
});

/** A small seeded generator (mulberry32), so a failing run can be repeated with DNS_FUZZ_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid queries of many kinds, for mutation: every type, EDNS or not, names in and out of the zone. */
function seedQueries(): Buffer[] {
  const names = ['example.fi', 'www.example.fi', 'alias.example.fi', 'x.wild.example.fi', 'a.sub.example.fi', 'nope.example.fi', 'example.com'];
  const types = ['A', 'AAAA', 'MX', 'NS', 'SOA', 'TXT', 'CNAME', 'SRV', 'ANY', 'CAA', 'DS', 'AXFR', 'IXFR'] as const;
  const out: Buffer[] = [];
  for (const name of names) for (const type of types) for (const edns of [false, true]) out.push(query(name, type, { edns, udpSize: 4096 }));
  out.push(dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: 'example.fi', type: 'IXFR', class: 'IN' }], authorities: [{ name: 'example.fi', type: 'SOA', ttl: 0, data: { mname: 'a', rname: 'b', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 } }] }));
  return out;
}

function randomPacket(rng: () => number): Buffer {
  const length = rng() < 0.1 ? Math.floor(rng() * 12) : Math.floor(rng() * 600);
  const buf = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) buf[i] = Math.floor(rng() * 256);
  // Mostly queries, so that the packets reach past the first check.
  if (length > 2 && rng() < 0.8) buf[2]! &= 0x7f;
  return buf;
}

function mutate(rng: () => number, seed: Buffer): Buffer {
  let buf = Buffer.from(seed);
  const edits = 1 + Math.floor(rng() * 4);
  for (let e = 0; e < edits; e++) {
    const r = rng();
    const at = Math.floor(rng() * buf.length);
    if (r < 0.4) buf[at] = Math.floor(rng() * 256);
    else if (r < 0.55) buf[at]! ^= 1 << Math.floor(rng() * 8);
    else if (r < 0.7) buf = buf.subarray(0, at);
    else if (r < 0.8) buf = Buffer.concat([buf.subarray(0, at), Buffer.from([Math.floor(rng() * 256)]), buf.subarray(at)]);
    else if (r < 0.9 && buf.length >= 12) buf.writeUInt16BE(Math.floor(rng() * 4), 4 + 2 * Math.floor(rng() * 4));
    else buf = Buffer.concat([buf, Buffer.alloc(Math.floor(rng() * 2000), Math.floor(rng() * 256))]);
  }
  if (buf.length > 2 && rng() < 0.9) buf[2]! &= 0x7f;
  return buf;
}
