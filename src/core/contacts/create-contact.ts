import type { Ctx } from '../context.js';
import type { Contact } from '../../ports/store.js';
import { FieldErrorCollector } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { CONTACT_DEFAULTS, checkContact, normalizeContactInput, type ContactField, type ContactFields } from './contact-rules.js';
import { recordEvent } from '../events/record-event.js';

export type CreateContactInput = Partial<Record<ContactField, string>>;

/**
 * Adds a contact to the user's account. Omitted optional fields are empty; billing_method defaults to
 * email and contact_type to general. A given identity_number is kept (never shown back), so that the
 * contact can hold a name whose registry needs its holder identified.
 * Rules: checkContact (required fields, lengths, e-mails, country, phone, billing method, e-invoice details).
 * Errors: invalid, with every bad field at once.
 */
export async function createContact(ctx: Ctx, input: { userId: number; contact: CreateContactInput }): Promise<Contact> {
  const fields: ContactFields = { ...CONTACT_DEFAULTS, ...normalizeContactInput(input.contact) };
  const errors = new FieldErrorCollector();
  checkContact(fields, errors);
  errors.throwIfAny();
  const now = isoTimestamp(ctx.clock.now());
  return ctx.store.transaction(async (tx) => {
    const contact = await tx.contacts.create({
      user_id: input.userId, address2: '', vat_number: '', ...fields, created_at: now, updated_at: now,
    });
    await recordEvent(tx, ctx, { type: 'contact.created', userId: input.userId, subject: String(contact.id), data: { contact_type: contact.contact_type } });
    return contact;
  });
}
