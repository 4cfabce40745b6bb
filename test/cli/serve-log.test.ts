// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the first log line of serve, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshDatabase, type TestDatabase } from '../helpers/server.js';
import { get } from '../servers/web/helpers.js';
import { REPO, HOSTPLANE } from '../helpers/paths.js';

const ROOT = REPO;
const run = promisify(execFile);

/**
 * A new user starts `hostplane serve` and reads where everything is from its first log line: the
 * two APIs, the reference, DNS and the web forwarder. The process is real (HTTP, DNS and web on ports
 * the kernel picks), and each address the line names is tried.
 */
describe('hostplane serve: the first log line', () => {
  let dir: string;
  let database: TestDatabase;
  let child: ChildProcess;
  let first: { level: number; msg: string };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostplane-serve-log-'));
    database = await freshDatabase(dir);
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: database.url, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0',
      DNS_PORT: '0', WEB_PORT: '0', LOG_LEVEL: 'info',
    };
    delete env.JWT_SECRET;
    child = spawn(process.execPath, [...HOSTPLANE, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const line = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`no log line within 60 s: ${stdout}${stderr}`)), 60_000);
      child.stdout!.on('data', (chunk) => {
        stdout += chunk;
        const end = stdout.indexOf('\n');
        if (end >= 0) {
          clearTimeout(timer);
          resolve(stdout.slice(0, end));
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${stdout}${stderr}`)));
    });
    first = JSON.parse(line);
  });
  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the client API, the partner API, the docs, DNS and the web forwarder, and each answers there', async () => {
    const m = /^hostplane listening: client API (http:\/\/127\.0\.0\.1:\d+\/api\/v1), partner API (http:\/\/127\.0\.0\.1:\d+\/), docs (http:\/\/127\.0\.0\.1:\d+\/docs), DNS 127\.0\.0\.1:(\d+) \(udp\/tcp\), web forwarder http:\/\/127\.0\.0\.1:(\d+)$/
      .exec(first.msg);
    assert.ok(m, `first log line: ${JSON.stringify(first)}`);
    assert.equal(first.level, 30, 'logged at info');
    const [, clientApi, partnerApi, docs, dnsPort, webPort] = m;

    // Each dialect answers a request without credentials in its own envelope: it is that API.
    const client = await fetch(`${clientApi}/auth/refresh`);
    assert.equal(client.status, 401);
    assert.equal(((await client.json()) as { error: { status: number } }).error.status, 401);
    const partner = await fetch(`${partnerApi}domains/list`);
    assert.equal(partner.status, 401);
    assert.equal(((await partner.json()) as { success: boolean }).success, false);
    const page = await fetch(docs!, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);

    // The DNS server answers over UDP and TCP (REFUSED: a name in no zone of this empty store).
    for (const transport of ['+notcp', '+tcp']) {
      const { stdout } = await run('dig', ['@127.0.0.1', '-p', dnsPort!, 'example.fi', 'SOA', transport, '+tries=1', '+time=5']);
      assert.match(stdout, /status: (REFUSED|NXDOMAIN|NOERROR)/, `${transport}: ${stdout}`);
    }
    // The web forwarder answers a name it does not know with its 404 page.
    const web = await get(Number(webPort), 'unknown.example');
    assert.equal(web.status, 404);
  });
});
