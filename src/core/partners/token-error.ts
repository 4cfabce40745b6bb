import { DomainError, type ErrorCode } from '../errors.js';

/** The error codes of an OAuth 2.0 token endpoint (RFC 6749 5.2) that POST /auth/token answers. */
export type TokenErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

const DOMAIN_CODE: Record<TokenErrorCode, ErrorCode> = {
  invalid_request: 'invalid',
  invalid_client: 'unauthenticated',
  invalid_grant: 'rejected',
  unsupported_grant_type: 'invalid',
};

/**
 * A refusal of the token endpoint. OAuth libraries act on the RFC's error code (an `invalid_grant`
 * makes them drop the refresh token and authenticate anew, an `invalid_client` is a configuration
 * error), so the core names it; the domain code beside it keeps every other handler's mapping working.
 */
export class TokenError extends DomainError {
  constructor(
    readonly oauthError: TokenErrorCode,
    message: string,
    fields?: Record<string, string[]>,
  ) {
    super(DOMAIN_CODE[oauthError], message, fields);
    this.name = 'TokenError';
  }
}
