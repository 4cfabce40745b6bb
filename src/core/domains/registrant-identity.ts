import type { Contact, Store } from '../../ports/store.js';
import { invalidField } from '../errors.js';
import type { DomainName } from './domain-name.js';
import { registrantIdentity } from './registrant.js';

/** Who an order registers the name to, and where a refusal for a missing identity is reported. */
export interface IdentityRule {
  /** The contact the name is registered to (undefined: none, which has no identity either). */
  registrant: Contact | undefined;
  /** The request field the refusal is reported under. */
  field: string;
  /** What the customer can do about it, in the terms of its API. */
  remedy: string;
}

/**
 * Refuses an order of `name` whose registrant lacks what the TLD's registry requires of a holder: a
 * TLD whose registry registers names only to an identified holder
 * (tlds.registrant_identity_required; Traficom for .fi) needs the registrant's identity number or
 * business id (registrantIdentity). Run when the order is placed, after the checks that the name can
 * be ordered at all, so a customer is told before paying rather than getting a failed order after.
 * Errors: invalid (`rule.field`).
 */
export async function requireRegistrantIdentity(store: Store, name: DomainName, rule: IdentityRule): Promise<void> {
  const tld = await store.tlds.find(name.tld);
  if (tld?.registrant_identity_required !== 1) return;
  if (rule.registrant && registrantIdentity(rule.registrant) !== '') return;
  throw invalidField(
    rule.field,
    `.${name.tld} names are registered only to an identified holder: the registrant needs a personal identity number or a business id. ${rule.remedy}`,
  );
}

/** The account's primary contact: the registrant of its transfers and of a partner's registrations. */
export async function primaryContactOf(store: Store, userId: number): Promise<Contact | undefined> {
  const user = await store.users.findById(userId);
  return user?.primary_contact_id == null ? undefined : store.contacts.findById(user.primary_contact_id);
}
