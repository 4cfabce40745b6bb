import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { identifiedClient } from '../helpers/fixtures.js';
import { PanelClient, partnerPerson } from '../helpers/panel.js';

type Partner = Awaited<ReturnType<TestServer['partner']>>;

/** Catalog Id of Microsoft 365 Business Basic in the seeded catalog (P1M:P1M, P1Y:P1Y, P1Y:P1M). */
const BUSINESS_BASIC = '1';
let seq = 0;
const tenantName = () => `paneltenant${Date.now().toString(36)}${++seq}`;

/** The message shown beside field `id` (GOV.UK's pattern: <p class="message" id="<id>-error">). */
function fieldMessage(page: string, id: string): string | undefined {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<p class="message" id="${escaped}-error">([^<]*)</p>`).exec(page)?.[1];
}

/**
 * A partner's clients and Microsoft 365 in the panel, over HTTP: what the panel does is read back
 * through the partner API (another face of the same core), refusals are shown beside their fields,
 * and another partner's objects are the 404 page.
 */
describe('panel: partner clients and Microsoft 365', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => t.close());

  async function loggedIn(p: Partner, lang = 'en'): Promise<{ b: PanelClient; csrf: string }> {
    const person = await partnerPerson(t, p.id, `person${++seq}-${p.id}@partner.example`);
    const b = new PanelClient(t, lang);
    const csrf = await b.login(person.email, person.password);
    return { b, csrf };
  }
  const api = async (p: Partner, method: string, path: string, body?: unknown) => t.request(method, path, { token: p.apiKey, body });
  const apiClients = async (p: Partner) => (await api(p, 'GET', '/clients')).body.data as Array<Record<string, string>>;
  const apiSubscriptions = async (p: Partner, serviceId: number) => {
    const res = await api(p, 'GET', `/products/${serviceId}/m365/subscriptions`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.nce_licenses as Array<{ SubscriptionId: string; SubscriptionQuantity: number; ProductId: number }>;
  };

  const clientForm = (csrf: string, fields: Record<string, string> = {}) => ({
    csrf, firstname: 'Liisa', lastname: 'Lisätty', company: 'Lisäys Oy', email: `lisatty${++seq}@example.fi`, phone: '040 765 4321',
    address1: 'Kauppakatu 1', address2: '', postcode: '40100', city: 'Jyväskylä', country: 'FI', vat_number: '', identity_number: '',
    business_id: '1234567-8', password: 'Salasana!9', client_type: 'Managed Client', ...fields,
  });

  test('a partner adds a client, refused fields are shown beside them, and the partner API lists what was added and edited', async () => {
    const p = await t.partner();
    const { b, csrf } = await loggedIn(p);
    const start = await b.get('/panel');
    assert.match(start.text, /href="\/panel\/clients\/new"/);
    const form = await b.get('/panel/clients/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /name="client_type" value="Managed Client"/);

    const refused = await b.post('/panel/clients/new', clientForm(csrf, { firstname: '', email: 'not an address', password: 'weakweak', country: 'fi', city: 'Tampere' }));
    assert.equal(refused.status, 400);
    assert.equal(fieldMessage(refused.text, 'firstname'), 'The firstname is required');
    assert.equal(fieldMessage(refused.text, 'email'), 'The email must be a valid email address');
    assert.match(fieldMessage(refused.text, 'password') ?? '', /at least three of/);
    assert.match(fieldMessage(refused.text, 'country') ?? '', /two-letter ISO 3166-1/);
    assert.match(refused.text, /id="firstname" name="firstname" aria-describedby="firstname-error" aria-invalid="true"/);
    assert.match(refused.text, /<div class="error-summary"[\s\S]*href="#email"/);
    assert.match(refused.text, /value="Tampere"/, 'what was typed is shown again');
    assert.doesNotMatch(refused.text, /weakweak/, 'the password is not');
    assert.equal((await apiClients(p)).length, 0, 'nothing was added');

    // In Finnish the core's words are Finnish too.
    const fi = await loggedIn(p, 'fi');
    const refusedFi = await fi.b.post('/panel/clients/new', clientForm(fi.csrf, { firstname: '', postcode: '40-100' }));
    assert.equal(refusedFi.status, 400);
    assert.equal(fieldMessage(refusedFi.text, 'firstname'), 'Etunimi puuttuu');
    assert.equal(fieldMessage(refusedFi.text, 'postcode'), 'Postinumerossa saa olla vain kirjaimia ja numeroita');

    const sent = clientForm(csrf);
    const added = await b.post('/panel/clients/new', sent);
    assert.equal(added.status, 303, added.text.slice(0, 300));
    const [listed] = await apiClients(p);
    assert.ok(listed);
    assert.equal(added.headers.get('location'), `/panel/clients/${listed.id}`);
    assert.deepEqual(
      [listed.firstname, listed.lastname, listed.company, listed.email, listed.phone, listed.city, listed.postcode, listed.country, listed.client_type, listed.business_id],
      ['Liisa', 'Lisätty', 'Lisäys Oy', sent.email, '+358.407654321', 'Jyväskylä', '40100', 'FI', 'Managed Client', '1234567-8'],
    );
    // The same e-mail again is the core's "taken", beside the field.
    const again = await b.post('/panel/clients/new', clientForm(csrf, { email: sent.email }));
    assert.equal(again.status, 400);
    assert.equal(fieldMessage(again.text, 'email'), 'The email has already been taken');
    // The client logs in to the client API with what the partner gave it.
    assert.equal((await t.request('POST', '/api/v1/auth', { body: { username: sent.email, password: sent.password } })).status, 200);

    const edit = await b.get(`/panel/clients/${listed.id}/edit`);
    assert.equal(edit.status, 200);
    assert.match(edit.text, /value="Kauppakatu 1"/);
    assert.doesNotMatch(edit.text, /name="password"/, 'an update does not change the password');
    const editForm = { ...clientForm(csrf, { email: sent.email, city: 'Oulu', postcode: '90100' }) };
    const badEdit = await b.post(`/panel/clients/${listed.id}/edit`, { ...editForm, phone: '' });
    assert.equal(badEdit.status, 400);
    assert.equal(fieldMessage(badEdit.text, 'phone'), 'The phone is required');
    const saved = await b.post(`/panel/clients/${listed.id}/edit`, editForm);
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), `/panel/clients/${listed.id}`);
    const [edited] = await apiClients(p);
    assert.deepEqual([edited!.city, edited!.postcode], ['Oulu', '90100']);

    // Another partner's person cannot see or change this client.
    const other = await t.partner();
    const o = await loggedIn(other);
    assert.equal((await o.b.get(`/panel/clients/${listed.id}/edit`)).status, 404);
    assert.equal((await o.b.post(`/panel/clients/${listed.id}/edit`, { ...editForm, csrf: o.csrf, city: 'Vaasa' })).status, 404);
    assert.equal((await o.b.get('/panel/clients/999999/edit')).status, 404);
    assert.equal((await apiClients(p))[0]!.city, 'Oulu', 'unchanged');
  });

  test('Microsoft 365: a tenant, a subscription and its seats; the partner API sees the quantity; a refused decrease is shown beside the field', async () => {
    const p = await t.partner();
    const clientId = await identifiedClient(t, p.apiKey, { firstname: 'Vuokra', lastname: 'Asiakas' });
    const { b, csrf } = await loggedIn(p);
    const empty = await b.get('/panel/m365');
    assert.equal(empty.status, 200);
    assert.match(empty.text, /You have no Microsoft 365 tenants yet/);
    assert.match(empty.text, new RegExp(`<option value="${clientId}">Vuokra Asiakas \\(${clientId}\\)</option>`));

    const bad = await b.post('/panel/m365/tenants', { csrf, tenant_name: 'not-a-name', client_id: '' });
    assert.equal(bad.status, 400);
    assert.equal(fieldMessage(bad.text, 'tenant_name'), 'The tenant name must only contain letters and numbers');
    assert.match(bad.text, /value="not-a-name"/);
    assert.match(bad.text, /href="\/panel\/language\?lang=fi&amp;back=%2Fpanel%2Fm365"/, 'the language switch comes back to a page with a GET');

    const name = tenantName();
    const created = await b.post('/panel/m365/tenants', { csrf, tenant_name: name, client_id: String(clientId) });
    assert.equal(created.status, 303, created.text.slice(0, 300));
    const serviceId = Number(/^\/panel\/m365\/([0-9]+)\?done=tenant$/.exec(created.headers.get('location') ?? '')?.[1]);
    assert.ok(serviceId > 0);
    assert.deepEqual(await apiSubscriptions(p, serviceId), [], 'the partner API knows the tenant');
    const taken = await b.post('/panel/m365/tenants', { csrf, tenant_name: name, client_id: '' });
    assert.equal(fieldMessage(taken.text, 'tenant_name'), `${name}.onmicrosoft.com is already taken`);

    const tenantPage = await b.get(`/panel/m365/${serviceId}?done=tenant`);
    assert.equal(tenantPage.status, 200);
    assert.match(tenantPage.text, /The tenant was added/);
    assert.match(tenantPage.text, new RegExp(`<h1>Microsoft 365: ${name}\\.onmicrosoft\\.com</h1>`));

    // A pair the offer is not sold with is the core's refusal, beside the field.
    const badPair = await b.post(`/panel/m365/${serviceId}/subscriptions`, { csrf, catalog_id: BUSINESS_BASIC, quantity: '3', term_duration: 'P3Y', billing_cycle: 'P1M' });
    assert.equal(badPair.status, 400);
    assert.match(fieldMessage(badPair.text, 'term_duration') ?? '', /is sold with these term_duration:billing_cycle pairs/);
    const bought = await b.post(`/panel/m365/${serviceId}/subscriptions`, { csrf, catalog_id: BUSINESS_BASIC, quantity: '3', term_duration: 'P1Y', billing_cycle: 'P1M' });
    assert.equal(bought.status, 303, bought.text.slice(0, 300));
    assert.equal(bought.headers.get('location'), `/panel/m365/${serviceId}?done=subscription`);
    const [sub] = await apiSubscriptions(p, serviceId);
    assert.equal(sub!.SubscriptionQuantity, 3);
    assert.equal(sub!.ProductId, Number(BUSINESS_BASIC));

    const list = await b.get('/panel/m365');
    assert.match(list.text, new RegExp(`<a href="/panel/m365/${serviceId}">${name}\\.onmicrosoft\\.com</a></td><td>Vuokra Asiakas</td>`));
    assert.match(list.text, /Microsoft 365 Business Basic: 3/);

    const seats = `/panel/m365/${serviceId}/subscriptions/${sub!.SubscriptionId}/quantity`;
    const field = `seats-${sub!.SubscriptionId}`;
    const more = await b.post(seats, { csrf, quantity: '5' });
    assert.equal(more.status, 303);
    assert.equal(more.headers.get('location'), `/panel/m365/${serviceId}?done=seats`);
    assert.equal((await apiSubscriptions(p, serviceId))[0]!.SubscriptionQuantity, 5);
    const notNumber = await b.post(seats, { csrf, quantity: 'many' });
    assert.equal(notNumber.status, 400);
    assert.equal(fieldMessage(notNumber.text, field), 'The quantity must be between 1 and 10000');
    assert.match(notNumber.text, /value="many"/);

    // After the 7 days Microsoft allows, seats can be added but not removed: the sandbox's rule, in its words.
    const start = t.clock.now();
    try {
      t.clock.advanceDays(8);
      const later = await loggedIn(p);
      const fewer = await later.b.post(seats, { csrf: later.csrf, quantity: '2' });
      assert.equal(fewer.status, 400);
      assert.match(fieldMessage(fewer.text, field) ?? '', /^Licences can only be removed within 7 days of purchase \(until .+\); they can still be added$/);
      assert.match(fewer.text, new RegExp(`id="${field}" name="quantity" aria-describedby="${field}-hint ${field}-error" aria-invalid="true" value="2"`));
      assert.equal((await apiSubscriptions(p, serviceId))[0]!.SubscriptionQuantity, 5, 'the refused decrease changed nothing');
      const fi = await loggedIn(p, 'fi');
      const fewerFi = await fi.b.post(seats, { csrf: fi.csrf, quantity: '4' });
      assert.match(fieldMessage(fewerFi.text, field) ?? '', /^Lisenssejä voi vähentää vain 7 päivän ajan ostosta/);
      assert.equal((await later.b.post(seats, { csrf: later.csrf, quantity: '6' })).status, 303, 'an increase is always allowed');
      assert.equal((await apiSubscriptions(p, serviceId))[0]!.SubscriptionQuantity, 6);
    } finally {
      t.clock.set(start);
    }
  });

  test("another partner's tenant and subscription are the 404 page, and nothing changes", async () => {
    const a = await t.partner();
    const clientOfA = await identifiedClient(t, a.apiKey);
    const created = await api(a, 'POST', '/products/m365/tenant', { tenant_name: tenantName() });
    assert.equal(created.status, 201);
    const serviceId = Number(created.body.data.service_id);
    const sub = await api(a, 'POST', `/products/${serviceId}/m365/subscription`, { quantity: 2, term_duration: 'P1Y', billing_cycle: 'P1M', catalog_id: 1 });
    assert.equal(sub.status, 200);
    const subscriptionId = sub.body.data.Subscriptions[0].SubscriptionId as string;

    const bp = await t.partner();
    const { b, csrf } = await loggedIn(bp);
    assert.equal((await b.get(`/panel/m365/${serviceId}`)).status, 404);
    assert.equal((await b.post(`/panel/m365/${serviceId}/subscriptions/${subscriptionId}/quantity`, { csrf, quantity: '9' })).status, 404);
    assert.equal((await b.post(`/panel/m365/${serviceId}/subscriptions`, { csrf, catalog_id: BUSINESS_BASIC, quantity: '1', term_duration: 'P1Y', billing_cycle: 'P1M' })).status, 404);
    assert.equal((await b.post('/panel/m365/tenants', { csrf, tenant_name: tenantName(), client_id: String(clientOfA) })).status, 404, "a tenant for another partner's client");
    assert.equal((await b.get('/panel/m365/abc')).status, 404);
    assert.doesNotMatch((await b.get('/panel/m365')).text, new RegExp(`/panel/m365/${serviceId}"`));
    const after = await apiSubscriptions(a, serviceId);
    assert.deepEqual(after.map((s) => s.SubscriptionQuantity), [2], 'unchanged');
    assert.equal((await api(bp, 'GET', '/products/services')).body.data?.length ?? 0, 0, 'B bought nothing');

    // Nor has a customer any partner page; nobody logged in is sent to the login page.
    const u = await t.user();
    const customer = new PanelClient(t);
    await customer.login(u.username, u.password);
    for (const path of ['/panel/m365', '/panel/clients/new', `/panel/m365/${serviceId}`]) assert.equal((await customer.get(path)).status, 404, path);
    const nobody = await new PanelClient(t).get('/panel/m365');
    assert.equal(nobody.status, 303);
    assert.equal(nobody.headers.get('location'), '/panel/login');
  });

  test('CSRF: a form without the session token is 403 and changes nothing', async () => {
    const p = await t.partner();
    const { b } = await loggedIn(p);
    const name = tenantName();
    assert.equal((await b.post('/panel/m365/tenants', { tenant_name: name, client_id: '' })).status, 403);
    assert.equal((await b.post('/panel/clients/new', clientForm('x'.repeat(43)))).status, 403);
    assert.doesNotMatch((await b.get('/panel/m365')).text, new RegExp(name));
    assert.equal((await apiClients(p)).length, 0);
    const check = await t.request('GET', `/products/m365/check-tenant?tenant_name=${name}`, { token: p.apiKey });
    assert.equal(check.body.available, true, 'the tenant name was never taken');
  });
});
