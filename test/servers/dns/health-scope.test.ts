// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is which addresses a health check may reach, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { HealthChecker } from '../../../src/servers/dns/health.js';
import { addressScope } from '../../../src/core/dns/address-scope.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';

/** Addresses inside some network, v4 and v6: loopback, private, link-local, CGNAT, unique local, and mapped forms. */
const INTERNAL = [
  '127.0.0.1', '127.0.0.30', '10.1.2.3', '172.16.5.4', '172.31.255.1', '192.168.1.1', '169.254.169.254', '100.64.0.1',
  '100.127.255.254', '0.0.0.0', '192.0.0.8', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.30',
  '::ffff:10.0.0.1', '::ffff:a00:1', '64:ff9b::a00:1',
];
/** Not anyone's server: documentation, benchmarking, multicast, broadcast. */
const RESERVED = ['192.0.2.1', '198.51.100.7', '203.0.113.9', '198.18.0.1', '224.0.0.1', '255.255.255.255', '2001:db8::1', 'ff02::1'];
const PUBLIC = ['1.1.1.1', '8.8.8.8', '93.184.216.34', '100.128.0.1', '172.32.0.1', '2a00:1450:4001::1', '2606:4700::1111'];

/**
 * Every TCP connection this process starts, seen on node's 'net.client.socket' diagnostics channel:
 * the health checker's attempts, whether or not anything answers.
 */
function watchConnections() {
  /** One entry per socket started: the address it reached or failed to reach ("?" while neither). */
  const seen: string[] = [];
  const listener = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    const at = seen.push('?') - 1;
    socket.once('connect', () => (seen[at] = socket.remoteAddress ?? '?'));
    socket.once('error', (err: NodeJS.ErrnoException & { address?: string }) => (seen[at] = err.address ?? '?'));
  };
  subscribe('net.client.socket', listener);
  return { seen, stop: () => unsubscribe('net.client.socket', listener) };
}

describe('fallback_ip health checks probe public addresses only', () => {
  it('classifies addresses as the IANA special-purpose registries do', () => {
    for (const a of INTERNAL) assert.equal(addressScope(a), 'internal', a);
    for (const a of RESERVED) assert.equal(addressScope(a), 'reserved', a);
    for (const a of PUBLIC) assert.equal(addressScope(a), 'public', a);
  });

  it('never connects to an internal or reserved address (v4 and v6), which stays up: its record is served as given', async () => {
    const watch = watchConnections();
    try {
      const health = new HealthChecker({ port: 80, intervalMs: 60_000, timeoutMs: 200, targets: () => [...INTERNAL, ...RESERVED] });
      await health.checkNow();
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(watch.seen, [], 'no connection attempted');
      for (const a of [...INTERNAL, ...RESERVED]) assert.equal(health.isDown(a), false, a);
      assert.equal(health.version, 0);
    } finally {
      watch.stop();
    }
  });

  it('the watch does see a probe when one is made (so the test above can fail)', async () => {
    const web: Server = createServer((s) => s.destroy());
    web.listen(0, '127.0.0.1');
    await once(web, 'listening');
    const port = (web.address() as { port: number }).port;
    const watch = watchConnections();
    try {
      const health = new HealthChecker({ port, intervalMs: 60_000, timeoutMs: 2000, targets: () => ['127.0.0.1', '::1'], probeable: () => true });
      await health.checkNow();
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(watch.seen.sort(), ['127.0.0.1', '::1']);
      assert.equal(health.isDown('127.0.0.1'), false);
      assert.equal(health.isDown('::1'), true, 'nothing listens there');
    } finally {
      watch.stop();
      web.close();
    }
  });
});

describe('fallback_ip on an internal address through the partner API', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { DNS_PORT: '0' } });
  });
  after(() => t?.close());

  it('is refused under fallback_ip (it could never be served); public and documentation addresses are taken', async () => {
    const p = await t.partner();
    const c = await t.user({ partnerId: p.id, clientType: 'Managed Client', postpaid: true });
    await purchase(t, c.token, 'terveys.fi');
    const post = (record_data: string, fallback_ip: string) =>
      t.request('POST', '/domains/terveys.fi/record', { token: p.apiKey, body: { record_type_name: 'A', record_name: 'www', record_data, priority: 1, fallback_ip } });
    const before = await t.request('GET', '/domains/terveys.fi/records', { token: p.apiKey });
    for (const internal of ['127.0.0.30', '10.0.0.5', '169.254.169.254', '100.64.1.1']) {
      const res = await post(internal, '198.51.100.1');
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(res.body.errors, {
        fallback_ip: [`A fallback_ip needs a public address to watch: ${internal} is an internal address, which our health checks never probe`],
      });
    }
    assert.deepEqual((await t.request('GET', '/domains/terveys.fi/records', { token: p.apiKey })).body, before.body);
    // Without a fallback an internal address is an ordinary record.
    const plain = await t.request('POST', '/domains/terveys.fi/record', { token: p.apiKey, body: { record_type_name: 'A', record_name: 'intra', record_data: '10.0.0.5', priority: 1 } });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.equal((await post('192.0.2.10', '192.0.2.11')).status, 200);
  });
});
