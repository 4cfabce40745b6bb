// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is what PowerDNS serves from the provider's calls, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { describeDnsProvider } from './conformance.js';
import { DnsProviderError, type PublishedRecord, type ZoneSoa } from '../../../src/ports/dns.js';
import { diffZone } from '../../../src/core/dns/zone-snapshot.js';
import { dsOf } from '../../../src/core/dns/dnssec/key-material.js';
import {
  connectPowerDns,
  holdsKeys,
  powerDnsCapabilities,
  PowerDnsProvider,
} from '../../../src/providers/dns/powerdns/powerdns-provider.js';
import { PowerDnsClient, PowerDnsError } from '../../../src/providers/dns/powerdns/powerdns-client.js';
import { startPdns, type PdnsServer } from '../../helpers/pdns.js';
import { unusedPort } from '../../helpers/ports.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { purchase } from '../../helpers/fixtures.js';
import { signingKey, signingOf } from '../../helpers/dnssec-keys.js';
import { delv, requireValidators, verifyZoneTransfer } from '../../helpers/validators.js';
import { dig, requireDnsClients, rr } from '../../servers/dns/helpers.js';

/**
 * The `powerdns` provider against a real PowerDNS Authoritative server (pdns_server with the gsqlite3
 * backend, started on loopback by test/helpers/pdns.ts): the shared conformance suite, what PowerDNS
 * answers on the wire for each translated type, its errors, and a record made through the client API
 * answered by PowerDNS.
 */

const pdns: PdnsServer = await startPdns();
after(() => pdns.close());
const settings = { apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, serverId: 'localhost' };

/** The web forwarder's addresses, as WEB_ADDRESS and WEB_ADDRESS6 give them. */
const web = { address: '192.0.2.80', address6: '2001:db8::80' };

describeDnsProvider('powerdns', async () => ({ provider: await connectPowerDns(settings, { web }) }));

const soa = (serial: number): ZoneSoa => ({
  primary_ns: 'ns1.hostplane.test', hostmaster: 'hostmaster.hostplane.test', serial, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300, ttl: 3600,
});
const record = (name: string, type: string, content: string, extra: Partial<PublishedRecord> = {}): PublishedRecord => ({
  name, type, content, ttl: 300, priority: null, weight: null, port: null, fallback_ip: null, ...extra,
});
const answers = async (name: string, type: string) => (await dig(pdns.dnsPort, name, type)).answer.map(rr).sort();

