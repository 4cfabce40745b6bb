import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../core/context.js';
import { DomainError } from '../../core/errors.js';
import { authenticatePartner } from '../../core/partners/authenticate-partner.js';
import { prefixOf } from '../../core/partners/secrets.js';
import type { Partner } from '../../ports/store/partners.js';

declare module 'fastify' {
  interface FastifyRequest {
    partner?: Partner;
    /** The visible prefix of the credential the partner authenticated with (hpk_... or hpat_...). */
    partnerCredential?: string;
  }
}

/** onRequest hook: `Authorization: Bearer <API key or access token>` sets request.partner, or 401. */
export function requirePartner(ctx: Ctx) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new DomainError('unauthenticated', 'Unauthenticated.');
    request.partner = await authenticatePartner(ctx, match[1]!);
    request.partnerCredential = prefixOf(match[1]!)?.prefix;
  };
}

/** The authenticated partner of a request that passed requirePartner. */
export function currentPartner(request: FastifyRequest): Partner {
  if (!request.partner) throw new DomainError('unauthenticated', 'Unauthenticated.');
  return request.partner;
}
