import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEppServer, validateFrame, type EppServer, type EppServerOptions } from '../../helpers/epp-server/index.js';
import { rawConnect, type RawEppConnection } from '../../helpers/epp-server/raw-client.js';
import { child, children, NS, parseXml, text } from '../../helpers/epp-server/xml.js';
import { repoPath } from '../../helpers/paths.js';

/**
 * The test registry itself, driven over TLS with hand-written frames: the protocol (greeting, login,
 * framing, strict schema checks), the object rules, and the faults other tests rely on. Every answer
 * is itself checked against the RFC schemas, so the registry cannot teach a client a wrong wire format.
 */

const EPP = 'xmlns="urn:ietf:params:xml:ns:epp-1.0"';
const DOMAIN = 'xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"';
const CONTACT = 'xmlns:contact="urn:ietf:params:xml:ns:contact-1.0"';
const HOST = 'xmlns:host="urn:ietf:params:xml:ns:host-1.0"';
let trid = 0;
const cmd = (inner: string, ext = '') => `<?xml version="1.0" encoding="UTF-8"?><epp ${EPP}><command>${inner}${ext ? `<extension>${ext}</extension>` : ''}<clTRID>t-${++trid}</clTRID></command></epp>`;

function login(clID: string, pw: string, ext: string[] = [NS.rgp, NS.secDNS, NS.identity]) {
  return cmd(`<login><clID>${clID}</clID><pw>${pw}</pw><options><version>1.0</version><lang>en</lang></options><svcs>`
    + `<objURI>${NS.domain}</objURI><objURI>${NS.contact}</objURI><objURI>${NS.host}</objURI>`
    + (ext.length ? `<svcExtension>${ext.map((u) => `<extURI>${u}</extURI>`).join('')}</svcExtension>` : '')
    + '</svcs></login>');
}
const logout = () => cmd('<logout/>');
const domainCheck = (...names: string[]) => cmd(`<check><domain:check ${DOMAIN}>${names.map((n) => `<domain:name>${n}</domain:name>`).join('')}</domain:check></check>`);
const domainInfo = (name: string, pw?: string) => cmd(`<info><domain:info ${DOMAIN}><domain:name>${name}</domain:name>${pw ? `<domain:authInfo><domain:pw>${pw}</domain:pw></domain:authInfo>` : ''}</domain:info></info>`);
function domainCreate(name: string, o: { years?: number; registrant?: string; contacts?: Record<string, string>; ns?: string[]; pw?: string } = {}) {
  return cmd(`<create><domain:create ${DOMAIN}><domain:name>${name}</domain:name><domain:period unit="y">${o.years ?? 1}</domain:period>`
    + (o.ns?.length ? `<domain:ns>${o.ns.map((n) => `<domain:hostObj>${n}</domain:hostObj>`).join('')}</domain:ns>` : '')
    + (o.registrant ? `<domain:registrant>${o.registrant}</domain:registrant>` : '')
    + Object.entries(o.contacts ?? {}).map(([type, id]) => `<domain:contact type="${type}">${id}</domain:contact>`).join('')
    + `<domain:authInfo><domain:pw>${o.pw ?? 'Auth-123'}</domain:pw></domain:authInfo></domain:create></create>`);
}
function contactCreate(id: string, identity?: string) {
  return cmd(`<create><contact:create ${CONTACT}><contact:id>${id}</contact:id><contact:postalInfo type="loc"><contact:name>Maija Meikäläinen</contact:name>`
    + '<contact:addr><contact:street>Katu 1</contact:street><contact:city>Helsinki</contact:city><contact:pc>00100</contact:pc><contact:cc>FI</contact:cc></contact:addr></contact:postalInfo>'
    + `<contact:voice>+358.401234567</contact:voice><contact:email>maija@example.fi</contact:email><contact:authInfo><contact:pw>c-Auth-1</contact:pw></contact:authInfo></contact:create></create>`,
  identity ? `<identity:create xmlns:identity="${NS.identity}"><identity:number>${identity}</identity:number></identity:create>` : '');
}
const contactInfo = (id: string) => cmd(`<info><contact:info ${CONTACT}><contact:id>${id}</contact:id></contact:info></info>`);
const hostCreate = (name: string, addrs: string[] = []) => cmd(`<create><host:create ${HOST}><host:name>${name}</host:name>${addrs.map((a) => `<host:addr ip="v4">${a}</host:addr>`).join('')}</host:create></create>`);

