// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the DNS wire protocol against dig and kdig, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';
import { decode, dig, kdig, kdigRaw, query, requireDnsClients, rr, tcpExchange, txtCharacterStrings, udpExchange, waitForAnswer } from './helpers.js';

const run = promisify(execFile);

/**
 * The builtin DNS server against real clients (dig and kdig), with every record made through the
 * client API: a customer's change is answered, with the flags and sections an authoritative server
 * gives (RFC 1034, 1035, 2308, 4592, 6891, 7766). How soon is printed, not asserted: the tests run two
 * files at once on a shared machine, where a sub-second claim fails for the load, not the server.
 */
describe('builtin DNS server: dig and kdig against records made through the API', () => {
  let t: TestServer;
  let port: number;
  let token: string;
  let seq = 0;
  /** The slowest time from the API's answer to the DNS server's, over every change in this file. */
  let slowest = 0;

  before(async () => {
    requireDnsClients();
    t = await startTestServer({ env: { DNS_PORT: '0' } });
    port = t.server.dns!.port;
    token = (await t.user({ postpaid: true })).token;
  });
  after(async () => {
    console.log(`# slowest change to answer: ${slowest.toFixed(0)} ms`);
    await t?.close();
  });

  /** A domain bought through the API, on our name servers, with its zone answered by the DNS server. */
  async function zone(): Promise<string> {
    const fqdn = `dns${++seq}-test.fi`;
    await purchase(t, token, fqdn);
    await within(fqdn, 'SOA', (a) => a.rcode === 'NOERROR' && a.answers?.length === 1);
    return fqdn;
  }
  const records = (fqdn: string) => `/api/v1/domain/domains/${fqdn}/records`;
  async function add(fqdn: string, body: Record<string, unknown>): Promise<number> {
    const res = await t.request('POST', records(fqdn), { token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.id;
  }
  /** Waits for the server to answer `name type` as `accept` wants (a change is pushed to it, never polled), and notes how long it took. */
  async function within(name: string, type: string, accept: Parameters<typeof waitForAnswer>[3]): Promise<void> {
    slowest = Math.max(slowest, await waitForAnswer(port, name, type, accept, 10_000));
  }
  const hasAnswer = (a: { answers?: unknown[] }) => (a.answers?.length ?? 0) > 0;

  it('answers every record type made through the API, authoritatively', async () => {
    const z = await zone();
    const cases: Array<{ body: Record<string, unknown>; name: string; type: string; expect: string[]; additional?: string[] }> = [
      { body: { host: '@', type: 'A', content: '192.0.2.1' }, name: z, type: 'A', expect: [`${z}. A 192.0.2.1`] },
      { body: { host: 'v6', type: 'AAAA', content: '2001:db8::1' }, name: `v6.${z}`, type: 'AAAA', expect: [`v6.${z}. AAAA 2001:db8::1`] },
      { body: { host: 'www', type: 'CNAME', content: z }, name: `www.${z}`, type: 'A', expect: [`www.${z}. CNAME ${z}.`, `${z}. A 192.0.2.1`] },
      { body: { host: 'mail', type: 'A', content: '192.0.2.25' }, name: `mail.${z}`, type: 'A', expect: [`mail.${z}. A 192.0.2.25`] },
      {
        body: { host: '@', type: 'MX', content: `mail.${z}`, pref: 10 },
        name: z,
        type: 'MX',
        expect: [`${z}. MX 10 mail.${z}.`],
        additional: [`mail.${z}. A 192.0.2.25`],
      },
      {
        // MXE: an MX to a name the server implies, and that name's A record.
        body: { host: 'shop', type: 'MXE', content: '198.51.100.7', pref: 5 },
        name: `shop.${z}`,
        type: 'MX',
        expect: [`shop.${z}. MX 5 mxe-198-51-100-7.${z}.`],
        additional: [`mxe-198-51-100-7.${z}. A 198.51.100.7`],
      },
      {
        body: { host: '@', type: 'SRV', content: `sip.${z}`, service: '_sip', proto: '_tcp', priority: 10, weight: 60, port: 5060 },
        name: `_sip._tcp.${z}`,
        type: 'SRV',
        expect: [`_sip._tcp.${z}. SRV 10 60 5060 sip.${z}.`],
      },
      { body: { host: '_dmarc', type: 'TXT', content: 'v=DMARC1; p=none' }, name: `_dmarc.${z}`, type: 'TXT', expect: [`_dmarc.${z}. TXT "v=DMARC1; p=none"`] },
    ];
    for (const c of cases) {
      await add(z, c.body);
      await within(c.name, c.type, hasAnswer);
      for (const client of [dig, kdig]) {
        const res = await client(port, c.name, c.type);
        assert.equal(res.status, 'NOERROR', res.raw);
        assert.ok(res.flags.includes('aa'), `${client.name} ${c.name} ${c.type}: aa in ${res.flags}`);
        assert.ok(!res.flags.includes('ra'), 'no recursion offered');
        // Exactly as printed, quotes included: a TXT is one quoted character-string per string it holds.
        assert.deepEqual(res.answer.map(rr), c.expect, `${client.name} ${c.name} ${c.type}\n${res.raw}`);
        assert.deepEqual(res.authority, []);
        if (c.additional) assert.deepEqual(res.additional.filter((f) => f[3] !== 'OPT').map(rr), c.additional, res.raw);
      }
    }
    // A TXT longer than 255 bytes goes out as several character-strings that join to the text.
    const long = `v=spf1 ${'include:_spf.example.net '.repeat(14)}~all`;
    await add(z, { host: 'long', type: 'TXT', content: long });
    await within(`long.${z}`, 'TXT', hasAnswer);
    assert.deepEqual(await txtCharacterStrings(port, `long.${z}`), [[long.slice(0, 255), long.slice(255)]], 'full 255-byte strings, then the rest');
    // TTLs: the record's own.
    await add(z, { host: 'short', type: 'A', content: '192.0.2.9', ttl: 300 });
    await within(`short.${z}`, 'A', hasAnswer);
    assert.equal((await dig(port, `short.${z}`, 'A')).answer[0]![1], '300');
  });

  it('serves TXT character-strings exactly: an SPF policy as one string, a 2048-bit DKIM key in 255-byte strings', async () => {
    const z = await zone();
    // Split at its spaces, SPF would read "v=spf1mx-all" (strings are joined without spaces).
    const spf = 'v=spf1 mx -all';
    await add(z, { host: '@', type: 'TXT', content: spf });
    const spki = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    const dkim = `v=DKIM1; k=rsa; p=${spki.toString('base64')}`;
    assert.ok(dkim.length > 255 && dkim.length <= 510, `${dkim.length} bytes: two strings`);
    await add(z, { host: `sel1._domainkey.${z}`, type: 'TXT', content: dkim });
    await within(`sel1._domainkey.${z}`, 'TXT', hasAnswer);

    assert.deepEqual(await txtCharacterStrings(port, z), [[spf]]);
    const dkimStrings = await txtCharacterStrings(port, `sel1._domainkey.${z}`);
    assert.deepEqual(dkimStrings, [[dkim.slice(0, 255), dkim.slice(255)]]);
    assert.equal(dkimStrings[0]!.join(''), dkim, 'the strings rejoin to the key');
    // And as real clients print them: one quoted string per character-string.
    for (const tool of ['dig', 'kdig'] as const) {
      const short = (name: string) => run(tool, ['@127.0.0.1', '-p', String(port), name, 'TXT', '+short']).then((r) => r.stdout.trim());
      assert.equal(await short(z), `"${spf}"`, tool);
      assert.equal(await short(`sel1._domainkey.${z}`), `"${dkim.slice(0, 255)}" "${dkim.slice(255)}"`, tool);
    }
  });

  it('follows updates and deletions; the SOA serial moves with every change', async () => {
    const z = await zone();
    const serialOf = async () => Number((await dig(port, z, 'SOA')).answer[0]![6]);
    const s0 = await serialOf();
    const id = await add(z, { host: 'app', type: 'A', content: '192.0.2.10' });
    await within(`app.${z}`, 'A', hasAnswer);
    const s1 = await serialOf();
    assert.ok(s1 > s0, `serial ${s0} -> ${s1}`);
    const patched = await t.request('PATCH', `${records(z)}/${id}`, { token, body: { content: '192.0.2.11' } });
    assert.equal(patched.status, 200);
    await within(`app.${z}`, 'A', (a) => (a.answers?.[0] as any)?.data === '192.0.2.11');
    const s2 = await serialOf();
    assert.ok(s2 > s1);
    assert.equal(s2, (await t.server.runtime.ctx.store.zones.findByName(z))!.serial, 'the store\'s serial is the one served');
    assert.equal((await t.request('DELETE', `${records(z)}/${id}`, { token })).status, 200);
    await within(`app.${z}`, 'A', (a) => a.rcode === 'NXDOMAIN');
    assert.ok((await serialOf()) > s2);
  });

  it('NXDOMAIN and NODATA carry the SOA in the authority section; names outside our zones are REFUSED', async () => {
    const z = await zone();
    await add(z, { host: 'www', type: 'A', content: '192.0.2.1' });
    await add(z, { host: `a.b.c.${z}`, type: 'TXT', content: 'deep' });
    await within(`a.b.c.${z}`, 'TXT', hasAnswer);

    const nx = await dig(port, `missing.${z}`, 'A');
    assert.equal(nx.status, 'NXDOMAIN');
    assert.ok(nx.flags.includes('aa'));
    assert.deepEqual(nx.answer, []);
    assert.equal(nx.authority.length, 1);
    assert.equal(nx.authority[0]![3], 'SOA');
    assert.equal(nx.authority[0]![0], `${z}.`);
    // RFC 2308 3: the negative TTL is the lesser of the SOA's TTL and MINIMUM (3600 both here).
    assert.equal(nx.authority[0]![1], '3600');

    const nodata = await kdig(port, `www.${z}`, 'AAAA');
    assert.equal(nodata.status, 'NOERROR');
    assert.ok(nodata.flags.includes('aa'));
    assert.deepEqual(nodata.answer, []);
    assert.equal(nodata.authority[0]![3], 'SOA');

    // An empty non-terminal exists (RFC 4592 2.2.2): NODATA, not NXDOMAIN.
    const ent = await dig(port, `b.c.${z}`, 'A');
    assert.equal(ent.status, 'NOERROR');
    assert.equal(ent.authority[0]![3], 'SOA');

    const outside = await dig(port, 'www.example.com', 'A');
    assert.equal(outside.status, 'REFUSED');
    assert.ok(!outside.flags.includes('aa'));
    assert.deepEqual([outside.answer, outside.authority], [[], []]);

    // Case is kept in the question (resolvers that randomize it check, RFC 4343) and answers match any case.
    const mixed = await dig(port, `WwW.${z.toUpperCase()}`, 'A');
    assert.match(mixed.raw, new RegExp(`;WwW\\.${z.toUpperCase().replace(/\./g, '\\.')}\\.\\s+IN\\s+A`));
    assert.deepEqual(mixed.answer.map((f) => f[4]), ['192.0.2.1']);
  });

  it('follows CNAME chains inside the zone and stops at a target outside it', async () => {
    const z = await zone();
    await add(z, { host: 'one', type: 'CNAME', content: `two.${z}` });
    await add(z, { host: 'two', type: 'CNAME', content: `three.${z}` });
    await add(z, { host: 'three', type: 'A', content: '192.0.2.3' });
    await add(z, { host: 'away', type: 'CNAME', content: 'www.example.net' });
    await add(z, { host: 'dangling', type: 'CNAME', content: `nothing.${z}` });
    await within(`dangling.${z}`, 'A', hasAnswer);

    const chain = await dig(port, `one.${z}`, 'A');
    assert.equal(chain.status, 'NOERROR');
    assert.ok(chain.flags.includes('aa'));
    assert.deepEqual(chain.answer.map(rr), [`one.${z}. CNAME two.${z}.`, `two.${z}. CNAME three.${z}.`, `three.${z}. A 192.0.2.3`]);

    const away = await kdig(port, `away.${z}`, 'A');
    assert.equal(away.status, 'NOERROR');
    assert.deepEqual(away.answer.map(rr), [`away.${z}. CNAME www.example.net.`]);

    // RFC 6604: the RCODE is the last name's: NXDOMAIN, with the CNAME and the SOA.
    const dangling = await dig(port, `dangling.${z}`, 'A');
    assert.equal(dangling.status, 'NXDOMAIN');
    assert.deepEqual(dangling.answer.map(rr), [`dangling.${z}. CNAME nothing.${z}.`]);
    assert.equal(dangling.authority[0]![3], 'SOA');

    // Asking for the CNAME itself does not follow it.
    assert.deepEqual((await dig(port, `one.${z}`, 'CNAME')).answer.map(rr), [`one.${z}. CNAME two.${z}.`]);
  });

  it('synthesizes wildcard answers for names that do not exist, and only for them (RFC 4592)', async () => {
    const z = await zone();
    await add(z, { host: '*', type: 'A', content: '192.0.2.42' });
    await add(z, { host: 'real', type: 'TXT', content: 'here' });
    await add(z, { host: `x.deep.${z}`, type: 'TXT', content: 'makes deep exist' });
    await within(`x.deep.${z}`, 'TXT', hasAnswer);

    const wild = await dig(port, `anything.${z}`, 'A');
    assert.equal(wild.status, 'NOERROR');
    assert.ok(wild.flags.includes('aa'));
    assert.deepEqual(wild.answer.map(rr), [`anything.${z}. A 192.0.2.42`], 'owned by the name asked');
    assert.deepEqual((await dig(port, `a.b.anything.${z}`, 'A')).answer.map(rr), [`a.b.anything.${z}. A 192.0.2.42`]);
    // The wildcard has no AAAA: NODATA.
    const nodata = await dig(port, `anything.${z}`, 'AAAA');
    assert.deepEqual([nodata.status, nodata.answer.length, nodata.authority[0]![3]], ['NOERROR', 0, 'SOA']);
    // Names that exist are not covered: "real" has TXT only, "deep" is an empty non-terminal.
    assert.deepEqual((await dig(port, `real.${z}`, 'A')).answer, []);
    assert.deepEqual((await dig(port, `deep.${z}`, 'A')).answer, []);
    // Below an existing name the closest encloser is that name, which has no "*" child: NXDOMAIN.
    assert.equal((await dig(port, `y.deep.${z}`, 'A')).status, 'NXDOMAIN');
  });

  it('delegates a subdomain with NS records: a referral with glue, not authoritative', async () => {
    const z = await zone();
    await add(z, { host: 'sub', type: 'NS', content: `ns1.sub.${z}` });
    await add(z, { host: 'sub', type: 'NS', content: 'ns.example.net' });
    await add(z, { host: `ns1.sub.${z}`, type: 'A', content: '192.0.2.53' });
    await add(z, { host: `ns1.sub.${z}`, type: 'AAAA', content: '2001:db8::53' });
    // Wait for the last change (the glue) to be served, not only the NS records.
    await within(`ns1.sub.${z}`, 'AAAA', (a) => (a.authorities?.length ?? 0) === 2 && (a.additionals ?? []).filter((r) => r.type !== 'OPT').length === 2);

    for (const client of [dig, kdig]) {
      const ref = await client(port, `www.sub.${z}`, 'A');
      assert.equal(ref.status, 'NOERROR', ref.raw);
      assert.ok(!ref.flags.includes('aa'), `a referral is not authoritative: ${ref.flags}`);
      assert.deepEqual(ref.answer, []);
      assert.deepEqual(ref.authority.map(rr).sort(), [`sub.${z}. NS ns.example.net.`, `sub.${z}. NS ns1.sub.${z}.`]);
      assert.deepEqual(
        ref.additional.filter((f) => f[3] !== 'OPT').map(rr).sort(),
        [`ns1.sub.${z}. A 192.0.2.53`, `ns1.sub.${z}. AAAA 2001:db8::53`],
      );
    }
    // The delegation point itself is referred too (its NS are the child's to answer).
    const at = await dig(port, `sub.${z}`, 'NS');
    assert.ok(!at.flags.includes('aa'));
    assert.equal(at.authority.length, 2);
  });

  it('EDNS0: 1232-byte UDP answers, TC when larger so that clients retry over TCP, BADVERS for EDNS version 1', async () => {
    const z = await zone();
    // About 40 x 60 bytes of TXT: more than 1232 bytes, far less than TCP's 64 KiB.
    for (let i = 0; i < 40; i++) await add(z, { host: 'big', type: 'TXT', content: `record ${String(i).padStart(2, '0')} ${'x'.repeat(40)}` });
    await add(z, { host: 'small', type: 'TXT', content: 'fits' });
    await within(`small.${z}`, 'TXT', hasAnswer);
    await within(`big.${z}`, 'TXT', (a) => (a.flag_tc ?? false) || (a.answers?.length ?? 0) === 40);

    const truncated = await dig(port, `big.${z}`, 'TXT', '+ignore');
    assert.ok(truncated.flags.includes('tc'), `TC set: ${truncated.flags}`);
    assert.deepEqual(truncated.answer, []);
    assert.ok(truncated.edns, 'the OPT record stays in a truncated answer');
    assert.match(truncated.raw, /udp: 1232/);

    // dig retries over TCP by itself and gets it all.
    const retried = await dig(port, `big.${z}`, 'TXT');
    assert.ok(!retried.flags.includes('tc'));
    assert.equal(retried.answer.length, 40);
    assert.match(retried.raw, /\(TCP\)/);
    const tcp = await kdig(port, `big.${z}`, 'TXT', '+tcp');
    assert.equal(tcp.answer.length, 40);

    // Without EDNS the limit is 512 bytes; asking for more than 1232 is capped at 1232.
    assert.ok((await dig(port, `big.${z}`, 'TXT', '+noedns', '+ignore')).flags.includes('tc'));
    assert.ok((await dig(port, `big.${z}`, 'TXT', '+bufsize=4096', '+ignore')).flags.includes('tc'));
    const small = await dig(port, `small.${z}`, 'TXT', '+noedns');
    assert.ok(!small.edns, 'no OPT in the answer to a query without one');
    assert.equal(small.answer.length, 1);

    // EDNS version 1 is answered BADVERS with an OPT of version 0 (RFC 6891 6.1.3).
    const badvers = await dig(port, z, 'SOA', '+edns=1', '+noednsnegotiation');
    assert.equal(badvers.status, 'BADVERS', badvers.raw);
    assert.match(badvers.raw, /EDNS: version: 0/);
  });

  it('transfers zones with AXFR over TCP (SOA first and last); refuses it over UDP', async () => {
    const z = await zone();
    await add(z, { host: 'www', type: 'A', content: '192.0.2.80' });
    await add(z, { host: '@', type: 'MXE', content: '192.0.2.25', pref: 10 });
    // Wait for the last change to be served (the MXE's own A record), not the first: the transfer must
    // carry the zone as of the serial the store has now.
    await within(`mxe-192-0-2-25.${z}`, 'A', hasAnswer);
    const out = await kdigRaw(port, z, 'AXFR');
    const rrs = out.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => rr(l.trim().split(/\s+/)));
    const serial = (await t.server.runtime.ctx.store.zones.findByName(z))!.serial;
    const soa = `${z}. SOA ns1.hostplane.test. hostmaster.hostplane.test. ${serial} 7200 3600 1209600 3600`;
    assert.equal(rrs[0], soa);
    assert.equal(rrs.at(-1), soa);
    assert.deepEqual(rrs.slice(1, -1).sort(), [
      `${z}. MX 10 mxe-192-0-2-25.${z}.`,
      `${z}. NS ns1.hostplane.test.`,
      `${z}. NS ns2.hostplane.test.`,
      `${z}. NS ns3.hostplane.test.`,
      `mxe-192-0-2-25.${z}. A 192.0.2.25`,
      `www.${z}. A 192.0.2.80`,
    ]);
    // dig and kdig never send AXFR over UDP; asked anyway, it is a format error (RFC 5936 4.2, as BIND).
    const udp = decode((await udpExchange(port, query(z, 'AXFR')))!);
    assert.equal(udp.rcode, 'FORMERR');
    // A transfer is for zones, by their apex.
    assert.equal(decode((await tcpExchange(port, query(`www.${z}`, 'AXFR')))!).rcode, 'NOTAUTH');
  });

  it('refuses other classes and answers a web forward\'s name with the web forwarder\'s address', async () => {
    const z = await zone();
    await add(z, { host: 'go', type: 'URL', content: 'https://example.net/', redirect_type: 301 });
    await add(z, { host: 'marker', type: 'A', content: '192.0.2.7' });
    await within(`marker.${z}`, 'A', hasAnswer);
    assert.equal((await dig(port, z, 'SOA', '-c', 'CH')).status, 'REFUSED');
    assert.equal((await dig(port, 'version.bind', 'TXT', '-c', 'CH')).status, 'REFUSED');
    // URL records are not DNS: the name answers with the web forwarder's address (WEB_ADDRESS, 127.0.0.1 by default).
    const go = await dig(port, `go.${z}`, 'A');
    assert.deepEqual([go.status, go.answer.map(rr)], ['NOERROR', [`go.${z}. A 127.0.0.1`]]);
  });
});
