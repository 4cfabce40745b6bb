// The PostgreSQL pass of npm test leaves this file out (scripts/test.sh): its subject is the OpenAPI document, and the
// store is read here only as the API suites, which run on both stores, read it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase, REGISTRANT } from '../helpers/fixtures.js';
import { unusedPort } from '../helpers/ports.js';
import { chromiumDom, pageRequests, requireChromium } from '../servers/web/helpers.js';
import { buildApp } from '../../src/api/app.js';
import { compileEverySchema } from '../../src/api/shared/schema-compilers.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; anyOf?: Schema[] };
type Operation = { operationId?: string; summary?: string; requestBody?: { content: Record<string, { schema: Schema }> } };
type Document = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the document, as [METHOD, path, operation]. */
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).filter(([m]) => METHODS.includes(m)).map(([m, op]) => [m.toUpperCase(), path, op] as const));

/**
 * The route table as Fastify prints it (a tree: each line a path segment continuing its parent's, with
 * its methods), as `METHOD /path/{param}` strings.
 */
function routeTable(printed: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of printed.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = path;
    for (const method of m[3]?.split(', ') ?? []) out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out;
}

/** The server's page and the document: served at /docs (for browsers), /docs/openapi.json and /docs (for programs). */
describe('API reference', () => {
  let t: TestServer;
  let doc: Document;

  before(async () => {
    t = await startTestServer();
    const res = await t.request('GET', '/docs/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    doc = res.body;
  });
  after(() => t.close());

  it('GET /docs answers the page to a browser and the document to a program', async () => {
    const browser = await fetch(`${t.url}/docs`, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    assert.equal(browser.status, 200);
    assert.match(browser.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(browser.headers.get('vary') ?? '', /accept/i);
    assert.match(browser.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(await browser.text(), /<div id="swagger-ui">/);
    // curl's */*, no Accept at all, and an explicit JSON preference get the document, as before the page.
    for (const accept of ['*/*', undefined, 'application/json', 'application/json, text/html;q=0.5']) {
      const res = await fetch(`${t.url}/docs`, { headers: accept === undefined ? {} : { accept } });
      assert.equal(res.status, 200, String(accept));
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, String(accept));
      assert.deepEqual(await res.json(), doc, String(accept));
    }
  });

  it('the document has the shape of OpenAPI 3.1', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    const ops = operations(doc);
    assert.ok(ops.length >= 50, `operations: ${ops.length}`);
    for (const [method, path, op] of ops) {
      assert.ok(path.startsWith('/'), path);
      assert.equal(typeof op.summary, 'string', `${method} ${path}: summary`);
      assert.ok(op.requestBody === undefined || Object.keys(op.requestBody.content).length > 0, `${method} ${path}: requestBody`);
    }
  });

  it('every route of the route table has an operationId, and no two share one', async () => {
    // The table of an app built like the server's, over the same runtime.
    const app = await buildApp(t.server.runtime.ctx, t.server.runtime.db, { logger: false });
    await app.ready();
    const table = routeTable(app.printRoutes({ commonPrefix: false }));
    await app.close();
    // HEAD is GET's twin; the page, its assets, its document, the load balancers' /health and the
    // panel's pages for people are not API operations.
    const routes = table.filter((r) => !r.startsWith('HEAD ') && !/ \/(docs|health|panel)\b/.test(r));
    assert.ok(routes.length >= 50, `routes in the table: ${routes.length}\n${table.join('\n')}`);
    const ids = new Map(operations(doc).map(([method, path, op]) => [`${method} ${path}`, op.operationId]));
    for (const route of routes) {
      const id = ids.get(route);
      assert.ok(id, `${route} has no operationId in the document`);
      assert.match(id, /^[a-z][A-Za-z0-9]*$/, route);
    }
    assert.equal(ids.size, routes.length, 'the document has exactly the routes of the table');
    const all = [...ids.values()];
    assert.equal(new Set(all).size, all.length, `duplicate operationIds: ${all.filter((id, i) => all.indexOf(id) !== i).join(', ')}`);
    assert.equal(ids.get('POST /api/v1/domain/domains/purchase'), 'postApiV1DomainDomainsPurchase');
    assert.equal(ids.get('POST /products/{serviceId}/m365/subscription/{subscriptionId}/update/quantity'),
      'postProductsByServiceIdM365SubscriptionBySubscriptionIdUpdateQuantity');
  });

  it('every route\'s request and response schemas compile (the server compiles each at its first use)', async () => {
    const app = await buildApp(t.server.runtime.ctx, t.server.runtime.db, { logger: false });
    await app.ready();
    await app.close();
    // Those of the routes the requests above used are compiled already; the rest are well over a hundred.
    assert.ok(compileEverySchema() > 100);
    assert.equal(compileEverySchema(), 0, 'each is compiled once');
  });

  it('the bodies whose fields the core requires list them as required', () => {
    const required = (method: string, path: string) => doc.paths[path]![method]!.requestBody!.content['application/json']!.schema.required;
    assert.deepEqual(required('post', '/api/v1/domain/domains/purchase'), ['domain', 'registrantContact']);
    assert.deepEqual(
      doc.paths['/api/v1/domain/domains/purchase']!.post!.requestBody!.content['application/json']!.schema.properties!.registrantContact!.required,
      Object.keys(REGISTRANT),
    );
    assert.deepEqual(required('post', '/api/v1/domain/domains/renew'), ['domain']);
    assert.deepEqual(required('post', '/api/v1/domain/domains/transfer'), ['domain', 'authCode']);
    assert.deepEqual(required('post', '/api/v1/contact/contacts'), ['first_name', 'last_name', 'address', 'zip_code', 'city', 'country', 'phone', 'email']);
    assert.deepEqual(required('post', '/clients/add'), ['firstname', 'lastname', 'postcode', 'address1', 'city', 'country', 'email', 'phone', 'password', 'client_type']);
    assert.deepEqual(required('put', '/clients/{clientId}'), ['firstname', 'lastname', 'postcode', 'address1', 'city', 'country', 'email', 'phone']);
    assert.deepEqual(required('post', '/domains/register'), ['name', 'period', 'action']);
    assert.deepEqual(required('post', '/domains/check-domain'), ['name']);
    assert.deepEqual(required('post', '/domains/{domain}/change-nameservers'), ['ns1', 'ns2']);
    // The annotation that marks them does not leak into the document.
    assert.doesNotMatch(JSON.stringify(doc), /x-required-in-core/);
  });

  /**
   * The `required` lists say what the server enforces, no more and no less: each body is sent with
   * nothing but the required objects (as {}), on objects the caller owns, and the fields the answer
   * calls required are exactly the document's required fields.
   */
  it('each body\'s required fields are exactly those the server answers "is required" for', async () => {
    const user = await t.user({ postpaid: true });
    await purchase(t, user.token, 'luettelo.fi');
    const contact = await t.request('POST', '/api/v1/contact/contacts', {
      token: user.token,
      body: { first_name: 'Maija', last_name: 'Mallikas', address: 'Katu 1', zip_code: '00100', city: 'Helsinki', country: 'FI', phone: '+358.401234567', email: 'maija@example.fi' },
    });
    assert.equal(contact.status, 201, JSON.stringify(contact.body));
    const contactId = (await t.request('GET', '/api/v1/contact/contacts', { token: user.token })).body.data.at(-1).id;
    const record = await t.request('POST', '/api/v1/domain/domains/luettelo.fi/records', { token: user.token, body: { host: 'www', type: 'A', content: '192.0.2.1' } });
    assert.equal(record.status, 201, JSON.stringify(record.body));
    const records = await t.request('GET', '/api/v1/domain/domains/luettelo.fi/records', { token: user.token });
    const recordId = records.body.data.find((r: { type: string }) => r.type === 'A').id;

    const partner = await t.partner();
    const client = await t.request('POST', '/clients/add', {
      token: partner.apiKey,
      body: { firstname: 'Joe', lastname: 'Bin', password: 'Pass!123', postcode: '20100', address1: 'Katu 2', city: 'Turku', country: 'FI', email: 'joe@example.fi', phone: '358401234567', client_type: 'Managed Client' },
    });
    assert.equal(client.status, 200, JSON.stringify(client.body));
    const registered = await t.request('POST', '/domains/register', { token: partner.apiKey, body: { name: 'kumppani.com', period: 1, action: 'register' } });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));

    // Path parameters name the caller's own objects, so every answer comes from the body's checks.
    const fill = (path: string) =>
      path.replace(/([^/]+)\/\{(\w+)\}/g, (_, before: string, name: string) => {
        const value = name === 'domain' ? (path.startsWith('/api/v1') ? 'luettelo.fi' : 'kumppani.com')
          : name === 'clientId' ? client.body.data[0].id
          : before === 'contacts' ? contactId
          : before === 'records' ? recordId
          : 1;
        return `${before}/${value}`;
      });

    /** The body holding only the required objects (empty), and the dotted paths of the required fields it leaves out. */
    const minimal = (schema: Schema, prefix = ''): { body: Record<string, unknown>; missing: string[] } => {
      const body: Record<string, unknown> = {};
      const missing: string[] = [];
      for (const name of schema.required ?? []) {
        const property = schema.properties?.[name];
        if (property?.type === 'object' && property.required?.length) {
          const inner = minimal(property, `${prefix}${name}.`);
          body[name] = inner.body;
          missing.push(...inner.missing);
        } else missing.push(prefix + name);
      }
      return { body, missing };
    };

    let checked = 0;
    for (const [method, path, op] of operations(doc)) {
      const schema = op.requestBody?.content['application/json']?.schema;
      // /auth/token is OAuth's token endpoint: a missing parameter is RFC 6749's 400 invalid_request, not a
      // 422 (test/api/partner/auth.test.ts), and which parameters it needs depends on the grant type.
      if (!schema?.properties || path === '/auth/token') continue;
      const clientApi = path.startsWith('/api/v1');
      const token = path === '/api/v1/auth' ? undefined : clientApi ? user.token : partner.apiKey;
      const { body, missing } = minimal(schema);
      const url = fill(path);
      const res = await t.request(method, url, { token, body });
      const label = `${method} ${url} ${JSON.stringify(body)} -> ${res.status} ${JSON.stringify(res.body)}`;
      assert.ok([200, 201, 422].includes(res.status), `${label}: the answer must come from the body's checks`);
      const fields: Record<string, string[]> = res.status === 422 ? (clientApi ? res.body.error.context : res.body.errors) : {};
      const calledRequired = Object.entries(fields).filter(([, messages]) => messages.some((m) => / is required\b/.test(m))).map(([f]) => f);
      assert.deepEqual(calledRequired.sort(), [...missing].sort(), label);
      checked++;
    }
    assert.ok(checked >= 20, `bodies checked: ${checked}`);
  });

  it('a browser shows every operation, and the page fetches nothing beyond loopback', { timeout: 120_000 }, async () => {
    requireChromium();
    const dir = mkdtempSync(join(tmpdir(), 'hostplane-docs-'));
    try {
      const netLog = join(dir, 'net.json');
      // Anything not for loopback goes to a port where nothing listens: the page cannot reach the Internet.
      const dom = await chromiumDom(`${t.url}/docs`, [], { proxy: `http://127.0.0.1:${await unusedPort()}`, settleMs: 15_000, netLog });
      assert.match(dom, /Purchase the specified Domain/);
      assert.ok(dom.includes(doc.paths['/domains/register']!.post!.summary!), 'the partner register summary');
      // Swagger UI shows each operation's id (displayOperationId): every one is on the page.
      for (const [method, path, op] of operations(doc)) assert.ok(dom.includes(`>${op.operationId}<`), `${method} ${path} (${op.operationId}) is not on the page`);
      // What the page asked for (the browser's own update checks aside): its assets and the document, all from the server.
      const requested = pageRequests(netLog, t.url);
      assert.ok(requested.includes(`${t.url}/docs/assets/swagger-ui-bundle.js`), requested.join('\n'));
      assert.ok(requested.includes(`${t.url}/docs/openapi.json`), requested.join('\n'));
      assert.deepEqual(requested.filter((u) => !u.startsWith(`${t.url}/`)), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