const domainRenew = (name: string, cur: string, years = 1) => cmd(`<renew><domain:renew ${DOMAIN}><domain:name>${name}</domain:name><domain:curExpDate>${cur}</domain:curExpDate><domain:period unit="y">${years}</domain:period></domain:renew></renew>`);
const domainDelete = (name: string) => cmd(`<delete><domain:delete ${DOMAIN}><domain:name>${name}</domain:name></domain:delete></delete>`);
/** domain:update with the given add/rem/chg XML (domain: prefix bound) and extension XML. */
const domainUpdate = (name: string, inner: string, ext = '') => cmd(`<update><domain:update ${DOMAIN}><domain:name>${name}</domain:name>${inner}</domain:update></update>`, ext);
const domainTransfer = (op: string, name: string, pw?: string) => cmd(`<transfer op="${op}"><domain:transfer ${DOMAIN}><domain:name>${name}</domain:name>${pw ? `<domain:authInfo><domain:pw>${pw}</domain:pw></domain:authInfo>` : ''}</domain:transfer></transfer>`);
const pollReq = () => cmd('<poll op="req"/>');
const pollAck = (id: string) => cmd(`<poll op="ack" msgID="${id}"/>`);
const restore = (name: string) => domainUpdate(name, '<domain:chg/>', `<rgp:update xmlns:rgp="${NS.rgp}"><rgp:restore op="request"/></rgp:update>`);
const ds = (keyTag: number, digest: string) => `<secDNS:dsData><secDNS:keyTag>${keyTag}</secDNS:keyTag><secDNS:alg>13</secDNS:alg><secDNS:digestType>2</secDNS:digestType><secDNS:digest>${digest}</secDNS:digest></secDNS:dsData>`;
const secDns = (inner: string) => `<secDNS:update xmlns:secDNS="${NS.secDNS}">${inner}</secDNS:update>`;
const hostDelete = (name: string) => cmd(`<delete><host:delete ${HOST}><host:name>${name}</host:name></host:delete></delete>`);
const contactDelete = (id: string) => cmd(`<delete><contact:delete ${CONTACT}><contact:id>${id}</contact:id></contact:delete></delete>`);
/** The msgQ element of an answer: count and id. */
function msgQ(answer: string): { count: number; id: string } | undefined {
  const q = child(child(parseXml(answer).documentElement!, NS.epp, 'response'), NS.epp, 'msgQ');
  return q ? { count: Number(q.getAttribute('count')), id: q.getAttribute('id') ?? '' } : undefined;
}

/** The result code of an answer, after checking the answer against the RFC schemas. */
async function code(answer: string): Promise<number> {
  const v = await validateFrame(answer);
  assert.ok(v.valid, `the registry's answer is not schema-valid: ${v.errors.join('; ')}\n${answer}`);
  const result = child(child(parseXml(answer).documentElement!, NS.epp, 'response'), NS.epp, 'result');
  return Number(result?.getAttribute('code'));
}
const reasonOf = (answer: string) => text(child(child(child(child(parseXml(answer).documentElement!, NS.epp, 'response'), NS.epp, 'result'), NS.epp, 'extValue'), NS.epp, 'reason'));
const resData = (answer: string) => child(child(parseXml(answer).documentElement!, NS.epp, 'response'), NS.epp, 'resData');

const REGISTRARS = [{ id: 'hostplane', password: 'secret-1' }, { id: 'other', password: 'secret-2' }];

async function session(server: EppServer, who: 'hostplane' | 'other' = 'hostplane'): Promise<RawEppConnection> {
  const c = await rawConnect({ port: server.port, ca: server.ca, cert: server.clientCert, key: server.clientKey });
  const pw = REGISTRARS.find((r) => r.id === who)!.password;
  assert.equal(await code(await c.request(login(who, pw))), 1000);
  return c;
}

