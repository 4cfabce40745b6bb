// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the DNS server's TCP limits, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { decode, dig, query, requireDnsClients, snapshot, startStandalone, type Standalone } from './helpers.js';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { startTestServer } from '../../helpers/server.js';

/**
 * The DNS server's TCP limits (RFC 7766 10): connections per client address, a whole-message deadline
 * that a trickle of bytes does not move, an idle timeout between messages, and a global cap that one
 * address cannot fill. The audit: 600 connections sending a byte every 6 s held all 512 slots, and
 * `dig +tcp` was refused for everyone. Every loopback address 127.0.0.x is a client of its own (Linux
 * routes the whole 127/8 to lo), so a test plays several clients by binding its sockets to them.
 */

const ZONE = snapshot('example.fi', [
  { name: 'example.fi', type: 'NS', content: 'ns1.hostplane.test' },
  { name: 'www.example.fi', type: 'A', content: '192.0.2.2' },
]);

/** Small limits, so that deadlines pass in a test's time. */
const LIMITS = { maxTcpConnections: 8, maxTcpPerAddress: 4, tcpIdleMs: 1500, tcpMessageMs: 1000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Trickle {
  /** When its first byte went out, and when the server closed it (undefined while it is open). */
  firstByteAt: number;
  closedAt: number | undefined;
  bytes: number;
  stop(): void;
}

/**
 * A slow client from `localAddress`: announces a 64-byte message, then sends it a byte every
 * `everyMs`, never finishing it. Resolves once connected.
 */
function trickle(port: number, localAddress: string, everyMs: number): Promise<Trickle> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const t: Trickle = { firstByteAt: 0, closedAt: undefined, bytes: 0, stop: () => socket.destroy() };
    let timer: NodeJS.Timeout | undefined;
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      t.closedAt ??= performance.now();
      resolve(t);
    });
    socket.on('end', () => (t.closedAt = performance.now()));
    socket.on('connect', () => {
      socket.write(Buffer.from([0]));
      t.firstByteAt = performance.now();
      t.bytes = 1;
      timer = setInterval(() => {
        if (!socket.destroyed) socket.write(Buffer.from([t.bytes++ === 1 ? 64 : 0x41]));
      }, everyMs);
      resolve(t);
    });
  });
}

/** A connection from `localAddress` that sends nothing; resolves once connected, with whether it is still open. */
function quiet(port: number, localAddress: string): Promise<{ socket: Socket; open: () => boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let open = true;
    socket.on('error', () => undefined);
    socket.on('end', () => (open = false));
    socket.on('close', () => (open = false));
    socket.on('connect', () => resolve({ socket, open: () => open && !socket.destroyed }));
  });
}

/** One query over TCP from `localAddress`, on a connection of its own; undefined when refused or unanswered. */
function tcpFrom(port: number, localAddress: string, message: Buffer, keep = false): Promise<{ reply: Buffer | undefined; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    let got = Buffer.alloc(0);
    const done = (reply: Buffer | undefined) => {
      if (!keep || !reply) socket.destroy();
      resolve({ reply, socket });
    };
    socket.setTimeout(2000, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(undefined));
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) done(got.subarray(2, 2 + got.readUInt16BE(0)));
    });
    socket.on('connect', () => {
      const framed = Buffer.alloc(2 + message.length);
      framed.writeUInt16BE(message.length);
      message.copy(framed, 2);
      socket.write(framed);
    });
  });
}

