import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord } from '../../../src/ports/store.js';
import { answer, zoneTransferRecords } from '../../../src/servers/dns/answer.js';
import type { WebForwarding } from '../../../src/servers/dns/web-forward.js';
import { ZoneIndex } from '../../../src/servers/dns/zone-index.js';
import { parseHost } from '../../../src/servers/web/host.js';
import { escapeHtml, framePage, parkingPage } from '../../../src/servers/web/pages.js';
import { location } from '../../../src/servers/web/server.js';
import { SiteCache, siteIn, type Site } from '../../../src/servers/web/site.js';
import { snapshot } from '../dns/helpers.js';

/** The forwarder's pure parts and the DNS server's web forward step, without sockets. */

describe('parseHost', () => {
  it('takes the host name: lower case, no port, no root dot', () => {
    assert.deepEqual(parseHost('WWW.Example.FI:8080'), { kind: 'name', name: 'www.example.fi' });
    assert.deepEqual(parseHost('example.fi.'), { kind: 'name', name: 'example.fi' });
    assert.deepEqual(parseHost('xn--mkikauppa-v2a.fi'), { kind: 'name', name: 'xn--mkikauppa-v2a.fi' });
    assert.deepEqual(parseHost('_acme.example.fi'), { kind: 'name', name: '_acme.example.fi' });
  });
  it('knows addresses (no site is served at one) from nonsense', () => {
    for (const h of ['192.0.2.1', '192.0.2.1:80', '[2001:db8::1]', '[::ffff:192.0.2.1]:8080']) assert.equal(parseHost(h).kind, 'address', h);
    for (const h of [undefined, '', ' ', '.', '..', 'a..b', '*.example.fi', 'a_b-.fi', 'ex ample.fi', 'example.fi:', 'example.fi:80:80', '[2001:db8::1', '[zz]', 'ä.fi', 'a\u0000.fi', 'a'.repeat(301), `${'abcdefghi.'.repeat(26)}fi`]) {
      assert.equal(parseHost(h).kind, 'invalid', JSON.stringify(h));
    }
  });
});

describe('location', () => {
  it('URL: the target exactly; FORWARD: the target with the request path and query', () => {
    assert.equal(location({ kind: 'URL', target: 'https://t.example/a?b=1', status: 301 }, '/x?y=2'), 'https://t.example/a?b=1');
    const fwd = (target: string, path: string) => location({ kind: 'FORWARD', target }, path);
    assert.equal(fwd('https://t.example', '/'), 'https://t.example/');
    assert.equal(fwd('https://t.example', '/a/b?c=d'), 'https://t.example/a/b?c=d');
    assert.equal(fwd('https://t.example/base/', '/a'), 'https://t.example/base/a');
    assert.equal(fwd('https://t.example/base#top', '/a?q'), 'https://t.example/base/a?q#top');
    assert.equal(fwd('https://t.example/', '//evil.example/x'), 'https://t.example//evil.example/x');
    assert.equal(fwd('https://t.example/', '/\\evil.example'), 'https://t.example//evil.example');
    assert.equal(fwd('https://t.example/', '*'), 'https://t.example/');
    assert.equal(fwd('https://t.example/', 'http://evil.example/p?q=1'), 'https://t.example/p?q=1');
  });
});

describe('pages', () => {
  it('escape every outside text', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const frame = framePage('xn--mkikauppa-v2a.fi', 'https://t.example/?a="b"&c=<d>');
    assert.match(frame.html, /<title>mäkikauppa\.fi<\/title>/);
    assert.match(frame.html, /src="https:\/\/t\.example\/\?a=&quot;b&quot;&amp;c=&lt;d&gt;"/);
    assert.match(parkingPage('example.fi', 'A & B <Oy>').html, /parked with A &amp; B &lt;Oy&gt;\./);
  });
});

let id = 0;
const rec = (name: string, type: string, content: string, extra: Partial<DnsRecord> = {}): DnsRecord => ({
  id: ++id, zone_id: 1, name, type, content, ttl: 3600, priority: null, weight: null, port: null, service: null, proto: null,
  redirect_type: null, fallback_ip: null, created_at: '', updated_at: '', ...extra,
});

describe('siteIn', () => {
  const records = [
    rec('example.fi', 'NS', 'ns1.hostplane.test'),
    rec('example.fi', 'URL', 'https://apex.example/', { redirect_type: 301 }),
    rec('example.fi', 'URLFRAME', 'https://later.example/'),
    rec('www.example.fi', 'CNAME', 'example.fi'),
    rec('loop1.example.fi', 'CNAME', 'loop2.example.fi'),
    rec('loop2.example.fi', 'CNAME', 'loop1.example.fi'),
    rec('out.example.fi', 'CNAME', 'elsewhere.example.net'),
    rec('*.apps.example.fi', 'FORWARD', 'https://apps.example/'),
    rec('real.apps.example.fi', 'A', '192.0.2.1'),
    rec('sub.example.fi', 'NS', 'ns.other.example'),
    rec('*.example.fi', 'URL', 'https://wild.example/', { redirect_type: 302 }),
    rec('example.fi', 'SRV', 'sip.example.fi', { service: '_sip', proto: '_tcp' }),
  ];
  const site = (host: string) => siteIn('example.fi', records, host);
  it('finds the name\'s forward (the oldest of several), through in-zone CNAMEs and wildcards', () => {
    assert.deepEqual(site('example.fi'), { kind: 'URL', target: 'https://apex.example/', status: 301 });
    assert.deepEqual(site('www.example.fi'), { kind: 'URL', target: 'https://apex.example/', status: 301 });
    assert.deepEqual(site('x.apps.example.fi'), { kind: 'FORWARD', target: 'https://apps.example/' });
    assert.deepEqual(site('a.b.example.fi'), { kind: 'URL', target: 'https://wild.example/', status: 302 });
  });
  it('finds nothing at names of their own, loops, delegations, names elsewhere', () => {
    for (const host of ['real.apps.example.fi', 'apps.example.fi', 'loop1.example.fi', 'out.example.fi', 'sub.example.fi', 'x.sub.example.fi', '_tcp.example.fi', 'example.net']) {
      assert.equal(site(host), undefined, host);
    }
  });
});