describe('test EPP registry: protocol', () => {
  let server: EppServer;
  before(async () => {
    server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi', 'eu'], requireClientCert: true });
  });
  after(() => server.close());

  it('greets on connect with its services, and again on hello', async () => {
    const c = await rawConnect({ port: server.port, ca: server.ca, cert: server.clientCert, key: server.clientKey });
    const v = await validateFrame(c.greeting);
    assert.ok(v.valid, v.errors.join('; '));
    const menu = child(child(parseXml(c.greeting).documentElement!, NS.epp, 'greeting'), NS.epp, 'svcMenu')!;
    assert.deepEqual(children(menu, NS.epp, 'objURI').map(text).sort(), [NS.contact, NS.domain, NS.host].sort());
    assert.deepEqual(children(child(menu, NS.epp, 'svcExtension')!, NS.epp, 'extURI').map(text), [NS.rgp, NS.secDNS, NS.identity]);
    const again = await c.request(`<?xml version="1.0" encoding="UTF-8"?><epp ${EPP}><hello/></epp>`);
    assert.ok(child(parseXml(again).documentElement!, NS.epp, 'greeting'));
    c.close();
  });

  it('refuses a TLS client without a certificate when it requires one', async () => {
    await assert.rejects(rawConnect({ port: server.port, ca: server.ca }));
  });

  it('answers 2002 to a command before login, 2200 to a wrong password, 2002 to a second login, 1500 to logout', { timeout: 10_000 }, async () => {
    const c = await rawConnect({ port: server.port, ca: server.ca, cert: server.clientCert, key: server.clientKey });
    assert.equal(await code(await c.request(domainCheck('a.fi'))), 2002);
    assert.equal(await code(await c.request(login('hostplane', 'wrong-pw'))), 2200);
    assert.equal(await code(await c.request(login('hostplane', 'secret-1'))), 1000);
    assert.equal(await code(await c.request(login('hostplane', 'secret-1'))), 2002);
    assert.equal(await code(await c.request(logout())), 1500);
    await c.closed;
  });

  it('closes a session at its third failed login (2501)', { timeout: 10_000 }, async () => {
    const c = await rawConnect({ port: server.port, ca: server.ca, cert: server.clientCert, key: server.clientKey });
    assert.equal(await code(await c.request(login('hostplane', 'wrong-pw'))), 2200);
    assert.equal(await code(await c.request(login('nobody', 'wrong-pw'))), 2200);
    assert.equal(await code(await c.request(login('hostplane', 'wrong-pw'))), 2501);
    await c.closed;
  });

  it('refuses at login services the greeting did not offer (2307 objects, 2103 extensions)', async () => {
    const c = await rawConnect({ port: server.port, ca: server.ca, cert: server.clientCert, key: server.clientKey });
    const withObj = login('hostplane', 'secret-1').replace(`<objURI>${NS.host}</objURI>`, '<objURI>urn:ietf:params:xml:ns:org-1.0</objURI>');
    assert.equal(await code(await c.request(withObj)), 2307);
    assert.equal(await code(await c.request(login('hostplane', 'secret-1', ['urn:ietf:params:xml:ns:fee-0.5']))), 2103);
    // Logged in for domains only: contact commands are an object service it did not ask for.
    const domainsOnly = login('hostplane', 'secret-1', []).replace(`<objURI>${NS.contact}</objURI>`, '').replace(`<objURI>${NS.host}</objURI>`, '');
    assert.equal(await code(await c.request(domainsOnly)), 1000);
    assert.equal(await code(await c.request(contactInfo('anyone'))), 2307);
    assert.equal(await code(await c.request(domainCheck('a.fi'))), 1000);
    c.close();
  });

  it('answers 2001 with the validator\'s words to a frame that breaks the schema, and keeps the session', async () => {
    const c = await session(server);
    // Elements out of schema order: authInfo before registrant.
    const bad = domainCreate('order.fi', { registrant: 'x1' }).replace(/(<domain:registrant>x1<\/domain:registrant>)(<domain:authInfo>.*<\/domain:authInfo>)/, '$2$1');
    const answer = await c.request(bad);
    assert.equal(await code(answer), 2001);
    assert.match(reasonOf(answer) ?? '', /registrant/);
    // An element the schema does not know, and one in no namespace at all.
    assert.equal(await code(await c.request(domainCheck('a.fi').replace('</domain:check>', '<domain:color>red</domain:color></domain:check>'))), 2001);
    assert.equal(await code(await c.request(`<?xml version="1.0"?><epp><command><logout/></command></epp>`)), 2001);
    assert.equal(await code(await c.request('this is not XML')), 2001);
    const withDtd = await c.request(`<?xml version="1.0"?><!DOCTYPE epp [<!ELEMENT epp ANY>]><epp ${EPP}><hello/></epp>`);
    assert.equal(await code(withDtd), 2001);
    assert.match(reasonOf(withDtd) ?? '', /DOCTYPE/);
    assert.equal(await code(await c.request(domainCheck('a.fi'))), 1000);
    assert.ok(server.commands.some((r) => r.command === 'invalid' && r.code === 2001));
    c.close();
  });

  it('drops the connection on a frame length that cannot be', { timeout: 10_000 }, async () => {
    const c = await session(server);
    const broken = Buffer.alloc(8);
    broken.writeUInt32BE(2, 0);
    c.write(broken);
    await c.closed;
  });

  it('echoes the clTRID with its own svTRID, and records clTRIDs used twice', async () => {
    const c = await session(server);
    const once = cmd(`<check><domain:check ${DOMAIN}><domain:name>dup.fi</domain:name></domain:check></check>`).replace(/t-\d+/, 'same-id-1');
    const first = await c.request(once);
    await c.request(once);
    const trID = child(child(parseXml(first).documentElement!, NS.epp, 'response'), NS.epp, 'trID')!;
    assert.equal(text(child(trID, NS.epp, 'clTRID')), 'same-id-1');
    assert.match(text(child(trID, NS.epp, 'svTRID')) ?? '', /^TEST-\d+$/);
    assert.deepEqual(server.duplicateClTRIDs('hostplane'), [{ registrar: 'hostplane', clTRID: 'same-id-1', count: 2 }]);
    c.close();
  });
});

