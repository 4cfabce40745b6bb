import type { Ctx } from '../context.js';
import { rejected } from '../errors.js';
import { parseDomainName } from '../domains/domain-name.js';
import { judgeName } from '../catalog/judge-name.js';
import { formatWhois, publicOwner } from './format-whois.js';
import { parseWhois } from './parse-whois.js';
import { askRegistry } from '../domains/registry-errors.js';

export interface WhoisRecord {
  /** Unicode (IDN) form of the name. */
  domain: string;
  /** ISO 8601 UTC timestamps; null when the WHOIS answer does not give one. */
  created: string | null;
  expires: string | null;
  updated: string | null;
  owner: string | null;
  registrar: string | null;
  dnssec: string | null;
  nameServers: string[];
  rawText: string;
}

/**
 * Public WHOIS for a domain name. A name our registry holds is answered from its record, with
 * WHOIS text we write ourselves; a name under a TLD we sell that nobody holds is available; any
 * other name is looked up at its TLD's WHOIS server and the answer parsed.
 * Errors: rejected "Invalid domain" (not a domain name, or a TLD the root zone does not have), or
 * "Invalid domain: <why>" (a name under a TLD we sell that its rules refuse, see judgeName);
 * rejected "Domain is available" (not registered); rejected "WHOIS is not available for .<tld>"
 * (the TLD publishes no WHOIS server); upstream_unavailable when the WHOIS server does not answer;
 * retry_later when our registry cannot answer now (fromRegistryError).
 */
export async function lookupWhois(ctx: Ctx, input: string): Promise<WhoisRecord> {
  const name = parseDomainName(input);
  if (!name) throw rejected('Invalid domain');

  const info = await askRegistry(() => ctx.registry.info(name.fqdn));
  if (info) {
    return {
      domain: name.fqdnUnicode,
      created: info.createdAt,
      expires: info.expiresAt,
      updated: info.updatedAt,
      owner: publicOwner(info.registrant),
      registrar: info.registrar,
      dnssec: info.dnssec,
      nameServers: info.nameservers,
      rawText: formatWhois(info, ctx.clock.now()),
    };
  }
  // Our registry is the authority for the TLDs we sell: a name it does not hold is free, unless the
  // TLD's rules refuse it (then nobody can hold it, and "available" would sell the customer a no).
  const judged = await judgeName(ctx.store, name);
  if (judged.tld?.on_sale === 1) {
    throw rejected(judged.offered && judged.problem !== undefined ? `Invalid domain: ${judged.problem}` : 'Domain is available');
  }

  const answer = await ctx.whois.query(name.fqdn);
  if (answer.kind !== 'answer') {
    throw rejected(answer.kind === 'unknown_tld' ? 'Invalid domain' : `WHOIS is not available for .${name.tld}`);
  }
  const parsed = parseWhois(answer.rawText);
  if (parsed.notFound) throw rejected('Domain is available');
  return {
    domain: name.fqdnUnicode,
    created: parsed.created,
    expires: parsed.expires,
    updated: parsed.updated,
    owner: parsed.owner,
    registrar: parsed.registrar,
    dnssec: parsed.dnssec,
    nameServers: parsed.nameServers,
    rawText: answer.rawText,
  };
}
