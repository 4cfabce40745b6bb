import type { RegistryDomainInfo } from '../../ports/registry.js';

/** "2026-03-01T10:00:00.000Z" -> "2026-03-01T10:00:00Z", the RDDS timestamp form (ICANN RDDS spec 1.4). */
const rddsTime = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Shown instead of a natural person's name: public WHOIS publishes no personal data. */
export const PRIVATE_PERSON = 'Private person';

/**
 * Who a name is registered to, as public WHOIS may say it: an organization by its name; a natural
 * person (no organization) only as "Private person", as ICANN's 2018 Temporary Specification and
 * Traficom's .fi WHOIS do, since a person's name is personal data under the GDPR.
 */
export const publicOwner = (registrant: RegistryDomainInfo['registrant']): string =>
  registrant?.organization || PRIVATE_PERSON;

/**
 * Our own WHOIS text for a name our registry holds, in the key/value style of ICANN's gTLD RDDS
 * output ("Domain Name: EXAMPLE.COM", upper-case names, ISO 8601 UTC timestamps), so that WHOIS
 * parsers read it like any registry's. The registrant is shown as publicOwner says, with its country;
 * addresses, e-mail and phone numbers are never published. DNSSEC is `signedDelegation` when the
 * parent holds DS records for the name, each then given as a `DNSSEC DS Data` line (key tag,
 * algorithm, digest type, digest), as gTLD registries' RDDS output does; `unsigned` otherwise.
 */
export function formatWhois(info: RegistryDomainInfo, now: Date): string {
  const registrant = `Registrant Organization: ${publicOwner(info.registrant)}`;
  const lines = [
    `Domain Name: ${info.name.toUpperCase()}`,
    `Updated Date: ${rddsTime(info.updatedAt)}`,
    `Creation Date: ${rddsTime(info.createdAt)}`,
    `Registry Expiry Date: ${rddsTime(info.expiresAt)}`,
    `Registrar: ${info.registrar}`,
    registrant,
    ...(info.registrant ? [`Registrant Country: ${info.registrant.country}`] : []),
    ...info.nameservers.map((ns) => `Name Server: ${ns.toUpperCase()}`),
    `DNSSEC: ${info.ds.length > 0 ? 'signedDelegation' : 'unsigned'}`,
    ...info.ds.map((d) => `DNSSEC DS Data: ${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.toUpperCase()}`),
    `>>> Last update of WHOIS database: ${rddsTime(now.toISOString())} <<<`,
  ];
  return `${lines.join('\n')}\n`;
}