describe('test EPP registry: domains and contacts', () => {
  let server: EppServer;
  let c: RawEppConnection;
  before(async () => {
    server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi', 'eu'], policies: { fi: { registrantIdentity: true, requiredRoles: ['tech'] } } });
    c = await session(server);
  });
  after(async () => { c.close(); await server.close(); });

  it('creates a contact and shows it to its sponsor; refuses another registrar without authInfo (2201)', async () => {
    assert.equal(await code(await c.request(contactCreate('hp-maija', '010190-123A'))), 1000);
    assert.equal(await code(await c.request(contactCreate('hp-maija'))), 2302);
    const info = await c.request(contactInfo('hp-maija'));
    assert.equal(await code(info), 1000);
    assert.equal(text(child(child(resData(info), NS.contact, 'infData'), NS.contact, 'email')), 'maija@example.fi');
    assert.equal(server.contacts.get('hp-maija')?.identity, '010190-123A');
    const o = await session(server, 'other');
    assert.equal(await code(await o.request(contactInfo('hp-maija'))), 2201);
    o.close();
  });

  it('checks names with reasons, creates one under the TLD policy, and refuses it twice', async () => {
    assert.equal(await code(await c.request(contactCreate('hp-noid'))), 1000);
    const checked = await c.request(domainCheck('free.fi', 'bad_name.fi', 'x.com'));
    assert.equal(await code(checked), 1000);
    const cds = children(child(resData(checked), NS.domain, 'chkData')!, NS.domain, 'cd');
    assert.deepEqual(cds.map((cd) => child(cd, NS.domain, 'name')!.getAttribute('avail')), ['1', '0', '0']);
    // .fi: the registrant needs an identity number (2306), a tech contact is required (2003).
    assert.equal(await code(await c.request(domainCreate('free.fi', { registrant: 'hp-noid', contacts: { tech: 'hp-noid' } }))), 2306);
    assert.equal(await code(await c.request(domainCreate('free.fi', { registrant: 'hp-maija' }))), 2003);
    assert.equal(await code(await c.request(domainCreate('free.fi', { registrant: 'nobody', contacts: { tech: 'hp-maija' } }))), 2303);
    assert.equal(await code(await c.request(domainCreate('free.fi', { registrant: 'hp-maija', contacts: { tech: 'hp-maija' }, years: 11 }))), 2004);
    assert.equal(await code(await c.request(domainCreate('free.fi', { registrant: 'hp-maija', contacts: { tech: 'hp-maija' }, ns: ['ns1.nowhere.net'] }))), 2303);
    const created = await c.request(domainCreate('free.fi', { registrant: 'hp-maija', contacts: { tech: 'hp-maija' }, years: 2 }));
    assert.equal(await code(created), 1000);
    const d = server.domains.get('free.fi')!;
    assert.equal(d.clID, 'hostplane');
    assert.equal(d.exDate.getUTCFullYear(), d.crDate.getUTCFullYear() + 2);
    assert.equal(await code(await c.request(domainCreate('free.fi', { registrant: 'hp-maija', contacts: { tech: 'hp-maija' } }))), 2302);
  });

  it('shows a domain in full to its sponsor, in the limited form to another, and 2202 for a wrong authInfo', async () => {
    const mine = await c.request(domainInfo('free.fi'));
    assert.equal(await code(mine), 1000);
    const inf = child(resData(mine), NS.domain, 'infData')!;
    assert.equal(text(child(child(inf, NS.domain, 'authInfo'), NS.domain, 'pw')), 'Auth-123');
    assert.equal(text(child(inf, NS.domain, 'registrant')), 'hp-maija');
    const o = await session(server, 'other');
    const limited = await o.request(domainInfo('free.fi'));
    assert.equal(await code(limited), 1000);
    const linf = child(resData(limited), NS.domain, 'infData')!;
    assert.equal(child(linf, NS.domain, 'registrant'), undefined);
    assert.equal(child(linf, NS.domain, 'authInfo'), undefined);
    assert.equal(text(child(linf, NS.domain, 'clID')), 'hostplane');
    assert.equal(await code(await o.request(domainInfo('free.fi', 'wrong-one'))), 2202);
    const withCode = await o.request(domainInfo('free.fi', 'Auth-123'));
    assert.equal(text(child(child(resData(withCode), NS.domain, 'infData'), NS.domain, 'registrant')), 'hp-maija');
    assert.equal(await code(await o.request(domainInfo('nothere.fi'))), 2303);
    o.close();
  });

  it('updates a contact, its identity number included, and shows both in info', async () => {
    const update = cmd(`<update><contact:update ${CONTACT}><contact:id>hp-noid</contact:id><contact:chg>`
      + '<contact:postalInfo type="loc"><contact:name>Noid Renamed</contact:name></contact:postalInfo><contact:email>new@example.fi</contact:email></contact:chg></contact:update></update>',
    `<identity:update xmlns:identity="${NS.identity}"><identity:number>2345678-9</identity:number></identity:update>`);
    assert.equal(await code(await c.request(update)), 1000);
    const info = await c.request(contactInfo('hp-noid'));
    const inf = child(resData(info), NS.contact, 'infData')!;
    assert.equal(text(child(child(inf, NS.contact, 'postalInfo'), NS.contact, 'name')), 'Noid Renamed');
    assert.equal(text(child(child(inf, NS.contact, 'postalInfo'), NS.contact, 'addr')?.getElementsByTagNameNS(NS.contact, 'city')[0]), 'Helsinki');
    assert.equal(text(child(inf, NS.contact, 'email')), 'new@example.fi');
    const ext = child(child(parseXml(info).documentElement!, NS.epp, 'response'), NS.epp, 'extension');
    assert.equal(text(child(child(ext, NS.identity, 'infData'), NS.identity, 'number')), '2345678-9');
    const check = await c.request(cmd(`<check><contact:check ${CONTACT}><contact:id>hp-noid</contact:id><contact:id>hp-free</contact:id></contact:check></check>`));
    const ids = children(child(resData(check), NS.contact, 'chkData')!, NS.contact, 'cd').map((cd) => child(cd, NS.contact, 'id')!.getAttribute('avail'));
    assert.deepEqual(ids, ['0', '1']);
    const o = await session(server, 'other');
    assert.equal(await code(await o.request(update)), 2201);
    o.close();
  });

  it('needs glue for a host inside its own domain, and the domain to be the caller\'s', async () => {
    assert.equal(await code(await c.request(hostCreate('ns1.free.fi'))), 2003);
    assert.equal(await code(await c.request(hostCreate('ns1.free.fi', ['192.0.2.1']))), 1000);
    assert.equal(await code(await c.request(hostCreate('ns1.example.net', ['192.0.2.1']))), 2306);
    assert.equal(await code(await c.request(hostCreate('ns1.example.net'))), 1000);
    const o = await session(server, 'other');
    assert.equal(await code(await o.request(hostCreate('ns2.free.fi', ['192.0.2.2']))), 2201);
    // Host data is public: another registrar reads it.
    const info = await o.request(cmd(`<info><host:info ${HOST}><host:name>ns1.free.fi</host:name></host:info></info>`));
    assert.equal(await code(info), 1000);
    assert.equal(text(child(child(resData(info), NS.host, 'infData'), NS.host, 'addr')), '192.0.2.1');
    o.close();
    const sub = await c.request(domainInfo('free.fi'));
    assert.deepEqual(children(child(resData(sub), NS.domain, 'infData')!, NS.domain, 'host').map(text), ['ns1.free.fi']);
    assert.equal(await code(await c.request(domainDelete('free.fi'))), 2305, 'subordinate hosts go first');
  });
});

