import type { RegistryDomainInfo } from '../../ports/registry.js';

/** "2026-03-01T10:00:00.000Z" -> "2026-03-01T10:00:00Z", the RDDS timestamp form (ICANN RDDS spec 1.4). */
const rddsTime = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Our own WHOIS text for a name our registry holds, in the key/value style of ICANN's gTLD RDDS
 * output ("Domain Name: EXAMPLE.COM", upper-case names, ISO 8601 UTC timestamps), so that WHOIS
 * parsers read it like any registry's. The registrant is shown as the API's `owner` shows it
 * (organization, else name) with its country; addresses, e-mail and phone numbers are never published.
 */
export function formatWhois(info: RegistryDomainInfo, now: Date): string {
  const registrant = info.registrant.organization
    ? `Registrant Organization: ${info.registrant.organization}`
    : `Registrant Name: ${info.registrant.name}`;
  const lines = [
    `Domain Name: ${info.name.toUpperCase()}`,
    `Updated Date: ${rddsTime(info.updatedAt)}`,
    `Creation Date: ${rddsTime(info.createdAt)}`,
    `Registry Expiry Date: ${rddsTime(info.expiresAt)}`,
    `Registrar: ${info.registrar}`,
    registrant,
    `Registrant Country: ${info.registrant.country}`,
    ...info.nameservers.map((ns) => `Name Server: ${ns.toUpperCase()}`),
    `DNSSEC: ${info.dnssec}`,
    `>>> Last update of WHOIS database: ${rddsTime(now.toISOString())} <<<`,
  ];
  return `${lines.join('\n')}\n`;
}
