import { isIP } from 'node:net';
import { isValidLabel } from '../domains/domain-name.js';

/** The name of the embedded registry, which serves every TLD no configured registry claims. */
export const LOCAL_REGISTRY = 'local';

/**
 * A registry's name: 1-32 lower-case letters, digits and hyphens, starting and ending with a letter or
 * digit. Short and plain because it prefixes the registry's poll message ids (`traficom:1234`), names
 * its contact handles and is typed on the command line; `local` is the embedded registry's.
 */
export const isRegistryName = (name: string): boolean => /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/.test(name) && name !== LOCAL_REGISTRY;

/** Where a registry listens: an IP address or a host name (one label or more: `localhost`, `epp.domain.fi`). */
export const isRegistryHost = (host: string): boolean =>
  isIP(host) !== 0 || (host.length <= 253 && host.toLowerCase().split('.').every(isValidLabel));

/** Logged-in sessions per registry: registries cap them per registrar (Traficom and EURid allow a few). */
export const MAX_SESSIONS = 16;
export const DEFAULT_SESSIONS = 2;
/** Commands per second across a registry's sessions; 0 leaves the pace to the registry. */
export const MAX_COMMANDS_PER_SECOND = 1000;

export const CONTACT_ROLES = ['admin', 'tech', 'billing'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** The contact roles a registry row lists (JSON text), as the EPP provider takes them. */
export function contactRolesOf(json: string): ContactRole[] {
  const roles: unknown = JSON.parse(json);
  return Array.isArray(roles) ? roles.filter((r): r is ContactRole => (CONTACT_ROLES as readonly unknown[]).includes(r)) : [];
}