describe('test EPP registry: faults', () => {
  let server: EppServer;
  before(async () => { server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'] }); });
  after(() => server.close());

  it('closes a session that stays silent past the idle timeout, and only then', { timeout: 10_000 }, async () => {
    const idle = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'], idleTimeoutMs: 600 });
    try {
      const c = await session(idle);
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // Commands 400 ms apart keep it open past 600 ms: each one restarts the clock.
      await sleep(400);
      assert.equal(await code(await c.request(domainCheck('a.fi'))), 1000);
      await sleep(400);
      assert.equal(await code(await c.request(domainCheck('a.fi'))), 1000);
      const silentFrom = Date.now();
      await c.closed;
      assert.ok(Date.now() - silentFrom >= 400, 'closed before the idle timeout');
    } finally {
      await idle.close();
    }
  });

  it('performs a command whose answer it then loses, once', async () => {
    server.seedContact({ id: 'lost-reg', registrar: 'hostplane' });
    const c = await session(server);
    server.loseNextAnswer('domain:create');
    await assert.rejects(c.request(domainCreate('lost.fi', { registrant: 'lost-reg' })), /closed/);
    assert.equal(server.domains.get('lost.fi')?.clID, 'hostplane');
    assert.equal(server.commands.at(-1)?.lost, true);
    const again = await session(server);
    assert.equal(await code(await again.request(domainCreate('lost.fi', { registrant: 'lost-reg' }))), 2302);
    again.close();
  });

  it('drops every connection while down, and serves again once up', { timeout: 10_000 }, async () => {
    const c = await session(server);
    server.setDown(true);
    await c.closed;
    await assert.rejects(rawConnect({ port: server.port, ca: server.ca }));
    server.setDown(false);
    const back = await session(server);
    back.close();
  });
});

describe('test EPP registry: driven by Net::EPP (an independent client)', () => {
  let server: EppServer;
  let dir: string;
  let files: { ca: string; cert: string; key: string };
  before(async () => {
    server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'], requireClientCert: true, policies: { fi: { requiredRoles: ['tech'] } } });
    dir = await mkdtemp(join(tmpdir(), 'net-epp-'));
    files = await server.writeCredentials(dir);
  });
  after(async () => { await server.close(); await rm(dir, { recursive: true, force: true }); });

  it('registers, renews, locks, loses by transfer and deletes a name, with the result codes a registry gives', async () => {
    const script = repoPath('test/helpers/net-epp-client.pl');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('perl', [script, String(server.port), files.ca, files.cert, files.key, 'hostplane', 'secret-1', 'other', 'secret-2'],
        { timeout: 60_000 }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)));
    });
    const out = JSON.parse(stdout) as { steps: Array<{ step: string; code: number }>; available_before: number; available_after: number; info: Record<string, string>; info_ns: string[]; exDate_before_renew: string; transfer: Record<string, string> };
    assert.deepEqual(out.steps.map((s) => [s.step, s.code]), [
      ['login', 1000],
      ['check free', 1000],
      ['create contact', 1000],
      ['create host', 1000],
      ['create domain', 1000],
      ['check taken', 1000],
      ['create domain again', 2302],
      ['info', 1000],
      ['renew with a wrong curExpDate', 2306],
      ['renew', 1000],
      ['lock transfers', 1000],
      ['other: transfer while locked', 2304],
      ['unlock transfers', 1000],
      ['other: transfer with a wrong code', 2202],
      ['other: transfer', 1000],
      ['other: delete', 1000],
      ['old sponsor: delete', 2201],
      ['logout', 1500],
    ]);
    assert.equal(Number(out.available_before), 1);
    assert.equal(Number(out.available_after), 0);
    assert.equal(out.info.registrant, 'np-holder');
    assert.deepEqual(out.info_ns, ['ns1.net-epp.example']);
    assert.equal(out.transfer.trStatus, 'serverApproved');
    const d = server.domains.get('net-epp.fi')!;
    assert.equal(d.clID, 'other');
    assert.equal(d.rgp, 'redemptionPeriod');
    // Two years at create, one by renew, one by the transfer.
    assert.equal(d.exDate.getUTCFullYear(), d.crDate.getUTCFullYear() + 4);
    assert.equal(out.exDate_before_renew, d.crDate.toISOString().replace(/^(\d{4})/, (y) => String(Number(y) + 2)).slice(0, 10));
    assert.deepEqual(server.duplicateClTRIDs(), []);
    // What Net::EPP sent passed the schema: no frame of its was refused as invalid.
    assert.equal(server.commands.filter((c) => c.command === 'invalid').length, 0);
  });
});

