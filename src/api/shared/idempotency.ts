import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { Ctx } from '../../core/context.js';
import { isoTimestamp } from '../../core/dates.js';
import { DomainError, invalidField } from '../../core/errors.js';
import { UniqueViolation } from '../../ports/store.js';
import type { OrderRequest } from '../../core/domains/place-order.js';
import type { TypedApp } from './typed-app.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request holds while it runs (see addIdempotency). */
    idempotencyHold?: { id: number; createdAt: string; requestKey: string };
  }
  interface FastifyContextConfig {
    /**
     * false: this POST keeps no Idempotency-Key (the header is ignored), because its answer holds a
     * secret shown once (a webhook's signing secret), which must not be stored as the key's response.
     */
    idempotency?: boolean;
  }
}

/** How long a key's first response is kept and given again. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export const KEY_FIELD = 'Idempotency-Key';
export const KEY_REUSED = 'This Idempotency-Key was used with a different request; use a new key for a new request';
export const KEY_MALFORMED = 'The Idempotency-Key must be 1-255 visible ASCII characters';
export const KEY_IN_FLIGHT = 'A request with this Idempotency-Key is still being processed; retry it later';

export interface IdempotencyOptions {
  /** Whose key this is: keys are per account ("user:<id>", "partner:<id>"). Runs after authentication. */
  scope(request: FastifyRequest): string;
  /** The dialect's error envelope, declared as the 409 answer in the routes' schemas (OpenAPI). */
  errorEnvelope: TSchema;
}

/**
 * `Idempotency-Key` for every POST of an authenticated scope, in either dialect (errors are thrown as
 * DomainErrors, so each dialect's handler answers in its own envelope):
 * - the first request with a key reserves it (a row without response; unique per account and key, so
 *   two machines cannot both take it), runs, and its response (status and body) is stored with it;
 * - the same key and the same request (method, path and body, compared as canonical JSON) within 24
 *   hours gets that response again, with `Idempotent-Replayed: true`, and nothing runs;
 * - the same key with another request: 422 (field Idempotency-Key);
 * - the same key while the first request is still running: 409.
 * Validation failures are stored too (the answer would be the same again); a 5xx is not: the key is
 * released so that the retry the client should make can succeed. Without a key nothing changes (the
 * store's unique indexes still refuse a second order for one name).
 */
export function addIdempotency(app: TypedApp, ctx: Ctx, options: IdempotencyOptions): void {
  const store = ctx.store.idempotency;

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || route.config?.idempotency === false) return;
    const response = (route.schema?.response ?? {}) as Record<string, unknown>;
    route.schema = { ...route.schema, response: { ...response, 409: options.errorEnvelope } };
  });

  // preValidation: after authentication (onRequest) and body parsing, before the handler. Invalid
  // bodies get here too, so a key's answer is the same whether the body was valid or not.
  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.config.idempotency === false) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw invalidField(KEY_FIELD, KEY_MALFORMED);
    const scope = options.scope(request);
    const hash = requestHash(request);

    // Three rounds at most: each either reserves the key, answers, or clears a stale holder.
    for (let round = 0; round < 3; round++) {
      const now = ctx.clock.now();
      const createdAt = isoTimestamp(now);
      try {
        const held = await store.create({
          scope, idem_key: key, request_hash: hash, response_status: null, response_body: null,
          created_at: createdAt, expires_at: isoTimestamp(new Date(now.getTime() + IDEMPOTENCY_TTL_MS)),
        });
        request.idempotencyHold = { id: held.id, createdAt: held.created_at, requestKey: orderRequestKey(scope, key, hash) };
        return;
      } catch (err) {
        if (!(err instanceof UniqueViolation)) throw err;
      }
      const found = await store.find(scope, key);
      if (!found) continue; // released meanwhile
      const expired = found.expires_at <= createdAt;
      const abandoned = found.response_status === null
        && found.created_at < isoTimestamp(new Date(now.getTime() - ctx.settings.idempotencyLeaseMs));
      if (expired || abandoned) {
        await store.release(found.id, found.created_at);
        continue;
      }
      if (found.request_hash !== hash) throw invalidField(KEY_FIELD, KEY_REUSED);
      if (found.response_status === null || found.response_body === null) throw new DomainError('conflict', KEY_IN_FLIGHT);
      return reply
        .code(found.response_status)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(found.response_body);
    }
    throw new DomainError('conflict', KEY_IN_FLIGHT);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const hold = request.idempotencyHold;
    if (!hold) return payload;
    request.idempotencyHold = undefined;
    // Stored after the handler's own commit: a crash between the two leaves the key held without a
    // response. It is taken over after the lease (settings.idempotencyLeaseMs) and the request runs again; an order it had
    // placed is found by its request key (orderRequest) rather than placed twice.
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    try {
      if (reply.statusCode >= 500 || body === undefined) await store.release(hold.id, hold.createdAt);
      else await store.complete(hold.id, reply.statusCode, body);
    } catch (err) {
      // The request's own work is done and committed; its answer must not turn into an error. The
      // key stays held and is taken over after settings.idempotencyLeaseMs.
      request.log.error({ err }, 'could not record the response of an Idempotency-Key');
    }
    return payload;
  });
}

const requestHash = (request: FastifyRequest): string => hashRequest(request.method, request.url, request.body);

/** One request of one account under one key: what an order keeps (orders.request_key) to be found again. */
const orderRequestKey = (scope: string, key: string, hash: string): string =>
  createHash('sha256').update(`${scope}\n${key}\n${hash}`).digest('hex');

/**
 * What an order-placing route passes to its command (OrderRequest): the request's key when it holds an
 * Idempotency-Key, so that a retry after a crash finds the order the first run placed.
 */
export const orderRequest = (request: FastifyRequest): OrderRequest =>
  request.idempotencyHold ? { requestKey: request.idempotencyHold.requestKey } : {};

/** SHA-256 over method, URL (path and query) and the body as canonical JSON (keys sorted). */
export function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${body === undefined ? '' : canonicalJson(body)}`).digest('hex');
}

/** JSON with object keys sorted at every depth: two spellings of one body hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
