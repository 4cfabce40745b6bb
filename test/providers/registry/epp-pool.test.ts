import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../../../src/ports/registry.js';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { encodeFrame, FrameReader, type EppServer } from '../../helpers/epp-server/index.js';
import { testPki } from '../../helpers/epp-server/certs.js';
import { registrant } from './conformance.js';
import { eppRegistry, startRegistry } from './epp-harness.js';

/**
 * A bare registry for what the test registry cannot show: it greets, accepts any login, and answers
 * other commands (1300, as an empty poll queue) after `answerAfterMs`, or never when that is undefined
 * (a hung registry). It records, per connection, the most commands sent before their answers came:
 * a client that pipelined would show more than one.
 */
async function bareRegistry(answerAfterMs?: number) {
  const pki = await testPki();
  let logins = 0;
  const inFlight: number[] = [];
  const greeting = `<?xml version="1.0" encoding="UTF-8"?><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><greeting><svID>bare</svID><svDate>2026-01-01T00:00:00.0Z</svDate><svcMenu><version>1.0</version><lang>en</lang><objURI>urn:ietf:params:xml:ns:domain-1.0</objURI></svcMenu></greeting></epp>`;
  const answer = (code: number, clTRID: string) => encodeFrame(`<?xml version="1.0" encoding="UTF-8"?><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response><result code="${code}"><msg>ok</msg></result><trID><clTRID>${clTRID}</clTRID><svTRID>s-${code}</svTRID></trID></response></epp>`);
  const server = createTlsServer({ key: pki.serverKey, cert: pki.serverCert }, (socket) => {
    const reader = new FrameReader();
    const connection = inFlight.push(0) - 1;
    let pending = 0;
    socket.write(encodeFrame(greeting));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) {
        const xml = frame.toString('utf8');
        const clTRID = /<clTRID>([^<]*)<\/clTRID>/.exec(xml)?.[1] ?? '';
        if (xml.includes('<login>')) {
          logins++;
          socket.write(answer(1000, clTRID));
          continue;
        }
        if (answerAfterMs === undefined) continue;
        pending++;
        inFlight[connection] = Math.max(inFlight[connection]!, pending);
        setTimeout(() => {
          pending--;
          if (!socket.destroyed) socket.write(answer(1300, clTRID));
        }, answerAfterMs);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: '127.0.0.1', port: (server.address() as AddressInfo).port, ca: pki.ca,
    get logins() { return logins; },
    inFlight,
    close: () => new Promise<void>((r) => { server.close(() => r()); }),
  };
}

/** The EPP provider's sessions: one command at a time each, keepalive, reconnects, outages, lost answers, rate limit. */

const unavailable = (e: unknown) => e instanceof RegistryError && e.reason === 'unavailable';
let seq = 0;
const fresh = (tld = 'test') => `pool${process.pid}x${++seq}.${tld}`;

describe('EPP session pool', () => {
  it('sends one command at a time per session, up to `sessions` sessions, queueing the rest', async () => {
    const bare = await bareRegistry(50);
    const { registry } = eppRegistry(bare as unknown as EppServer, 0, { sessions: 2, cert: undefined, key: undefined });
    try {
      const started = Date.now();
      const news = await Promise.all(Array.from({ length: 8 }, () => registry.poll()));
      assert.deepEqual(news, Array(8).fill(undefined));
      assert.deepEqual(bare.inFlight, [1, 1], 'two sessions, never more than one command waiting on each');
      // Eight answers 50 ms each over two sessions: four rounds at least.
      assert.ok(Date.now() - started >= 190, `took ${Date.now() - started} ms`);
    } finally {
      await registry.close();
      await bare.close();
    }
  });

  it('keeps its sessions open at the registry between commands', async () => {
    const server = await startRegistry({ latencyMs: 20 });
    const { registry } = eppRegistry(server, 0, { sessions: 2 });
    try {
      await Promise.all(Array.from({ length: 6 }, () => registry.check([fresh()])));
      await Promise.all(Array.from({ length: 6 }, () => registry.check([fresh()])));
      assert.equal(server.sessionCount('hostplane'), 2);
      assert.equal(server.commands.filter((c) => c.command === 'login').length, 2);
    } finally {
      await registry.close();
      assert.equal(server.sessionCount('hostplane'), 0, 'logged out on close');
      assert.equal(server.commands.filter((c) => c.command === 'logout').length, 2);
      await server.close();
    }
  });

  it('gives every command a unique clTRID and logs it with the svTRID', async () => {
    const server = await startRegistry();
    const { registry, log } = eppRegistry(server, 0, { sessions: 3 });
    try {
      await Promise.all(Array.from({ length: 12 }, () => registry.check([fresh()])));
      const name = fresh();
      await registry.create({ name, years: 1, registrant: registrant(1), nameservers: [] });
      assert.deepEqual(server.duplicateClTRIDs('hostplane'), []);
      const sent = server.commands.filter((c) => c.registrar === 'hostplane' && c.clTRID);
      assert.ok(sent.length >= 15);
      for (const c of sent) assert.match(c.clTRID!, /^testreg-hostplane-[0-9a-z]+-[0-9a-z]+$/);
      const create = log.lines.find((l) => String(l.obj.command) === `domain:create ${name}`)!;
      const record = server.commands.find((c) => c.command === 'domain:create' && c.clTRID === create.obj.clTRID)!;
      assert.equal(create.obj.svTRID, record.svTRID);
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('creates with as few round trips as the registry allows: the registrant it just sent is not read back', async () => {
    const server = await startRegistry();
    const { registry } = eppRegistry(server, 0, { sessions: 1 });
    const ns = ['ns1.example.net', 'ns2.example.net'];
    try {
      await registry.create({ name: fresh(), years: 1, registrant: registrant(1), nameservers: ns }); // the contact and hosts made
      const from = server.commands.length;
      const name = fresh();
      const created = await registry.create({ name, years: 1, registrant: registrant(1), nameservers: ns });
      const sent = server.commands.slice(from).filter((c) => c.registrar === 'hostplane').map((c) => c.command);
      assert.deepEqual(sent, ['host:check', 'domain:create', 'domain:info']);
      // What it returns is what the registry holds, as info (which asks for the contact) shows it.
      assert.deepEqual(created.registrant, (await registry.info(name))!.registrant);
      assert.deepEqual(created.registrant, registrant(1));
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('says hello before the registry\'s idle timeout, so the session survives', async () => {
    const server = await startRegistry({ idleTimeoutMs: 600 });
    const { registry } = eppRegistry(server, 0, { sessions: 1 }, { timing: { keepaliveMs: 200 } });
    try {
      await registry.check([fresh()]);
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(server.commands.filter((c) => c.command === 'hello' && c.registrar === 'hostplane').length >= 2);
      assert.equal(server.sessionCount('hostplane'), 1);
      const logins = server.commands.filter((c) => c.command === 'login').length;
      await registry.check([fresh()]);
      assert.equal(server.commands.filter((c) => c.command === 'login').length, logins, 'no new login');
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('reconnects when the registry drops a session (idle timeout without keepalive)', async () => {
    // An idle limit a loaded machine's TLS handshake and login fit well inside (at 300 ms a slow
    // handshake was itself cut off as idle), then a wait well past it.
    const server = await startRegistry({ idleTimeoutMs: 1_000 });
    const { registry, log } = eppRegistry(server, 0, { sessions: 1 }, { timing: { keepaliveMs: 60_000 } });
    try {
      await registry.check([fresh()]);
      await new Promise((r) => setTimeout(r, 1_800));
      assert.equal(server.sessionCount('hostplane'), 0);
      const [result] = await registry.check([fresh()]);
      assert.equal(result!.available, true);
      assert.equal(server.commands.filter((c) => c.command === 'login' && c.code === 1000).length, 2);
      assert.ok(log.lines.some((l) => l.msg === 'epp session closed'));
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('fails fast with unavailable while the registry is down, and recovers after it returns', async () => {
    const server = await startRegistry();
    const { registry } = eppRegistry(server, 0, { sessions: 2 }, { timing: { backoffBaseMs: 300, backoffMaxMs: 300 } });
    try {
      await registry.check([fresh()]);
      server.setDown(true);
      let started = Date.now();
      await assert.rejects(registry.create({ name: fresh(), years: 1, registrant: registrant(1), nameservers: [] }), unavailable);
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      started = Date.now();
      await assert.rejects(registry.check([fresh()]), unavailable);
      await assert.rejects(registry.info(fresh()), unavailable);
      assert.ok(Date.now() - started < 500, `during the backoff: ${Date.now() - started} ms`);
      server.setDown(false);
      await new Promise((r) => setTimeout(r, 350));
      const [result] = await registry.check([fresh()]);
      assert.equal(result!.available, true);
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('a create whose answer is lost is unavailable, and the registry shows it happened (exists, ours)', async () => {
    const server = await startRegistry();
    const { registry } = eppRegistry(server, 0);
    try {
      const name = fresh();
      await registry.check([fresh()]);
      server.loseNextAnswer('domain:create', 'hostplane');
      await assert.rejects(registry.create({ name, years: 1, registrant: registrant(2), nameservers: [] }), unavailable);
      assert.equal(server.domains.get(name)?.clID, 'hostplane');
      // What the core does before sending it again: the registry is the truth.
      await assert.rejects(registry.create({ name, years: 1, registrant: registrant(2), nameservers: [] }), (e) => e instanceof RegistryError && e.reason === 'exists' && e.code === 2302);
      const info = await registry.info(name);
      assert.equal(info?.ours, true);
      assert.deepEqual(info?.registrant, registrant(2));
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('a command with no answer within the timeout is unavailable, and its session is not reused', async () => {
    const silent = await bareRegistry();
    const { registry } = eppRegistry(silent as unknown as EppServer, 0, { sessions: 1, cert: undefined, key: undefined }, { timing: { commandTimeoutMs: 300 } });
    try {
      const started = Date.now();
      await assert.rejects(registry.renew({ name: 'a.test', years: 1, currentExpiry: '2030-01-01' }), (e) => unavailable(e) && /no answer within 300 ms/.test((e as Error).message));
      assert.ok(Date.now() - started < 1500);
      await assert.rejects(registry.renew({ name: 'a.test', years: 1, currentExpiry: '2030-01-01' }), unavailable);
      assert.equal(silent.logins, 2, 'a new session for the second command');
    } finally {
      await registry.close();
      await silent.close();
    }
  });

  it('refuses DS records before sending anything when the greeting does not offer secDNS-1.1', async () => {
    const bare = await bareRegistry(0);
    const { registry } = eppRegistry(bare as unknown as EppServer, 0, { cert: undefined, key: undefined });
    try {
      await assert.rejects(registry.setDs('a.test', [{ keyTag: 1, algorithm: 13, digestType: 2, digest: 'ab'.repeat(32) }]), (e) => e instanceof RegistryError && e.reason === 'policy' && /secDNS-1\.1/.test(e.message));
      assert.deepEqual(bare.inFlight, [0], 'logged in, nothing else sent');
    } finally {
      await registry.close();
      await bare.close();
    }
  });

  it('carries on with the sessions it has when the registry refuses more (2502 on login)', async () => {
    // Answers slow enough that the five checks wait for the first session, so the pool asks for more:
    // without it a fast machine answered all five on one session and no second login was ever tried.
    const server = await startRegistry({ sessionLimit: 1, latencyMs: 50 });
    const { registry } = eppRegistry(server, 0, { sessions: 3 });
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => registry.check([fresh()])));
      assert.equal(results.length, 5);
      assert.equal(server.sessionCount('hostplane'), 1);
      assert.ok(server.commands.some((c) => c.command === 'login' && c.code === 2502));
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('a 2502 answer (the registry\'s own rate limit) is unavailable and ends the session', async () => {
    const server = await startRegistry({ rateLimit: { commands: 3, perMs: 60_000 } });
    const { registry } = eppRegistry(server, 0, { sessions: 1 });
    try {
      for (let i = 0; i < 3; i++) await registry.check([fresh()]);
      await assert.rejects(registry.check([fresh()]), (e) => unavailable(e) && (e as RegistryError).code === 2502 && /svTRID TEST-/.test((e as Error).message));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(server.sessionCount('hostplane'), 0);
    } finally {
      await registry.close();
      await server.close();
    }
  });

  it('keeps under commandsPerSecond', async () => {
    const server = await startRegistry({ rateLimit: { commands: 6, perMs: 1000 } });
    const { registry } = eppRegistry(server, 0, { sessions: 2, commandsPerSecond: 4 });
    try {
      const started = Date.now();
      for (let i = 0; i < 10; i++) await registry.check([fresh()]);
      const elapsed = Date.now() - started;
      // 250 ms apart: the 10th goes 2.25 s after the first; the registry's own limit (6 a second) never trips.
      assert.ok(elapsed >= 2200, `took ${elapsed} ms`);
      assert.equal(server.commands.filter((c) => c.code === 2502).length, 0);
    } finally {
      await registry.close();
      await server.close();
    }
  });
});

describe('EPP probe', () => {
  let server: EppServer;
  before(async () => { server = await startRegistry(); });
  after(async () => { await server.close(); });

  it('connects, logs in and out, and returns the greeting', async () => {
    const { registry } = eppRegistry(server, 0);
    const greeting = await registry.probe();
    assert.ok(greeting.objects.includes('urn:ietf:params:xml:ns:domain-1.0'));
    assert.ok(greeting.extensions.includes('urn:ietf:params:xml:ns:secDNS-1.1'));
    assert.deepEqual(greeting.versions, ['1.0']);
    const mine = server.commands.filter((c) => c.registrar === 'hostplane').map((c) => c.command);
    assert.deepEqual(mine.slice(-2), ['login', 'logout']);
    assert.equal(server.sessionCount('hostplane'), 0);
  });

  it('a wrong password is a policy error naming the login', async () => {
    const { registry } = eppRegistry(server, 0, { password: 'wrong-password' });
    await assert.rejects(registry.probe(), (e) => e instanceof RegistryError && e.reason === 'policy' && /login as hostplane refused: 2200/.test(e.message));
  });

  it('a refused TLS handshake (no client certificate, or an unknown CA) is unavailable, with the reason', async () => {
    const noCert = eppRegistry(server, 0, { cert: undefined, key: undefined });
    await assert.rejects(noCert.registry.probe(), (e) => e instanceof RegistryError && e.reason === 'unavailable' && /cannot connect to 127\.0\.0\.1:\d+/.test(e.message));
    const otherCa = eppRegistry(server, 0, { ca: undefined });
    await assert.rejects(otherCa.registry.probe(), (e) => e instanceof RegistryError && e.reason === 'unavailable' && /certificate/i.test(e.message));
  });
});
