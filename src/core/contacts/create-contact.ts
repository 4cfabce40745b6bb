import type { Ctx } from '../context.js';
import type { Contact } from '../../ports/store.js';
import { FieldErrorCollector } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { CONTACT_DEFAULTS, checkContact, normalizeContactInput, type ContactField, type ContactFields } from './contact-rules.js';

export type CreateContactInput = Partial<Record<ContactField, string>>;

/**
 * Adds a contact to the user's account. Omitted optional fields are empty; billing_method defaults to
 * email and contact_type to general. A given identity_number is kept (written, never shown back), as
 * an update keeps it.
 * Rules: checkContact (required fields, lengths, e-mails, country, phone, billing method, e-invoice details).
 * Errors: invalid, with every bad field at once.
 */
export async function createContact(ctx: Ctx, input: { userId: number; contact: CreateContactInput }): Promise<Contact> {
  const fields: ContactFields = { ...CONTACT_DEFAULTS, ...normalizeContactInput(input.contact) };
  const errors = new FieldErrorCollector();
  checkContact(fields, errors);
  errors.throwIfAny();
  const now = isoTimestamp(ctx.clock.now());
  return ctx.store.contacts.create({
    user_id: input.userId, address2: '', vat_number: '', ...fields, created_at: now, updated_at: now,
  });
}
