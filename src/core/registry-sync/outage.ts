import { RegistryError } from '../../ports/registry.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * A registry's "not now" (RegistryError unavailable: down, timed out, rate limited, EPP 2400 and
 * 2500-2502) or a network error on the way to it: says nothing about the work, which is tried again
 * later rather than given up (the job runner's backoff, the sync's next pass).
 */
export function isOutage(err: unknown): boolean {
  if (err instanceof RegistryError) return err.reason === 'unavailable';
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}
