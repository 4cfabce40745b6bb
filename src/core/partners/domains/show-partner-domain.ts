import type { Ctx } from '../../context.js';
import type { Contact } from '../../../ports/store.js';
import type { Partner } from '../../../ports/store/partners.js';
import { isoDate } from '../../dates.js';
import { domainNameservers } from '../../domains/nameserver-list.js';
import { getPartnerDomain } from '../partner-scope.js';
import { partnerDomainViews, type PartnerDomainView } from './list-partner-domains.js';

export const CONTACT_ROLES = ['registrant', 'on_site', 'admin', 'tech', 'billing'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface PartnerDomainDetails extends PartnerDomainView {
  /** The delegation as change-nameservers (or register, or the client API) last set it, in its order. */
  nameservers: string[];
  contacts: Record<ContactRole, Contact | null>;
}

/**
 * One of the partner's domains (its own or a client's) with its nameservers and its contacts by role. A domain here
 * holds two contacts: its registrant and its billing contact. The registrant is also the admin
 * contact (the holder administers the name, as .fi and .be registries record it); billing is the
 * billing contact; tech and on_site are null: the provider runs the name's technical side and no
 * person is on file for them.
 * Errors: not_found (no live domain of that name), forbidden (another partner's).
 */
export async function showPartnerDomain(ctx: Ctx, partner: Partner, name: string): Promise<PartnerDomainDetails> {
  const domain = await getPartnerDomain(ctx.store, partner, name);
  const [view] = await partnerDomainViews(ctx.store, partner, [domain], isoDate(ctx.clock.now()));
  const contact = async (id: number | null) => (id === null ? null : (await ctx.store.contacts.findById(id)) ?? null);
  const registrant = await contact(domain.registrant_contact_id);
  const billing = await contact(domain.billing_contact_id);
  return {
    ...view!,
    nameservers: domainNameservers(domain),
    contacts: { registrant, on_site: null, admin: registrant, tech: null, billing },
  };
}
