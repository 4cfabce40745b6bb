import type { Ctx } from '../../context.js';
import type { Partner } from '../../../ports/store/partners.js';
import { UniqueViolation } from '../../../ports/store.js';
import { FieldErrorCollector, invalidField } from '../../errors.js';
import { isoTimestamp } from '../../dates.js';
import { getPartnerClient } from '../partner-scope.js';
import { checkClientFields, contactColumns, type ClientFieldsInput } from './client-rules.js';
import { EMAIL_TAKEN, clientView, emailTaken, type ClientView } from './client-view.js';
import { queueRegistrantSync } from '../../contacts/sync-registrant.js';
import { recordEvent } from '../../events/record-event.js';

/**
 * Updates a client of `partner` with the documented fields (PUT: the required ones are required
 * again; an absent optional field is cleared). The client type and password are not part of an
 * update. A new e-mail is also the client's new login name. identity_number and business_id (not in
 * the document) change only when given. The client's contact, when it is the registrant of a domain
 * the registry holds, is brought up to date there by a job queued in the same transaction
 * (sync-registrant.ts).
 * Rules: as addClient (client-rules.ts), the e-mail not another account's.
 * Errors: not_found (no such client), forbidden (another partner's), invalid (per field).
 */
export async function updateClient(ctx: Ctx, partner: Partner, clientId: number, input: ClientFieldsInput): Promise<ClientView> {
  const user = await getPartnerClient(ctx.store, partner, clientId);
  const errors = new FieldErrorCollector();
  const fields = checkClientFields(input, errors);
  errors.throwIfAny();
  if (await emailTaken(ctx.store, fields.email, user.id)) throw invalidField('email', EMAIL_TAKEN);

  const at = isoTimestamp(ctx.clock.now());
  try {
    return await ctx.store.transaction(async (tx) => {
      if (await emailTaken(tx, fields.email, user.id)) throw invalidField('email', EMAIL_TAKEN);
      const userPatch = {
        username: fields.email.toLowerCase(),
        email: fields.email,
        name: `${fields.firstname} ${fields.lastname}`,
        updated_at: at,
      };
      await tx.users.update(user.id, userPatch);
      const view = await clientView(tx, { ...user, ...userPatch });
      const contactPatch = { ...contactColumns(fields), updated_at: at };
      await tx.contacts.update(view.contact.id, contactPatch);
      await queueRegistrantSync(tx, view.contact.id, at);
      await recordEvent(tx, ctx, { type: 'account.updated', userId: user.id, subject: userPatch.username });
      return { user: view.user, contact: { ...view.contact, ...contactPatch } };
    });
  } catch (err) {
    if (err instanceof UniqueViolation) throw invalidField('email', EMAIL_TAKEN);
    throw err;
  }
}