describe('powerdns provider: PowerDNS itself', () => {
  let p: PowerDnsProvider;
  before(async () => {
    requireDnsClients();
    p = await connectPowerDns(settings);
  });

  it('declares what the server is set up to serve', () => {
    // The test server has enable-lua-records, expand-alias with a resolver, gsqlite3-dnssec, and is no primary.
    assert.deepEqual([...p.capabilities.types].sort(), ['A', 'AAAA', 'ANAME', 'CAA', 'CNAME', 'DS', 'LUA', 'MX', 'NS', 'SRV', 'TXT']);
    assert.deepEqual(p.capabilities.features, ['wildcard', 'delegation', 'aname', 'dnssec']);
    const plain = powerDnsCapabilities(new Map([['expand-alias', 'yes'], ['resolver', '']]));
    assert.ok(!plain.types.includes('ANAME') && !plain.types.includes('LUA'), 'no ALIAS without a resolver, no LUA unless enabled');
    assert.deepEqual(powerDnsCapabilities(new Map([['primary', 'yes']])).features, ['wildcard', 'delegation', 'axfr', 'notify']);
  });

  it('answers each translated type on the wire as the store has it, with the serial it was given', async () => {
    const z = 'wire-test.fi';
    await p.ensureZone(z, soa(2026030101));
    const records = [
      record(z, 'MX', `mail.${z}`, { priority: 10 }),
      record(`_sip._tcp.${z}`, 'SRV', `sip.${z}`, { priority: 10, weight: 60, port: 5060 }),
      record(`_dmarc.${z}`, 'TXT', 'v=DMARC1; p="none" \\ ä'),
      record(`long.${z}`, 'TXT', 'x'.repeat(300)),
      record(z, 'CAA', '0 issue "letsencrypt.org"'),
      record(`sub.${z}`, 'DS', `12345 13 2 ${'ab'.repeat(32)}`),
      record(`www.${z}`, 'CNAME', z),
      record(`*.${z}`, 'A', '192.0.2.5'),
      record(`lua.${z}`, 'LUA', `A "'192.0.2.' .. 7"`),
    ];
    await p.applyChanges(z, { soa: soa(2026030102), rrsets: records.map((r) => ({ name: r.name, type: r.type, records: [r] })) });
    assert.deepEqual(await answers(z, 'SOA'), [`${z}. SOA ns1.hostplane.test. hostmaster.hostplane.test. 2026030102 7200 3600 1209600 300`]);
    assert.deepEqual(await answers(z, 'MX'), [`${z}. MX 10 mail.${z}.`]);
    assert.deepEqual(await answers(`_sip._tcp.${z}`, 'SRV'), [`_sip._tcp.${z}. SRV 10 60 5060 sip.${z}.`]);
    assert.deepEqual(await answers(`_dmarc.${z}`, 'TXT'), [`_dmarc.${z}. TXT "v=DMARC1; p=\\"none\\" \\\\ \\195\\164"`]);
    assert.deepEqual(await answers(`long.${z}`, 'TXT'), [`long.${z}. TXT "${'x'.repeat(255)}" "${'x'.repeat(45)}"`]);
    assert.deepEqual(await answers(z, 'CAA'), [`${z}. CAA 0 issue "letsencrypt.org"`]);
    // dig prints a long digest in two words.
    assert.deepEqual((await answers(`sub.${z}`, 'DS')).map((a) => a.replace(/ /g, '')), [`sub.${z}.DS12345132${'AB'.repeat(32)}`]);
    assert.deepEqual(await answers(`anything.${z}`, 'A'), [`anything.${z}. A 192.0.2.5`]);
    assert.deepEqual(await answers(`lua.${z}`, 'A'), [`lua.${z}. A 192.0.2.7`]);
  });

  it('sends only the RRsets of the change set and the SOA, replacing or deleting each: never the whole zone', async () => {
    const z = 'patch-test.fi';
    await p.ensureZone(z, soa(1));
    await p.applyChanges(z, {
      soa: soa(2),
      rrsets: [
        { name: `a.${z}`, type: 'A', records: [record(`a.${z}`, 'A', '192.0.2.1')] },
        { name: `b.${z}`, type: 'A', records: [record(`b.${z}`, 'A', '192.0.2.2')] },
      ],
    });
    const sent: unknown[] = [];
    const request = p.client.request.bind(p.client);
    p.client.request = async (method, path, body) => {
      if (method !== 'GET') sent.push({ method, path, body });
      return request(method, path, body);
    };
    try {
      await p.applyChanges(z, { soa: soa(3), rrsets: [{ name: `b.${z}`, type: 'A', records: [] }] });
    } finally {
      p.client.request = request;
    }
    assert.deepEqual(sent, [
      {
        method: 'PATCH',
        path: '/zones/patch-test.fi.',
        body: {
          rrsets: [
            {
              name: `${z}.`, type: 'SOA', ttl: 3600, changetype: 'REPLACE',
              records: [{ content: 'ns1.hostplane.test. hostmaster.hostplane.test. 3 7200 3600 1209600 300', disabled: false }],
            },
            { name: `b.${z}.`, type: 'A', changetype: 'DELETE' },
          ],
        },
      },
    ]);
    assert.deepEqual(await answers(`a.${z}`, 'A'), [`a.${z}. A 192.0.2.1`]);
    assert.equal((await dig(pdns.dnsPort, `b.${z}`, 'A')).status, 'NXDOMAIN');
  });

  it('answers web forwards with the forwarder\'s address, over the name\'s own A, and gives the A back after', async () => {
    const pw = await connectPowerDns(settings, { web });
    assert.ok(['URL', 'URLFRAME', 'FORWARD'].every((t) => pw.capabilities.types.includes(t)));
    assert.ok(!p.capabilities.types.includes('URL'), 'no forwards without the forwarder\'s address');
    const z = 'forward-test.fi';
    const own = record(`both.${z}`, 'A', '192.0.2.10');
    const url = record(`both.${z}`, 'URL', 'https://example.fi/', { ttl: 600 });
    const frame = record(`frame.${z}`, 'URLFRAME', 'https://example.net/');
    // As publishZone does it: plan against what the provider holds, then apply.
    const publish = async (serial: number, records: PublishedRecord[]) => {
      const desired = { name: z, soa: soa(serial), records };
      await pw.applyChanges(z, diffZone((await pw.readZone(z))?.records ?? [], desired));
      // What PowerDNS holds reads back as the store's records: the hidden A included.
      assert.deepEqual(diffZone((await pw.readZone(z))!.records, desired).rrsets, []);
    };
    await pw.ensureZone(z, soa(1));
    await publish(2, [own, url, frame]);
    assert.deepEqual(await answers(`both.${z}`, 'A'), [`both.${z}. A 192.0.2.80`]);
    assert.deepEqual(await answers(`both.${z}`, 'AAAA'), [`both.${z}. AAAA 2001:db8::80`]);
    assert.deepEqual(await answers(`frame.${z}`, 'A'), [`frame.${z}. A 192.0.2.80`]);
    await publish(3, [own, frame]);
    assert.deepEqual(await answers(`both.${z}`, 'A'), [`both.${z}. A 192.0.2.10`]);
    assert.deepEqual(await answers(`both.${z}`, 'AAAA'), []);
    assert.deepEqual(await answers(`frame.${z}`, 'A'), [`frame.${z}. A 192.0.2.80`], 'a name the change did not touch stays');
  });

  it('answers a parked zone\'s apex and www with the forwarder\'s address, keeps the rest, and gives all back when unparked', async () => {
    const park = ['park1.hostplane.test', 'park2.hostplane.test'];
    const pw = await connectPowerDns(settings, { web, parkNameservers: park });
    const z = 'parked-test.fi';
    const ns = (hosts: string[]) => hosts.map((h) => record(z, 'NS', h, { ttl: 3600 }));
    const own = [record(z, 'A', '192.0.2.10'), record(`www.${z}`, 'CNAME', z), record(z, 'MX', 'mail.example.fi', { priority: 10 }), record(`mail.${z}`, 'A', '192.0.2.25')];
    const publish = async (serial: number, records: PublishedRecord[]) => {
      const desired = { name: z, soa: soa(serial), records };
      await pw.applyChanges(z, diffZone((await pw.readZone(z))?.records ?? [], desired));
      assert.deepEqual(diffZone((await pw.readZone(z))!.records, desired).rrsets, [], 'reads back as the store has it');
    };
    await pw.ensureZone(z, soa(1));
    await publish(2, [...ns(['ns1.hostplane.test', 'ns2.hostplane.test']), ...own]);
    assert.deepEqual(await answers(z, 'A'), [`${z}. A 192.0.2.10`]);
    // Parked: the apex and www show the parking page; mail and MX stay for the customer's return.
    await publish(3, [...ns(park), ...own]);
    assert.deepEqual(await answers(z, 'A'), [`${z}. A 192.0.2.80`]);
    assert.deepEqual(await answers(z, 'AAAA'), [`${z}. AAAA 2001:db8::80`]);
    assert.deepEqual(await answers(`www.${z}`, 'A'), [`www.${z}. A 192.0.2.80`]);
    assert.deepEqual(await answers(`mail.${z}`, 'A'), [`mail.${z}. A 192.0.2.25`]);
    assert.deepEqual(await answers(z, 'MX'), [`${z}. MX 10 mail.example.fi.`]);
    // One park server among others is not parked; back on our servers, the records answer again.
    await publish(4, [...ns(['ns1.hostplane.test', 'park1.hostplane.test']), ...own]);
    assert.deepEqual(await answers(z, 'A'), [`${z}. A 192.0.2.10`]);
    await publish(5, [...ns(park), ...own]);
    await publish(6, [...ns(['ns1.hostplane.test', 'ns2.hostplane.test']), ...own]);
    assert.deepEqual(await answers(z, 'A'), [`${z}. A 192.0.2.10`]);
    assert.deepEqual(await answers(`www.${z}`, 'CNAME'), [`www.${z}. CNAME ${z}.`]);
    assert.deepEqual(await answers(z, 'AAAA'), []);
  });

  it('lists only the zones hostplane made, so reconciliation never deletes an operator\'s own', async () => {
    await p.client.request('POST', '/zones', { name: 'operator-own.fi.', kind: 'Native', nameservers: ['ns1.example.net.'] });
    await p.ensureZone('ours-test.fi', soa(5));
    const names = (await p.listZones()).map((z) => z.name);
    assert.ok(names.includes('ours-test.fi'));
    assert.ok(!names.includes('operator-own.fi'));
  });

  it('turns PowerDNS refusals, a wrong key and an unreachable server into clear errors', async () => {
    const z = 'errors-test.fi';
    await p.ensureZone(z, soa(1));
    // A CNAME beside other data at one name (RFC 1034 3.6.2): PowerDNS refuses it with 422.
    await assert.rejects(
      p.applyChanges(z, {
        soa: soa(2),
        rrsets: [
          { name: `x.${z}`, type: 'CNAME', records: [record(`x.${z}`, 'CNAME', z)] },
          { name: `x.${z}`, type: 'A', records: [record(`x.${z}`, 'A', '192.0.2.1')] },
        ],
      }),
      (err: unknown) => err instanceof DnsProviderError && err.reason === 'unsupported' && /422/.test(err.message),
    );
    assert.equal((await p.readZone(z))?.soa.serial, 1, 'a refused PATCH changes nothing');
    await assert.rejects(
      p.applyChanges(z, { soa: soa(2), rrsets: [{ name: `w.${z}`, type: 'A', records: [record(`w.${z}`, 'A', '192.0.2.1', { fallback_ip: '192.0.2.2' })] }] }),
      (err: unknown) => err instanceof DnsProviderError && err.reason === 'unsupported',
    );
    await assert.rejects(
      connectPowerDns({ ...settings, apiKey: 'wrong' }),
      (err: unknown) => err instanceof PowerDnsError && err.status === 401 && /refused the API key/.test(err.message),
    );
    const closed = await unusedPort();
    const down = new PowerDnsProvider(new PowerDnsClient({ ...settings, apiUrl: `http://127.0.0.1:${closed}` }), new Map());
    await assert.rejects(
      down.applyChanges(z, { soa: soa(2), rrsets: [] }),
      (err: unknown) => err instanceof PowerDnsError && err.status === undefined && err.message.includes(`127.0.0.1:${closed}`) && /unreachable \(ECONNREFUSED\)/.test(err.message),
    );
  });

  it('sends NOTIFY after each change when the server is a primary', async () => {
    const secondary: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => secondary.bind(0, '127.0.0.1', resolve));
    const notified: Array<{ name: string; opcode: string }> = [];
    secondary.on('message', (msg) => {
      const packet = dnsPacket.decode(msg) as dnsPacket.DecodedPacket & { opcode?: string };
      notified.push({ name: packet.questions?.[0]?.name ?? '', opcode: packet.opcode ?? '' });
    });
    const primary = await startPdns({ settings: { primary: 'yes', 'also-notify': `127.0.0.1:${secondary.address().port}` } });
    try {
      const pp = await connectPowerDns({ ...settings, apiUrl: primary.apiUrl });
      assert.ok(pp.capabilities.features.includes('notify'));
      await pp.ensureZone('notify-test.fi', soa(1));
      await pp.applyChanges('notify-test.fi', { soa: soa(2), rrsets: [] });
      const deadline = Date.now() + 3000;
      while (!notified.some((n) => n.name === 'notify-test.fi') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(notified.find((n) => n.name === 'notify-test.fi'), { name: 'notify-test.fi', opcode: 'NOTIFY' });
    } finally {
      secondary.close();
      await primary.close();
    }
  });
});

