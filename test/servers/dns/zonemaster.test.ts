// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is Zonemaster's verdict on the served zone, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { REGISTRANT } from '../../helpers/fixtures.js';
import { waitForAnswer } from './helpers.js';
import { REPO, HOSTPLANE } from '../../helpers/paths.js';

const ROOT = REPO;
/** Zonemaster takes no port: each name server gets port 53 on a loopback address of its own. */
const NS1 = '127.0.0.77';
const NS2 = '127.0.0.78';

/**
 * Zonemaster (Debian's zonemaster-cli) runs an undelegated test of a sample zone served by the
 * builtin server: ns1 by `hostplane serve`'s DNS, ns2 by a second process, `hostplane dns`, over the
 * same store, as a provider runs two name servers. It must report no ERROR and no CRITICAL, except:
 */
const ALLOWED: Record<string, string> = {
  // The test's name servers live on loopback addresses because a test may only use this machine;
  // a provider's name servers have public addresses, where this check passes.
  ADDRESS01: 'name server addresses are 127.0.0.x by construction of the test',
};

interface ZonemasterEntry {
  level: string;
  testcase?: string;
  tag: string;
}

describe('zonemaster: an undelegated test of a zone served by the builtin server', () => {
  let t: TestServer;
  let second: ChildProcess | undefined;

  before(async () => {
    assert.ok(spawnSync('zonemaster-cli', ['--version']).status === 0, 'zonemaster-cli is missing: apt-get install zonemaster-cli');
    t = await startTestServer({
      start: new Date().toISOString(),
      env: { DNS_PORT: '53', DNS_HOST: NS1, NAMESERVERS: 'ns1.sample.fi,ns2.sample.fi', HOSTMASTER: 'hostmaster.sample.fi' },
    });
    const u = await t.user({ postpaid: true });
    const bought = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token: u.token, body: { domain: 'sample.fi', years: 1, registrantContact: REGISTRANT },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    for (const record of [
      { host: 'ns1', type: 'A', content: NS1 },
      { host: 'ns2', type: 'A', content: NS2 },
      { host: '@', type: 'A', content: '192.0.2.10' },
      { host: 'www', type: 'CNAME', content: 'sample.fi' },
      { host: '@', type: 'MX', content: 'mail.sample.fi', pref: 10 },
      { host: 'mail', type: 'A', content: '192.0.2.25' },
      { host: '@', type: 'TXT', content: 'v=spf1 mx -all' },
    ]) {
      const res = await t.request('POST', '/api/v1/domain/domains/sample.fi/records', { token: u.token, body: record });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    second = spawn(process.execPath, [...HOSTPLANE, 'dns'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.databaseUrl, DNS_HOST: NS2, DNS_PORT: '53', DATA_DIR: t.dir },
      stdio: 'ignore',
    });
    for (const address of [NS1, NS2]) {
      await waitForAnswer(53, 'mail.sample.fi', 'A', (a) => (a.answers?.length ?? 0) > 0, 10_000, address);
    }
  });
  after(async () => {
    second?.kill();
    await t?.close();
  });

  it('reports no ERROR or CRITICAL', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        'zonemaster-cli',
        ['--no-ipv6', '--json', '--raw', '--level', 'INFO', '--ns', `ns1.sample.fi/${NS1}`, '--ns', `ns2.sample.fi/${NS2}`, 'sample.fi'],
        { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const entries = JSON.parse(out) as ZonemasterEntry[];
    // It really tested the servers (EDNS0, consistency between ns1 and ns2, authority), not only syntax.
    for (const tag of ['EDNS0_SUPPORT', 'ONE_SOA_MNAME', 'ARE_AUTHORITATIVE', 'DISTINCT_IP_ADDRESS']) {
      assert.ok(entries.some((e) => e.tag === tag), `zonemaster reported ${tag}`);
    }
    const problems = entries.filter((e) => ['ERROR', 'CRITICAL'].includes(e.level) && !(e.testcase && e.testcase in ALLOWED));
    assert.deepEqual(problems, [], JSON.stringify(problems, null, 1));
  });
});
