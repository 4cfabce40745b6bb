import { RegistryError } from '../../ports/registry.js';
import { DomainError } from '../errors.js';
import { UNAVAILABLE_FOR_PURCHASE } from './purchase-domain.js';
import { AUTH_CODE_INVALID } from './transfer-domain.js';

/**
 * Seconds a client is told to wait (Retry-After) when the registry cannot answer now. The EPP
 * provider reconnects with backoff within seconds; a registry's maintenance window is longer, and a
 * client retrying every 30 seconds through it costs one refused request each time.
 */
export const REGISTRY_RETRY_AFTER_SECONDS = 30;

/** The request fields a registry's answer is reported under; each API names its own. */
export interface RegistryErrorFields {
  /** The field naming the domain (client API `domain`; the partner API renames it `name`). Default `domain`. */
  domain?: string;
  /** The field carrying the auth code. Default `authCode`. */
  authCode?: string;
  /** The field a refusal by the registry's rules concerns, when the request changes one thing (`nameservers`). Default `domain`. */
  subject?: string;
}

/**
 * A registry's answer during a customer's request, as each API's documented errors say it, never a
 * 500: `exists` is the "Domain unavailable for purchase." of a taken name; `auth_invalid` the invalid
 * auth code; a refusal by the registry's rules (`policy`, and `not_found` or `not_sponsor` for a name
 * the registry does not hold for us) a 422 with the registry's reason, per field (`fields`); an
 * unavailable registry `retry_later` (503 with Retry-After). Anything else is rethrown.
 */
export function fromRegistryError(err: unknown, fields: RegistryErrorFields = {}): never {
  if (!(err instanceof RegistryError)) throw err;
  const domain = fields.domain ?? 'domain';
  switch (err.reason) {
    case 'unavailable':
      throw new DomainError('retry_later', 'The domain registry is not available, try again later', undefined, REGISTRY_RETRY_AFTER_SECONDS);
    case 'exists':
      throw new DomainError('invalid', 'The given data was invalid.', { [domain]: [UNAVAILABLE_FOR_PURCHASE] });
    case 'auth_invalid':
      throw new DomainError('invalid', 'The given data was invalid.', { [fields.authCode ?? 'authCode']: [AUTH_CODE_INVALID] });
    default: {
      const reason = `The domain registry refused the request: ${err.message}`;
      throw new DomainError('invalid', reason, { [fields.subject ?? domain]: [reason] });
    }
  }
}

/** Runs a registry call of a request, its failures answered as fromRegistryError says. */
export async function askRegistry<T>(call: () => Promise<T>, fields: RegistryErrorFields = {}): Promise<T> {
  try {
    return await call();
  } catch (err) {
    fromRegistryError(err, fields);
  }
}
