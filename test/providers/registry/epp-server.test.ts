import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEppServer, validateFrame, type EppServer, type EppServerOptions } from '../../helpers/epp-server/index.js';
import { rawConnect, type RawEppConnection } from '../../helpers/epp-server/raw-client.js';
import { child, children, NS, parseXml, text } from '../../helpers/epp-server/xml.js';

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

  it('answers 2002 to a command before login, 2200 to a wrong password, 2002 to a second login, 1500 to logout', async () => {
    const c = await rawConnect({ port: server.port, ca: server.ca, cert: server.clientCert, key: server.clientKey });
    assert.equal(await code(await c.request(domainCheck('a.fi'))), 2002);
    assert.equal(await code(await c.request(login('hostplane', 'wrong-pw'))), 2200);
    assert.equal(await code(await c.request(login('hostplane', 'secret-1'))), 1000);
    assert.equal(await code(await c.request(login('hostplane', 'secret-1'))), 2002);
    assert.equal(await code(await c.request(logout())), 1500);
    await c.closed;
  });

  it('refuses at login services the greeting did not offer (2307 objects, 2103 extensions)', async () => {
    const c = await rawConnect({ port: server.port, ca: server.ca, cert: server.clientCert, key: server.clientKey });
    const withObj = login('hostplane', 'secret-1').replace(`<objURI>${NS.host}</objURI>`, '<objURI>urn:ietf:params:xml:ns:org-1.0</objURI>');
    assert.equal(await code(await c.request(withObj)), 2307);
    assert.equal(await code(await c.request(login('hostplane', 'secret-1', ['urn:ietf:params:xml:ns:fee-0.5']))), 2103);
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
    assert.equal(await code(await c.request(domainCheck('a.fi'))), 1000);
    assert.ok(server.commands.some((r) => r.command === 'invalid' && r.code === 2001));
    c.close();
  });

  it('drops the connection on a frame length that cannot be', async () => {
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

  it('needs glue for a host inside its own domain, and the domain to be the caller\'s', async () => {
    assert.equal(await code(await c.request(hostCreate('ns1.free.fi'))), 2003);
    assert.equal(await code(await c.request(hostCreate('ns1.free.fi', ['192.0.2.1']))), 1000);
    assert.equal(await code(await c.request(hostCreate('ns1.example.net', ['192.0.2.1']))), 2306);
    assert.equal(await code(await c.request(hostCreate('ns1.example.net'))), 1000);
    const o = await session(server, 'other');
    assert.equal(await code(await o.request(hostCreate('ns2.free.fi', ['192.0.2.2']))), 2201);
    o.close();
  });
});

describe('test EPP registry: faults', () => {
  let server: EppServer;
  before(async () => { server = await startEppServer({ registrars: REGISTRARS, tlds: ['fi'] }); });
  after(() => server.close());

  it('closes a session that stays silent past the idle timeout, and only then', async () => {
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

  it('drops every connection while down, and serves again once up', async () => {
    const c = await session(server);
    server.setDown(true);
    await c.closed;
    await assert.rejects(rawConnect({ port: server.port, ca: server.ca }));
    server.setDown(false);
    const back = await session(server);
    back.close();
  });
});