describe('test EPP registry: pending transfers and the poll queue', () => {
  let server: EppServer;
  before(async () => {
    server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'], transferMode: 'pending' });
  });
  after(() => server.close());

  it('holds a transfer for the losing registrar, tells both by poll, and moves the name on approval', async () => {
    const seeded = server.seedDomain({ name: 'moving.fi', registrar: 'other', authInfo: 'move-Code-1', exDate: '2027-03-01T00:00:00.000Z' });
    const gain = await session(server, 'hostplane');
    const lose = await session(server, 'other');
    const requested = await gain.request(domainTransfer('request', 'moving.fi', 'move-Code-1'));
    assert.equal(await code(requested), 1001);
    assert.equal(text(child(child(resData(requested), NS.domain, 'trnData'), NS.domain, 'trStatus')), 'pending');
    assert.equal(await code(await gain.request(domainTransfer('request', 'moving.fi', 'move-Code-1'))), 2300);
    assert.ok(server.domains.get('moving.fi')!.transfer?.status === 'pending');
    const info = await lose.request(domainInfo('moving.fi'));
    assert.ok(children(child(resData(info), NS.domain, 'infData')!, NS.domain, 'status').some((st) => st.getAttribute('s') === 'pendingTransfer'));
    // The losing registrar hears of the request.
    const told = await lose.request(pollReq());
    assert.equal(await code(told), 1301);
    assert.equal(text(child(child(resData(told), NS.domain, 'trnData'), NS.domain, 'reID')), 'hostplane');
    assert.equal(await code(await lose.request(pollAck(msgQ(told)!.id))), 1000);
    // Only the losing registrar may approve.
    assert.equal(await code(await gain.request(domainTransfer('approve', 'moving.fi'))), 2201);
    assert.equal(await code(await lose.request(domainTransfer('approve', 'moving.fi'))), 1000);
    assert.equal(seeded.clID, 'hostplane');
    assert.equal(seeded.exDate.toISOString(), '2028-03-01T00:00:00.000Z');
    assert.notEqual(seeded.authInfo, 'move-Code-1', 'the old code must not pull the name back');
    const news = await gain.request(pollReq());
    assert.equal(await code(news), 1301);
    assert.equal(text(child(child(resData(news), NS.domain, 'trnData'), NS.domain, 'trStatus')), 'clientApproved');
    const queried = await gain.request(domainTransfer('query', 'moving.fi'));
    assert.equal(text(child(child(resData(queried), NS.domain, 'trnData'), NS.domain, 'trStatus')), 'clientApproved');
    gain.close();
    lose.close();
  });

  it('lets the gaining registrar cancel and the test reject, and leaves the name where it was', async () => {
    const d = server.seedDomain({ name: 'staying.fi', registrar: 'other', authInfo: 'stay-Code-1' });
    const gain = await session(server, 'hostplane');
    assert.equal(await code(await gain.request(domainTransfer('request', 'staying.fi', 'stay-Code-1'))), 1001);
    assert.equal(await code(await gain.request(domainTransfer('cancel', 'staying.fi'))), 1000);
    assert.equal(d.clID, 'other');
    assert.equal(await code(await gain.request(domainTransfer('cancel', 'staying.fi'))), 2301);
    assert.equal(await code(await gain.request(domainTransfer('request', 'staying.fi', 'stay-Code-1'))), 1001);
    server.rejectTransfer('staying.fi');
    assert.equal(d.clID, 'other');
    assert.equal(d.transfer?.status, 'clientRejected');
    assert.ok(server.queue('hostplane').some((m) => m.name === 'staying.fi' && m.transfer?.status === 'clientRejected'));
    gain.close();
  });

  it('approves by itself after the configured time', async () => {
    const auto = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'], transferMode: 'pending', autoApproveTransferAfterMs: 200 });
    try {
      const d = auto.seedDomain({ name: 'auto.fi', registrar: 'other', authInfo: 'auto-Code-1' });
      const gain = await session(auto, 'hostplane');
      assert.equal(await code(await gain.request(domainTransfer('request', 'auto.fi', 'auto-Code-1'))), 1001);
      assert.equal(d.clID, 'other');
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(d.clID, 'hostplane');
      assert.equal(d.transfer?.status, 'serverApproved');
      gain.close();
    } finally {
      await auto.close();
    }
  });

  it('queues auto-renewals and deletions as registries word them, and says 1300 when empty', async () => {
    const d = server.seedDomain({ name: 'renewed.fi', registrar: 'hostplane', exDate: '2027-01-10T00:00:00.000Z' });
    server.seedDomain({ name: 'dropped.fi', registrar: 'hostplane' });
    const c = await session(server);
    // Empty what the transfers above left.
    for (let a = await c.request(pollReq()); msgQ(a); a = await c.request(pollReq())) await c.request(pollAck(msgQ(a)!.id));
    assert.equal(await code(await c.request(pollReq())), 1300);
    server.enqueue('hostplane', { kind: 'autoRenew', name: 'renewed.fi' });
    server.enqueue('hostplane', { kind: 'deleted', name: 'dropped.fi' });
    assert.equal(d.exDate.toISOString(), '2028-01-10T00:00:00.000Z');
    assert.equal(server.domains.has('dropped.fi'), false);
    const first = await c.request(pollReq());
    assert.equal(await code(first), 1301);
    assert.equal(msgQ(first)!.count, 2);
    assert.equal(text(child(child(resData(first), NS.domain, 'renData'), NS.domain, 'exDate')), '2028-01-10T00:00:00.000Z');
    const acked = await c.request(pollAck(msgQ(first)!.id));
    assert.equal(msgQ(acked)!.count, 1);
    const second = await c.request(pollReq());
    const pan = child(child(resData(second), NS.domain, 'panData'), NS.domain, 'name')!;
    assert.equal(text(pan), 'dropped.fi');
    assert.equal(pan.getAttribute('paResult'), '1');
    assert.equal(await code(await c.request(pollAck(msgQ(second)!.id))), 1000);
    assert.equal(await code(await c.request(pollAck(msgQ(second)!.id))), 2303);
    assert.equal(await code(await c.request(pollReq())), 1300);
    c.close();
  });
});

