import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decode, query, snapshot, startStandalone, tcpExchange, udpExchange, type Standalone } from './helpers.js';
import type { HealthView } from '../../../src/servers/dns/answer.js';
import { ResponseCache } from '../../../src/servers/dns/response-cache.js';
import dnsPacket from 'dns-packet';

/**
 * The DNS server's reply cache (src/servers/dns/response-cache.ts): a question asked again is
 * answered from the reply kept for it, with the asker's ID, and never with data older than what the
 * server answers from: a zone change, a health check's verdict or a resolved ANAME target drops it.
 */

const zone = (address: string, serial: number) =>
  snapshot('example.fi', [
    { name: 'example.fi', type: 'NS', content: 'ns1.hostplane.test' },
    { name: 'www.example.fi', type: 'A', content: address },
    { name: 'web.example.fi', type: 'A', content: '192.0.2.80', fallback_ip: '192.0.2.81' },
    { name: 'long.example.fi', type: 'TXT', content: 'x'.repeat(250) },
    ...Array.from({ length: 6 }, (_, i) => ({ name: 'long.example.fi', type: 'TXT', content: `${i}${'y'.repeat(249)}` })),
  ], serial);

const ask = async (s: Standalone, name: string, type: string, options: { id?: number; edns?: boolean } = {}) => {
  const reply = await udpExchange(s.port, query(name, type, options));
  assert.ok(reply, `no answer to ${name} ${type}`);
  return reply;
};
const addresses = (reply: Buffer) => (decode(reply).answers ?? []).map((a) => (a as { data: unknown }).data);

describe('DNS reply cache', () => {
  let s: Standalone;
  const health = { down: false, version: 0, isDown(address: string) { return this.down && address === '192.0.2.80'; } };

  before(async () => {
    s = await startStandalone([zone('192.0.2.1', 1)], { health: health as HealthView });
  });
  after(() => s.close());

  it('answers a question asked again from the reply kept for it, with the new ID', async () => {
    const first = await ask(s, 'www.example.fi', 'A', { id: 0x1111 });
    const kept = s.server.cache.size;
    assert.ok(kept >= 1, 'the reply was kept');
    const second = await ask(s, 'www.example.fi', 'A', { id: 0x2222 });
    assert.equal(s.server.cache.size, kept, 'answered from the cache, not kept twice');
    assert.equal(first.readUInt16BE(0), 0x1111);
    assert.equal(second.readUInt16BE(0), 0x2222);
    assert.deepEqual(second.subarray(2), first.subarray(2), 'the same reply but for its ID');
  });

  it('never answers from before a zone change: new data, a removed name, a removed zone', async () => {
    assert.deepEqual(addresses(await ask(s, 'www.example.fi', 'A')), ['192.0.2.1']);
    assert.equal(decode(await ask(s, 'new.example.fi', 'A')).rcode, 'NXDOMAIN');
    s.index.put(snapshot('example.fi', [...zone('192.0.2.2', 2).records, { name: 'new.example.fi', type: 'A', content: '192.0.2.3' }], 2));
    assert.deepEqual(addresses(await ask(s, 'www.example.fi', 'A')), ['192.0.2.2']);
    assert.deepEqual(addresses(await ask(s, 'new.example.fi', 'A')), ['192.0.2.3']);
    s.index.remove('example.fi');
    assert.equal(decode(await ask(s, 'www.example.fi', 'A')).rcode, 'REFUSED');
    s.index.put(zone('192.0.2.1', 3));
    assert.deepEqual(addresses(await ask(s, 'www.example.fi', 'A')), ['192.0.2.1']);
  });

  it('never answers from before a health check changed its verdict (fallback_ip)', async () => {
    assert.deepEqual(addresses(await ask(s, 'web.example.fi', 'A')), ['192.0.2.80']);
    health.down = true;
    health.version++;
    assert.deepEqual(addresses(await ask(s, 'web.example.fi', 'A')), ['192.0.2.81']);
    health.down = false;
    health.version++;
    assert.deepEqual(addresses(await ask(s, 'web.example.fi', 'A')), ['192.0.2.80']);
  });

  it('keeps UDP and TCP apart: a reply truncated for UDP is not what TCP gets', async () => {
    const udp = decode(await ask(s, 'long.example.fi', 'TXT'));
    assert.equal(udp.flag_tc, true, 'too big for 512 bytes');
    const tcp = await tcpExchange(s.port, query('long.example.fi', 'TXT'));
    assert.ok(tcp);
    assert.equal(decode(tcp).flag_tc, false);
    assert.equal(decode(tcp).answers?.length, 7);
    assert.equal(decode(await ask(s, 'long.example.fi', 'TXT')).flag_tc, true);
  });
});

