import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, type TestDatabase } from '../../helpers/server.js';
import { runCli } from '../../helpers/cli.js';
import { LISTENER_NAME } from '../../../src/store/zone-change-listener.js';
import { decode, query, udpExchange } from './helpers.js';
import { REPO, HOSTPLANE } from '../../helpers/paths.js';

const ROOT = REPO;
const POSTGRES = process.env.TEST_DATABASE_URL;

interface Instance {
  name: string;
  child: ChildProcess;
  dnsPort: number;
  /** The partner API's base URL (serve only). */
  partnerApi?: string;
  output: () => string;
}

/**
 * Starts `hostplane <command>` as an operator would (Node, tsx, the CLI) on the store `databaseUrl`,
 * and reads where it listens from its first log line: serve's on stdout, dns's (JSON lines) on stderr.
 */
function start(name: string, command: 'serve' | 'dns', databaseUrl: string, dir: string): Promise<Instance> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: join(dir, name), HOST: '127.0.0.1', PORT: '0',
    DNS_HOST: '127.0.0.1', DNS_PORT: '0', WEB_PORT: 'off', LOG_LEVEL: 'info',
    PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1',
  };
  delete env.JWT_SECRET;
  const child = spawn(process.execPath, [...HOSTPLANE, command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const output = () => `${stdout}${stderr}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not listening within 60 s: ${output()}`)), 60_000);
    const look = () => {
      const serve = /hostplane listening: client API \S+, partner API (http:\/\/127\.0\.0\.1:\d+\/), .*DNS 127\.0\.0\.1:(\d+) \(udp\/tcp\)/.exec(stdout);
      const dns = /hostplane dns listening: DNS 127\.0\.0\.1:(\d+) \(udp\/tcp\)/.exec(stderr);
      if (command === 'serve' && serve) {
        clearTimeout(timer);
        resolve({ name, child, dnsPort: Number(serve[2]), partnerApi: serve[1], output });
      } else if (command === 'dns' && dns) {
        clearTimeout(timer);
        resolve({ name, child, dnsPort: Number(dns[1]), output });
      }
    };
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      look();
    });
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      look();
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${output()}`)));
  });
}

async function stop(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

/** The zone's SOA serial as `instance` answers it over UDP (undefined while it has no such zone). */
async function servedSerial(instance: Instance, zone: string): Promise<number | undefined> {
  const reply = await udpExchange(instance.dnsPort, query(zone, 'SOA'), 300);
  if (!reply) return undefined;
  const soa = decode(reply).answers?.find((a) => a.type === 'SOA') as { data: { serial: number } } | undefined;
  return soa?.data.serial;
}

/** The A records `instance` answers at `name`. */
async function servedA(instance: Instance, name: string): Promise<string[]> {
  const reply = await udpExchange(instance.dnsPort, query(name, 'A'), 300);
  return ((reply && decode(reply).answers) ?? []).filter((a) => a.type === 'A').map((a) => String((a as { data: unknown }).data));
}

/**
 * Asks every instance until each answers `serial` for `zone`; answers how long each took, from `since`
 * (performance.now()), or fails after `limitMs` naming those that did not.
 */
async function allServe(instances: Instance[], zone: string, serial: number, since: number, limitMs: number): Promise<Map<string, number>> {
  const took = new Map<string, number>();
  while (took.size < instances.length) {
    await Promise.all(instances.filter((i) => !took.has(i.name)).map(async (i) => {
      if ((await servedSerial(i, zone)) === serial) took.set(i.name, performance.now() - since);
    }));
    if (took.size < instances.length && performance.now() - since > limitMs) {
      const late = instances.filter((i) => !took.has(i.name)).map((i) => i.name);
      assert.fail(`${late.join(', ')}: serial ${serial} not served ${limitMs} ms after the change (others: ${JSON.stringify([...took])})`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return took;
}

/**
 * Several instances on one PostgreSQL store (two `hostplane serve`, one `hostplane dns`, real
 * processes): a zone change made through the API of one is served by all three within a second, with
 * the same serial, through PostgreSQL LISTEN/NOTIFY. Their periodic reconciliation runs every 30 s,
 * so it cannot be what brings the change (each round below is timed from the API's answer, when the
 * change has been committed).
 */
describe('instances on one PostgreSQL store serve a zone change within a second', { skip: !POSTGRES && 'PostgreSQL only: LISTEN/NOTIFY between processes (set TEST_DATABASE_URL)' }, () => {
  let dir: string;
  let database: TestDatabase;
  const instances: Instance[] = [];
  let apiKey: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-instances-'));
    database = await freshDatabase(dir);
    // The store is migrated and the partner made before the servers start (as an operator would).
    assert.equal((await runCli(database.url, 'migrate')).code, 0);
    const partner = await runCli(database.url, 'partners', 'create', '--name', 'Monta instanssia', '--json');
    assert.equal(partner.code, 0, partner.stderr + partner.stdout);
    apiKey = partner.json.api_key;
    instances.push(...(await Promise.all([
      start('serve-a', 'serve', database.url, dir),
      start('serve-b', 'serve', database.url, dir),
      start('dns-c', 'dns', database.url, dir),
    ])));
  });
  after(async () => {
    await Promise.all(instances.map(stop));
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const partnerApi = (path: string, body: unknown) =>
    fetch(`${instances[0]!.partnerApi}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const storeSerial = async (zone: string): Promise<number> => {
    const res = await fetch(`${instances[0]!.partnerApi}domains/${zone}/records`, { headers: { authorization: `Bearer ${apiKey}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { Result: { Records: { SOA: Array<{ RecordData: string }> } } };
    return Number(body.Result.Records.SOA[0]!.RecordData.split(/\s+/)[2]);
  };

  it('a new zone, then each record change, is answered by all three with the new serial within one second', async (t) => {
    const zone = 'monta-instanssia.com';
    let since = performance.now();
    const registered = await partnerApi('domains/register', { name: zone, period: 1, action: 'register' });
    assert.equal(registered.status, 201, await registered.text());
    await allServe(instances, zone, await storeSerial(zone), since, 1000);

    for (let round = 1; round <= 3; round++) {
      const res = await partnerApi(`domains/${zone}/record`, { record_type_name: 'A', record_name: `www${round}`, record_data: `192.0.2.${round}`, priority: 1 });
      // Timed from the API's answer: the change is committed then (the request's own time is the API's).
      since = performance.now();
      assert.equal(res.status, 200, `round ${round}: ${res.status} ${await res.text()}`);
      const serial = await storeSerial(zone);
      const took = await allServe(instances, zone, serial, since, 1000);
      for (const instance of instances) assert.deepEqual(await servedA(instance, `www${round}.${zone}`), [`192.0.2.${round}`], instance.name);
      assert.ok([...took.values()].every((ms) => ms < 1000), JSON.stringify([...took]));
      t.diagnostic(`round ${round}: ${[...took].map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(', ')}`);
    }
  });

  it('an instance whose listening connection is cut reconnects and catches up', async () => {
    const zone = 'monta-instanssia.com';
    // Every listener's connection is ended by the server (as a PostgreSQL restart or a network cut would).
    const cut = await runSql(database.url, `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and application_name = '${LISTENER_NAME} ' || current_schema()`);
    assert.equal(cut, 3, 'one listening connection per instance, all ended');
    const since = performance.now();
    const res = await partnerApi(`domains/${zone}/record`, { record_type_name: 'A', record_name: 'after-cut', record_data: '192.0.2.99', priority: 1 });
    assert.equal(res.status, 200, await res.text());
    // Not within a second this time (the listeners reconnect first), but well before the 30 s reconciliation.
    await allServe(instances, zone, await storeSerial(zone), since, 5000);
    for (const instance of instances) assert.deepEqual(await servedA(instance, `after-cut.${zone}`), ['192.0.2.99'], instance.name);
    // And they hear the next change at once again.
    const next = performance.now();
    const again = await partnerApi(`domains/${zone}/record`, { record_type_name: 'A', record_name: 'again', record_data: '192.0.2.98', priority: 1 });
    assert.equal(again.status, 200);
    await allServe(instances, zone, await storeSerial(zone), next, 1000);
  });
});

/** One statement on `databaseUrl` (the test's schema), answering the first column of its first row. */
async function runSql(databaseUrl: string, statement: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(statement);
    return Number(Object.values(rows[0] ?? {})[0]);
  } finally {
    await client.end();
  }
}
