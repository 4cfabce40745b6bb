import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startTestServer, type TestServer } from '../../helpers/server.js';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: any;
}

/**
 * POST /api/v1/auth from a chosen loopback source address: Linux routes all of 127.0.0.0/8 to the
 * loopback interface, so binding the client end to 127.0.0.2 makes the server see another address.
 */
function loginFrom(t: TestServer, localAddress: string, username: string, password: string): Promise<Answer> {
  const url = new URL('/api/v1/auth', t.url);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () =>
          resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject).end(body);
  });
}

let counter = 0;
const randomUsername = () => `flood-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

describe('client API: login floods are limited per source address', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { LOGIN_ADDRESS_FAILURES: '10' } });
  });
  after(() => t.close());

  it('random usernames from one address get 429 after its limit; a real user from another address logs in meanwhile', async () => {
    const real = await t.user({ username: 'real.user', password: 'the real password' });
    const flood: Answer[] = [];
    let next = 0;
    const attacker = async () => {
      while (next++ < 40) flood.push(await loginFrom(t, '127.0.0.1', randomUsername(), 'guess-guess'));
    };
    const floods = Promise.all([attacker(), attacker(), attacker(), attacker()]);
    while (flood.length < 12) await new Promise((r) => setTimeout(r, 10));
    const during = await loginFrom(t, '127.0.0.2', real.username, real.password);
    assert.equal(during.status, 200, `a real login from another address during the flood: ${JSON.stringify(during.body)}`);
    await floods;

    const refused = flood.filter((a) => a.status === 429);
    const verified = flood.filter((a) => a.status === 422);
    assert.equal(refused.length + verified.length, 40, JSON.stringify(flood.map((a) => a.status)));
    // Four attackers at once may each pass the check before the others' failures are written.
    assert.ok(verified.length >= 10 && verified.length <= 13, `${verified.length} attempts verified, limit 10`);
    for (const answer of refused) {
      assert.deepEqual(answer.body, { error: { status: 429, message: 'Too many failed login attempts from your address, try again later' } });
      const seconds = Number(answer.retryAfter);
      assert.ok(seconds > 0 && seconds <= 900, `Retry-After ${answer.retryAfter}`);
    }
    const sameAddress = await loginFrom(t, '127.0.0.1', real.username, real.password);
    assert.equal(sameAddress.status, 429, 'the flooding address is refused even with a right password');

    t.clock.advance(15 * 60 * 1000 + 1000);
    const later = await loginFrom(t, '127.0.0.1', real.username, real.password);
    assert.equal(later.status, 200, 'once the failures leave the 15-minute window');
  });
});

describe('client API: password verifications at once are bounded', () => {
  let t: TestServer;
  before(async () => {
    // At production's cost, so that verifications take long enough to overlap.
    t = await startTestServer({ env: { LOGIN_VERIFICATIONS: '1', PASSWORD_HASH_MEMORY_KIB: '65536', PASSWORD_HASH_PASSES: '3' } });
  });
  after(() => t.close());

  it('beyond the bound a login answers 503 with Retry-After at once, and a retry gets through', async () => {
    const real = await t.user({ username: 'patient.user', password: 'the real password' });
    // From many addresses, as a distributed flood comes: no address reaches its own limit.
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => loginFrom(t, `127.0.1.${i + 1}`, randomUsername(), 'guess-guess')),
    );
    const busy = answers.filter((a) => a.status === 503);
    assert.ok(busy.length > 0, `some of 16 logins at once with room for 1 are turned away: ${answers.map((a) => a.status)}`);
    assert.ok(answers.every((a) => a.status === 503 || a.status === 422), answers.map((a) => a.status).join(','));
    for (const answer of busy) {
      assert.equal(answer.retryAfter, '1');
      assert.deepEqual(answer.body, { error: { status: 503, message: 'Too many logins at once, try again in a moment' } });
    }
    const alone = await loginFrom(t, '127.0.0.2', real.username, real.password);
    assert.equal(alone.status, 200, 'with the verifications done, a login gets its slot');
  });
});

describe('client API: behind a trusted proxy, failures count per forwarded client', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { LOGIN_ADDRESS_FAILURES: '3', TRUST_PROXY: '127.0.0.1' } });
  });
  after(() => t.close());

  const attempt = (forwardedFor: string) =>
    t.request('POST', '/api/v1/auth', { body: { username: randomUsername(), password: 'guess-guess' }, headers: { 'x-forwarded-for': forwardedFor } });

  it('X-Forwarded-For from the trusted proxy names the source; an IPv6 /64 is one source', async () => {
    for (const address of ['203.0.113.7', '203.0.113.7', '203.0.113.7']) assert.equal((await attempt(address)).status, 422);
    assert.equal((await attempt('203.0.113.7')).status, 429);
    assert.equal((await attempt('203.0.113.8')).status, 422, 'another client behind the same proxy is not refused');
    for (const address of ['2001:db8:1:2::a', '2001:db8:1:2:ffff::1', '2001:db8:1:2::3']) assert.equal((await attempt(address)).status, 422);
    assert.equal((await attempt('2001:db8:1:2::99')).status, 429, 'the same /64');
    assert.equal((await attempt('2001:db8:1:3::a')).status, 422, 'the next /64 is another source');
  });
});