describe('DNS reply cache across zones', () => {
  let s: Standalone;
  const ns = { name: '', type: 'NS', content: 'ns1.hostplane.test' };
  const plain = (name: string, address: string, serial: number) =>
    snapshot(name, [{ ...ns, name }, { name: `www.${name}`, type: 'A', content: address }], serial);

  before(async () => {
    s = await startStandalone([plain('example.fi', '192.0.2.1', 1), plain('other.fi', '192.0.2.9', 1)]);
  });
  after(() => s.close());

  it("a change to one zone drops its replies and keeps the other zones'", async () => {
    await ask(s, 'www.example.fi', 'A');
    await ask(s, 'www.other.fi', 'A');
    assert.equal(s.server.cache.size, 2);
    s.index.put(plain('example.fi', '192.0.2.2', 2));
    assert.equal(s.server.cache.size, 1, "example.fi's reply dropped, other.fi's kept");
    assert.deepEqual(addresses(await ask(s, 'www.other.fi', 'A')), ['192.0.2.9']);
    assert.equal(s.server.cache.size, 1, 'other.fi answered from the cache');
    assert.deepEqual(addresses(await ask(s, 'www.example.fi', 'A')), ['192.0.2.2']);
  });

  it('a zone put below a served one, or where none was, answers its names at once', async () => {
    assert.equal(decode(await ask(s, 'www.sub.example.fi', 'A')).rcode, 'NXDOMAIN');
    assert.equal(decode(await ask(s, 'www.new.fi', 'A')).rcode, 'REFUSED');
    s.index.put(plain('sub.example.fi', '192.0.2.5', 1));
    s.index.put(plain('new.fi', '192.0.2.6', 1));
    assert.deepEqual(addresses(await ask(s, 'www.sub.example.fi', 'A')), ['192.0.2.5']);
    assert.deepEqual(addresses(await ask(s, 'www.new.fi', 'A')), ['192.0.2.6']);
    s.index.remove('sub.example.fi');
    s.index.remove('new.fi');
    assert.equal(decode(await ask(s, 'www.sub.example.fi', 'A')).rcode, 'NXDOMAIN');
    assert.equal(decode(await ask(s, 'www.new.fi', 'A')).rcode, 'REFUSED');
  });

  it("an ANAME's answer follows a change of its target's zone", async () => {
    s.index.put(snapshot('alias.fi', [{ ...ns, name: 'alias.fi' }, { name: 'alias.fi', type: 'ANAME', content: 'www.other.fi' }], 1));
    assert.deepEqual(addresses(await ask(s, 'alias.fi', 'A')), ['192.0.2.9']);
    s.index.put(plain('other.fi', '192.0.2.10', 2));
    assert.deepEqual(addresses(await ask(s, 'alias.fi', 'A')), ['192.0.2.10']);
  });
});

describe('ResponseCache', () => {
  const reply = (id: number, rcode = 0) => {
    const r = Buffer.alloc(20);
    r.writeUInt16BE(id, 0);
    r[2] = 0x84;
    r[3] = rcode;
    return r;
  };

  it('keeps no transfer, no SERVFAIL, no message with records beyond an OPT, nothing but QUERY', () => {
    const cache = new ResponseCache(() => 0);
    const axfr = query('example.fi', 'AXFR');
    cache.set(axfr, 'tcp', reply(axfr.readUInt16BE(0)));
    const ixfr = query('example.fi', 'IXFR');
    cache.set(ixfr, 'udp', reply(ixfr.readUInt16BE(0)));
    const failed = query('example.fi', 'A');
    cache.set(failed, 'udp', reply(failed.readUInt16BE(0), 2));
    const notify = Buffer.from(query('example.fi', 'SOA'));
    notify[2] = 4 << 3;
    cache.set(notify, 'udp', reply(notify.readUInt16BE(0)));
    assert.equal(cache.size, 0);
    const edns = query('example.fi', 'A', { edns: true });
    cache.set(edns, 'udp', reply(edns.readUInt16BE(0)));
    assert.equal(cache.size, 1);
  });

  it('holds at most maxEntries, dropping the oldest, and empties when the generation moves', () => {
    let generation = 0;
    const cache = new ResponseCache(() => generation, undefined, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => query(`${n}.example.fi`, 'A'));
    for (const q of [a!, b!, c!]) cache.set(q, 'udp', reply(q.readUInt16BE(0)));
    assert.equal(cache.size, 2);
    assert.equal(cache.get(a!, 'udp'), undefined, 'the oldest went first');
    assert.ok(cache.get(c!, 'udp'));
    generation++;
    assert.equal(cache.get(c!, 'udp'), undefined);
    assert.equal(cache.size, 0);
  });
});