describe('powerdns provider: DNSSEC with our keys, checked on the wire and by validators', () => {
  let p: PowerDnsProvider;
  before(async () => {
    requireDnsClients();
    requireValidators();
    p = await connectPowerDns(settings);
  });

  /** The key tags of the RRSIGs over `type` in an answer (dig +dnssec), sorted. */
  const signers = (answer: string[][], type: string) =>
    answer.filter((f) => f[3] === 'RRSIG' && f[4] === type).map((f) => Number(f[10])).sort((a, b) => a - b);
  /** The key tags of the DNSKEY RRset PowerDNS serves, from the DS we compute of each DNSKEY it shows. */
  const dnskeyTags = async (z: string) =>
    (await dig(pdns.dnsPort, '+dnssec', '+norec', z, 'DNSKEY')).answer
      .filter((f) => f[3] === 'DNSKEY')
      .map((f) => dsOf(z, { flags: Number(f[4]) as 257, algorithm: Number(f[6]) as 13, publicKey: f.slice(7).join('') }).keyTag)
      .sort((a, b) => a - b);
  const zoneDnssec = async (z: string) =>
    (await p.client.request<{ dnssec: boolean }>('GET', `${PowerDnsClient.zonePath(z)}?rrsets=false`)).dnssec;

  it('declares dnssec only when a backend holds keys', () => {
    assert.ok(holdsKeys(new Map([['launch', 'gsqlite3'], ['gsqlite3-dnssec', 'yes']])));
    assert.ok(!holdsKeys(new Map([['launch', 'gsqlite3'], ['gsqlite3-dnssec', 'no']])));
    assert.ok(holdsKeys(new Map([['launch', 'bind,gpgsql:second'], ['gpgsql-second-dnssec', 'yes']])));
    assert.ok(!holdsKeys(new Map([['launch', 'gpgsql:second'], ['gpgsql-dnssec', 'yes']])), 'an instance reads its own setting');
    assert.ok(holdsKeys(new Map([['launch', 'lmdb']])));
    assert.ok(holdsKeys(new Map([['launch', 'bind'], ['bind-dnssec-db', '/var/lib/pdns/dnssec.sqlite3']])));
    assert.ok(!holdsKeys(new Map([['launch', 'bind'], ['bind-dnssec-db', '']])));
    assert.ok(!powerDnsCapabilities(new Map([['launch', 'gsqlite3']])).features.includes('dnssec'));
  });

  it('serves the DNSKEY and RRSIGs of the keys given, which delv validates from their DS and ldns-verify-zone accepts', async () => {
    const z = 'dnssec-test.fi';
    await p.ensureZone(z, soa(1));
    const records = [
      record(z, 'NS', 'ns1.hostplane.test', { ttl: 3600 }),
      record(z, 'A', '192.0.2.1'),
      record(z, 'MX', `mail.${z}`, { priority: 10 }),
      record(z, 'TXT', 'v=spf1 mx -all'),
      record(`www.${z}`, 'A', '192.0.2.2'),
      record(`www.${z}`, 'AAAA', '2001:db8::2'),
      record(`mail.${z}`, 'A', '192.0.2.25'),
      record(`ftp.${z}`, 'CNAME', `www.${z}`),
      // A delegation without DS: its referral proves it insecure (NSEC at the cut).
      record(`sub.${z}`, 'NS', 'ns.example.net', { ttl: 3600 }),
    ];
    await p.applyChanges(z, diffZone([], { name: z, soa: soa(2), records }));
    assert.equal(await zoneDnssec(z), false);
    const first = signingKey();
    await p.setSigning(z, signingOf([first]));
    assert.equal(await zoneDnssec(z), true, 'PowerDNS calls the zone signed');
    const anchor = [dsOf(z, first)];

    assert.deepEqual(await dnskeyTags(z), [first.keyTag]);
    const www = await dig(pdns.dnsPort, '+dnssec', '+norec', `www.${z}`, 'A');
    assert.deepEqual(signers(www.answer, 'A'), [first.keyTag]);
    assert.deepEqual(signers((await dig(pdns.dnsPort, '+dnssec', '+norec', z, 'DNSKEY')).answer, 'DNSKEY'), [first.keyTag]);
    // CDS (digest type 2) and CDNSKEY for the parent (RFC 7344): the DS we hand to the registry.
    const cds = (await dig(pdns.dnsPort, '+norec', z, 'CDS')).answer.map((f) => f.slice(4).join(' ').replace(/ (\S+) (\S+)$/, ' $1$2'));
    assert.deepEqual(cds, [`${anchor[0]!.keyTag} 13 2 ${anchor[0]!.digest}`]);
    assert.equal((await dig(pdns.dnsPort, '+norec', z, 'CDNSKEY')).answer.length, 1);

    const validated = async (label: string, name: string, type: string, negative: boolean, ds = anchor) => {
      const out = await delv(pdns.dnsPort, z, ds, name, type);
      assert.match(out, negative ? /; negative response, fully validated/ : /^; fully validated/m, `${label} (${name} ${type}):\n${out}`);
    };
    await validated('positive', `www.${z}`, 'A', false);
    await validated('CNAME to an address', `ftp.${z}`, 'A', false);
    await validated('MX at the apex', z, 'MX', false);
    await validated('NXDOMAIN', `nothing-here.${z}`, 'A', true);
    await validated('NODATA', `www.${z}`, 'MX', true);
    await validated('NODATA at the apex', z, 'SRV', true);
    const axfr = await verifyZoneTransfer(pdns.dnsPort, z);
    assert.ok(axfr.ok, axfr.output);

    // A change after signing is signed and chained too (the zone is rectified on every PATCH).
    await p.applyChanges(z, { soa: soa(3), rrsets: [{ name: `new.${z}`, type: 'A', records: [record(`new.${z}`, 'A', '192.0.2.9')] }] });
    await validated('a record added after signing', `new.${z}`, 'A', false);
    await validated('NXDOMAIN after the change', `nothing-here.${z}`, 'A', true);
    assert.ok((await verifyZoneTransfer(pdns.dnsPort, z)).ok);

    // Rollover, double signature: both keys sign; the parent's DS of the first key alone still validates.
    const second = signingKey({ cds: false });
    await p.setSigning(z, signingOf([first, second]));
    assert.deepEqual(await dnskeyTags(z), [first.keyTag, second.keyTag].sort((a, b) => a - b));
    assert.deepEqual(signers((await dig(pdns.dnsPort, '+dnssec', '+norec', `www.${z}`, 'A')).answer, 'A'), [first.keyTag, second.keyTag].sort((a, b) => a - b));
    await validated('positive during the rollover', `www.${z}`, 'A', false);
    await validated('NXDOMAIN during the rollover', `nothing-here.${z}`, 'A', true);
    // The first key retired to published-only: the second key's DS validates alone.
    await p.setSigning(z, signingOf([{ ...first, signs: false, cds: false }, { ...second, cds: true }]));
    assert.deepEqual(signers((await dig(pdns.dnsPort, '+dnssec', '+norec', `www.${z}`, 'A')).answer, 'A'), [second.keyTag]);
    await validated('positive from the new key\'s DS', `www.${z}`, 'A', false, [dsOf(z, second)]);
    assert.ok((await verifyZoneTransfer(pdns.dnsPort, z)).ok);

    // Going insecure: the delete CDS and CDNSKEY of RFC 8078 4, the zone still signed.
    await p.setSigning(z, signingOf([second], { cdsDelete: true }));
    assert.deepEqual((await dig(pdns.dnsPort, '+norec', z, 'CDS')).answer.map((f) => f.slice(4).join(' ')), ['0 0 0 00']);
    assert.deepEqual((await dig(pdns.dnsPort, '+norec', z, 'CDNSKEY')).answer.map((f) => f.slice(4).join(' ')), ['0 3 0 AA==']);
    await validated('positive while the delete CDS is out', `www.${z}`, 'A', false, [dsOf(z, second)]);

    // Unsigned: no DNSKEY, no RRSIG, no CDS; PowerDNS's zone is no longer DNSSEC.
    await p.setSigning(z, null);
    assert.equal(await zoneDnssec(z), false);
    assert.deepEqual(await dnskeyTags(z), []);
    const plain = await dig(pdns.dnsPort, '+dnssec', '+norec', `www.${z}`, 'A');
    assert.deepEqual(plain.answer.map((f) => f[3]), ['A']);
    assert.deepEqual((await dig(pdns.dnsPort, '+norec', z, 'CDS')).answer, []);
  });

  it('sends nothing when the keys are what PowerDNS already holds, and replaces a key an operator added by hand', async () => {
    const z = 'dnssec-idempotent.fi';
    await p.ensureZone(z, soa(1));
    const key = signingKey();
    await p.setSigning(z, signingOf([key]));
    const sent: string[] = [];
    const request = p.client.request.bind(p.client);
    p.client.request = async (method, path, body) => {
      if (method !== 'GET') sent.push(`${method} ${path}`);
      return request(method, path, body);
    };
    try {
      await p.setSigning(z, signingOf([key]));
      assert.deepEqual([...sent], []);
      // An operator's own key (pdnsutil add-zone-key, or the API) is not the store's: it goes.
      await request('POST', `${PowerDnsClient.zonePath(z)}/cryptokeys`, { keytype: 'zsk', active: true, algorithm: 'ecdsa256' });
      await p.setSigning(z, signingOf([key]));
      assert.deepEqual(sent.filter((s) => s.startsWith('DELETE')).length, 1, sent.join('\n'));
    } finally {
      p.client.request = request;
    }
    assert.deepEqual((await p.readSigning(z))?.keyTags, [key.keyTag]);
    assert.deepEqual(await dnskeyTags(z), [key.keyTag]);
  });

  it('refuses keys PowerDNS could not serve as given, before asking it', async () => {
    const z = 'dnssec-refused.fi';
    await p.ensureZone(z, soa(1));
    const key = signingKey();
    const other = signingKey();
    for (const bad of [{ ...key, privateKey: other.privateKey }, { ...key, flags: 256 as 257 }]) {
      await assert.rejects(p.setSigning(z, signingOf([bad])), (err: unknown) => err instanceof DnsProviderError && err.reason === 'unsupported');
    }
    await assert.rejects(p.setSigning(z, signingOf([{ ...key, signs: false }])), (err: unknown) => err instanceof DnsProviderError && err.reason === 'unsupported');
    assert.equal(await p.readSigning(z), undefined);
    // A server whose backend holds no keys declares no dnssec and refuses keys.
    const unkeyed = new PowerDnsProvider(p.client, new Map([['launch', 'gsqlite3']]));
    await assert.rejects(unkeyed.setSigning(z, signingOf([key])), (err: unknown) => err instanceof DnsProviderError && err.reason === 'unsupported');
  });
});

