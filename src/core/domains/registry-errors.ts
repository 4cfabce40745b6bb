import { RegistryError } from '../../ports/registry.js';
import { DomainError } from '../errors.js';

/**
 * A registry failure during a customer's request, as the API reports it: a refusal is a 400 with the
 * registry's reason, an unreachable registry is upstream_unavailable. Anything else is rethrown.
 */
export function fromRegistryError(err: unknown): never {
  if (err instanceof RegistryError) {
    if (err.reason === 'unavailable') throw new DomainError('upstream_unavailable', 'The domain registry is not available, try again later');
    throw new DomainError('rejected', `The domain registry refused the change: ${err.message}`);
  }
  throw err;
}
