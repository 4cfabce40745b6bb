import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { MAX_BODY_DEPTH } from '../../src/api/shared/json-body.js';

/**
 * The edge of HTTP, in both dialects: errors that happen before a route (URLs, the HTTP parser,
 * headers), bodies that are too deep, of the wrong type or too large, and connections left usable
 * after a refused body. Raw sockets (node:net) where fetch() would refuse or repair the request.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** Responses read from a byte stream of HTTP/1.1 answers (Content-Length framed, as the server sends). */
function parseResponses(data: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) return out;
    const [statusLine, ...lines] = data.toString('latin1', at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (data.length < end + 4 + length) return out;
    const text = data.toString('utf8', end + 4, end + 4 + length);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    out.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
    at = end + 4 + length;
  }
}

/**
 * Writes `chunks` on one keep-alive connection and waits until `expect` answers arrived or the
 * server closed the connection, or `timeoutMs` passed (timedOut: the connection hung). `stepwise`:
 * each chunk after the answer to the one before.
 */
function exchange(t: TestServer, chunks: Array<string | Buffer>, expect: number, { timeoutMs = 10_000, stepwise = false } = {}) {
  const { hostname, port } = new URL(t.url);
  return new Promise<{ responses: RawResponse[]; closed: boolean; timedOut: boolean }>((resolve) => {
    const socket = connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (closed: boolean, timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(data), closed, timedOut });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    let written = 0;
    const write = () => {
      while (written < chunks.length && (!stepwise || written <= parseResponses(data).length)) socket.write(chunks[written++]!);
    };
    socket.on('data', (d) => {
      data = Buffer.concat([data, d]);
      if (parseResponses(data).length >= expect) finish(false, false);
      else write();
    });
    // Writing into a connection the server closed may fail; what was answered is what counts.
    socket.on('error', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    socket.on('connect', write);
  });
}

const HEALTH = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';
const isClient = (path: string) => path.startsWith('/api/v1');

