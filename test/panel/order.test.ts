// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the panel's pages, and the
// store is read here only through core commands the API suites, which run on both stores, drive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { PanelClient } from '../helpers/panel.js';
import { listTlds } from '../../src/core/catalog/list-tlds.js';
import { setTld } from '../../src/core/catalog/set-tld.js';
import { markInvoicePaid } from '../../src/core/billing/mark-invoice-paid.js';

/**
 * Ordering in the panel over HTTP: the name search under every TLD on sale with its price, an invalid
 * name's message, buying with an existing contact and with a new one (the domain then in the client
 * API's list and the panel's), a taken name refused at its field, a transfer in with an auth code, and
 * POSTs without the CSRF token (403, nothing ordered).
 */
describe('panel: order a domain', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t?.close());

  const ctx = () => t.server.runtime.ctx;

  async function customer(postpaid = false) {
    const u = await t.user({ postpaid });
    const panel = new PanelClient(t);
    const csrf = await panel.login(u.username, u.password);
    return { ...u, panel, csrf };
  }

  /** The message shown at a field or group: the <p class="message"> its aria-describedby names. */
  const messageAt = (page: string, id: string): string | undefined => new RegExp(`<p class="message" id="${id}-error">([^<]*)</p>`).exec(page)?.[1];

  /** The client API's domain list of a customer, by name and status. */
  async function apiDomains(token: string): Promise<Record<string, string>> {
    const res = await t.request('GET', '/api/v1/domain/domains', { token });
    assert.equal(res.status, 200);
    return Object.fromEntries((res.body.data as Array<{ fqdn: string; status: string }>).map((d) => [d.fqdn, d.status]));
  }

  const newContact = {
    firstName: 'Liisa', lastName: 'Laine', address: 'Rantatie 5', zipCode: '00150', city: 'Helsinki', country: 'FI',
    phone: '+358.409876543', email: 'liisa.laine@example.fi', identityNumber: '121285-456B',
  };

  test('the search lists the name under every TLD on sale, with availability and the price of a year; a TLD off sale is not listed', async () => {
    await setTld(ctx(), { tld: 'be', onSale: false });
    const holder = await t.user({ postpaid: true });
    await purchase(t, holder.token, 'hakutesti.com');
    const c = await customer();
    const res = await c.panel.get('/panel/order?name=hakutesti');
    assert.equal(res.status, 200);
    const onSale = (await listTlds(ctx())).filter((x) => x.tld.on_sale === 1);
    assert.ok(onSale.length >= 5, 'the seeded catalogue sells several TLDs');
    const rows = [...res.text.matchAll(/<tr>\n<td>([^<]+)<\/td>\n<td>([^<]+)(?:<br>[^\n]*)?<\/td>\n<td class="nowrap">([^<]+)<\/td>/g)].map((m) => [m[1], m[2], m[3]]);
    assert.deepEqual(rows.map((r) => r[0]).sort(), onSale.map((x) => `hakutesti.${x.tld.tld}`).sort(), 'one row per TLD on sale, and .be (off sale) not among them');
    for (const { tld, prices } of onSale) {
      const year = prices.find((p) => p.period_months === 12)!;
      const row = rows.find((r) => r[0] === `hakutesti.${tld.tld}`)!;
      assert.equal(row[2], `€${(year.price_cents / 100).toFixed(2)} a year`, `.${tld.tld}'s price`);
      assert.equal(row[1], tld.tld === 'com' ? 'Taken' : 'Available', `.${tld.tld}'s availability`);
    }
    assert.match(res.text, /<a href="\/panel\/order\/buy\?domain=hakutesti\.fi">Buy<span class="vh"> hakutesti\.fi<\/span><\/a>/);
    assert.match(res.text, /<a href="\/panel\/order\/transfer\?domain=hakutesti\.com">Transfer<span class="vh"> hakutesti\.com<\/span><\/a>/);

    // A whole name comes first, then its label under the others; a TLD not sold says why.
    const whole = await c.panel.get('/panel/order?name=hakutesti.be');
    assert.equal(whole.status, 200);
    assert.match(whole.text, /<tbody><tr>\n<td>hakutesti\.be<\/td>\n<td>Cannot be ordered<br><span class="hint">\.be domains are not offered\.<\/span><\/td>/);
    assert.equal((whole.text.match(/<tr>\n<td>hakutesti\./g) ?? []).length, onSale.length + 1);

    // A name in Unicode is shown so, and its buy link carries the punycode form the core orders.
    const idn = await c.panel.get(`/panel/order?name=${encodeURIComponent('mäkiläinen')}`);
    assert.equal(idn.status, 200);
    assert.match(idn.text, /<td>mäkiläinen\.fi<\/td>\n<td>Available<\/td>/);
    assert.match(idn.text, /<a href="\/panel\/order\/buy\?domain=xn--mkilinen-0zad\.fi">Buy<span class="vh"> mäkiläinen\.fi<\/span><\/a>/);
    const idnForm = await c.panel.get('/panel/order/buy?domain=xn--mkilinen-0zad.fi');
    assert.match(idnForm.text, /<h1>Buy mäkiläinen\.fi<\/h1>/);

    // In Finnish, with the Finnish way of writing money.
    const fi = new PanelClient(t, 'fi');
    await fi.login(c.username, c.password);
    const fiPage = await fi.get('/panel/order?name=hakutesti');
    assert.match(fiPage.text, /<td class="nowrap">14,90 € vuodessa<\/td>/);
    assert.match(fiPage.text, />Vapaa</);
    await setTld(ctx(), { tld: 'be', onSale: true });
  });

  test('an invalid name is refused at the field with the core\'s message (400); the start page and the navigation lead to the search', async () => {
    const c = await customer();
    const res = await c.panel.get('/panel/order?name=-huono-');
    assert.equal(res.status, 400);
    assert.equal(messageAt(res.text, 'name'), 'Invalid domain');
    assert.match(res.text, /<input type="search" id="name" name="name" value="-huono-" autocomplete="off" aria-describedby="name-hint name-error" aria-invalid="true">/);
    assert.match(res.text, /<a href="#name">Invalid domain<\/a>/);
    const fi = new PanelClient(t, 'fi');
    await fi.login(c.username, c.password);
    assert.equal(messageAt((await fi.get('/panel/order?name=a..fi')).text, 'name'), 'Virheellinen verkkotunnus');
    const start = await c.panel.get('/panel');
    assert.match(start.text, /<li><a href="\/panel\/order">Order<\/a><\/li>/);
    assert.match(start.text, /<p><a href="\/panel\/order">Order a new domain or transfer one to us<\/a><\/p>/);
  });

  test('buy with a new contact: 303 to the unpaid invoice, the contact saved, the domain in the client API\'s list and the panel\'s', async () => {
    const c = await customer();
    const form = await c.panel.get('/panel/order/buy?domain=uusi-tilaus.fi');
    assert.equal(form.status, 200);
    // .fi sells 1-5 years; each with its price.
    for (let y = 1; y <= 5; y++) assert.match(form.text, new RegExp(`value="${y}"[^>]*><label for="[^"]+">${y} yr – €${(14.9 * y).toFixed(2)}</label>`));
    assert.match(form.text, /<input type="radio" id="registrant-new" name="registrant" value="new">/);
    const csrf = PanelClient.csrfOf(form.text);

    const request = /name="request" value="([A-Za-z0-9_-]{22})"/.exec(form.text)?.[1];
    assert.ok(request, 'the form has its token');
    const sent = { csrf, request, domain: 'uusi-tilaus.fi', years: '2', registrant: 'new', ...newContact };
    const res = await c.panel.post('/panel/order/buy', sent);
    assert.equal(res.status, 303, res.text.slice(0, 500));
    // The same form sent again (a double click): the same order, not a refusal nor a second one.
    const again = await c.panel.post('/panel/order/buy', sent);
    assert.equal(again.status, 303, again.text.slice(0, 500));
    assert.equal(again.headers.get('location'), res.headers.get('location'));
    assert.equal((await t.request('GET', '/api/v1/invoice/invoices', { token: c.token })).body.data.length, 1, 'one invoice');
    const invoiceId = Number(/^\/panel\/invoices\/([0-9]+)\?ordered=1$/.exec(res.headers.get('location')!)?.[1]);
    assert.ok(invoiceId > 0, `to the invoice: ${res.headers.get('location')}`);
    const invoice = await c.panel.get(res.headers.get('location')!);
    assert.equal(invoice.status, 200);
    assert.match(invoice.text, /uusi-tilaus\.fi rekisteröinti 1\.3\.26-1\.3\.28/);
    assert.match(invoice.text, /<p class="notice" role="status">Thank you: your order is placed\. It is carried out when this invoice is paid\.<\/p>/);

    assert.equal((await apiDomains(c.token))['uusi-tilaus.fi'], 'pending');
    const list = await c.panel.get('/panel/domains');
    assert.match(list.text, /<a href="\/panel\/domains\/uusi-tilaus\.fi">uusi-tilaus\.fi<\/a>/);
    const contacts = (await t.request('GET', '/api/v1/contact/contacts', { token: c.token })).body.data as Array<{ name: string; email: string }>;
    assert.ok(contacts.some((k) => k.name === 'Liisa Laine' && k.email === newContact.email), 'the new contact is among the customer\'s');

    // Paid: the order is fulfilled and the panel's domain page shows it active.
    await markInvoicePaid(ctx(), { invoiceId });
    assert.doesNotMatch((await c.panel.get(res.headers.get('location')!)).text, /class="notice"/, 'a paid invoice waits for nothing');
    const page = await c.panel.get('/panel/domains/uusi-tilaus.fi');
    assert.equal(page.status, 200);
    assert.match(page.text, /<dd>Active<\/dd>/);
  });

  test('buy with an existing contact (postpaid: fulfilled at once, 303 to the domain); the contact is the registrant', async () => {
    const c = await customer(true);
    const made = await t.request('POST', '/api/v1/contact/contacts', {
      token: c.token,
      body: { first_name: 'Olli', last_name: 'Olemassa', address: 'Kuja 2', zip_code: '33100', city: 'Tampere', country: 'FI', phone: '+358.401231231', email: 'olli@example.fi', identity_number: '111111-111C' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const contacts = (await t.request('GET', '/api/v1/contact/contacts', { token: c.token })).body.data as Array<{ id: number; name: string }>;
    const olli = contacts.find((k) => k.name === 'Olli Olemassa')!;
    const form = await c.panel.get('/panel/order/buy?domain=vanha-yhteys.fi');
    assert.match(form.text, new RegExp(`<input type="radio" id="[^"]+" name="registrant" value="${olli.id}"><label for="[^"]+">Olli Olemassa, olli@example\\.fi, Tampere</label>`));
    assert.doesNotMatch(form.text, /111111-111C/, 'the identity number is never shown');

    const res = await c.panel.post('/panel/order/buy', { csrf: c.csrf, domain: 'vanha-yhteys.fi', years: '1', registrant: String(olli.id), identityNumber: '' });
    assert.equal(res.status, 303, res.text.slice(0, 800));
    assert.equal(res.headers.get('location'), '/panel/domains/vanha-yhteys.fi');
    assert.equal((await apiDomains(c.token))['vanha-yhteys.fi'], 'active');
    const row = await ctx().store.domains.findLiveByFqdn('vanha-yhteys.fi');
    assert.equal(row?.registrant_contact_id, olli.id, 'the chosen contact holds the name, not a copy of it');
    const after = (await t.request('GET', '/api/v1/contact/contacts', { token: c.token })).body.data as unknown[];
    assert.equal(after.length, contacts.length, 'no contact was added');
    assert.match((await c.panel.get('/panel/domains')).text, /<a href="\/panel\/domains\/vanha-yhteys\.fi">vanha-yhteys\.fi<\/a>/);
  });

  test('refusals at their fields with nothing ordered: a taken name, a new contact\'s bad fields, an incomplete chosen contact, no choice; another account\'s contact is 404', async () => {
    const holder = await t.user({ postpaid: true });
    await purchase(t, holder.token, 'jo-varattu.fi');
    const c = await customer();
    const contacts = (await t.request('GET', '/api/v1/contact/contacts', { token: c.token })).body.data as Array<{ id: number }>;
    const primary = Math.min(...contacts.map((k) => k.id));
    const post = (form: Record<string, string>) => c.panel.post('/panel/order/buy', { csrf: c.csrf, years: '1', ...form });

    // The buy link of a taken name says so and offers the transfer instead.
    const link = await c.panel.get('/panel/order/buy?domain=jo-varattu.fi');
    assert.match(link.text, /jo-varattu\.fi is already taken\./);
    assert.match(link.text, /href="\/panel\/order\/transfer\?domain=jo-varattu\.fi"/);

    const taken = await post({ domain: 'jo-varattu.fi', registrant: 'new', ...newContact });
    assert.equal(taken.status, 400);
    assert.equal(messageAt(taken.text, 'domain'), 'Domain unavailable for purchase.');
    assert.match(taken.text, /<a href="#domain">Domain unavailable for purchase\.<\/a>/);
    assert.match(taken.text, /id="firstName" name="firstName" value="Liisa"/, 'what was typed is kept');
    assert.match(taken.text, /href="\/panel\/language\?lang=fi&amp;back=%2Fpanel%2Forder%2Fbuy%3Fdomain%3Djo-varattu\.fi"/, 'the language switch comes back to the form');

    const bad = await post({ domain: 'huono-yhteys.fi', registrant: 'new', ...newContact, phone: '040 123', country: 'fi', email: '' });
    assert.equal(bad.status, 400);
    assert.equal(messageAt(bad.text, 'phone'), 'The phone must be in the form +CCC.NNNNNNNN (e.g. +358.401234567)');
    assert.equal(messageAt(bad.text, 'country'), 'The country must be a two-letter ISO 3166-1 country code in upper case (e.g. FI)');
    assert.equal(messageAt(bad.text, 'email'), 'The email is required');
    assert.match(bad.text, /<input type="radio" id="registrant-new" name="registrant" value="new" checked>/);
    assert.match(bad.text, /<input type="radio" id="years" name="years" value="1" checked>/, 'the periods of .fi are offered again');

    // The account's first contact has a name and an e-mail only: the core's messages at the choice.
    const incomplete = await post({ domain: 'huono-yhteys.fi', registrant: String(primary) });
    assert.equal(incomplete.status, 400);
    assert.match(messageAt(incomplete.text, 'registrant')!, /The address is required/);
    assert.equal(messageAt(incomplete.text, 'identityNumber'), 'The identityNumber is required');

    const none = await post({ domain: 'huono-yhteys.fi' });
    assert.equal(none.status, 400);
    assert.equal(messageAt(none.text, 'registrant'), 'Choose who holds the domain');

    const years = await post({ domain: 'huono-yhteys.fi', years: '7', registrant: 'new', ...newContact });
    assert.equal(years.status, 400);
    assert.equal(messageAt(years.text, 'years'), 'Domains under .fi are available for 1, 2, 3, 4, 5 years');

    const other = await t.user();
    const othersContacts = (await t.request('GET', '/api/v1/contact/contacts', { token: other.token })).body.data as Array<{ id: number }>;
    const foreign = await post({ domain: 'huono-yhteys.fi', registrant: String(othersContacts[0]!.id) });
    assert.equal(foreign.status, 404);

    assert.deepEqual(await apiDomains(c.token), {}, 'nothing was ordered');
    assert.equal(await ctx().store.orders.findOpenByFqdn('huono-yhteys.fi'), undefined);
  });

  test('transfer in with the auth code: a wrong code at its field, then the order and its invoice', async () => {
    const holder = await t.user({ postpaid: true });
    await purchase(t, holder.token, 'siirrettava.com');
    const code = (await t.request('GET', '/api/v1/domain/domains/siirrettava.com/authcode', { token: holder.token })).body.data.authCode as string;
    const c = await customer();

    const form = await c.panel.get('/panel/order/transfer?domain=siirrettava.com');
    assert.equal(form.status, 200);
    assert.match(form.text, /id="domain" name="domain" value="siirrettava\.com"/);
    assert.match(form.text, /The domain will be held by your primary contact: /);

    const wrong = await c.panel.post('/panel/order/transfer', { csrf: c.csrf, domain: 'siirrettava.com', authCode: 'not-the-code' });
    assert.equal(wrong.status, 400);
    assert.equal(messageAt(wrong.text, 'authCode'), 'The auth code is invalid');
    assert.doesNotMatch(wrong.text, /not-the-code/, 'the code typed is not written back');
    const free = await c.panel.post('/panel/order/transfer', { csrf: c.csrf, domain: 'vapaa-nimi-siirtoon.com', authCode: 'x' });
    assert.equal(messageAt(free.text, 'domain'), 'Domain unavailable for transfer.');

    const res = await c.panel.post('/panel/order/transfer', { csrf: c.csrf, domain: 'siirrettava.com', authCode: code });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    const invoiceId = Number(/^\/panel\/invoices\/([0-9]+)\?ordered=1$/.exec(res.headers.get('location')!)?.[1]);
    assert.ok(invoiceId > 0, `to the invoice: ${res.headers.get('location')}`);
    assert.match((await c.panel.get(res.headers.get('location')!)).text, /siirrettava\.com siirto/);
    await markInvoicePaid(ctx(), { invoiceId });
    assert.equal((await apiDomains(c.token))['siirrettava.com'], 'active');
    assert.equal((await apiDomains(holder.token))['siirrettava.com'], undefined, 'gone from the holder');
  });

  test('a POST without the CSRF token is 403 and orders nothing', async () => {
    const c = await customer(true);
    const buy = await c.panel.post('/panel/order/buy', { domain: 'ilman-csrf.fi', years: '1', registrant: 'new', ...newContact });
    assert.equal(buy.status, 403);
    const forged = await c.panel.post('/panel/order/buy', { csrf: 'x'.repeat(43), domain: 'ilman-csrf.fi', years: '1', registrant: 'new', ...newContact });
    assert.equal(forged.status, 403);
    const holder = await t.user({ postpaid: true });
    await purchase(t, holder.token, 'ilman-csrf.com');
    const code = (await t.request('GET', '/api/v1/domain/domains/ilman-csrf.com/authcode', { token: holder.token })).body.data.authCode as string;
    const transfer = await c.panel.post('/panel/order/transfer', { domain: 'ilman-csrf.com', authCode: code });
    assert.equal(transfer.status, 403);
    assert.deepEqual(await apiDomains(c.token), {});
    assert.equal(await ctx().store.orders.findOpenByFqdn('ilman-csrf.fi'), undefined);
    assert.equal(await ctx().store.orders.findOpenByFqdn('ilman-csrf.com'), undefined);
    // Nobody logged in: the login page, for the search as for a form.
    const anonymous = new PanelClient(t);
    assert.equal((await anonymous.get('/panel/order?name=x')).headers.get('location'), '/panel/login');
  });
});
