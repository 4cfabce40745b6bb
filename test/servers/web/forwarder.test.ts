// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the web forwarder's HTTP answers, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';
import { dig, requireDnsClients, rr, waitForAnswer } from '../dns/helpers.js';
import { chromiumDom, get, raw, requireChromium, statusOf } from './helpers.js';

const WEB_ADDRESS = '192.0.2.80';
const WEB_ADDRESS6 = '2001:db8::80';

/**
 * The web forwarder over real HTTP, and the builtin DNS server leading to it, with every record and
 * every parked domain made through the client API.
 */
describe('web forwarder: URL, URLFRAME, FORWARD and parking, by Host header', () => {
  let t: TestServer;
  let web: number;
  let dns: number;
  let token: string;
  let seq = 0;

  before(async () => {
    requireDnsClients();
    t = await startTestServer({ env: { WEB_PORT: '0', DNS_PORT: '0', WEB_ADDRESS, WEB_ADDRESS6 } });
    web = t.server.web!.port;
    dns = t.server.dns!.port;
    token = (await t.user({ postpaid: true })).token;
  });
  after(() => t?.close());

  async function domain(extra: Record<string, unknown> = {}): Promise<string> {
    const fqdn = `web${++seq}-test.fi`;
    await purchase(t, token, fqdn, extra);
    return fqdn;
  }
  async function add(fqdn: string, body: Record<string, unknown>): Promise<number> {
    const res = await t.request('POST', `/api/v1/domain/domains/${fqdn}/records`, { token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.id;
  }
  async function park(fqdn: string): Promise<void> {
    const res = await t.request('PUT', `/api/v1/domain/domains/${fqdn}/nameservers/park`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  /**
   * Asks until `accept` holds (a change is pushed to the forwarder, never polled); returns the last
   * response. The bound only ends a test that would wait forever: a sub-second one failed under load.
   */
  async function within(host: string, accept: (status: number, location: string | undefined) => boolean, path = '/') {
    const start = performance.now();
    for (;;) {
      const res = await get(web, host, path);
      if (accept(res.status, res.headers.location as string | undefined)) return res;
      assert.ok(performance.now() - start < 10_000, `${host}: still ${res.status} ${res.headers.location ?? ''} after 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('URL: the record\'s 301 or 302 to its target exactly, whatever the path; Host case, port and root dot do not matter', async () => {
    const z = await domain();
    await add(z, { host: '@', type: 'URL', content: 'https://target.example/landing?ref=1', redirect_type: 301 });
    await add(z, { host: 'go', type: 'URL', content: 'http://Other.Example:8080/x y', redirect_type: 302 });
    const permanent = await get(web, z, '/some/path?q=1');
    assert.equal(permanent.status, 301);
    assert.equal(permanent.headers.location, 'https://target.example/landing?ref=1');
    assert.equal(permanent.headers['cache-control'], 'max-age=3600', 'browsers keep a 301 an hour, not for ever');
    const temporary = await get(web, `GO.${z.toUpperCase()}.:8081`, '/');
    assert.equal(temporary.status, 302);
    assert.equal(temporary.headers.location, 'http://other.example:8080/x%20y', 'the target, as a valid Location');
    // Any method is redirected; HEAD gets no body.
    assert.equal((await get(web, z, '/', 'POST')).status, 301);
    const head = await get(web, z, '/', 'HEAD');
    assert.equal(head.status, 301);
    assert.equal(head.body, '');
  });

  it('FORWARD: a 302 keeping the path and query; the request cannot change the target\'s host', async () => {
    const z = await domain();
    await add(z, { host: 'old', type: 'FORWARD', content: 'https://new.example/shop/' });
    await add(z, { host: 'q', type: 'FORWARD', content: 'https://new.example/?src=old' });
    const cases: Array<[string, string, string]> = [
      [`old.${z}`, '/', 'https://new.example/shop/'],
      [`old.${z}`, '/a/b.html?x=1&y=2', 'https://new.example/shop/a/b.html?x=1&y=2'],
      [`old.${z}`, '//evil.example/x', 'https://new.example/shop//evil.example/x'],
      [`old.${z}`, '/../../etc/passwd', 'https://new.example/shop/etc/passwd'],
      [`q.${z}`, '/p?x=1', 'https://new.example/p?src=old&x=1'],
    ];
    for (const [host, path, location] of cases) {
      const res = await get(web, host, path);
      assert.equal(res.status, 302, `${host}${path}`);
      assert.equal(res.headers.location, location, `${host}${path}`);
    }
    // A request through a proxy (absolute-form) keeps only its path.
    const proxied = await raw(web, `GET http://evil.example/deep?z=9 HTTP/1.1\r\nHost: old.${z}\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(proxied), 302);
    assert.match(proxied, /\r\nlocation: https:\/\/new\.example\/shop\/deep\?z=9\r\n/i);
  });

  it('URLFRAME: a page framing the target under the visitor\'s host name, its text escaped; reads only', async () => {
    const z = await domain();
    await add(z, { host: 'framed', type: 'URLFRAME', content: 'https://framed.example/page?a=1&b=<2>' });
    const res = await get(web, `framed.${z}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(res.body, new RegExp(`<title>framed\\.${z.replace('.', '\\.')}</title>`));
    assert.match(res.body, /<iframe src="https:\/\/framed\.example\/page\?a=1&amp;b=%3C2%3E" title="framed\.[^"]+" allow="fullscreen"><\/iframe>/);
    assert.doesNotMatch(res.body, /<2>|&b=/);
    assert.match(String(res.headers['content-security-policy']), /frame-src http: https:/);
    assert.equal((await get(web, `framed.${z}`, '/', 'POST')).status, 405);
  });

  it('follows a CNAME in the zone (www to a forwarded apex) and a wildcard, as the DNS does; a change shows', async () => {
    const z = await domain();
    const apex = await add(z, { host: '@', type: 'URL', content: 'https://apex.example/', redirect_type: 302 });
    await add(z, { host: 'www', type: 'CNAME', content: z });
    await add(z, { host: '*', type: 'FORWARD', content: 'https://wild.example' });
    await add(z, { host: 'plain', type: 'A', content: '192.0.2.9' });
    assert.equal((await get(web, `www.${z}`)).headers.location, 'https://apex.example/');
    assert.equal((await get(web, `anything.${z}`, '/p')).headers.location, 'https://wild.example/p');
    assert.equal((await get(web, `plain.${z}`)).status, 404, 'a name with records of its own is not the wildcard\'s');
    // Changed, then deleted, through the API.
    const patched = await t.request('PATCH', `/api/v1/domain/domains/${z}/records/${apex}`, { token, body: { content: 'https://moved.example/', redirect_type: 301 } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    await within(z, (status, location) => status === 301 && location === 'https://moved.example/');
    assert.equal((await t.request('DELETE', `/api/v1/domain/domains/${z}/records/${apex}`, { token })).status, 200);
    await within(z, (status) => status === 404);
  });

  it('DNS: the builtin server answers forwarded names with WEB_ADDRESS (and WEB_ADDRESS6)', async () => {
    const z = await domain();
    await add(z, { host: 'go', type: 'URL', content: 'https://target.example/', redirect_type: 301 });
    await add(z, { host: 'go', type: 'A', content: '192.0.2.1' });
    await add(z, { host: 'www', type: 'CNAME', content: `go.${z}` });
    await add(z, { host: 'mail', type: 'A', content: '192.0.2.25' });
    // Wait for the last change to be served (mail), so every record above is in the answers below.
    await waitForAnswer(dns, `mail.${z}`, 'A', (a) => a.answers?.length === 1, 10_000);
    const a = await dig(dns, `go.${z}`, 'A');
    assert.equal(a.status, 'NOERROR');
    assert.ok(a.flags.includes('aa'));
    assert.deepEqual(a.answer.map(rr), [`go.${z}. A ${WEB_ADDRESS}`], 'the forward wins over the name\'s own A record');
    assert.deepEqual((await dig(dns, `go.${z}`, 'AAAA')).answer.map(rr), [`go.${z}. AAAA ${WEB_ADDRESS6}`]);
    assert.deepEqual((await dig(dns, `www.${z}`, 'A')).answer.map(rr), [`www.${z}. CNAME go.${z}.`, `go.${z}. A ${WEB_ADDRESS}`]);
    assert.deepEqual((await dig(dns, `mail.${z}`, 'A')).answer.map(rr), [`mail.${z}. A 192.0.2.25`], 'other names as they are');
    const txt = await dig(dns, `go.${z}`, 'TXT');
    assert.equal(txt.status, 'NOERROR');
    assert.deepEqual(txt.answer, [], 'no other type at a forwarded name');
    // A zone transfer carries the forwarder's addresses in place of the name's own.
    const axfr = await dig(dns, z, 'AXFR');
    const lines = axfr.raw.split('\n').filter((l) => l.startsWith(`go.${z}.`)).map((l) => rr(l.trim().split(/\s+/)));
    assert.deepEqual(lines.sort(), [`go.${z}. A ${WEB_ADDRESS}`, `go.${z}. AAAA ${WEB_ADDRESS6}`]);
  });

  it('parking through the API: the parking page at the apex and www, and the DNS leads there', async () => {
    const z = await domain();
    await add(z, { host: '@', type: 'A', content: '192.0.2.1' });
    await park(z);
    for (const host of [z, `www.${z}`, `WWW.${z}.`]) {
      const res = await get(web, host);
      assert.equal(res.status, 200, host);
      assert.match(res.body, new RegExp(`<title>${z.replace('.', '\\.')} is parked</title>`));
      assert.match(res.body, new RegExp(`<h1>${z.replace('.', '\\.')}</h1>`));
      assert.match(res.body, /<p>This domain is parked with Hostplane\.<\/p>/);
    }
    assert.equal((await get(web, `shop.${z}`)).status, 404, 'only the apex and www are parked');
    await waitForAnswer(dns, z, 'A', (a) => (a.answers as Array<{ data: unknown }> | undefined)?.[0]?.data === WEB_ADDRESS, 10_000);
    assert.deepEqual((await dig(dns, z, 'A')).answer.map(rr), [`${z}. A ${WEB_ADDRESS}`], 'the parking, not the old A record');
    assert.deepEqual((await dig(dns, `www.${z}`, 'AAAA')).answer.map(rr), [`www.${z}. AAAA ${WEB_ADDRESS6}`]);
    const ns = await dig(dns, z, 'NS');
    assert.deepEqual(ns.answer.map(rr).sort(), t.server.runtime.ctx.settings.parkNameservers.map((n) => `${z}. NS ${n}.`).sort());
    // The records API still refuses: the domain is not on our name servers.
    assert.equal((await t.request('GET', `/api/v1/domain/domains/${z}/records`, { token })).status, 400);
    // Back on our name servers: the old records answer again, and the page is gone.
    const back = await t.request('PUT', `/api/v1/domain/domains/${z}/nameservers`, { token, body: { nameservers: t.server.runtime.ctx.settings.nameservers } });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    await waitForAnswer(dns, z, 'A', (a) => (a.answers as Array<{ data: unknown }> | undefined)?.[0]?.data === '192.0.2.1', 10_000);
    await within(z, (status) => status === 404);
  });

  it('the parking page shows an IDN in its letters, and one that mixes scripts (a Cyrillic "а" in paypal) as xn--', async () => {
    const park = { nameServers: t.server.runtime.ctx.settings.parkNameservers };
    const fair = `mäkikauppa${++seq}.fi`;
    await purchase(t, token, fair, park);
    const fairAscii = domainToASCII(fair);
    const shown = await get(web, fairAscii);
    assert.equal(shown.status, 200);
    assert.match(shown.body, new RegExp(`<h1>${fair.replace('.', '\\.')}</h1>`));

    // pаypal.fi, its second letter U+0430: the page must not show "paypal.fi". .fi's rules (and .com's
    // one-script rule) refuse to sell it now, so the test renames a parked domain in the store: a name
    // registered before such a rule, or elsewhere, and parked here.
    const spoof = 'xn--pypal-4ve.fi';
    assert.equal(domainToUnicode(spoof), 'p\u0430ypal.fi');
    const parked = `parkattu${++seq}.fi`;
    await purchase(t, token, parked, park);
    const row = (await t.server.runtime.ctx.store.domains.findLiveByFqdn(parked))!;
    await t.server.runtime.ctx.store.domains.update(row.id, { sld: 'xn--pypal-4ve', fqdn: spoof, fqdn_unicode: domainToUnicode(spoof) });
    for (const host of [spoof, `www.${spoof}`]) {
      const res = await get(web, host);
      assert.equal(res.status, 200, host);
      assert.match(res.body, /<title>xn--pypal-4ve\.fi is parked<\/title>/, host);
      assert.match(res.body, /<h1>xn--pypal-4ve\.fi<\/h1>/, host);
      assert.ok(!res.body.includes('p\u0430ypal'), `${host}: the decoded name is nowhere on the page`);
    }
  });

  it('a parked zone whose www has a CNAME transfers the forwarder\'s addresses there, not the CNAME beside them', async () => {
    const z = await domain();
    await add(z, { host: 'www', type: 'CNAME', content: 'elsewhere.example.net' });
    await park(z);
    await waitForAnswer(dns, `www.${z}`, 'A', (a) => (a.answers as Array<{ data: unknown }> | undefined)?.[0]?.data === WEB_ADDRESS, 10_000);
    const axfr = await dig(dns, z, 'AXFR');
    const www = axfr.raw.split('\n').filter((l) => l.startsWith(`www.${z}.`)).map((l) => rr(l.trim().split(/\s+/)));
    // A secondary (BIND) refuses a transfer with a CNAME beside other data at one name.
    assert.deepEqual(www.sort(), [`www.${z}. A ${WEB_ADDRESS}`, `www.${z}. AAAA ${WEB_ADDRESS6}`]);
  });

  it('a domain bought on the park servers is parked from the start', async () => {
    const z = await domain({ nameServers: t.server.runtime.ctx.settings.parkNameservers });
    assert.equal((await get(web, `www.${z}`)).status, 200);
    await waitForAnswer(dns, `www.${z}`, 'A', (a) => (a.answers as Array<{ data: unknown }> | undefined)?.[0]?.data === WEB_ADDRESS, 10_000);
  });

  it('Host header tricks get a 4xx or the 404 page, never a crash', async () => {
    const z = await domain();
    await add(z, { host: '@', type: 'URL', content: 'https://target.example/', redirect_type: 301 });
    const notFound = ['unknown-host.example', 'nothing.here', '127.0.0.1', `127.0.0.1:${web}`, '[::1]', `[::1]:${web}`, `deeper.${z}`, 'fi', 'localhost'];
    for (const host of notFound) {
      const res = await get(web, host);
      assert.equal(res.status, 404, host);
      assert.match(res.body, /<title>Not found<\/title>/, host);
    }
    const invalid = ['a b.fi', `${z}:x`, `${z}:123456`, '*.fi', `x..${z}`, '-bad.fi', `${'a'.repeat(64)}.fi`, `${'a.'.repeat(127)}fi`, '[not-ipv6]', 'ä.fi', `${z}/x`, '.'];
    for (const host of invalid) {
      const res = await get(web, host);
      assert.equal(res.status, 400, host);
      assert.match(res.body, /<title>Bad request<\/title>/, host);
    }
    const rawCases: Array<[string, string | Buffer, number[]]> = [
      ['no Host', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', [400]],
      ['HTTP/1.0 without Host', 'GET / HTTP/1.0\r\n\r\n', [400]],
      ['a CR inside the Host', `GET / HTTP/1.1\r\nHost: ${z}\rLocation: https://evil.example\r\nConnection: close\r\n\r\n`, [400]],
      ['a NUL in the Host', Buffer.from(`GET / HTTP/1.1\r\nHost: ${z}\u0000.evil\r\nConnection: close\r\n\r\n`, 'latin1'), [400]],
      ['a header-like Host', `GET / HTTP/1.1\r\nHost: evil.example\\r\\nSet-Cookie: a=b\r\nConnection: close\r\n\r\n`, [400]],
      ['a very long Host', `GET / HTTP/1.1\r\nHost: ${'a'.repeat(2000)}.fi\r\nConnection: close\r\n\r\n`, [400]],
      ['a Host beyond the header limit', `GET / HTTP/1.1\r\nHost: ${'a'.repeat(70_000)}\r\nConnection: close\r\n\r\n`, [431, 400]],
      ['a bad request line', 'GARBAGE\r\n\r\n', [400]],
    ];
    for (const [what, bytes, statuses] of rawCases) {
      const reply = await raw(web, bytes);
      assert.ok(statuses.includes(statusOf(reply)), `${what}: ${reply.slice(0, 80)}`);
      assert.doesNotMatch(reply, /evil|set-cookie/i, what);
    }
    // Still serving.
    assert.equal((await get(web, z)).status, 301);
  });

  it('in a real browser: the URLFRAME page renders its frame (the target is loaded) and the parking page its text', async () => {
    requireChromium();
    const hits: string[] = [];
    const target: HttpServer = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!DOCTYPE html><title>Framed</title><p>framed content</p>');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    try {
      const z = await domain();
      const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/inner?from=frame`;
      await add(z, { host: 'shop', type: 'URLFRAME', content: targetUrl });
      const framed = await chromiumDom(`http://shop.${z}:${web}/`, [`shop.${z}`]);
      assert.match(framed, new RegExp(`<title>shop\\.${z.replace('.', '\\.')}</title>`));
      assert.match(framed, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/inner\?from=frame" title="[^"]+" allow="fullscreen"><\/iframe>/);
      assert.ok(hits.includes('/inner?from=frame'), `the browser loaded the framed target: ${JSON.stringify(hits)}`);

      const p = await domain();
      await park(p);
      const parked = await chromiumDom(`http://www.${p}:${web}/`, [`www.${p}`]);
      assert.match(parked, new RegExp(`<h1>${p.replace('.', '\\.')}</h1>`));
      assert.match(parked, /This domain is parked with Hostplane\./);
    } finally {
      await new Promise((resolve) => target.close(resolve));
    }
  });
});
