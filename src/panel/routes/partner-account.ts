import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Partner } from '../../ports/store/partners.js';
import { notFound } from '../../core/errors.js';
import { stateOf } from '../request-state.js';

/**
 * The partner whose person is logged in, undefined after redirecting to the login page when nobody
 * is; a customer reaching a partner page gets 404, as for any page not theirs.
 */
export function partnerOf(request: FastifyRequest, reply: FastifyReply): Partner | undefined {
  const account = stateOf(request).account;
  if (!account) {
    void reply.redirect('/panel/login', 303);
    return undefined;
  }
  if (account.kind !== 'partner') throw notFound();
  return account.partner;
}

/** An id from the path; anything else names nothing (the 404 page). */
export function pathId(value: string | undefined): number {
  if (!/^[0-9]{1,9}$/.test(value ?? '')) throw notFound();
  return Number(value);
}

