import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { REQUIRED_IN_CORE } from './required-in-core.js';
import { mapSchema } from './schema-map.js';
import { BODY_LIMIT, MAX_BODY_DEPTH } from './json-body.js';
import { MAX_PARAM_LENGTH } from './http-edge.js';

/**
 * OpenAPI 3.1, generated from the same TypeBox schemas that validate requests and serialize
 * responses. Register before the routes so their schemas are collected.
 * - GET /docs/openapi.json: the document.
 * - GET /docs: the reference page (Swagger UI) for a browser, which asks for text/html; the document
 *   itself for everyone else, as /docs answered before the page existed, so programs reading it keep
 *   working.
 * The page's assets come from the swagger-ui-dist package and are served from memory under
 * /docs/assets/; the page loads nothing from elsewhere (its Content-Security-Policy says so too).
 * Every operation has an operationId (explicit, or derived from its method and path); the document
 * is built once the routes are in, so a duplicate stops the start.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'hostplane',
        version: '0.1.0',
        description:
          'Two dialects over one system.\n\n' +
          '**Client API** (`/api/v1`, wire-compatible with Euronic\'s client API), for customers: authenticate ' +
          'with a JWT from `POST /api/v1/auth`. Errors use the envelope `{"error": {"status", "message", ' +
          '"context"?}}`; `context` maps each invalid field to its messages.\n\n' +
          '**Partner API** (paths at the root, wire-compatible with Nomeo\'s partner API), for resellers: ' +
          'authenticate with `Authorization: Bearer <API key>` or an access token from `POST /auth/token`. ' +
          'The partner document shows no error responses; hostplane answers errors as ' +
          '`{"success": false, "message": "...", "errors": {field: [messages]}}` (errors only for invalid ' +
          'input) with status 401 (missing, unknown, revoked or expired credentials), 403 (another partner\'s ' +
          'object), 404 (no such object), 422 (invalid input, or a rule refusing the request) and 429.\n\n' +
          `In both dialects a body must be JSON (415 otherwise) of at most ${BODY_LIMIT / 1024 / 1024} MB (413) nested at ` +
          `most ${MAX_BODY_DEPTH} levels (400, as JSON that does not parse); errors before any route (a URL that does ` +
          `not decode: 400, a path segment over ${MAX_PARAM_LENGTH} characters: 414, headers too large: 431) use the ` +
          'envelope of the URL\'s dialect.\n\n' +
          'In both dialects any write may answer **409** when it collided with a change made at the same ' +
          'time (a contact deleted while a domain was being given it, a second request with an ' +
          '`Idempotency-Key` still in flight): nothing was changed, and the request can be sent again.\n\n' +
          'This document: `GET /docs/openapi.json` (and `GET /docs` without `Accept: text/html`).',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Token from POST /api/v1/auth' },
          partnerKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'A partner API key (hpk_...) or an access token (hpat_...) from POST /auth/token',
          },
        },
      },
    },
    transform: ({ schema, url, route }) => ({
      schema: { ...schema, operationId: schema?.operationId ?? operationIdFor(route.method, url) },
      url,
    }),
    // A copy: the schemas in it are the validators' own objects.
    transformObject: (document) => {
      if (!('openapiObject' in document)) throw new Error('OpenAPI: expected an OpenAPI 3 document');
      return checkOperationIds(requireInCore(structuredClone(document.openapiObject)));
    },
  });

  const page = await referencePage();
  const document = async () => app.swagger();
  app.get('/docs/openapi.json', { schema: { hide: true } }, document);
  app.get('/docs', { schema: { hide: true } }, async (req, reply) => {
    reply.header('vary', 'accept');
    if (!prefersHtml(req.headers.accept)) return document();
    return page.send(reply, 'index.html');
  });
  for (const name of page.assets) {
    app.get(`/docs/assets/${name}`, { schema: { hide: true } }, async (_req, reply) => page.send(reply, name));
  }
  app.addHook('onReady', async () => {
    app.swagger();
  });
}

/**
 * `getApiV1DomainDomainsByDomainRecords` for GET /api/v1/domain/domains/:domain/records: the method,
 * then the path's words in camelCase, each parameter as By<Name>. Stable while the path is, and unique
 * while no two routes share a method and path.
 */
