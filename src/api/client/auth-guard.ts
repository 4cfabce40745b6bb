import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../../core/context.js';
import { authenticate } from '../../core/accounts/authenticate.js';
import { authenticateWithDomain, type DomainReadAhead } from '../../core/domains/domain-read-ahead.js';
import { DomainError } from '../../core/errors.js';
import type { User } from '../../ports/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    /** What the guard read with the user for a route marked readsDomain (see requireUser). */
    domainReadAhead?: DomainReadAhead;
  }
  interface FastifyContextConfig {
    /**
     * true: a GET whose `:domain` parameter names the one domain it shows (or whose records). The guard
     * reads that domain in the same statement as the token's user (authenticateWithDomain), and the
     * handler passes request.domainReadAhead to getDomain or recordsZone, which judge it.
     */
    readsDomain?: boolean;
  }
}

/** The bearer token of a request, or undefined when the Authorization header has none. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** preHandler for routes marked "requires authentication": sets request.user or answers 401. */
export function requireUser(ctx: Ctx) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (!token) throw new DomainError('unauthenticated', 'Unauthorized request');
    // The raw parameter: the route's validation comes later, and getDomain parses the name again.
    const name = request.routeOptions.config.readsDomain ? (request.params as { domain?: unknown }).domain : undefined;
    if (typeof name === 'string') {
      const { user, readAhead } = await authenticateWithDomain(ctx, token, name);
      request.user = user;
      request.domainReadAhead = readAhead;
      return;
    }
    request.user = await authenticate(ctx, token);
  };
}

/** The authenticated user of a request that passed requireUser. */
export function currentUser(request: FastifyRequest): User {
  if (!request.user) throw new DomainError('unauthenticated', 'Unauthorized request');
  return request.user;
}
