import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Partner } from '../../ports/store/partners.js';
import { DomainError, notFound } from '../../core/errors.js';
import type { FormErrors } from '../layout.js';
import type { Translator } from '../i18n/index.js';
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

/**
 * A core refusal as a form's messages in the page's language: `invalid`'s first message per field
 * (`rename` maps a core field to the form's id), and a message with no field, or a `rejected`, at
 * `whole`. Undefined for any other error, which is not a form's to show (404, 503: error pages).
 */
export function refusal(t: Translator, err: unknown, whole: string, rename: (field: string) => string = (f) => f): FormErrors | undefined {
  if (!(err instanceof DomainError) || (err.code !== 'invalid' && err.code !== 'rejected')) return undefined;
  if (err.code === 'rejected' || !err.fields || Object.keys(err.fields).length === 0) return { [whole]: t.core(err.message) };
  return Object.fromEntries(Object.entries(err.fields).map(([field, messages]) => [rename(field), t.core(messages[0] ?? err.message)]));
}