/** The dialect's error envelope with this status, and its message. */
function assertEnvelope(path: string, status: number, res: { status: number; body: any }, label = path): string {
  assert.equal(res.status, status, `${label}: ${JSON.stringify(res.body)}`);
  if (isClient(path)) {
    assert.deepEqual(Object.keys(res.body), ['error'], label);
    assert.equal(res.body.error.status, status, label);
    assert.equal(typeof res.body.error.message, 'string', label);
    return res.body.error.message;
  }
  assert.equal(res.body.success, false, `${label}: ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body.message, 'string', label);
  return res.body.message;
}

/** The OpenAPI document. */
async function openApi(t: TestServer): Promise<any> {
  const json = await t.request('GET', '/docs/openapi.json');
  assert.equal(json.status, 200);
  return json.body;
}

// One server for the file: a customer and a partner, whose credentials each dialect's requests carry.
let t: TestServer;
let token: string;
let apiKey: string;
before(async () => {
  t = await startTestServer();
  token = (await t.user()).token;
  apiKey = (await t.partner()).apiKey;
});
after(() => t.close());

describe('HTTP edge: every error in the dialect\'s envelope', () => {
  const auth = (path: string) => `Authorization: Bearer ${isClient(path) ? token : apiKey}\r\n`;

  it('deep JSON is refused with a 400 on every authenticated POST route, Idempotency-Key or not', async () => {
    const docs = await openApi(t);
    const routes = Object.entries<any>(docs.paths)
      .filter(([, ops]) => ops.post?.security?.length)
      .map(([path]) => path.replace(/\{[^}]+\}/g, '1'));
    // The issue counted 13; the list comes from the route table, so new routes are covered too.
    assert.ok(routes.length >= 13, `authenticated POST routes: ${routes.length}`);
    assert.ok(routes.some(isClient) && routes.some((r) => !isClient(r)));
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    for (const path of routes) {
      const tokenOf = isClient(path) ? token : apiKey;
      for (const [body, key] of [[deep(5000), 'deep-1'], [`{"a":${deep(100_000)}}`, undefined], [deep(MAX_BODY_DEPTH + 1), 'deep-2']] as const) {
        const res = await t.request('POST', path, { token: tokenOf, rawBody: body, headers: key ? { 'idempotency-key': key } : {} });
        const message = assertEnvelope(path, 400, res, `POST ${path} depth`);
        assert.match(message, /nested too deeply \(at most 64 levels/);
      }
      // At the limit the body is parsed and validated as any other: a type error, not a depth error.
      const atLimit = await t.request('POST', path, { token: tokenOf, rawBody: deep(MAX_BODY_DEPTH), headers: { 'idempotency-key': 'limit' } });
      assert.ok(atLimit.status < 500 && atLimit.status !== 400, `POST ${path} at the limit: ${atLimit.status}`);
    }
  });

  it('brackets inside strings do not count as depth; the JSON body of a GET has the same limit', async () => {
    const nested = await t.request('POST', '/domains/check-domain', { token: apiKey, rawBody: JSON.stringify({ name: `${'['.repeat(5000)}.fi` }) });
    assert.equal(nested.status, 422, JSON.stringify(nested.body));
    const body = `{"tenant_name": ${'['.repeat(200)}${']'.repeat(200)}}`;
    const [res] = (await exchange(t, [
      `GET /products/m365/check-tenant HTTP/1.1\r\nHost: x\r\n${auth('/')}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    ], 1)).responses;
    assert.match(assertEnvelope('/', 400, res!), /nested too deeply/);
  });

  it('a URL that does not decode: 400 in the dialect, without echoing it', async () => {
    for (const path of ['/api/v1/domain/%zz/check', '/domains/%E0%A4%A']) {
      const [res] = (await exchange(t, [`GET ${path} HTTP/1.1\r\nHost: x\r\n${auth(path)}\r\n`], 1)).responses;
      const message = assertEnvelope(path, 400, res!);
      assert.match(message, /URL is not valid/);
      assert.ok(!JSON.stringify(res!.body).includes('%'), JSON.stringify(res!.body));
    }
  });

  it('a path parameter over the limit: 414 in the dialect, without echoing the path', async () => {
    const long = 'a'.repeat(400);
    for (const path of [`/api/v1/domain/domains/${long}.fi`, `/domains/${long}.fi/records`]) {
      const res = await t.request('GET', path, { token: isClient(path) ? token : apiKey });
      assert.match(assertEnvelope(path, 414, res), /URL is too long/);
      assert.ok(!JSON.stringify(res.body).includes(long), 'the path is not echoed');
    }
  });

  it('headers over the limit: 431 in the dialect', async () => {
    for (const path of ['/api/v1/domain/domains', '/domains/list']) {
      const { responses, closed } = await exchange(t, [`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`], 1);
      assert.match(assertEnvelope(path, 431, responses[0]!), /headers are too large/);
      assert.equal(responses[0]!.headers.connection, 'close');
      assert.ok(closed || responses.length === 1);
    }
  });

  it('requests that are not HTTP: 400 in the dialect, also after an answered request on the connection', async () => {
    const bad: Array<[string, string]> = [
      ['/api/v1/domain/domains', `POST /api/v1/domain/domains/renew HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`],
      ['/clients/list', `GET /clients/list HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n`],
      ['/', 'NOT HTTP AT ALL\r\n\r\n'],
    ];
    for (const [path, request] of bad) {
      const [res] = (await exchange(t, [request], 1)).responses;
      assert.match(assertEnvelope(path, 400, res!, JSON.stringify(request)), /not valid HTTP/);
    }
    const { responses } = await exchange(t, [HEALTH, 'GET /api/v1/x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'], 2, { stepwise: true });
    assert.deepEqual(responses.map((r) => r.status), [200, 400]);
    assertEnvelope('/api/v1/x', 400, responses[1]!);
  });

  it('a __proto__ key is valid JSON: dropped like any unknown field, whatever its spelling', async () => {
    const u = await t.user();
    for (const proto of ['__proto__', '\\u005f_proto__', '__pr\\u006fto__']) {
      const login = await t.request('POST', '/api/v1/auth', {
        rawBody: `{"${proto}": {"username": "someone-else", "admin": true}, "username": "${u.username}", "password": "${u.password}"}`,
      });
      assert.equal(login.status, 200, `${proto}: ${JSON.stringify(login.body)}`);
      const check = await t.request('POST', '/domains/check-domain', { token: apiKey, rawBody: `{"${proto}": {"name": "x"}, "name": "protovapaa.fi"}` });
      assert.equal(check.status, 200, `${proto}: ${JSON.stringify(check.body)}`);
      assert.equal(check.body.available, true);
      // Without a name of its own the body has none: the prototype's is not read.
      const without = await t.request('POST', '/domains/check-domain', { token: apiKey, rawBody: `{"${proto}": {"name": "protovapaa.fi"}}` });
      assert.equal(without.status, 422, JSON.stringify(without.body));
      assert.ok(without.body.errors.name, JSON.stringify(without.body));
    }
  });

  it('a body that is not JSON: 415 in the dialect, not a validation error', async () => {
    for (const [path, tokenOf] of [['/api/v1/domain/domains/renew', token], ['/clients/add', apiKey]] as const) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await t.request('POST', path, { token: tokenOf, rawBody: 'domain=x.fi', headers: { 'content-type': type } });
        assert.match(assertEnvelope(path, 415, res, `${path} ${type}`), /Unsupported media type/);
      }
    }
  });

  it('/docs lists 400, 413 and 415 for routes that take a body, in the dialect\'s envelope', async () => {
    const docs = await openApi(t);
    let withBody = 0;
    for (const [path, ops] of Object.entries<any>(docs.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const statuses = op.requestBody ? ['400', '413', '415'] : path.includes('{') ? ['400'] : [];
        if (op.requestBody) withBody++;
        for (const status of statuses) {
          const schema = op.responses[status]?.content?.['application/json']?.schema;
          assert.ok(schema, `${method} ${path} lists ${status}`);
          assert.ok(isClient(path) ? schema.properties.error : schema.properties.success, `${method} ${path} ${status}: its dialect`);
        }
      }
    }
    assert.ok(withBody >= 20, `routes with a body: ${withBody}`);
  });
});

