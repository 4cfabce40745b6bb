import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commandXml, helloXml, parseGreeting, parseResponse } from './protocol.js';
import { reasonFor, resultError } from './result-codes.js';
import { checkDomains, createDomain, readCheck, readInfo, readTransfer, renewDomain, transferDomain, updateDomain } from './domain.js';
import { readNews } from './poll.js';
import { dsUpdate, readDs } from './secdns.js';
import { createContact, postalType, contactFingerprint } from './contact.js';
import { restoreRequest } from './rgp.js';
import { children, NS, parseXml, XmlError } from './xml.js';

// Frames from the RFCs' own examples (RFC 5730 section 2.4 and 2.6, RFC 5731 section 3), with the
// server's "S:" prefixes removed.
const GREETING = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">
  <greeting>
    <svID>Example EPP server epp.example.com</svID>
    <svDate>2000-06-08T22:00:00.0Z</svDate>
    <svcMenu>
      <version>1.0</version>
      <lang>en</lang>
      <lang>fr</lang>
      <objURI>urn:ietf:params:xml:ns:obj1</objURI>
      <objURI>urn:ietf:params:xml:ns:obj2</objURI>
      <objURI>urn:ietf:params:xml:ns:obj3</objURI>
      <svcExtension>
        <extURI>http://custom.example.com/epp/ext-1.0</extURI>
      </svcExtension>
    </svcMenu>
    <dcp>
      <access><all/></access>
      <statement>
        <purpose><admin/><prov/></purpose>
        <recipient><ours/><public/></recipient>
        <retention><stated/></retention>
      </statement>
    </dcp>
  </greeting>
</epp>`;

const INFO = (p: string) => `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">
  <response>
    <result code="1000">
      <msg>Command completed successfully</msg>
    </result>
    <resData>
      <${p}infData ${p ? `xmlns:${p.slice(0, -1)}` : 'xmlns'}="urn:ietf:params:xml:ns:domain-1.0">
        <${p}name>example.com</${p}name>
        <${p}roid>EXAMPLE1-REP</${p}roid>
        <${p}status s="ok"/>
        <${p}registrant>jd1234</${p}registrant>
        <${p}contact type="admin">sh8013</${p}contact>
        <${p}contact type="tech">sh8013</${p}contact>
        <${p}ns>
          <${p}hostObj>ns1.example.com</${p}hostObj>
          <${p}hostObj>ns1.example.net</${p}hostObj>
        </${p}ns>
        <${p}host>ns1.example.com</${p}host>
        <${p}host>ns2.example.com</${p}host>
        <${p}clID>ClientX</${p}clID>
        <${p}crID>ClientY</${p}crID>
        <${p}crDate>1999-04-03T22:00:00.0Z</${p}crDate>
        <${p}upID>ClientX</${p}upID>
        <${p}upDate>1999-12-03T09:00:00.0Z</${p}upDate>
        <${p}exDate>2005-04-03T22:00:00.0Z</${p}exDate>
        <${p}trDate>2000-04-08T09:00:00.0Z</${p}trDate>
        <${p}authInfo>
          <${p}pw>2fooBAR</${p}pw>
        </${p}authInfo>
      </${p}infData>
    </resData>
    <trID>
      <clTRID>ABC-12345</clTRID>
      <svTRID>54322-XYZ</svTRID>
    </trID>
  </response>
</epp>`;

describe('EPP envelope (RFC 5730)', () => {
  it('reads the greeting example', () => {
    assert.deepEqual(parseGreeting(GREETING), {
      serverId: 'Example EPP server epp.example.com',
      serverDate: '2000-06-08T22:00:00.0Z',
      versions: ['1.0'],
      languages: ['en', 'fr'],
      objects: ['urn:ietf:params:xml:ns:obj1', 'urn:ietf:params:xml:ns:obj2', 'urn:ietf:params:xml:ns:obj3'],
      extensions: ['http://custom.example.com/epp/ext-1.0'],
      dcpAccess: 'all',
    });
  });

  it('reads the domain:info example by namespace, whatever prefix the server chose', () => {
    for (const prefix of ['domain:', 'd:', '']) {
      const res = parseResponse(INFO(prefix));
      assert.equal(res.code, 1000);
      assert.equal(res.clTRID, 'ABC-12345');
      assert.equal(res.svTRID, '54322-XYZ');
      const info = readInfo(res.resData);
      assert.deepEqual(info, {
        name: 'example.com', roid: 'EXAMPLE1-REP', statuses: ['ok'], registrant: 'jd1234',
        contacts: [{ type: 'admin', handle: 'sh8013' }, { type: 'tech', handle: 'sh8013' }],
        nameservers: ['ns1.example.com', 'ns1.example.net'], hosts: ['ns1.example.com', 'ns2.example.com'],
        clID: 'ClientX', crDate: '1999-04-03T22:00:00.0Z', upDate: '1999-12-03T09:00:00.0Z', exDate: '2005-04-03T22:00:00.0Z',
        authCode: '2fooBAR',
      });
    }
  });

  it('does not take an element of another namespace for one of ours', () => {
    const res = parseResponse(INFO('domain:').replace('urn:ietf:params:xml:ns:domain-1.0', 'urn:example:other'));
    assert.equal(readInfo(res.resData), undefined);
  });

  it('reads every result of an error answer with the extValue reasons (RFC 5730 section 2.6 example)', () => {
    const res = parseResponse(`<?xml version="1.0" encoding="UTF-8"?>
