import { LicensingError } from '../../ports/licensing.js';
import { DomainError, notFound, rejected } from '../errors.js';

/**
 * A licensing provider's refusal as the core reports it: a rule of Microsoft's refuses the request
 * (rejected, with the provider's reason), a missing object is not_found, an unreachable provider is
 * upstream_unavailable. Anything else is rethrown unchanged.
 */
export function fromLicensingError(err: unknown): never {
  if (!(err instanceof LicensingError)) throw err;
  if (err.reason === 'not_found') throw notFound(err.message);
  if (err.reason === 'unavailable') throw new DomainError('upstream_unavailable', 'Microsoft 365 is not reachable now; try again later.');
  throw rejected(err.message);
}