describe('SiteCache', () => {
  it('keeps a site for ttlMs, found or not, and shares one read among concurrent lookups', async () => {
    let now = 0;
    let reads = 0;
    let answer: Site | undefined;
    const cache = new SiteCache(async () => (reads++, answer), 500, 2, () => now);
    await Promise.all([cache.get('a.fi'), cache.get('a.fi')]);
    assert.equal(reads, 1);
    answer = { kind: 'parked', domain: 'a.fi' };
    assert.equal(await cache.get('a.fi'), undefined, 'not found, kept');
    now = 501;
    assert.deepEqual(await cache.get('a.fi'), answer, 'read again after ttlMs');
    await cache.get('b.fi');
    await cache.get('c.fi');
    assert.equal(reads, 4);
    await cache.get('a.fi');
    assert.equal(reads, 5, 'at most `max` hosts are kept, the oldest goes');
  });
});

describe('the DNS server\'s web forward step', () => {
  const web: WebForwarding = { address: '192.0.2.80', address6: null, parkNameservers: new Set(['park1.hostplane.test', 'park2.hostplane.test']) };
  const index = new ZoneIndex();
  index.put(snapshot('fwd.fi', [
    { name: 'fwd.fi', type: 'NS', content: 'ns1.hostplane.test' },
    { name: 'go.fwd.fi', type: 'URL', content: 'https://t.example/', ttl: 300 },
    { name: 'go.fwd.fi', type: 'A', content: '192.0.2.1' },
    { name: '*.w.fwd.fi', type: 'FORWARD', content: 'https://t.example/' },
    { name: 'www.fwd.fi', type: 'A', content: '192.0.2.2' },
  ]));
  index.put(snapshot('parked.fi', [
    { name: 'parked.fi', type: 'NS', content: 'park1.hostplane.test' },
    { name: 'parked.fi', type: 'NS', content: 'park2.hostplane.test' },
    { name: 'parked.fi', type: 'A', content: '192.0.2.3' },
    { name: 'mail.parked.fi', type: 'A', content: '192.0.2.25' },
  ]));
  const ask = (name: string, type: number, lookups = { web }) => answer(index, { name, owner: name, type }, lookups);
  const A = 1;
  const AAAA = 28;

  it('answers A at forwarded names with the forwarder\'s address, and AAAA without WEB_ADDRESS6 with NODATA', () => {
    assert.deepEqual(ask('go.fwd.fi', A).answers, [{ name: 'go.fwd.fi', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.80' }]);
    assert.deepEqual(ask('x.w.fwd.fi', A).answers.map((r) => r.data), ['192.0.2.80']);
    const nodata = ask('go.fwd.fi', AAAA);
    assert.deepEqual([nodata.rcode, nodata.answers.length, nodata.authorities[0]?.type], [0, 0, 'SOA']);
    assert.deepEqual(ask('www.fwd.fi', A).answers.map((r) => r.data), ['192.0.2.2'], 'a zone on our name servers is not parked');
    assert.deepEqual(ask('go.fwd.fi', A, { web: undefined! }).answers.map((r) => r.data), ['192.0.2.1'], 'without a forwarder, as before');
  });
  it('answers the apex and www of a parked zone, existing or not, and the rest as it stands', () => {
    assert.deepEqual(ask('parked.fi', A).answers.map((r) => r.data), ['192.0.2.80']);
    assert.deepEqual(ask('www.parked.fi', A).answers.map((r) => r.data), ['192.0.2.80']);
    assert.deepEqual(ask('mail.parked.fi', A).answers.map((r) => r.data), ['192.0.2.25']);
    assert.equal(ask('shop.parked.fi', A).rcode, 3);
  });
  it('gives secondaries the same addresses in a zone transfer', () => {
    const lines = (zone: string) => zoneTransferRecords(index.get(zone)!, index, { web }).filter((r) => r.type === 'A').map((r) => `${r.name} ${r.data}`).sort();
    assert.deepEqual(lines('fwd.fi'), ['*.w.fwd.fi 192.0.2.80', 'go.fwd.fi 192.0.2.80', 'www.fwd.fi 192.0.2.2']);
    assert.deepEqual(lines('parked.fi'), ['mail.parked.fi 192.0.2.25', 'parked.fi 192.0.2.80', 'www.parked.fi 192.0.2.80']);
  });
});