<epp xmlns="urn:ietf:params:xml:ns:epp-1.0">
  <response>
    <result code="2004"><msg>Parameter value range error</msg><value><obj:elem1 xmlns:obj="urn:ietf:params:xml:ns:obj">2525</obj:elem1></value></result>
    <result code="2005"><msg>Parameter value syntax error</msg>
      <extValue><value><obj:elem2 xmlns:obj="urn:ietf:params:xml:ns:obj">ex(ample</obj:elem2></value><reason>Invalid character found.</reason></extValue>
    </result>
    <trID><clTRID>ABC-12345</clTRID><svTRID>54321-XYZ</svTRID></trID>
  </response>
</epp>`);
    assert.equal(res.code, 2004);
    const err = resultError(res, { registry: 'reg', command: 'domain:create example.com' });
    assert.equal(err.reason, 'policy');
    assert.equal(err.code, 2004);
    assert.match(err.message, /2004 Parameter value range error; Invalid character found\. \(svTRID 54321-XYZ, clTRID ABC-12345\)/);
  });

  it('refuses what is not EPP, not well-formed, or carries a DTD', () => {
    assert.throws(() => parseResponse('<epp xmlns="urn:example:other"><response/></epp>'), XmlError);
    assert.throws(() => parseResponse('<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response>'), XmlError);
    assert.throws(() => parseXml('<!DOCTYPE epp [<!ENTITY x "y">]><epp/>'), XmlError);
    assert.throws(() => parseGreeting(INFO('domain:')), /greeting/);
  });

  it('writes a command with its clTRID last, the hello without one, and escapes what it is given', () => {
    const xml = commandXml(checkDomains(['a&b<c>.fi', 'x.fi']), [], 'reg-1-1');
    const root = parseXml(xml);
    const command = children(root, NS.epp, 'command')[0]!;
    assert.deepEqual(children(command, NS.epp).map((e) => e.localName), ['check', 'clTRID']);
    const names = root.getElementsByTagNameNS(NS.domain, 'name');
    assert.deepEqual([names[0]!.textContent, names[1]!.textContent], ['a&b<c>.fi', 'x.fi']);
    assert.equal(parseXml(helloXml()).getElementsByTagNameNS(NS.epp, 'hello').length, 1);
    assert.equal(parseXml(helloXml()).getElementsByTagNameNS(NS.epp, 'clTRID').length, 0);
  });
});

describe('EPP result codes as the port reasons', () => {
  it('maps codes as ports/registry.ts documents', () => {
    assert.equal(reasonFor(2302), 'exists');
    assert.equal(reasonFor(2303), 'not_found');
    assert.equal(reasonFor(2202), 'auth_invalid');
    assert.equal(reasonFor(2201, true), 'auth_invalid');
    assert.equal(reasonFor(2201), 'not_sponsor');
    for (const c of [2003, 2004, 2005, 2104, 2105, 2106, 2304, 2305, 2306, 2308]) assert.equal(reasonFor(c), 'policy', String(c));
    for (const c of [2400, 2500, 2501, 2502]) assert.equal(reasonFor(c), 'unavailable', String(c));
  });
});

describe('EPP commands (RFC 5731, 5733, 3915, 5910)', () => {
  const order = (xml: string, ns: string, local: string) =>
    children(parseXml(xml).getElementsByTagNameNS(ns, local)[0] as never, ns).map((e) => e.localName);

  it('domain:create children in schema order, contacts filled, hostObj or hostAttr', () => {
    const base = { name: 'example.fi', years: 2, registrant: 'hp1', contacts: [{ role: 'admin' as const, handle: 'hp1' }], authCode: 'Ab1!x' };
    const obj = commandXml(createDomain({ ...base, style: 'hostObj', nameservers: [{ name: 'ns1.example.net' }] }), [], 't-1');
    assert.deepEqual(order(obj, NS.domain, 'create'), ['name', 'period', 'ns', 'registrant', 'contact', 'authInfo']);
    assert.deepEqual(order(obj, NS.domain, 'ns'), ['hostObj']);
    const attr = commandXml(createDomain({ ...base, style: 'hostAttr', nameservers: [{ name: 'ns1.example.fi', addrs: ['192.0.2.1', '2001:db8::1'] }] }), [], 't-2');
    const addrs = parseXml(attr).getElementsByTagNameNS(NS.domain, 'hostAddr');
    assert.deepEqual([addrs[0]!.getAttribute('ip'), addrs[1]!.getAttribute('ip')], ['v4', 'v6']);
    assert.match(obj, /<domain:period unit="y">2<\/domain:period>/);
  });

  it('renew carries the current expiry date only; transfer its op; update add, rem, chg in order', () => {
    assert.match(commandXml(renewDomain('example.fi', '2027-04-03T22:00:00.0Z', 1), [], 't'), /<domain:curExpDate>2027-04-03<\/domain:curExpDate>/);
    assert.match(commandXml(transferDomain('approve', 'example.fi'), [], 't'), /<transfer op="approve">/);
    const upd = commandXml(updateDomain('example.fi', { addNs: [{ name: 'a.example.net' }], remStatuses: ['clientHold'], authCode: 'x' }, 'hostObj'), [], 't');
    assert.deepEqual(order(upd, NS.domain, 'update'), ['name', 'add', 'rem', 'chg']);
  });

  it('reads check availability with the reason (RFC 5731 section 3.1.1 example)', () => {
    const res = parseResponse(`<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response><result code="1000"><msg>ok</msg></result><resData>
      <domain:chkData xmlns:domain="urn:ietf:params:xml:ns:domain-1.0">
        <domain:cd><domain:name avail="1">example.com</domain:name></domain:cd>
        <domain:cd><domain:name avail="0">example.net</domain:name><domain:reason>In use</domain:reason></domain:cd>
        <domain:cd><domain:name avail="1">example.org</domain:name></domain:cd>
      </domain:chkData></resData><trID><clTRID>ABC-12345</clTRID><svTRID>54322-XYZ</svTRID></trID></response></epp>`);
    assert.deepEqual(readCheck(res.resData), [
      { name: 'example.com', available: true }, { name: 'example.net', available: false, reason: 'In use' }, { name: 'example.org', available: true },
    ]);
  });

  it('contact: int for ASCII, loc otherwise; nothing personal disclosed by default', () => {
    const r = { key: 'contact:1', name: 'Matti Meikäläinen', organization: '', email: 'm@example.fi', phone: '+358.401234567', address: 'Katu 1', zipCode: '00100', city: 'Helsinki', country: 'fi', identityNumber: '010101-123N' };
    assert.equal(postalType(r), 'loc');
    assert.equal(postalType({ ...r, name: 'Matti Meikalainen' }), 'int');
    const xml = commandXml(createContact('hp1', r, 'Ab1!', { hide: true }), [], 't');
    assert.deepEqual(order(xml, NS.contact, 'create'), ['id', 'postalInfo', 'voice', 'email', 'authInfo', 'disclose']);
    assert.deepEqual(order(xml, NS.contact, 'disclose'), ['addr', 'voice', 'email']);
    assert.match(xml, /<contact:disclose flag="0"><contact:addr type="loc"\/>/);
    assert.match(xml, /<contact:cc>FI<\/contact:cc>/);
    assert.equal(contactFingerprint(r), contactFingerprint({ ...r, key: 'other' }));
    assert.notEqual(contactFingerprint(r), contactFingerprint({ ...r, phone: '+358.1' }));
  });

  it('restore: an update with an empty chg and rgp:restore op="request" (RFC 3915 section 4.2.5)', () => {
    const { verb, extensions } = restoreRequest('example.fi', 'hostObj');
    const xml = commandXml(verb, extensions, 't');
    assert.match(xml, /<domain:chg\/><\/domain:update><\/update><extension><rgp:update xmlns:rgp="urn:ietf:params:xml:ns:rgp-1.0"><rgp:restore op="request"\/>/);
  });

  it('secDNS: rem then add of what changed, rem all when nothing stays; reads infData', () => {
    const a = { keyTag: 12345, algorithm: 13, digestType: 2, digest: 'ab'.repeat(32) };
    const b = { ...a, keyTag: 54321 };
    assert.equal(dsUpdate([a], [{ ...a, digest: a.digest.toUpperCase() }]), undefined);
    const xml = commandXml(updateDomain('x.fi', {}, 'hostObj'), [dsUpdate([a], [b])!], 't');
    assert.deepEqual(order(xml, NS.secDNS, 'update'), ['rem', 'add']);
    assert.match(commandXml(updateDomain('x.fi', {}, 'hostObj'), [dsUpdate([a], [])!], 't'), /<secDNS:rem><secDNS:all>true<\/secDNS:all><\/secDNS:rem>/);
    const res = parseResponse(`<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response><result code="1000"><msg>ok</msg></result>
      <extension><s:infData xmlns:s="urn:ietf:params:xml:ns:secDNS-1.1"><s:dsData><s:keyTag>12345</s:keyTag><s:alg>3</s:alg><s:digestType>1</s:digestType><s:digest>49FD46E6C4B45C55D4AC</s:digest></s:dsData></s:infData></extension>
      <trID><svTRID>1</svTRID></trID></response></epp>`);
    assert.deepEqual(readDs(res.extension), [{ keyTag: 12345, algorithm: 3, digestType: 1, digest: '49FD46E6C4B45C55D4AC' }]);
  });

  it('poll: transfer news by trStatus and side, renewals, deletions, others', () => {
    const poll = (resData: string, msg = 'Transfer requested.') => parseResponse(`<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response>
      <result code="1301"><msg>Command completed successfully; ack to dequeue</msg></result>
      <msgQ count="5" id="12345"><qDate>2000-06-08T22:00:00.0Z</qDate><msg>${msg}</msg></msgQ>
      ${resData}<trID><clTRID>ABC-12346</clTRID><svTRID>54321-XYZ</svTRID></trID></response></epp>`);
    const trn = (status: string) => `<resData><domain:trnData xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"><domain:name>example.com</domain:name><domain:trStatus>${status}</domain:trStatus><domain:reID>ClientX</domain:reID><domain:reDate>2000-06-08T22:00:00.0Z</domain:reDate><domain:acID>ClientY</domain:acID><domain:acDate>2000-06-13T22:00:00.0Z</domain:acDate><domain:exDate>2002-09-08T22:00:00.0Z</domain:exDate></domain:trnData></resData>`;
    assert.equal(readTransfer(poll(trn('pending')).resData)?.reID, 'ClientX');
    assert.deepEqual(readNews(poll(trn('pending')), 'ClientY'), { id: '12345', at: '2000-06-08T22:00:00.0Z', text: 'Transfer requested.', kind: 'transfer_requested_away', name: 'example.com' });
    assert.equal(readNews(poll(trn('clientApproved')), 'ClientX')?.kind, 'transfer_approved');
    assert.equal(readNews(poll(trn('clientApproved')), 'ClientX')?.expiresAt, '2002-09-08T22:00:00.0Z');
    assert.equal(readNews(poll(trn('serverApproved')), 'ClientY')?.kind, 'transferred_away');
    assert.equal(readNews(poll(trn('clientRejected')), 'ClientX')?.kind, 'transfer_rejected');
    assert.equal(readNews(poll(trn('clientCancelled')), 'ClientX')?.kind, 'transfer_cancelled');
    const pan = `<resData><domain:panData xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"><domain:name paResult="1">example.com</domain:name><domain:paTRID><clTRID>ABC-12345</clTRID><svTRID>54321-XYZ</svTRID></domain:paTRID><domain:paDate>2000-06-08T22:00:00.0Z</domain:paDate></domain:panData></resData>`;
    assert.equal(readNews(poll(pan, 'Pending action completed successfully.'), 'ClientX')?.kind, 'other');
    assert.equal(readNews(poll(pan, 'Domain deleted by registry policy'), 'ClientX')?.kind, 'deleted');
    const ren = `<resData><domain:renData xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"><domain:name>example.com</domain:name><domain:exDate>2005-04-03T22:00:00.0Z</domain:exDate></domain:renData></resData>`;
    assert.deepEqual(readNews(poll(ren, 'Auto-renewed'), 'ClientX'), { id: '12345', at: '2000-06-08T22:00:00.0Z', text: 'Auto-renewed', kind: 'renewed', name: 'example.com', expiresAt: '2005-04-03T22:00:00.0Z' });
    assert.equal(readNews(poll('', 'Hello'), 'ClientX')?.kind, 'other');
    const empty = parseResponse(`<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response><result code="1300"><msg>Command completed successfully; no messages</msg></result><trID><clTRID>ABC-12346</clTRID><svTRID>54321-XYZ</svTRID></trID></response></epp>`);
    assert.equal(readNews(empty, 'ClientX'), undefined);
  });
});
