import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Where Debian's pdns-backend-sqlite3 puts its schema (the first is the one `dpkg -L` lists for 4.7). */
const SCHEMAS = [
  '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql',
  '/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql',
];

export interface PdnsServer {
  apiUrl: string;
  apiKey: string;
  /** The DNS port (UDP and TCP) on 127.0.0.1. */
  dnsPort: number;
  /** PowerDNS's own output so far, for a failing test to show. */
  log(): string;
  /** Stops the server (an outage), keeping its database and ports. */
  stop(): Promise<void>;
  /** Starts it again after stop(), on the same ports over the same database; resolves once the API answers. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** pdns_server lives in /usr/sbin, which is not on every user's PATH. */
export const PDNS_SERVER = existsSync('/usr/sbin/pdns_server') ? '/usr/sbin/pdns_server' : 'pdns_server';

/** Fails, saying what to install, when PowerDNS is not there (the tests would otherwise check nothing). */
export function requirePowerDns(): string {
  const found = spawnSync(PDNS_SERVER, ['--version'], { stdio: 'ignore' });
  const schema = SCHEMAS.find((s) => existsSync(s));
  if (found.error || !schema) {
    assert.fail('PowerDNS is not installed: apt-get install -y --no-install-recommends pdns-server pdns-backend-sqlite3');
  }
  return schema;
}

/** A port free for both TCP and UDP on 127.0.0.1 (a DNS server binds both). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer().once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const sock = createSocket('udp4');
      sock.once('error', () => resolve(false));
      sock.bind(port, '127.0.0.1', () => sock.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/**
 * Starts a real PowerDNS Authoritative server (pdns_server, gsqlite3 backend) on loopback for one
 * test file: an empty database made from the package's schema, the HTTP API on with a key, DNSSEC
 * keys held in the database, LUA records and ALIAS expansion on, and no system-wide files touched (its own config dir and socket
 * dir). A port taken between choosing and binding is retried with new ports.
 */
export async function startPdns(options: { settings?: Record<string, string> } = {}): Promise<PdnsServer> {
  const schema = requirePowerDns();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(schema, options.settings ?? {});
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function startOnce(schema: string, extra: Record<string, string>): Promise<PdnsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-pdns-'));
  const db = new Database(join(dir, 'pdns.sqlite3'));
  db.exec(readFileSync(schema, 'utf8'));
  db.close();
  const [dnsPort, webPort] = [await freePort(), await freePort()];
  const apiKey = 'test-api-key';
  const settings: Record<string, string> = {
    launch: 'gsqlite3',
    'gsqlite3-database': join(dir, 'pdns.sqlite3'),
    // Keys and zone metadata in the database (the schema has their tables): DNSSEC as a provider runs it.
    'gsqlite3-dnssec': 'yes',
    'local-address': '127.0.0.1',
    'local-port': String(dnsPort),
    api: 'yes',
    'api-key': apiKey,
    webserver: 'yes',
    'webserver-address': '127.0.0.1',
    'webserver-port': String(webPort),
    'webserver-allow-from': '127.0.0.1',
    'socket-dir': dir,
    daemon: 'no',
    guardian: 'no',
    'disable-syslog': 'yes',
    loglevel: '4',
    // No query to the Internet for security status (secpoll) in tests.
    'security-poll-suffix': '',
    'enable-lua-records': 'yes',
    // ALIAS needs a resolver to be declared; none answers here, so the tests store ALIAS but never query one.
    'expand-alias': 'yes',
    resolver: '127.0.0.1:9',
    // Answers at once after a change: no packet or query cache in between.
    'cache-ttl': '0',
    'negquery-cache-ttl': '0',
    'query-cache-ttl': '0',
    ...extra,
  };
  writeFileSync(join(dir, 'pdns.conf'), Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');

  let output = '';
  const apiUrl = `http://127.0.0.1:${webPort}`;
  let child: ChildProcess | undefined;
  let exited = Promise.resolve();
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  const close = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };

  const start = async () => {
    const started = spawn(PDNS_SERVER, [`--config-dir=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout!.on('data', (d) => (output += d));
    started.stderr!.on('data', (d) => (output += d));
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    // Ready when the API answers (it starts after the DNS sockets are bound).
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) throw new Error(`pdns_server exited at start:\n${output}`);
      const ok = await fetch(`${apiUrl}/api/v1/servers/localhost`, { headers: { 'X-API-Key': apiKey } })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`pdns_server did not answer on ${apiUrl} within 10 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await start();
  } catch (err) {
    await close();
    throw err;
  }
  return { apiUrl, apiKey, dnsPort, log: () => output, stop, start, close };
}