describe('powerdns provider: a record made through the client API is answered by PowerDNS', () => {
  let t: TestServer;
  before(async () => {
    requireDnsClients();
    t = await startTestServer({ env: { DNS_PROVIDER: 'powerdns', PDNS_API_URL: pdns.apiUrl, PDNS_API_KEY: pdns.apiKey } });
  });
  after(() => t?.close());

  it('publishes the new zone and the record, and the builtin server does not start', async () => {
    assert.equal(t.server.dns, undefined);
    assert.equal(t.server.runtime.ctx.dns?.name, 'powerdns');
    const { token } = await t.user({ postpaid: true });
    const z = 'e2e-powerdns.fi';
    await purchase(t, token, z);
    const res = await t.request('POST', `/api/v1/domain/domains/${z}/records`, { token, body: { host: 'www', type: 'A', content: '192.0.2.80' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const start = performance.now();
    let got: string[] = [];
    // Bounded at 15 s, and the time it took printed: 5 s was missed once with the PostgreSQL pass loading
    // both cores. (The outbox's own guarantee is tested in test/store/concurrency.test.ts.)
    while (performance.now() - start < 15_000) {
      got = await answers(`www.${z}`, 'A');
      if (got.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
      // The server's clock moves with the wall clock here: a publish PowerDNS refused for a moment (its
      // SQLite busy under load answers 500) is retried by the outbox 2 s later, as in production.
      t.clock.advance(50);
    }
    const ms = performance.now() - start;
    console.log(`# record answered by PowerDNS ${ms.toFixed(0)} ms after the API's 201`);
    assert.deepEqual(got, [`www.${z}. A 192.0.2.80`]);
  });

  it('turns DNSSEC on with one API call: PowerDNS signs with the store\'s key, and delv validates from the DS the registry got', async () => {
    const ctx = t.server.runtime.ctx;
    const { token } = await t.user({ postpaid: true });
    const z = 'e2e-signed-powerdns.fi';
    await purchase(t, token, z);
    const rec = await t.request('POST', `/api/v1/domain/domains/${z}/records`, { token, body: { host: 'www', type: 'A', content: '192.0.2.81' } });
    assert.equal(rec.status, 201, JSON.stringify(rec.body));
    const on = await t.request('PUT', `/api/v1/domain/domains/${z}/dnssec`, { token });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const state = async () => (await t.request('GET', `/api/v1/domain/domains/${z}/dnssec`, { token })).body.data.state;
    for (let i = 0; i < 100 && (await state()) !== 'on'; i++) {
      t.clock.advance(10 * 60_000);
      await t.server.worker!.tick();
    }
    assert.equal(await state(), 'on');
    const ds = (await ctx.registry.info(z))!.ds.map((d) => ({ ...d, digest: d.digest.toUpperCase() }));
    assert.equal(ds.length, 1, 'the registry holds the DS');
    // PowerDNS signs by its own (wall) clock, which is delv's too.
    assert.match(await delv(pdns.dnsPort, z, ds, `www.${z}`, 'A'), /; fully validated/);
    assert.match(await delv(pdns.dnsPort, z, ds, `ei.${z}`, 'A'), /; negative response, fully validated/);
  });
});
