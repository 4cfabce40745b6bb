import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, TEST_PASSWORD_HASHING, type TestDatabase } from '../../helpers/server.js';
import { loadConfig } from '../../../src/config/config.js';
import { createRuntime } from '../../../src/main.js';
import { createRecord } from '../../../src/core/dns/create-record.js';
import { createZone } from '../../../src/core/dns/create-zone.js';
import { createUser } from '../../../src/core/accounts/create-user.js';
import type { Ctx } from '../../../src/core/context.js';
import { decode, query, tcpExchange, udpExchange } from './helpers.js';
import { REPO, HOSTPLANE } from '../../helpers/paths.js';

const ROOT = REPO;

/** The pids of `pid`'s children that run hostplane (not tsx's esbuild). */
const childrenOf = (pid: number): number[] =>
  spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.split('\n')
    .filter((l) => l.includes('cli/main')).map((l) => Number(l.trim().split(' ')[0]));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `hostplane dns --processes 2` (cluster.ts): two answering processes behind one port. Every answer,
 * over UDP and over TCP, is checked, so a process that had not heard of a change would be caught
 * however the kernel spreads the queries; the change is made by a process without a DNS server
 * (queued, not drained), so only the leader's job worker publishes it and the other process must
 * hear of it through the relay (or, on PostgreSQL, the store's announcements as well).
 */
describe('hostplane dns --processes 2', () => {
  let dir: string;
  let database: TestDatabase;
  let child: ChildProcess;
  let port: number;
  let stderr = '';
  let userId: number;
  const zone = 'kaksi-prosessia.com';
  /**
   * A runtime of this test's own over the store, as a process without a DNS server: what it changes it
   * queues for a worker elsewhere ('zone.publish' jobs), not drained here.
   */
  const withRuntime = async (fn: (ctx: Ctx) => Promise<void>) => {
    const config = loadConfig({ ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const runtime = await createRuntime(config, { inlineJobs: false });
    try {
      await fn(runtime.ctx);
    } finally {
      await runtime.close();
    }
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-processes-'));
    database = await freshDatabase(dir);
    // The zone is in the store before the servers start (their start-up load serves it).
    await withRuntime(async (ctx) => {
      const user = await createUser(ctx, { username: 'kaksi', password: 'correct horse battery', postpaid: true });
      userId = user.id;
      const at = '2026-03-01T10:00:00.000Z';
      await ctx.store.transaction(async (tx) => {
        const domain = await tx.domains.create({
          user_id: user.id, sld: 'kaksi-prosessia', tld: 'com', fqdn: zone, fqdn_unicode: zone, status: 'active',
          reg_date: '2026-03-01', exp_date: '2027-03-01', renew: 1, registrant_contact_id: null, billing_contact_id: null,
          nameservers: JSON.stringify(ctx.settings.nameservers), created_at: at, updated_at: null,
        });
        await createZone(tx, ctx, domain, ctx.settings.nameservers);
      });
    });

    const env: NodeJS.ProcessEnv = {
      ...process.env, ...TEST_PASSWORD_HASHING, DATABASE_URL: database.url, DATA_DIR: dir, DNS_HOST: '127.0.0.1', DNS_PORT: '0',
      DNS_PROVIDER: 'builtin', LOG_LEVEL: 'info',
    };
    child = spawn(process.execPath, [...HOSTPLANE, 'dns', '--processes', '2'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening within 60 s: ${stderr}`)), 60_000);
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        const m = /hostplane dns listening: DNS 127\.0\.0\.1:(\d+) \(udp\/tcp\), \d+ zones, 2 processes/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`exited (${code}): ${stderr}`)));
    });
  });
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The A records of `name` in each of `n` answers over `transport`. */
  async function answers(name: string, transport: 'udp' | 'tcp', n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const reply = transport === 'udp' ? await udpExchange(port, query(name, 'A'), 1000) : await tcpExchange(port, query(name, 'A'), 1000);
      assert.ok(reply, `${transport} answer ${i}`);
      out.push(((decode(reply).answers ?? []).filter((a) => a.type === 'A').map((a) => String((a as { data: unknown }).data)).join(',')));
    }
    return out;
  }

  it('runs a primary and two answering processes, on one port over UDP and TCP', async () => {
    assert.equal(childrenOf(child.pid!).length, 2, stderr);
    const soa = await udpExchange(port, query(zone, 'SOA'), 1000);
    assert.equal(decode(soa!).rcode, 'NOERROR');
    const tcp = await tcpExchange(port, query(zone, 'SOA'), 1000);
    assert.equal(decode(tcp!).rcode, 'NOERROR');
  });

  it('a record change is answered by every process', async () => {
    assert.deepEqual(new Set(await answers(`www.${zone}`, 'udp', 20)), new Set(['']));
    // Made without a DNS server and not drained: the 'zone.publish' job waits for the leader's worker.
    await withRuntime((ctx) => createRecord(ctx, { userId, domain: zone, record: { host: 'www', type: 'A', content: '192.0.2.7' } }).then(() => undefined));
    // Each process applies the change on its own: wait until a run of answers is all new, then require
    // every further one to be.
    const until = Date.now() + 10_000;
    while (!(await answers(`www.${zone}`, 'udp', 20)).every((a) => a === '192.0.2.7')) {
      assert.ok(Date.now() < until, 'the change was not answered by every process within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(new Set(await answers(`www.${zone}`, 'udp', 200)), new Set(['192.0.2.7']));
    assert.deepEqual(new Set(await answers(`www.${zone}`, 'tcp', 50)), new Set(['192.0.2.7']));
  });

  it('SIGTERM to the primary stops every process', async () => {
    const workers = childrenOf(child.pid!);
    assert.equal(workers.length, 2);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.deepEqual(workers.filter(alive), []);
  });
});
