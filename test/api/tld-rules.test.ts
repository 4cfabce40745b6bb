import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { REGISTRANT, purchase } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import type { RegistrantSnapshot } from '../../src/ports/registry.js';

const INVALID = 'The given data was invalid.';
const CYRILLIC = 'домен.fi'; // xn--d1acufc.fi
const CODE = 'Siirto-1234-koodi';
const TOO_SHORT = '.fi names are 2-63 characters long; "a" has 1.';
const NOT_FINNISH = '.fi names may contain only a-z, 0-9, hyphens and áâäåčđǥǧǩŋõöšŧžʒǯ; "д" is not one of them.';

const holder: RegistrantSnapshot = {
  key: 'contact:1',
  name: 'Ivan Ivanov', organization: '', email: 'ivan@example.com', phone: '+358.401234567',
  address: 'Katu 1', zipCode: '00100', city: 'Helsinki', country: 'FI', identityNumber: '',
};

/**
 * Per-TLD name rules (issue 10, item 8): the catalogue's rules judge a name wherever one is weighed,
 * through both APIs, WHOIS and the CLI, and the catalogue sells the TLDs the documents' examples use.
 */
describe('TLD name rules, through both APIs', () => {
  let t: TestServer;
  let customer: Awaited<ReturnType<TestServer['user']>>;
  let partner: Awaited<ReturnType<TestServer['partner']>>;
  before(async () => {
    t = await startTestServer();
    customer = await t.user({ postpaid: true });
    partner = await t.partner();
  });
  after(() => t.close());

  const ctx = () => t.server.runtime.ctx;
  const check = (name: string) => t.request('GET', `/api/v1/domain/${encodeURIComponent(name)}/check`);
  const partnerCheck = (name: string) => t.request('POST', '/domains/check-domain', { token: partner.apiKey, body: { name } });
  const register = (body: Record<string, unknown>) => t.request('POST', '/domains/register', { token: partner.apiKey, body });
  const buy = (domain: string) =>
    t.request('POST', '/api/v1/domain/domains/purchase', { token: customer.token, body: { domain, years: 1, registrantContact: REGISTRANT } });
  const nothingOrdered = async (fqdn: string) => {
    assert.equal(await ctx().store.domains.findLiveByFqdn(fqdn), undefined, `${fqdn}: no domain row`);
    assert.equal(await ctx().store.orders.findOpenByFqdn(fqdn), undefined, `${fqdn}: no open order`);
    assert.equal(await ctx().registry.info(fqdn), undefined, `${fqdn}: not at the registry`);
  };

  it('client availability: a.fi and a Cyrillic .fi name are invalid, with the reason in the message', async () => {
    const short = await check('a.fi');
    assert.equal(short.status, 200);
    assert.deepEqual(short.body, { message: TOO_SHORT, data: { sld: 'a', tld: 'fi', info: 'invalid', status: 0, prices: [] } });

    const cyrillic = await check(CYRILLIC);
    assert.equal(cyrillic.status, 200);
    assert.deepEqual(cyrillic.body, { message: NOT_FINNISH, data: { sld: 'xn--d1acufc', tld: 'fi', info: 'invalid', status: 0, prices: [] } });
    // Its punycode form is the same name.
    assert.equal((await check('xn--d1acufc.fi')).body.data.info, 'invalid');

    // The same Cyrillic label is a valid .com name (Verisign takes any one script).
    const com = await check('домен.com');
    assert.deepEqual([com.body.message, com.body.data.info, com.body.data.status], ['', 'available', 1]);
  });

  it('client availability: a name with ä, ö and Sami letters is a valid .fi name, and two letters are enough', async () => {
    for (const name of ['ääkkönen.fi', 'sápmi-ǩǯ.fi', 'ab.fi']) {
      const res = await check(name);
      assert.equal(res.body.data.info, 'available', name);
      assert.equal(res.body.data.prices.length, 5, name);
      assert.equal(res.body.message, '', name);
    }
  });

  it('client availability over every TLD: each TLD judges the label by its own rules', async () => {
    const res = await check('домен');
    assert.equal(res.status, 200);
    const by = Object.fromEntries(res.body.data.map((d: any) => [d.tld, d]));
    assert.deepEqual(Object.keys(by).sort(), ['be', 'com', 'eu', 'fi', 'io', 'net', 'org']);
    for (const tld of ['com', 'net', 'org']) assert.equal(by[tld].info, 'available', tld);
    for (const tld of ['be', 'eu', 'fi', 'io']) assert.deepEqual([by[tld].info, by[tld].status, by[tld].prices], ['invalid', 0, []], tld);
    assert.match(res.body.message, /^\.be names may contain only .*\.eu names .*\.fi names .*\.io names may contain only a-z, 0-9 and hyphens; "д" is not one of them\.$/);

    const short = (await check('ab')).body.data;
    const info = Object.fromEntries(short.map((d: any) => [d.tld, d.info]));
    assert.deepEqual(info, { be: 'available', com: 'invalid', eu: 'available', fi: 'available', io: 'invalid', net: 'invalid', org: 'invalid' });

    // One script per label: Latin with a Cyrillic look-alike "а" is refused even where both scripts are sold.
    const mixed = await check('pаypal.com');
    assert.equal(mixed.body.data.info, 'invalid');
    assert.match(mixed.body.message, /one script; .* mixes Latin and Cyrillic/);
  });

  it('WHOIS does not call a name its TLD refuses available', async () => {
    const res = await t.request('GET', '/api/v1/domain/a.fi/whois');
    assert.deepEqual(res.body, { error: { status: 400, message: `Invalid domain: ${TOO_SHORT}` } });
    assert.deepEqual((await t.request('GET', '/api/v1/domain/vapaa.fi/whois')).body, { error: { status: 400, message: 'Domain is available' } });
  });

  it('client purchase and transfer refuse such names with a per-field 422, and change nothing', async () => {
    for (const [domain, reason] of [['a.fi', TOO_SHORT], [CYRILLIC, NOT_FINNISH]] as const) {
      const res = await buy(domain);
      assert.equal(res.status, 422, domain);
      assert.deepEqual(res.body, { error: { status: 422, message: INVALID, context: { domain: [reason] } } }, domain);
    }
    await nothingOrdered('a.fi');
    await nothingOrdered('xn--d1acufc.fi');

    // Held at the registry (sold before the rules came), it still cannot be transferred in.
    await ctx().registry.create({ name: 'xn--d1acufc.fi', years: 1, registrant: holder, nameservers: [] });
    await ctx().registry.setAuthCode('xn--d1acufc.fi', CODE);
    const code = CODE;
    const transfer = await t.request('POST', '/api/v1/domain/domains/transfer', { token: customer.token, body: { domain: CYRILLIC, authCode: code } });
    assert.equal(transfer.status, 422);
    assert.deepEqual(transfer.body.error.context, { domain: [NOT_FINNISH] });
    assert.equal(await ctx().store.orders.findOpenByFqdn('xn--d1acufc.fi'), undefined);
  });

  it('client purchase of a valid ä name goes through', async () => {
    await purchase(t, customer.token, 'ääkkönen.fi');
    assert.equal((await ctx().store.domains.findLiveByFqdn('xn--kknen-fraa0m.fi'))?.status, 'active');
  });

  it('partner check-domain says why a name cannot be registered', async () => {
    assert.deepEqual((await partnerCheck('a.fi')).body, { success: true, available: false, message: `a.fi is not available to register: ${TOO_SHORT}` });
    assert.deepEqual((await partnerCheck(CYRILLIC)).body, { success: true, available: false, message: `${CYRILLIC} is not available to register: ${NOT_FINNISH}` });
    assert.deepEqual((await partnerCheck('pöllö.fi')).body, { success: true, available: true, message: 'pöllö.fi is available to register!' });
  });

  it('partner register refuses such names for both actions with a per-field 422, and changes nothing', async () => {
    const reg = await register({ name: 'a.fi', period: 1, action: 'register' });
    assert.equal(reg.status, 422);
    assert.deepEqual(reg.body, { success: false, message: INVALID, errors: { name: [TOO_SHORT] } });
    await nothingOrdered('a.fi');
    const cyr = await register({ name: 'дом.fi', period: 1, action: 'register' });
    assert.deepEqual([cyr.status, cyr.body.errors], [422, { name: [NOT_FINNISH] }]);
    await nothingOrdered('xn--d1aqf.fi');

    const code = CODE;
    const transfer = await register({ name: CYRILLIC, period: 1, action: 'transfer', epp_code: code });
    assert.equal(transfer.status, 422);
    assert.deepEqual(transfer.body.errors, { name: [NOT_FINNISH] });
    assert.equal(await ctx().store.orders.findOpenByFqdn('xn--d1acufc.fi'), undefined);
  });

  it('sells .be: a new user registers the partner document\'s testdomain.be as its example does', async () => {
    const checked = await partnerCheck('testdomain.be');
    assert.deepEqual(checked.body, { success: true, available: true, message: 'testdomain.be is available to register!' });
    const res = await register({
      name: 'testdomain.be', period: 1, action: 'register', epp_code: '123456',
      ns1: 'ns1.com', ns2: 'ns2.com', ns3: 'ns3.com', ns4: 'ns4.com',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.message, 'Registered successfully');
    const listed = await t.request('GET', '/domains/list', { token: partner.apiKey });
    assert.ok(listed.body.data.some((d: any) => d.domain === 'testdomain.be'));
    // And DNS Belgium's letters: ß, å and œ are .be letters, the Polish ł and ź are not.
    assert.equal((await check('straße-œuvre-å.be')).body.data.info, 'available');
    assert.equal((await check('łódź.be')).body.data.info, 'invalid');
  });

  it('an operator\'s rules, set with `hostplane tlds set`, take effect at once over HTTP', async () => {
    // Before: ab.fi is a name; Cyrillic .com is one; .be takes no Greek.
    assert.equal((await check('ab.fi')).body.data.info, 'available');
    const set = await runCli(t.databaseUrl, 'tlds', 'set', 'fi', '--min-length', '3', '--max-length', '20', '--json');
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(set.json.rules, { min_length: 3, max_length: 20, idn_chars: 'áâäåčđǥǧǩŋõöšŧžʒǯ', idn_scripts: '' });
    const short = await check('ab.fi');
    assert.deepEqual([short.body.data.info, short.body.message], ['invalid', '.fi names are 3-20 characters long; "ab" has 2.']);
    assert.equal((await buy('ab.fi')).status, 422);
    assert.equal((await register({ name: `${'a'.repeat(21)}.fi`, period: 1, action: 'register' })).status, 422);

    // Scripts: .com without IDN refuses the Cyrillic name it took before.
    assert.equal((await runCli(t.databaseUrl, 'tlds', 'set', 'com', '--idn-scripts', '', '--json')).code, 0);
    const com = await check('домен.com');
    assert.deepEqual([com.body.data.info, com.body.message], ['invalid', '.com names may contain only a-z, 0-9 and hyphens; "д" is not one of them.']);
    // Characters: Greek letters for .be, by name of the script.
    assert.equal((await runCli(t.databaseUrl, 'tlds', 'set', 'be', '--idn-scripts', 'Greek', '--json')).code, 0);
    assert.equal((await check('ελλάδα.be')).body.data.info, 'available');
    // A TLD added without rules gets the common 2-63, LDH only.
    const added = await runCli(t.databaseUrl, 'tlds', 'set', 'se', '--price-12', '12', '--idn-chars', 'ÅÄÖ é ü', '--json');
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(added.json.rules, { min_length: 2, max_length: 63, idn_chars: 'åäöéü', idn_scripts: '' });
    assert.equal((await check('smörgås.se')).body.data.info, 'available');
    assert.equal((await partnerCheck('s.se')).body.available, false);

    const listed = await runCli(t.databaseUrl, 'tlds', 'list');
    assert.match(listed.stdout, /^fi +on .* 3-20 characters: a-z, 0-9, hyphens and áâäåčđǥǧǩŋõöšŧžʒǯ$/m);
    assert.match(listed.stdout, /^com +on .* 3-63 characters: a-z, 0-9 and hyphens$/m);
  });

  it('tlds set refuses rules no registry could have, per field, and changes nothing', async () => {
    const before = await ctx().store.tlds.find('fi');
    // Every rule the core checks is reported at once; a number that is no number, by the CLI itself.
    const refused: Array<[string[], string[]]> = [
      [['--min-length', '0', '--max-length', '64', '--idn-chars', 'ä_ŀ', '--idn-scripts', 'Latin,Klingon'],
        ['min_length', 'max_length', 'idn_chars', 'idn_scripts']], // "_" is never in a name; IDNA maps ŀ to "l·"
      [['--min-length', '10', '--max-length', '5'], ['min_length']],
      [['--min-length', 'two'], ['min_length']],
    ];
    for (const [args, fields] of refused) {
      const res = await runCli(t.databaseUrl, 'tlds', 'set', 'fi', ...args, '--json');
      assert.equal(res.code, 2, `${args.join(' ')}: ${res.stdout}${res.stderr}`);
      assert.deepEqual(Object.keys(res.json.error.fields), fields, args.join(' '));
    }
    assert.deepEqual(await ctx().store.tlds.find('fi'), before);
  });
});