describe('builtin DNS server: TCP limits (RFC 7766 10)', () => {
  let s: Standalone;
  before(async () => {
    requireDnsClients();
    s = await startStandalone([ZONE], LIMITS);
  });
  after(() => s?.close());

  it('a message must arrive whole within the deadline of its first byte: a trickle does not renew it', async () => {
    const slow = await Promise.all([1, 2, 3].map(() => trickle(s.port, '127.0.0.2', 200)));
    const deadline = performance.now() + 4 * LIMITS.tcpMessageMs + 2000;
    while (slow.some((t) => t.closedAt === undefined) && performance.now() < deadline) await sleep(50);
    for (const t of slow) t.stop();
    for (const t of slow) {
      assert.ok(t.closedAt !== undefined, `still open after ${(performance.now() - t.firstByteAt).toFixed(0)} ms, having sent ${t.bytes} bytes`);
      const held = t.closedAt - t.firstByteAt;
      assert.ok(held >= LIMITS.tcpMessageMs - 100, `closed by the message deadline, not before it (${held.toFixed(0)} ms)`);
      assert.ok(t.bytes >= 4, `it kept sending bytes (${t.bytes}) until closed`);
    }
  });

  it('a connection idle between messages is closed after the idle timeout', async () => {
    const { reply, socket } = await tcpFrom(s.port, '127.0.0.3', query('www.example.fi', 'A'), true);
    assert.equal(decode(reply!).rcode, 'NOERROR');
    const answeredAt = performance.now();
    const closedAt = await new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
    assert.ok(closedAt - answeredAt >= LIMITS.tcpIdleMs - 100, `closed after ${(closedAt - answeredAt).toFixed(0)} ms idle`);
  });

  it(`one address holds at most maxTcpPerAddress (${LIMITS.maxTcpPerAddress}) connections; others are served beside it`, async () => {
    const held = await Promise.all(Array.from({ length: 7 }, () => quiet(s.port, '127.0.0.4')));
    await sleep(300);
    try {
      assert.equal(held.filter((c) => c.open()).length, LIMITS.maxTcpPerAddress);
      assert.equal(decode((await tcpFrom(s.port, '127.0.0.5', query('www.example.fi', 'A'))).reply!).rcode, 'NOERROR');
    } finally {
      for (const c of held) c.socket.destroy();
    }
  });

  it('the audit: slow connections from one address, reopened as they close, leave dig +tcp from another answered', async () => {
    let attacking = true;
    const attackers: Trickle[] = [];
    // 40 slow clients, each opening a new connection as soon as the server closes the last one.
    const attack = Promise.all(
      Array.from({ length: 40 }, async () => {
        while (attacking) {
          const t = await trickle(s.port, '127.0.0.6', 200);
          attackers.push(t);
          await new Promise<void>((resolve) => {
            const check = setInterval(() => {
              if (t.closedAt !== undefined || !attacking) {
                clearInterval(check);
                t.stop();
                resolve();
              }
            }, 20);
          });
          await sleep(20);
        }
      }),
    );
    try {
      await sleep(300);
      // While the attack is on, across several of its message deadlines: dig from another address.
      for (let i = 0; i < 4; i++) {
        const a = await dig(s.port, 'www.example.fi', 'A', '+tcp', '-b', '127.0.0.7').catch((err: Error) => ({ status: `failed: ${err.message}`, answer: [] as string[][] }));
        assert.equal(a.status, 'NOERROR', `dig +tcp during the attack (round ${i})`);
        assert.deepEqual(a.answer.map((f) => f[4]), ['192.0.2.2']);
        await sleep(400);
      }
    } finally {
      attacking = false;
      await attack;
    }
    // The attack held slots only until its message deadlines: every one it opened was closed by the server.
    const closedByServer = attackers.filter((t) => t.closedAt !== undefined && t.closedAt - t.firstByteAt < LIMITS.tcpMessageMs + 1500);
    assert.ok(closedByServer.length > 40, `the slow connections were closed and reopened (${closedByServer.length} of ${attackers.length})`);
  });

  it(`at the global cap (${LIMITS.maxTcpConnections}) a new client takes the place of the longest idle connection`, async () => {
    // Four addresses, each with as many idle connections as it may hold: 16 wanted, 8 slots.
    const idle: Socket[] = [];
    for (const host of ['127.0.0.8', '127.0.0.9', '127.0.0.10', '127.0.0.11']) {
      for (let i = 0; i < LIMITS.maxTcpPerAddress; i++) {
        const { reply, socket } = await tcpFrom(s.port, host, query('www.example.fi', 'A'), true);
        if (reply) idle.push(socket);
      }
    }
    try {
      const open = () => idle.filter((c) => !c.destroyed && c.readyState === 'open').length;
      await sleep(100);
      assert.ok(open() <= LIMITS.maxTcpConnections, `at most the cap is open (${open()})`);
      const a = await tcpFrom(s.port, '127.0.0.12', query('www.example.fi', 'A'));
      assert.equal(decode(a.reply!).rcode, 'NOERROR', 'a new client is answered at the cap');
    } finally {
      for (const c of idle) c.destroy();
    }
  });
});

describe('the TCP limits are settings (DNS_TCP_*)', () => {
  it('reach the server of `hostplane serve`', async () => {
    const t = await startTestServer({
      env: { DNS_PORT: '0', DNS_TCP_CONNECTIONS: '6', DNS_TCP_PER_ADDRESS: '2', DNS_TCP_MESSAGE_SECONDS: '1', DNS_TCP_IDLE_SECONDS: '30' },
    });
    try {
      const port = t.server.dns!.port;
      const held = await Promise.all(Array.from({ length: 4 }, () => quiet(port, '127.0.0.13')));
      await sleep(300);
      assert.equal(held.filter((c) => c.open()).length, 2, 'DNS_TCP_PER_ADDRESS');
      for (const c of held) c.socket.destroy();
      const slow = await trickle(port, '127.0.0.14', 200);
      const deadline = performance.now() + 6000;
      while (slow.closedAt === undefined && performance.now() < deadline) await sleep(50);
      slow.stop();
      assert.ok(slow.closedAt !== undefined && slow.closedAt - slow.firstByteAt < 4000, 'DNS_TCP_MESSAGE_SECONDS: closed within about a second');
    } finally {
      await t.close();
    }
  });

  it('have defaults, and one client may not hold every connection', () => {
    const base = { DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'x'.repeat(32) };
    assert.deepEqual(loadConfig(base).dnsTcp, { maxConnections: 512, perAddress: 16, idleMs: 10_000, messageMs: 5_000 });
    assert.throws(() => loadConfig({ ...base, DNS_TCP_CONNECTIONS: '8', DNS_TCP_PER_ADDRESS: '8' }), ConfigError);
    assert.throws(() => loadConfig({ ...base, DNS_TCP_MESSAGE_SECONDS: '0' }), ConfigError);
  });
});