describe('test EPP registry: updates, DNSSEC and redemption', () => {
  let server: EppServer;
  let c: RawEppConnection;
  before(async () => {
    server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi', 'eu'], policies: { eu: { nameservers: 'hostAttr' } } });
    c = await session(server);
    server.seedContact({ id: 'upd-holder', registrar: 'hostplane' });
    server.seedHost({ name: 'ns1.dns.example', registrar: 'hostplane' });
    server.seedHost({ name: 'ns2.dns.example', registrar: 'other' });
  });
  after(async () => { c.close(); await server.close(); });

  it('changes nameservers, statuses and authInfo, and honours clientUpdateProhibited', async () => {
    assert.equal(await code(await c.request(domainCreate('upd.fi', { registrant: 'upd-holder', ns: ['ns1.dns.example'] }))), 1000);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:add><domain:ns><domain:hostObj>ns1.dns.example</domain:hostObj></domain:ns></domain:add>'))), 2306);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:add><domain:ns><domain:hostObj>ns2.dns.example</domain:hostObj></domain:ns></domain:add><domain:rem><domain:ns><domain:hostObj>ns1.dns.example</domain:hostObj></domain:ns></domain:rem><domain:chg><domain:authInfo><domain:pw>new-Code-9</domain:pw></domain:authInfo></domain:chg>'))), 1000);
    const d = server.domains.get('upd.fi')!;
    assert.deepEqual(d.ns.map((n) => n.name), ['ns2.dns.example']);
    assert.equal(d.authInfo, 'new-Code-9');
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:add><domain:status s="serverHold"/></domain:add>'))), 2306);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:add><domain:status s="clientUpdateProhibited"/></domain:add>'))), 1000);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:chg><domain:authInfo><domain:pw>blocked-1</domain:pw></domain:authInfo></domain:chg>'))), 2304);
    assert.equal(d.authInfo, 'new-Code-9');
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:rem><domain:status s="clientUpdateProhibited"/></domain:rem>'))), 1000);
    const o = await session(server, 'other');
    assert.equal(await code(await o.request(domainUpdate('upd.fi', '<domain:add><domain:status s="clientHold"/></domain:add>'))), 2201);
    o.close();
  });

  it('refuses to delete a linked host or contact (2305), and deletes them once free', async () => {
    assert.equal(await code(await c.request(hostCreate('ns9.dns.example'))), 1000);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:add><domain:ns><domain:hostObj>ns9.dns.example</domain:hostObj></domain:ns></domain:add>'))), 1000);
    assert.equal(await code(await c.request(hostDelete('ns9.dns.example'))), 2305);
    assert.equal(await code(await c.request(contactDelete('upd-holder'))), 2305);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '<domain:rem><domain:ns><domain:hostObj>ns9.dns.example</domain:hostObj></domain:ns></domain:rem>'))), 1000);
    assert.equal(await code(await c.request(hostDelete('ns9.dns.example'))), 1000);
    assert.equal(server.hosts.has('ns9.dns.example'), false);
  });

  it('adds and removes DS records with secDNS-1.1 and shows them in info', async () => {
    const digest = 'A'.repeat(64);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '', secDns(`<secDNS:add>${ds(101, digest)}${ds(102, 'b'.repeat(64))}</secDNS:add>`)))), 1000);
    const d = server.domains.get('upd.fi')!;
    assert.deepEqual(d.ds.map((r) => r.keyTag), [101, 102]);
    assert.equal(d.ds[1]!.digest, 'B'.repeat(64));
    const info = await c.request(domainInfo('upd.fi'));
    const ext = child(child(parseXml(info).documentElement!, NS.epp, 'response'), NS.epp, 'extension')!;
    assert.equal(children(child(ext, NS.secDNS, 'infData')!, NS.secDNS, 'dsData').length, 2);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '', secDns(`<secDNS:rem>${ds(999, digest)}</secDNS:rem>`)))), 2306);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '', secDns(`<secDNS:rem>${ds(101, digest)}</secDNS:rem>`)))), 1000);
    assert.deepEqual(d.ds.map((r) => r.keyTag), [102]);
    assert.equal(await code(await c.request(domainUpdate('upd.fi', '', secDns('<secDNS:rem><secDNS:all>true</secDNS:all></secDNS:rem>')))), 1000);
    assert.deepEqual(d.ds, []);
    // A session that did not log in with secDNS may not use it (2103).
    const plain = await rawConnect({ port: server.port, ca: server.ca });
    assert.equal(await code(await plain.request(login('hostplane', 'secret-1', []))), 1000);
    assert.equal(await code(await plain.request(domainUpdate('upd.fi', '', secDns(`<secDNS:add>${ds(5, digest)}</secDNS:add>`)))), 2103);
    plain.close();
  });

  it('renews only from the current expiry and not beyond ten years', async () => {
    const d = server.domains.get('upd.fi')!;
    const cur = d.exDate.toISOString().slice(0, 10);
    assert.equal(await code(await c.request(domainRenew('upd.fi', '2001-01-01'))), 2306);
    assert.equal(await code(await c.request(domainRenew('upd.fi', cur, 10))), 2306);
    assert.equal(await code(await c.request(domainRenew('upd.fi', cur, 3))), 1000);
    assert.equal(await code(await c.request(domainRenew('upd.fi', cur, 3))), 2306, 'a repeated renew must not add years twice');
    assert.equal(d.exDate.getUTCFullYear(), Number(cur.slice(0, 4)) + 3);
  });

  it('puts a deleted name in redemption, restores it only from there, and frees it when purged', async () => {
    assert.equal(await code(await c.request(restore('upd.fi'))), 2304);
    assert.equal(await code(await c.request(domainDelete('upd.fi'))), 1000);
    const d = server.domains.get('upd.fi')!;
    assert.equal(d.rgp, 'redemptionPeriod');
    const checked = await c.request(domainCheck('upd.fi'));
    assert.equal(text(child(child(child(resData(checked), NS.domain, 'chkData'), NS.domain, 'cd'), NS.domain, 'reason')), 'In redemption period');
    assert.equal(await code(await c.request(domainRenew('upd.fi', d.exDate.toISOString().slice(0, 10)))), 2304);
    assert.equal(await code(await c.request(restore('upd.fi'))), 1000);
    assert.equal(d.rgp, undefined);
    assert.equal(await code(await c.request(domainDelete('upd.fi'))), 1000);
    server.purge('upd.fi');
    assert.equal(await code(await c.request(domainInfo('upd.fi'))), 2303);
  });

  it('takes nameservers as attributes with glue where the TLD says so', async () => {
    const attr = (name: string, addr?: string) => `<domain:hostAttr><domain:hostName>${name}</domain:hostName>${addr ? `<domain:hostAddr ip="v4">${addr}</domain:hostAddr>` : ''}</domain:hostAttr>`;
    const create = (ns: string) => cmd(`<create><domain:create ${DOMAIN}><domain:name>attr.eu</domain:name><domain:ns>${ns}</domain:ns><domain:registrant>upd-holder</domain:registrant><domain:authInfo><domain:pw>attr-Code-1</domain:pw></domain:authInfo></domain:create></create>`);
    assert.equal(await code(await c.request(create('<domain:hostObj>ns1.dns.example</domain:hostObj>'))), 2306);
    assert.equal(await code(await c.request(create(attr('ns1.attr.eu')))), 2003);
    assert.equal(await code(await c.request(create(attr('ns1.dns.example', '192.0.2.7')))), 2306);
    assert.equal(await code(await c.request(create(attr('ns1.attr.eu', '192.0.2.7') + attr('ns1.dns.example')))), 1000);
    assert.deepEqual(server.domains.get('attr.eu')!.ns, [{ name: 'ns1.attr.eu', addrs: [{ ip: 'v4', addr: '192.0.2.7' }] }, { name: 'ns1.dns.example', addrs: [] }]);
  });
});

