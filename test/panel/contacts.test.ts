// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the panel's pages, and the
// store is read here only through core commands the API suites, which run on both stores, drive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase, REGISTRANT } from '../helpers/fixtures.js';
import { PanelClient } from '../helpers/panel.js';

/**
 * The customer's contacts over HTTP: the list, a contact added and edited through the form (every
 * field the client API's contact takes, seen through the client API with the customer's token), a
 * refusal shown beside its field with nothing changed, delete through its confirmation page, the
 * core's refusals to delete (a domain's registrant, the primary contact) in its words, another
 * customer's contact (404 for every GET and POST, nothing changed), and a POST without the CSRF token
 * (403, nothing changed).
 */
describe('panel: contacts', () => {
  let t: TestServer;
  let seq = 0;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t?.close());

  interface Customer {
    id: number;
    token: string;
    panel: PanelClient;
    csrf: string;
  }

  async function customer(postpaid = false): Promise<Customer> {
    const u = await t.user({ postpaid });
    const panel = new PanelClient(t);
    const csrf = await panel.login(u.username, u.password);
    return { id: u.id, token: u.token, panel, csrf };
  }

  /** A complete contact as the form sends it (every field, as a browser sends every control). */
  const FORM = {
    first_name: 'Liisa', last_name: 'Laskuttaja', company_name: 'Laskutus Oy', business_id: '7654321-0', identity_number: '',
    address: 'Kauppakatu 5', zip_code: '40100', city: 'Jyväskylä', country: 'FI', phone: '+358.401112233',
    email: 'liisa@example.fi', alt_email: 'liisa.toinen@example.fi', billing_email: 'laskut@example.fi',
    contact_type: 'billing', billing_method: 'e-invoice', e_invoice_address: '003776543210', e_invoice_intermediator: 'OKOYFIHH',
  };

  const apiContacts = async (c: Customer): Promise<Array<Record<string, unknown> & { id: number }>> => {
    const res = await t.request('GET', '/api/v1/contact/contacts?limit=100', { token: c.token });
    assert.equal(res.status, 200);
    return res.body.data;
  };
  const apiContact = async (c: Customer, id: number) => t.request('GET', `/api/v1/contact/contacts/${id}`, { token: c.token });

  /** The message shown at a field or button: the <p class="message"> its aria-describedby names. */
  function messageAt(page: string, id: string): string | undefined {
    return new RegExp(`<p class="message" id="${id}-error">([^<]*)</p>`).exec(page)?.[1];
  }

  /** Adds FORM (with `fields` in place) through the panel and returns the new contact's id (the newest). */
  async function addThroughPanel(c: Customer, fields: Record<string, string> = {}): Promise<number> {
    const res = await c.panel.post('/panel/contacts/new', { csrf: c.csrf, ...FORM, email: `k${++seq}@example.fi`, ...fields });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    return Math.max(...(await apiContacts(c)).map((k) => k.id));
  }

  test('the list shows the primary contact; a contact added through the form has every field, as the client API shows it', async () => {
    const c = await customer();
    const list = await c.panel.get('/panel/contacts');
    assert.equal(list.status, 200);
    assert.match(list.text, /<a href="\/panel\/contacts" aria-current="page">Contacts<\/a>/);
    assert.match(list.text, /<small>Primary contact<\/small>/);
    assert.match(list.text, /<a href="\/panel\/contacts\/new">Add a contact<\/a>/);

    const form = (await c.panel.get('/panel/contacts/new')).text;
    for (const field of Object.keys(FORM)) assert.match(form, new RegExp(`name="${field}"`), `the form has ${field}`);
    assert.match(form, /<select id="country" name="country" autocomplete="country">/);
    assert.match(form, /<option value="FI">Finland<\/option>/);
    assert.equal((form.match(/<option /g) ?? []).length, 250, "the core's 249 countries and the empty choice");
    assert.match(form, /<input type="radio" id="billing_method" name="billing_method" value="email" checked>/, "the core's default");
    assert.match(form, /<input type="radio" id="contact_type" name="contact_type" value="general" checked>/);

    const res = await c.panel.post('/panel/contacts/new', { csrf: c.csrf, ...FORM, identity_number: '131052-308T' });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(res.headers.get('location'), '/panel/contacts?done=added');
    const after = await c.panel.get('/panel/contacts?done=added');
    assert.match(after.text, /<p class="notice" role="status">The contact was added\.<\/p>/);
    assert.match(after.text, /Liisa Laskuttaja<\/a><br>Laskutus Oy/);

    const added = (await apiContacts(c)).find((k) => k.email === FORM.email);
    assert.ok(added, 'the client API lists it');
    const { first_name: _f, last_name: _l, identity_number: _i, ...rest } = FORM;
    assert.deepEqual(added, { id: added.id, name: 'Liisa Laskuttaja', ...rest });
    // Written, never shown back: not on the client API, not in the panel's form.
    assert.equal((await t.server.runtime.ctx.store.contacts.findById(added.id))?.identity_number, '131052-308T');
    const edit = await c.panel.get(`/panel/contacts/${added.id}`);
    assert.equal(edit.status, 200);
    assert.doesNotMatch(edit.text, /131052-308T/);
    assert.match(edit.text, /id="identity_number" name="identity_number" value=""/);
    assert.match(edit.text, /<option value="FI" selected>Finland<\/option>/);
    assert.match(edit.text, /id="e_invoice_address" name="e_invoice_address" value="003776543210"/);
    assert.match(edit.text, /<input type="radio" id="billing_method-e-invoice" name="billing_method" value="e-invoice" checked>/);
  });

  test('an edit is saved and seen through the client API; a stored identity number is kept when its field is left empty', async () => {
    const c = await customer();
    const id = await addThroughPanel(c, { identity_number: '010190-123A' });
    const res = await c.panel.post(`/panel/contacts/${id}`, {
      csrf: c.csrf, ...FORM, email: 'uusi@example.fi', city: 'Oulu', zip_code: '90100', country: 'SE', billing_method: 'post',
      e_invoice_address: '', e_invoice_intermediator: '', contact_type: 'general',
    });
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(res.headers.get('location'), `/panel/contacts/${id}?done=saved`);
    assert.match((await c.panel.get(`/panel/contacts/${id}?done=saved`)).text, /<p class="notice" role="status">The contact was saved\.<\/p>/);
    const seen = (await apiContact(c, id)).body.data;
    assert.deepEqual(
      [seen.email, seen.city, seen.zip_code, seen.country, seen.billing_method, seen.e_invoice_address, seen.contact_type],
      ['uusi@example.fi', 'Oulu', '90100', 'SE', 'post', '', 'general'],
    );
    assert.equal((await t.server.runtime.ctx.store.contacts.findById(id))?.identity_number, '010190-123A');
  });

  test('a refusal: the core\'s message beside each field and in the summary, what was typed shown again, nothing changed', async () => {
    const c = await customer();
    const before = await apiContacts(c);
    const bad = await c.panel.post('/panel/contacts/new', { csrf: c.csrf, ...FORM, first_name: '', phone: '040 111 2233', e_invoice_address: '' });
    assert.equal(bad.status, 400);
    assert.equal(messageAt(bad.text, 'phone'), 'The phone must be in the form +CCC.NNNNNNNN (e.g. +358.401234567)');
    assert.equal(messageAt(bad.text, 'first_name'), 'The first_name is required');
    assert.equal(messageAt(bad.text, 'e_invoice_address'), 'The e_invoice_address is required when billing_method is e-invoice');
    assert.equal(messageAt(bad.text, 'city'), undefined);
    assert.match(bad.text, /id="phone" name="phone" value="040 111 2233" autocomplete="tel" spellcheck="false" aria-describedby="phone-hint phone-error" aria-invalid="true"/);
    assert.match(bad.text, /<div class="error-summary"[\s\S]*<a href="#phone">The phone must be in the form/);
    assert.match(bad.text, /<option value="FI" selected>Finland<\/option>/);
    assert.deepEqual(await apiContacts(c), before, 'nothing was added');

    const id = await addThroughPanel(c);
    const stored = (await apiContact(c, id)).body.data;
    const refused = await c.panel.post(`/panel/contacts/${id}`, { csrf: c.csrf, ...FORM, city: 'Tampere', email: 'not an address', country: 'XX' });
    assert.equal(refused.status, 400);
    assert.equal(messageAt(refused.text, 'email'), 'The email must be a valid email address');
    assert.equal(messageAt(refused.text, 'country'), 'The country must be a two-letter ISO 3166-1 country code in upper case (e.g. FI)');
    assert.match(refused.text, /<select id="country" name="country" autocomplete="country" aria-describedby="country-error" aria-invalid="true">/);
    assert.match(refused.text, /id="city" name="city" value="Tampere"/, 'what was typed is shown again');
    assert.match(refused.text, new RegExp(`back=%2Fpanel%2Fcontacts%2F${id}"`), 'the language switch comes back to the contact');
    assert.deepEqual((await apiContact(c, id)).body.data, stored, 'nothing changed');

    // In Finnish, the core's messages in Finnish.
    const fi = new PanelClient(t, 'fi');
    fi.cookies.set('hp_session', c.panel.cookies.get('hp_session')!);
    const fiBad = await fi.post(`/panel/contacts/${id}`, { csrf: c.csrf, ...FORM, phone: '12345', last_name: '' });
    assert.equal(fiBad.status, 400);
    assert.equal(messageAt(fiBad.text, 'phone'), 'Puhelinnumeron on oltava muodossa +CCC.NNNNNNNN (esim. +358.401234567)');
    assert.equal(messageAt(fiBad.text, 'last_name'), 'Sukunimi puuttuu');
    assert.deepEqual((await apiContact(c, id)).body.data, stored);
  });

  test('delete through the confirmation page; a domain\'s registrant and the primary contact are refused in the core\'s words', async () => {
    const c = await customer(true);
    const id = await addThroughPanel(c);
    const confirm = await c.panel.get(`/panel/contacts/${id}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Delete the contact Liisa Laskuttaja\?<\/h1>/);
    assert.match(confirm.text, new RegExp(`<form method="post" action="/panel/contacts/${id}/delete">`));
    const deleted = await c.panel.post(`/panel/contacts/${id}/delete`, { csrf: c.csrf });
    assert.equal(deleted.status, 303);
    assert.equal(deleted.headers.get('location'), '/panel/contacts?done=deleted');
    assert.equal((await apiContact(c, id)).status, 404, 'the client API no longer finds it');
    assert.equal((await c.panel.get(`/panel/contacts/${id}`)).status, 404);

    await purchase(t, c.token, `yhteys${++seq}.fi`);
    const registrant = (await apiContacts(c)).find((k) => k.email === REGISTRANT.email)!;
    assert.ok(registrant, "the purchase's registrant is one of the customer's contacts");
    const refused = await c.panel.post(`/panel/contacts/${registrant.id}/delete`, { csrf: c.csrf });
    assert.equal(refused.status, 400);
    assert.equal(messageAt(refused.text, 'delete'), 'Contact cannot be deleted as it is assigned to at least one domain');
    assert.match(refused.text, /<a href="#delete">Contact cannot be deleted as it is assigned to at least one domain<\/a>/);
    assert.equal((await apiContact(c, registrant.id)).status, 200, 'still there');

    const primary = Math.min(...(await apiContacts(c)).map((k) => k.id));
    const fi = new PanelClient(t, 'fi');
    fi.cookies.set('hp_session', c.panel.cookies.get('hp_session')!);
    const primaryRefused = await fi.post(`/panel/contacts/${primary}/delete`, { csrf: c.csrf });
    assert.equal(primaryRefused.status, 400);
    assert.equal(messageAt(primaryRefused.text, 'delete'), 'Pääyhteystietoa ei voi poistaa');
    assert.equal((await apiContact(c, primary)).status, 200);
  });

  test("another customer's contact is the 404 page for every GET and POST, and stays as it was", async () => {
    const c = await customer();
    const other = await customer();
    const theirs = await addThroughPanel(other);
    const stored = (await apiContact(other, theirs)).body.data;
    for (const path of [`/panel/contacts/${theirs}`, `/panel/contacts/${theirs}/delete`]) {
      const res = await c.panel.get(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /Liisa/);
    }
    const posts: Array<[string, Record<string, string>]> = [
      [`/panel/contacts/${theirs}`, { ...FORM, city: 'Vaasa' }],
      [`/panel/contacts/${theirs}`, { ...FORM, phone: 'bad' }],
      [`/panel/contacts/${theirs}/delete`, {}],
    ];
    for (const [path, form] of posts) {
      const res = await c.panel.post(path, { csrf: c.csrf, ...form });
      assert.equal(res.status, 404, `POST ${path}`);
      assert.doesNotMatch(res.text, /Liisa|name="first_name"/);
    }
    assert.deepEqual((await apiContact(other, theirs)).body.data, stored, 'unchanged');
    for (const path of ['/panel/contacts/abc', '/panel/contacts/99999999', '/panel/contacts/1e3/delete']) {
      assert.equal((await c.panel.get(path)).status, 404, path);
    }
  });

  test('the list is paged: 25 a page, the rest on the next', async () => {
    const c = await customer();
    for (let i = 0; i < 25; i++) {
      const res = await t.request('POST', '/api/v1/contact/contacts', { token: c.token, body: { ...FORM, identity_number: undefined, email: `sivu${i}@example.fi` } });
      assert.equal(res.status, 201);
    }
    const first = await c.panel.get('/panel/contacts');
    assert.match(first.text, /<p role="status">26 contacts<\/p>/);
    assert.equal((first.text.match(/<tr><td><a href="\/panel\/contacts\/[0-9]+">/g) ?? []).length, 25);
    assert.match(first.text, /<a href="\/panel\/contacts\?page=2" rel="next">Next page<\/a>/);
    const second = await c.panel.get('/panel/contacts?page=2');
    assert.equal((second.text.match(/<tr><td><a href="\/panel\/contacts\/[0-9]+">/g) ?? []).length, 1);
    assert.match(second.text, /sivu24@example\.fi/);
  });

  test('a POST without the CSRF token is 403 and changes nothing; without a session the pages send to the login', async () => {
    const c = await customer();
    const id = await addThroughPanel(c);
    const stored = (await apiContact(c, id)).body.data;
    const count = (await apiContacts(c)).length;
    assert.equal((await c.panel.post('/panel/contacts/new', { ...FORM })).status, 403);
    assert.equal((await c.panel.post(`/panel/contacts/${id}`, { ...FORM, city: 'Pori' })).status, 403);
    assert.equal((await c.panel.post(`/panel/contacts/${id}/delete`, { csrf: 'x'.repeat(43) })).status, 403);
    assert.equal((await apiContacts(c)).length, count);
    assert.deepEqual((await apiContact(c, id)).body.data, stored);

    const nobody = new PanelClient(t);
    for (const path of ['/panel/contacts', '/panel/contacts/new', `/panel/contacts/${id}`]) {
      const res = await nobody.get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), '/panel/login');
    }
  });
});
