import type { Ctx } from '../context.js';
import type { Contact, Domain, User } from '../../ports/store.js';
import { notFound } from '../errors.js';
import { parseDomainName } from './domain-name.js';

export interface DomainDetails {
  domain: Domain;
  owner: User | undefined;
  registrant: Contact | undefined;
}

/**
 * The live domain `name` (unicode or punycode, any case), whoever holds it, with its owner and
 * registrant: the operator's `hostplane domains show`.
 * Errors: not_found.
 */
export async function findDomain(ctx: Ctx, name: string): Promise<DomainDetails> {
  const parsed = parseDomainName(name);
  const domain = parsed && (await ctx.store.domains.findLiveByFqdn(parsed.fqdn));
  if (!domain) throw notFound(`No live domain ${name.trim()}`);
  const [owner, registrant] = await Promise.all([
    ctx.store.users.findById(domain.user_id),
    domain.registrant_contact_id === null ? undefined : ctx.store.contacts.findById(domain.registrant_contact_id),
  ]);
  return { domain, owner, registrant };
}