function operationIdFor(method: string | string[], url: string): string {
  const words = url.split('/').flatMap((segment) => {
    const parameter = /^[:{]/.test(segment);
    const parts = segment.split(/[^A-Za-z0-9]+/).filter(Boolean);
    return parameter && parts.length > 0 ? ['by', ...parts] : parts;
  });
  const verb = (Array.isArray(method) ? method.join('Or') : method).toLowerCase();
  return verb + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

type Schema = Record<string | symbol, unknown> & { properties?: Record<string, Schema>; required?: string[] };

/** A schema's RequiredInCore fields joined to its `required` list, the annotation taken out. */
const withCoreRequired = (schema: Schema): Schema => {
  const annotated = Object.entries(schema.properties ?? {}).filter(([, property]) => property[REQUIRED_IN_CORE] === true);
  if (annotated.length === 0) return schema;
  const properties = { ...schema.properties };
  for (const [name, property] of annotated) {
    const { [REQUIRED_IN_CORE]: _annotation, ...rest } = property;
    properties[name] = rest;
  }
  return { ...schema, properties, required: [...new Set([...(schema.required ?? []), ...annotated.map(([name]) => name)])] };
};

/**
 * Fields annotated RequiredInCore (optional to the validator, required by the core command) join
 * their object's `required` list, and the annotation leaves the document: in every request body and
 * shared component, at any depth (mapSchema).
 */
function requireInCore<T extends { paths?: object; components?: { schemas?: Record<string, unknown> } }>(doc: T): T {
  const map = (schema: unknown) => mapSchema(schema, (node) => withCoreRequired(node as Schema));
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>)) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) media.schema = map(media.schema);
    }
  }
  const components = doc.components?.schemas;
  for (const [name, schema] of Object.entries(components ?? {})) components![name] = map(schema);
  return doc;
}

/** Two operations with one operationId would make generated clients collide: refused when the document is built. */
function checkOperationIds<T extends { paths?: object }>(doc: T): T {
  const seen = new Map<string, string>();
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations as Record<string, { operationId?: string }>)) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId;
      if (!id) throw new Error(`OpenAPI: ${where} has no operationId`);
      const other = seen.get(id);
      if (other) throw new Error(`OpenAPI: operationId ${id} of ${where} is also that of ${other}; name one explicitly (schema.operationId)`);
      seen.set(id, where);
    }
  }
  return doc;
}

/**
 * Whether an Accept header prefers text/html to application/json: a browser's does
 * (`text/html,...,*\/*;q=0.8`); none, `*\/*` (curl) and `application/json` do not, so a tie goes to
 * the document. Each type takes the quality of its most specific matching range (RFC 9110 12.5.1).
 */
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    return { range, quality: Number.isFinite(quality) ? quality : 0 };
  });
  const quality = (type: string) => {
    const [major] = type.split('/');
    const match = ranges.find((r) => r.range === type) ?? ranges.find((r) => r.range === `${major}/*`) ?? ranges.find((r) => r.range === '*/*');
    return match?.quality ?? 0;
  };
  return quality('text/html') > quality('application/json');
}

const ASSET_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/**
 * The page and its assets, read once. Only what the page uses is served: a fixed list of files, no
 * path from the request reaches the file system. The script that starts Swagger UI is a file of its
 * own, as the Content-Security-Policy allows no inline script.
 */
async function referencePage() {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const files = new Map<string, Buffer>();
  for (const name of ['swagger-ui.css', 'index.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) {
    files.set(name, await readFile(join(dist, name)));
  }
  files.set('start.js', Buffer.from(START_SCRIPT));
  files.set('index.html', Buffer.from(PAGE));
  return {
    assets: [...files.keys()].filter((name) => name !== 'index.html'),
    send(reply: FastifyReply, name: string) {
      const type = ASSET_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
      return reply
        .header('content-type', type)
        .header('cache-control', name === 'index.html' ? 'no-cache' : 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', PAGE_CSP)
        .send(files.get(name));
    },
  };
}

const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hostplane API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="stylesheet" href="/docs/assets/index.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/start.js"></script>
</body>
</html>
`;

// validatorUrl: null, or Swagger UI would send the document to validator.swagger.io for a badge.
const START_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/docs/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    displayOperationId: true,
    validatorUrl: null,
  });
});
`;