describe('test EPP registry: limits', () => {
  it('caps sessions per registrar (2502 and closed)', { timeout: 10_000 }, async () => {
    const server = await startEppServer({ registrars: [{ id: 'hostplane', password: 'secret-1', sessionLimit: 2 }, REGISTRARS[1]!], tlds: ['fi'] });
    try {
      const a = await session(server);
      const b = await session(server);
      const third = await rawConnect({ port: server.port, ca: server.ca });
      assert.equal(await code(await third.request(login('hostplane', 'secret-1'))), 2502);
      await third.closed;
      // Another registrar has its own budget.
      (await session(server, 'other')).close();
      assert.equal(server.sessionCount('hostplane'), 2);
      a.close();
      b.close();
    } finally {
      await server.close();
    }
  });

  it('answers 2502 and closes when a registrar goes beyond its command rate', { timeout: 10_000 }, async () => {
    const server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'], rateLimit: { commands: 3, perMs: 60_000 } });
    try {
      const c = await session(server);
      for (let i = 0; i < 3; i++) assert.equal(await code(await c.request(domainCheck('a.fi'))), 1000);
      const refused = await c.request(domainCheck('a.fi'));
      assert.equal(await code(refused), 2502);
      assert.match(reasonOf(refused) ?? '', /rate limit/);
      await c.closed;
    } finally {
      await server.close();
    }
  });

  it('adds the configured latency to every answer', async () => {
    const server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'], latencyMs: 150 });
    try {
      const c = await session(server);
      const started = performance.now();
      await c.request(domainCheck('a.fi'));
      assert.ok(performance.now() - started >= 145, `answered in ${performance.now() - started} ms`);
      c.close();
    } finally {
      await server.close();
    }
  });
});
