import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { kdigRaw, requireDnsClients, waitForAnswer } from '../../servers/dns/helpers.js';
import { REGISTRANT } from '../../helpers/fixtures.js';
import { TXT_MAX } from '../../../src/core/dns/record-types.js';

/** The character-strings of kdig's +short TXT answer (one line per record), unescaped. */
function characterStrings(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

/** The text cut in character-strings of 255 bytes (RFC 1035 3.3.14), as a DNS server must send it. */
const in255 = (text: string) => Array.from({ length: Math.ceil(text.length / 255) }, (_, i) => text.slice(i * 255, (i + 1) * 255));

/**
 * Partner TXT record_data beyond the document's 100 characters: a DKIM key made through the partner
 * API is served intact by the builtin DNS server, and both APIs stop at the same TXT_MAX.
 */
describe('partner API: long TXT records (DKIM) reach the DNS intact', () => {
  let t: TestServer;
  let port: number;
  let apiKey: string;
  let token: string;
  const fqdn = 'dkim-avain.com';
  before(async () => {
    requireDnsClients();
    t = await startTestServer({ env: { DNS_PORT: '0' } });
    port = t.server.dns!.port;
    apiKey = (await t.partner()).apiKey;
    const res = await t.request('POST', '/domains/register', { token: apiKey, body: { name: fqdn, period: 1, action: 'register' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await waitForAnswer(port, fqdn, 'SOA', (a) => a.rcode === 'NOERROR' && a.answers?.length === 1, 2000);
    // A customer of the client API, whose TXT records pass the same rule.
    token = (await t.user({ postpaid: true })).token;
  });
  after(() => t?.close());

  const post = (body: Record<string, unknown>) => t.request('POST', `/domains/${fqdn}/record`, { token: apiKey, body });
  const txt = (record_name: string, record_data: string) => ({ record_type_name: 'TXT', record_name, record_data, priority: 1 });
  const served = async (name: string, ...flags: string[]) => {
    await waitForAnswer(port, name, 'TXT', (a) => (a.answers?.length ?? 0) > 0 || a.flag_tc, 2000);
    return (await kdigRaw(port, name, 'TXT', '+short', ...flags)).trim().split('\n').map(characterStrings);
  };

  it('a 2048-bit DKIM key made through the partner API is answered by dig as its 255-byte character-strings', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    assert.ok(key.length > 400, `${key.length} characters`);
    const res = await post(txt('selector1._domainkey', key));
    assert.equal(res.status, 200, JSON.stringify(res.body));

    const records = await t.request('GET', `/domains/${fqdn}/records`, { token: apiKey });
    assert.deepEqual(records.body.Result.Records.TXT.map((r: { RecordData: string }) => r.RecordData), [key]);

    const name = `selector1._domainkey.${fqdn}`;
    assert.deepEqual(await served(name), [in255(key)], 'over UDP');
    assert.deepEqual(await served(name, '+tcp'), [in255(key)], 'over TCP');
  });

  it('takes TXT_MAX characters of text (quoted or not) and refuses one more per field, writing nothing', async () => {
    const longest = 'k'.repeat(TXT_MAX);
    assert.equal((await post(txt('pisin', `"${longest}"`))).status, 200);
    assert.deepEqual(await served(`pisin.${fqdn}`, '+tcp'), [in255(longest)]);

    const before = (await t.request('GET', `/domains/${fqdn}/records`, { token: apiKey })).body.Result.Records.TXT.length;
    const res = await post(txt('liian-pitka', `${longest}k`));
    assert.equal(res.status, 422, JSON.stringify(res.body).slice(0, 200));
    assert.deepEqual(res.body.errors, { record_data: [`The record_data may not be greater than ${TXT_MAX} characters`] });
    // In quotes the request's own bound (the text's and its two quotes) answers first.
    const quoted = await post(txt('liian-pitka', `"${longest}k"`));
    assert.equal(quoted.status, 422, JSON.stringify(quoted.body).slice(0, 200));
    assert.deepEqual(quoted.body.errors, { record_data: [`The record_data may not be greater than ${TXT_MAX + 2} characters`] });
    const after = (await t.request('GET', `/domains/${fqdn}/records`, { token: apiKey })).body.Result.Records.TXT.length;
    assert.equal(after, before);
  });

  it('the client API stops at the same length', async () => {
    const own = await t.request('POST', '/api/v1/domain/domains/purchase', {
      token,
      body: { domain: 'sama-raja.fi', years: 1, registrantContact: REGISTRANT },
    });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    const add = (content: string) => t.request('POST', '/api/v1/domain/domains/sama-raja.fi/records', { token, body: { host: 'x', type: 'TXT', content } });
    assert.equal((await add('k'.repeat(TXT_MAX))).status, 201);
    const refused = await add('k'.repeat(TXT_MAX + 1));
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body.error.context, { content: [`The content may not be greater than ${TXT_MAX} characters`] });
  });

  it('other types keep the document\'s 100 characters', async () => {
    const host100 = `${'a'.repeat(63)}.${'b'.repeat(24)}.example.net`;
    assert.equal(host100.length, 100);
    assert.equal((await post({ record_type_name: 'CNAME', record_name: 'sata', record_data: host100, priority: 1 })).status, 200);
    const res = await post({ record_type_name: 'CNAME', record_name: 'satayksi', record_data: `${'a'.repeat(63)}.${'b'.repeat(25)}.example.net`, priority: 1 });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors, { record_data: ['The record_data may not be greater than 100 characters'] });
    const soa = await t.request('PUT', `/domains/${fqdn}/record`, {
      token: apiKey, body: { id: '0', record_type_name: 'SOA', record_name: '@', record_data: `ns1.hostplane.test ${'h'.repeat(100)}.example 0 7200 3600 1209600 300`, priority: 1 },
    });
    assert.equal(soa.status, 422);
    assert.deepEqual(soa.body.errors, { record_data: ['The record_data may not be greater than 100 characters'] });
  });
});