describe('DNS reply cache under queries it should not keep', () => {
  let s: Standalone;
  before(async () => {
    s = await startStandalone([zone('192.0.2.1', 1)]);
  });
  after(() => s.close());

  /** A query for www.example.fi A with EDNS and one option `code` of `bytes` bytes (unique per `seed`). */
  const withOption = (code: number, bytes: number, seed: number) => {
    const data = Buffer.alloc(bytes, 0x61);
    data.writeUInt32BE(seed, 0);
    return dnsPacket.encode({
      type: 'query',
      id: seed & 0xffff,
      questions: [{ name: 'www.example.fi', type: 'A', class: 'IN' }],
      additionals: [{ name: '.', type: 'OPT', udpPayloadSize: 1232, flags: 0, options: [{ code, data }] } as any],
    });
  };
  const ANSWER_MS = 5_000;
  const answered = (reply: Buffer | undefined) => {
    assert.ok(reply, 'answered');
    const d = decode(reply);
    assert.equal(d.rcode, 'NOERROR');
    assert.deepEqual(addresses(reply).filter((a) => a !== undefined), ['192.0.2.1']);
    assert.ok(d.additionals?.some((r) => r.type === 'OPT'), 'with an OPT');
  };

  it('the audit: many queries, each with a different 60 KB EDNS option, are answered and leave the cache as it was', async () => {
    answered(await ask(s, 'www.example.fi', 'A', { edns: true }));
    const entries = s.server.cache.size;
    const bytes = s.server.cache.bytes;
    assert.ok(entries >= 1, 'a plain query is kept');
    // An option code from the local/experimental range (RFC 6891 9: 65001-65534), which we know nothing of.
    // Every one must be answered: a wait long enough for a loaded machine (the helpers' short defaults
    // are for the queries a test expects to go unanswered).
    for (let i = 0; i < 300; i++) answered(await udpExchange(s.port, withOption(65001, 60_000, i), ANSWER_MS));
    // The same over TCP, and a known option (Padding, RFC 7830) too large to be worth keeping.
    for (let i = 0; i < 50; i++) answered(await tcpExchange(s.port, withOption(65002, 60_000, i), ANSWER_MS));
    for (let i = 0; i < 50; i++) answered(await udpExchange(s.port, withOption(12, 60_000, i), ANSWER_MS));
    assert.equal(s.server.cache.size, entries, 'no reply kept for them');
    assert.ok(bytes > 0 && s.server.cache.bytes === bytes, `the bytes held stayed ${bytes} (${s.server.cache.bytes})`);
  });

  it('a query with a known small option (a DNS cookie, RFC 7873) is still kept', async () => {
    const before = s.server.cache.size;
    const cookie = withOption(10, 8, 1);
    answered(await udpExchange(s.port, cookie));
    assert.equal(s.server.cache.size, before + 1);
    answered(await udpExchange(s.port, cookie));
    assert.equal(s.server.cache.size, before + 1, 'answered from the cache');
  });

  it('a reply too large to keep (a TCP answer of several KB) is not kept, and is answered whole each time', async () => {
    const big = snapshot('big.fi', Array.from({ length: 40 }, (_, i) => ({ name: 'txt.big.fi', type: 'TXT', content: `${i} ${'z'.repeat(200)}` })));
    s.index.put(big);
    const before = s.server.cache.size;
    for (let i = 0; i < 3; i++) {
      const reply = await tcpExchange(s.port, query('txt.big.fi', 'TXT'));
      assert.equal(decode(reply!).answers?.length, 40);
    }
    assert.equal(s.server.cache.size, before);
  });
});

describe('ResponseCache bounds', () => {
  it('holds at most maxBytes, dropping the oldest', () => {
    const cache = new ResponseCache(() => 0, undefined, 1000, 20_000);
    for (let i = 0; i < 200; i++) {
      const q = query(`n${i}.example.fi`, 'A');
      const r = Buffer.alloc(1000);
      r.writeUInt16BE(q.readUInt16BE(0), 0);
      r[2] = 0x84;
      cache.set(q, 'udp', r);
      assert.ok(cache.bytes <= 20_000, `${cache.bytes} bytes held`);
    }
    assert.ok(cache.size > 5 && cache.size < 20, `${cache.size} replies held`);
    assert.ok(cache.get(query('n199.example.fi', 'A'), 'udp'), 'the newest is kept');
    assert.equal(cache.get(query('n0.example.fi', 'A'), 'udp'), undefined, 'the oldest went first');
  });
});
