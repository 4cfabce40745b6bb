import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer, type Server as NetServer } from 'node:net';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { loadConfig } from '../../../src/config/config.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createUser } from '../../../src/core/accounts/create-user.js';
import { publishAllZones } from '../../../src/core/dns/publish-zone.js';
import { createRuntime, startServer } from '../../../src/main.js';
import { AliasResolver } from '../../../src/servers/dns/alias.js';
import { HealthChecker } from '../../../src/servers/dns/health.js';
import { Notifier } from '../../../src/servers/dns/notify.js';
import { respond } from '../../../src/servers/dns/respond.js';
import { ZoneIndex } from '../../../src/servers/dns/zone-index.js';
import { freshDatabase, startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';
import { decode, dig, kdigRaw, query, requireDnsClients, snapshot, startStandalone, waitForAnswer } from './helpers.js';

/** The DNS data plane around the answers: NOTIFY and transfers to secondaries, health checks, loading from the store. */

/** A fake secondary: records the NOTIFY messages it gets and answers them as RFC 1996 4.7 says (unless told not to). */
async function fakeSecondary(answer = (_n: number) => true) {
  const socket = createSocket('udp4');
  const got: dnsPacket.DecodedPacket[] = [];
  /** The address each message came from. */
  const from: string[] = [];
  socket.on('message', (buf, rinfo) => {
    const m = dnsPacket.decode(buf);
    got.push(m);
    from.push(rinfo.address);
    if (!answer(got.length)) return;
    socket.send(
      dnsPacket.encode({ id: m.id, type: 'response', flags: (4 << 11) | dnsPacket.AUTHORITATIVE_ANSWER, questions: m.questions }),
      rinfo.port,
      rinfo.address,
    );
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, got, from, close: () => socket.close() };
}

describe('builtin DNS data plane', () => {
  before(() => requireDnsClients());

  describe('NOTIFY to configured secondaries, and zone transfers they then make', () => {
    let t: TestServer;
    let secondary: Awaited<ReturnType<typeof fakeSecondary>>;
    before(async () => {
      secondary = await fakeSecondary();
      t = await startTestServer({ env: { DNS_PORT: '0', DNS_SECONDARIES: `127.0.0.1:${secondary.port}` } });
    });
    after(async () => {
      await t?.close();
      secondary?.close();
    });

    it('a change sends NOTIFY (opcode 4, AA, the zone SOA question); the secondary transfers the new serial', async () => {
      const { token } = await t.user({ postpaid: true });
      await purchase(t, token, 'notified.fi');
      const res = await t.request('POST', '/api/v1/domain/domains/notified.fi/records', { token, body: { host: 'www', type: 'A', content: '192.0.2.10' } });
      assert.equal(res.status, 201);
      const serial = (await t.server.runtime.ctx.store.zones.findByName('notified.fi'))!.serial;
      const deadline = Date.now() + 2000;
      while (!secondary.got.some((m) => (m.answers?.[0] as any)?.data?.serial === serial) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const notify = secondary.got.find((m) => (m.answers?.[0] as any)?.data?.serial === serial);
      assert.ok(notify, `NOTIFY for serial ${serial}: got ${JSON.stringify(secondary.got.map((m) => m.answers))}`);
      assert.equal((notify as any).opcode, 'NOTIFY');
      assert.equal((notify as any).flag_aa, true);
      assert.deepEqual(notify.questions, [{ name: 'notified.fi', type: 'SOA', class: 'IN' }]);
      // The secondary (on loopback here) transfers the zone and gets that serial.
      const axfr = await kdigRaw(t.server.dns!.port, 'notified.fi', 'AXFR');
      assert.match(axfr, new RegExp(`SOA\\s+ns1\\.hostplane\\.test\\. hostmaster\\.hostplane\\.test\\. ${serial} `));
      assert.match(axfr, /www\.notified\.fi\.\s+3600\s+IN\s+A\s+192\.0\.2\.10/);
    });

    it('IXFR: the whole zone when the client is behind, the SOA alone when it is current', async () => {
      const serial = (await t.server.runtime.ctx.store.zones.findByName('notified.fi'))!.serial;
      const behind = await kdigRaw(t.server.dns!.port, 'notified.fi', `IXFR=${serial - 1}`);
      assert.match(behind, /www\.notified\.fi\./);
      const current = await kdigRaw(t.server.dns!.port, 'notified.fi', `IXFR=${serial}`);
      assert.doesNotMatch(current, /www\.notified\.fi\./);
      assert.match(current, new RegExp(`SOA\\s+\\S+ \\S+ ${serial} `));
    });
  });

  it('Notifier retransmits until the secondary answers, and gives up after its attempts', async () => {
    const late = await fakeSecondary((n) => n >= 2);
    const deaf = await fakeSecondary(() => false);
    try {
      const notifier = new Notifier(
        [{ host: '127.0.0.1', port: late.port }, { host: '127.0.0.1', port: deaf.port }],
        { attempts: 3, timeoutMs: 40 },
      );
      assert.deepEqual(await notifier.notify('example.fi', snapshot('example.fi', []).soa), [true, false]);
      assert.equal(late.got.length, 2);
      assert.equal(deaf.got.length, 3);
      await notifier.close();
    } finally {
      late.close();
      deaf.close();
    }
  });

  it("NOTIFY goes out from the server's own address (DNS_HOST), not the one the route picks", async () => {
    const secondary = await fakeSecondary();
    // Through the service: DNS_HOST is 127.0.0.53, the secondary listens on 127.0.0.1.
    const t = await startTestServer({ env: { DNS_PORT: '0', DNS_HOST: '127.0.0.53', DNS_SECONDARIES: `127.0.0.1:${secondary.port}` } });
    try {
      const { token } = await t.user({ postpaid: true });
      await purchase(t, token, 'source.fi');
      const res = await t.request('POST', '/api/v1/domain/domains/source.fi/records', { token, body: { host: 'www', type: 'A', content: '192.0.2.10' } });
      assert.equal(res.status, 201);
      const deadline = Date.now() + 10_000;
      while (!secondary.got.some((m) => m.questions?.[0]?.name === 'source.fi') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const at = secondary.got.findIndex((m) => m.questions?.[0]?.name === 'source.fi');
      assert.ok(at >= 0, 'NOTIFY for source.fi');
      assert.equal(secondary.from[at], '127.0.0.53');
      // A wildcard DNS_HOST leaves the choice to the system (here, loopback's own address).
      const any = new Notifier([{ host: '127.0.0.1', port: secondary.port }], { attempts: 2, timeoutMs: 200, source: '0.0.0.0' });
      assert.deepEqual(await any.notify('example.fi', snapshot('example.fi', []).soa), [true]);
      // Its own NOTIFY, by zone: the server may notify source.fi again meanwhile (a retry), from its address.
      assert.equal(secondary.from[secondary.got.findLastIndex((m) => m.questions?.[0]?.name === 'example.fi')], '127.0.0.1');
      await any.close();
    } finally {
      await t.close();
      secondary.close();
    }
  });

  it('zone transfers are refused to addresses that are neither loopback nor a secondary', () => {
    const index = new ZoneIndex();
    index.put(snapshot('example.fi', [{ name: 'example.fi', type: 'A', content: '192.0.2.1' }]));
    const responder = { index, mayTransfer: (a: string) => a === '192.0.2.99' };
    const axfr = query('example.fi', 'AXFR');
    assert.equal(decode(respond(responder, axfr, 'tcp', '203.0.113.5')[0]!).rcode, 'REFUSED');
    const allowed = respond(responder, axfr, 'tcp', '192.0.2.99');
    assert.equal(decode(allowed[0]!).rcode, 'NOERROR');
    assert.deepEqual(decode(allowed[0]!).answers?.map((r) => r.type), ['SOA', 'A', 'SOA']);
  });

  it('serves an A record\'s fallback_ip while its address fails a TCP health check', async () => {
    // 127.0.0.1 listens on `port` (healthy); 127.0.0.2 does not.
    const web: NetServer = createServer((s) => s.destroy());
    web.listen(0, '127.0.0.1');
    await once(web, 'listening');
    const port = (web.address() as { port: number }).port;
    const zone = snapshot('example.fi', [
      { name: 'up.example.fi', type: 'A', content: '127.0.0.1', fallback_ip: '192.0.2.200' },
      { name: 'down.example.fi', type: 'A', content: '127.0.0.2', fallback_ip: '192.0.2.201' },
      { name: 'down.example.fi', type: 'A', content: '127.0.0.1', fallback_ip: '192.0.2.201' },
    ]);
    // A refused connection fails at once; the timeout only has to let a healthy loopback connect on a
    // loaded machine (300 ms could fail it there).
    // Loopback stands in for public web servers here: the checker is told it may probe them.
    const health = new HealthChecker({ port, intervalMs: 60_000, timeoutMs: 5_000, targets: () => ['127.0.0.1', '127.0.0.2'], probeable: () => true });
    const s = await startStandalone([zone], { health });
    try {
      await health.checkNow();
      assert.deepEqual((await dig(s.port, 'up.example.fi', 'A')).answer.map((f) => f[4]), ['127.0.0.1']);
      assert.deepEqual((await dig(s.port, 'down.example.fi', 'A')).answer.map((f) => f[4]).sort(), ['127.0.0.1', '192.0.2.201']);
      // The healthy one goes down: its fallback is served after the next check, and back when it is up again.
      web.close();
      await health.checkNow();
      assert.deepEqual((await dig(s.port, 'up.example.fi', 'A')).answer.map((f) => f[4]), ['192.0.2.200']);
      assert.deepEqual((await dig(s.port, 'down.example.fi', 'A')).answer.map((f) => f[4]), ['192.0.2.201']);
      web.listen(port, '127.0.0.1');
      await once(web, 'listening');
      await health.checkNow();
      assert.deepEqual((await dig(s.port, 'up.example.fi', 'A')).answer.map((f) => f[4]), ['127.0.0.1']);
    } finally {
      await s.close();
      web.close();
    }
  });

  it('ANAME targets outside our zones are resolved ahead and kept by their TTL; dig gets the addresses', async () => {
    let calls = 0;
    let fail = false;
    const alias = new AliasResolver({
      targets: () => ['lb.example.net', 'v4only.example.net'],
      minTtl: 30,
      lookup: {
        resolve4: async (name) => {
          calls++;
          if (fail) throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' });
          return name === 'lb.example.net' ? [{ address: '203.0.113.10', ttl: 5 }, { address: '203.0.113.11', ttl: 20 }] : [{ address: '203.0.113.20', ttl: 600 }];
        },
        resolve6: async (name) => {
          if (name === 'v4only.example.net') throw Object.assign(new Error('no data'), { code: 'ENODATA' });
          return [{ address: '2001:db8::10', ttl: 600 }];
        },
      },
    });
    await alias.refresh();
    assert.deepEqual(alias.addresses('lb.example.net', 'A'), { addresses: ['203.0.113.10', '203.0.113.11'], ttl: 30 }, 'TTL raised to the minimum');
    assert.deepEqual(alias.addresses('v4only.example.net', 'AAAA'), { addresses: [], ttl: 30 });
    await alias.refresh();
    assert.equal(calls, 2, 'nothing re-resolved before its TTL runs out');
    fail = true;
    (alias as any).cache.get('A lb.example.net').refreshAt = 0;
    await alias.refresh();
    assert.deepEqual(alias.addresses('lb.example.net', 'A')?.addresses, ['203.0.113.10', '203.0.113.11'], 'a failed lookup keeps the last addresses');

    const s = await startStandalone([snapshot('example.fi', [{ name: 'example.fi', type: 'ANAME', content: 'lb.example.net' }])], { alias });
    try {
      const res = await dig(s.port, 'example.fi', 'A');
      assert.equal(res.status, 'NOERROR');
      assert.ok(res.flags.includes('aa'));
      assert.deepEqual(res.answer.map((f) => `${f[0]} ${f[3]} ${f[4]}`), ['example.fi. A 203.0.113.10', 'example.fi. A 203.0.113.11']);
      assert.deepEqual((await dig(s.port, 'example.fi', 'AAAA')).answer.map((f) => f[4]), ['2001:db8::10']);
    } finally {
      await s.close();
    }
  });

  it('loads every zone from the store before it answers, and reconciles changes made by another process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostplane-dns-'));
    const database = await freshDatabase(dir);
    const env = { DATABASE_URL: database.url, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DNS_PORT: 'off', WEB_PORT: 'off' };
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    try {
      // Made with no DNS server running.
      const first = await startServer(loadConfig(env), { clock, logger: false });
      assert.equal(first.dns, undefined);
      await createUser(first.runtime.ctx, { username: 'loader', password: 'correct horse battery', postpaid: true });
      const login = await fetch(`${first.url}/api/v1/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'loader', password: 'correct horse battery' }) });
      const token = ((await login.json()) as any).data.token;
      await purchase({ request: async (method: string, path: string, o: any) => {
        const r = await fetch(first.url + path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(o.body) });
        return { status: r.status, headers: r.headers, body: await r.json() };
      } } as unknown as TestServer, token, 'preloaded.fi');
      await first.close();

      const second = await startServer(loadConfig({ ...env, DNS_PORT: '0' }), { clock, logger: false });
      try {
        const port = second.dns!.port;
        // The very first query is answered: the zone was loaded before the sockets opened.
        const soa = await dig(port, 'preloaded.fi', 'SOA');
        assert.equal(soa.status, 'NOERROR');
        assert.ok(soa.flags.includes('aa'));

        // Another process changes the zone without the outbox (the case reconciliation is for: a change
        // whose publish job was lost): a record and a serial bump, written straight to the store.
        // (A change through the core queues zone.publish, which this server's worker would serve anyway.)
        const other = await createRuntime(loadConfig(env), { clock });
        const zone = (await other.ctx.store.zones.findByName('preloaded.fi'))!;
        const at = clock.now().toISOString();
        await other.ctx.store.records.create({
          zone_id: zone.id, name: 'cli.preloaded.fi', type: 'A', content: '192.0.2.77', ttl: 3600, priority: null, weight: null,
          port: null, service: null, proto: null, redirect_type: null, fallback_ip: null, created_at: at, updated_at: at,
        });
        await other.ctx.store.zones.update(zone.id, { serial: zone.serial + 1, updated_at: at });
        await other.close();
        assert.equal((await dig(port, 'cli.preloaded.fi', 'A')).status, 'NXDOMAIN', 'not yet: another process made it');
        assert.equal(await publishAllZones(second.runtime.ctx), 1, 'one zone re-read: its serial moved');
        await waitForAnswer(port, 'cli.preloaded.fi', 'A', (a) => a.answers?.length === 1);
        assert.equal(await publishAllZones(second.runtime.ctx), 0, 'nothing to re-read when no serial moved');
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
