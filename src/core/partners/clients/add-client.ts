import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { UniqueViolation } from '../../../ports/store.js';
import { FieldErrorCollector, invalidField } from '../../errors.js';
import { isoTimestamp } from '../../dates.js';
import { hashPassword } from '../../accounts/passwords.js';
import { checkClientFields, checkClientType, checkPassword, contactColumns, type ClientFieldsInput } from './client-rules.js';
import { EMAIL_TAKEN, emailTaken, type ClientView } from './client-view.js';
import { recordEvent } from '../../events/record-event.js';

export interface AddClientInput extends ClientFieldsInput {
  password?: string;
  client_type?: string;
}

/**
 * Adds a client of `partner`: a customer account owned by the partner (users.partner_id, client_type)
 * whose login name is its e-mail in lower case, so the client can log in to the client API with that
 * e-mail and password and see what the partner bought for it. Its primary contact holds the name,
 * company, address, phone (in EPP's +CC.NUMBER form), e-mail and VAT number, and the identity number
 * or business id a registry may require (not in the document).
 * Rules: client-rules.ts (the documented fields, the password rule, client_type); the e-mail is not
 * another account's login name or e-mail.
 * Written here rather than through createUser: a client's login name is an e-mail address of up to
 * 100 characters (createUser's usernames are narrower), its password rule is the document's, and
 * the account and its full contact are written in one transaction.
 * Errors: invalid (per field; email when taken).
 */
export async function addClient(ctx: Ctx, partner: Partner, input: AddClientInput): Promise<ClientView> {
  const errors = new FieldErrorCollector();
  const fields = checkClientFields(input, errors);
  const password = checkPassword(input.password, errors);
  const clientType = checkClientType(input.client_type, errors);
  errors.throwIfAny();
  if (await emailTaken(ctx.store, fields.email)) throw invalidField('email', EMAIL_TAKEN);

  const passwordHash = await hashPassword(ctx.settings.passwordHashing, password);
  const at = isoTimestamp(ctx.clock.now());
  try {
    return await ctx.store.transaction(async (tx) => {
      if (await emailTaken(tx, fields.email)) throw invalidField('email', EMAIL_TAKEN);
      const user = await tx.users.create({
        username: fields.email.toLowerCase(),
        password_hash: passwordHash,
        email: fields.email,
        name: `${fields.firstname} ${fields.lastname}`,
        postpaid: 0,
        primary_contact_id: null,
        partner_id: partner.id,
        client_type: clientType,
        created_at: at,
        updated_at: at,
      });
      const contact = await tx.contacts.create({
        user_id: user.id, contact_type: 'general', business_id: '', identity_number: '', ...contactColumns(fields),
        alt_email: '', billing_email: '', billing_method: 'email', e_invoice_address: '', e_invoice_intermediator: '',
        created_at: at, updated_at: at,
      });
      await tx.users.update(user.id, { primary_contact_id: contact.id });
      await recordEvent(tx, ctx, { type: 'account.created', userId: user.id, partnerId: partner.id, subject: user.username, data: { client_type: clientType } });
      return { user: { ...user, primary_contact_id: contact.id }, contact };
    });
  } catch (err) {
    // Two requests adding the same e-mail at once: the unique login name lets only one through.
    if (err instanceof UniqueViolation) throw invalidField('email', EMAIL_TAKEN);
    throw err;
  }
}
