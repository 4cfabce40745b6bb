import type { Ctx } from '../context.js';
import type { Contact, Domain, Page, PageOf, Store } from '../../ports/store.js';

/** A domain with the contact that pays for it, as the client API shows one. */
export interface DomainView {
  domain: Domain;
  billingContact: Contact | undefined;
}

/**
 * One page of the user's domains (not those transferred away or deleted), oldest first, each with
 * its billing contact; with `keyword`, only those whose name contains it (the panel's search).
 */
export async function listDomains(ctx: Ctx, userId: number, page: Page, keyword?: string): Promise<PageOf<DomainView>> {
  const { items, total } = await ctx.store.domains.listByUser(userId, page, keyword?.trim() || undefined);
  const contacts = new Map<number, Contact | undefined>();
  const views: DomainView[] = [];
  for (const domain of items) views.push(await withBillingContact(ctx.store, domain, contacts));
  return { items: views, total };
}

export async function withBillingContact(store: Store, domain: Domain, cache = new Map<number, Contact | undefined>()): Promise<DomainView> {
  const id = domain.billing_contact_id;
  if (id === null) return { domain, billingContact: undefined };
  if (!cache.has(id)) cache.set(id, await store.contacts.findById(id));
  return { domain, billingContact: cache.get(id) };
}
