import type { Ctx } from '../context.js';
import type { Domain, Patch } from '../../ports/store.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { invalidField, rejected } from '../errors.js';
import { getOwnedDomain } from './get-owned-domain.js';
import { withBillingContact, type DomainView } from './list-domains.js';
import { recordEvent } from '../events/record-event.js';

export interface UpdateDomainInput {
  renew?: boolean;
  /** The contact to bill for the domain. */
  contact_id?: number;
}

export const DOMAIN_EXPIRED = 'Unable to update resource: Domain already expired';
export const CONTACT_NOT_OWNED = 'The given contact id is not associated with the authenticated user';

/**
 * Changes a domain's automatic renewal and its billing contact.
 * Rules: the domain is the user's (403/404); not expired (status `expired`, or an expiry date in the
 * past); the contact is one of the user's. A parking service on the domain renews with it, so its
 * `renew` follows the domain's.
 * Errors: not_found, forbidden, rejected (expired), invalid (contact_id).
 */
export async function updateDomain(ctx: Ctx, userId: number, name: string, input: UpdateDomainInput): Promise<DomainView> {
  return ctx.store.transaction(async (tx) => {
    const domain = await getOwnedDomain(tx, userId, name);
    const now = ctx.clock.now();
    if (domain.status === 'expired' || (domain.exp_date !== null && domain.exp_date < isoDate(now))) throw rejected(DOMAIN_EXPIRED);
    const patch: Patch<Domain> = {};
    if (input.contact_id !== undefined) {
      const contact = await tx.contacts.findById(input.contact_id);
      if (!contact || contact.user_id !== userId) throw invalidField('contact_id', CONTACT_NOT_OWNED);
      patch.billing_contact_id = contact.id;
    }
    if (input.renew !== undefined) patch.renew = input.renew ? 1 : 0;
    if (Object.keys(patch).length === 0) return withBillingContact(tx, domain);
    patch.updated_at = isoTimestamp(now);
    await tx.domains.update(domain.id, patch);
    await recordEvent(tx, ctx, {
      type: 'domain.updated', userId: domain.user_id, subject: domain.fqdn,
      data: {
        ...(input.renew === undefined ? {} : { renew: input.renew }),
        ...(patch.billing_contact_id === undefined ? {} : { billing_contact_id: patch.billing_contact_id }),
      },
    });
    if (patch.renew !== undefined) {
      const { items } = await tx.services.listByDomain(domain.id, { limit: 1000, offset: 0 });
      for (const s of items) {
        if (s.kind === 'parking' && s.renew !== patch.renew) await tx.services.update(s.id, { renew: patch.renew, updated_at: patch.updated_at });
      }
    }
    return withBillingContact(tx, { ...domain, ...patch });
  });
}
