import type { CoreSettings } from '../context.js';

/** A host name as DNS compares it: case-insensitive, with or without the root's trailing dot. */
export const normalizeHost = (name: string): string => name.trim().toLowerCase().replace(/\.$/, '');

/**
 * Whether a domain delegated to `nameservers` is served by our DNS: the list is non-empty and every
 * entry is one of ours. A mix of ours and foreign ones is not: we could not say which answers resolvers
 * get, so records managed here would not reliably be the ones in use.
 */
export function usesOurNameservers(settings: CoreSettings, nameservers: string[]): boolean {
  if (nameservers.length === 0) return false;
  const ours = new Set(settings.nameservers.map(normalizeHost));
  return nameservers.every((ns) => ours.has(normalizeHost(ns)));
}

/**
 * Whether a domain delegated to `nameservers` is parked: every entry is one of the park servers. The
 * park servers answer its apex and www with the web forwarder's address, which shows a parking page.
 */
export function usesParkNameservers(settings: CoreSettings, nameservers: string[]): boolean {
  if (nameservers.length === 0) return false;
  const park = new Set(settings.parkNameservers.map(normalizeHost));
  return nameservers.every((ns) => park.has(normalizeHost(ns)));
}

/** Whether our DNS answers for a domain delegated to `nameservers`: our name servers, or the park servers. */
export const answeredByUs = (settings: CoreSettings, nameservers: string[]): boolean =>
  usesOurNameservers(settings, nameservers) || usesParkNameservers(settings, nameservers);