describe('HTTP edge: a refused body leaves no connection hanging', () => {

  /**
   * Sends the request and, on the same connection, a second one: the second is answered, or the
   * connection is closed after the first answer; it never waits for the keep-alive timeout (73 s).
   */
  async function thenNext(request: string | Buffer, path: string, status: number) {
    const result = await exchange(t, [request, HEALTH], 2);
    assert.equal(result.timedOut, false, `${path}: the connection hung after ${result.responses.map((r) => r.status)}`);
    assert.ok(result.responses.length >= 1, `${path}: no answer`);
    const [first, second] = result.responses;
    if (status >= 400) assertEnvelope(path, status, first!);
    else assert.equal(first!.status, status);
    if (second) assert.equal(second.status, 200);
    else assert.equal(first!.headers.connection, 'close', `${path}: closed without saying so`);
    return result;
  }

  const head = (method: string, path: string, tokenOf: string, extra = '') =>
    `${method} ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokenOf}\r\nContent-Type: application/json\r\n${extra}`;

  it('partner GET with a JSON body over its limit (Content-Length): 413, then the connection goes on or closes', async () => {
    const body = JSON.stringify({ tenant_name: 'a'.repeat(200_000) });
    const path = '/products/m365/check-tenant';
    await thenNext(`${head('GET', path, apiKey, `Content-Length: ${body.length}\r\n`)}\r\n${body}`, path, 413);
  });

  it('partner GET with a chunked JSON body over its limit: 413, then the connection goes on or closes', async () => {
    const path = '/products/m365/check-tenant';
    const chunk = 'a'.repeat(20_000);
    const chunks = [`{"tenant_name": "`, ...Array(10).fill(chunk), '"}'].map((c) => `${c.length.toString(16)}\r\n${c}\r\n`).join('');
    await thenNext(`${head('GET', path, apiKey, 'Transfer-Encoding: chunked\r\n')}\r\n${chunks}0\r\n\r\n`, path, 413);
  });

  it('partner GET with a small JSON body keeps the connection', async () => {
    const body = JSON.stringify({ tenant_name: 'pienirunko' });
    const path = '/products/m365/check-tenant';
    const { responses } = await thenNext(`${head('GET', path, apiKey, `Content-Length: ${body.length}\r\n`)}\r\n${body}`, path, 201);
    assert.equal(responses.length, 2);
  });

  it('client GET with a large body (which it does not read): answered, and the next request too', async () => {
    const body = 'x'.repeat(200_000);
    const path = '/api/v1/domain/domains';
    const { responses } = await thenNext(`${head('GET', path, token, `Content-Length: ${body.length}\r\n`)}\r\n${body}`, path, 200);
    assert.equal(responses.length, 2);
  });

  it('POST bodies over the limit, both APIs: 413 and the connection closed', async () => {
    const body = JSON.stringify({ domain: 'a'.repeat(1_200_000) });
    for (const [path, tokenOf] of [['/api/v1/domain/domains/renew', token], ['/domains/check-domain', apiKey]] as const) {
      const { closed } = await thenNext(`${head('POST', path, tokenOf, `Content-Length: ${body.length}\r\n`)}\r\n${body}`, path, 413);
      assert.equal(closed, true);
    }
  });
});
