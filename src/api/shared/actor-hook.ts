import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { runAs, type Actor } from '../../core/events/actor.js';

/** The request id header every answer carries: the id the event log keeps for what the request changed. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A preHandler that runs the rest of the request (later hooks, the handler) as the actor `who` names,
 * with the request's id and source address (request.ip: TRUST_PROXY decides whether X-Forwarded-For
 * counts). A preHandler, not onRequest: it runs after the dialect's authentication and after the body
 * was read, so what follows is in its async context. Callback style on purpose: `done` called inside
 * runAs starts the handler within the context, where an async hook could only set it for itself.
 */
export function actorHook(who: (request: FastifyRequest) => Pick<Actor, 'kind' | 'id'>) {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const { kind, id } = who(request);
    runAs({ kind, id, requestId: request.id, address: request.ip }, done);
  };
}
