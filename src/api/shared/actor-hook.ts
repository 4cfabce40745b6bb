import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Ctx } from '../../core/context.js';
import type { Actor } from '../../core/events/actor.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The core context this request acts with: the app's, naming the request's actor (see actorHook); read it with ctxOf. */
    ctx?: Ctx;
  }
}

/** The request id header every answer carries: the id the event log keeps for what the request changed. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A preHandler that gives the request its own ctx (request.ctx): a shallow copy of the app's `ctx`
 * naming the actor `who` returns, with the request's id and source address (request.ip: TRUST_PROXY
 * decides whether X-Forwarded-For counts). Handlers pass it to the commands they call (ctxOf), so the
 * events those record name the request. A preHandler, not onRequest: it runs after the dialect's
 * authentication, which tells who acts. A plain copy, not an object whose prototype is `ctx`: code may
 * spread a ctx ({ ...ctx, store: tx }), which keeps own properties only. Made per request, so a
 * provider set on the app's ctx after start (tests do) is the one the request sees.
 */
export function actorHook(ctx: Ctx, who: (request: FastifyRequest) => Pick<Actor, 'kind' | 'id'>) {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const { kind, id } = who(request);
    request.ctx = { ...ctx, actor: { kind, id, requestId: request.id, address: request.ip } };
    done();
  };
}

/**
 * The ctx of a request, for its handler: the one actorHook made. Throws when the hook did not run
 * (a route outside the APIs' and the panel's scopes), rather than acting with no one's name.
 */
export function ctxOf(request: FastifyRequest): Ctx {
  const ctx = request.ctx;
  if (!ctx) throw new Error(`no request context for ${request.method} ${request.url}: the actor hook did not run`);
  return ctx;
}
