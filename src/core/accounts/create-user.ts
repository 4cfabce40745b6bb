import type { Ctx } from '../context.js';
import type { User } from '../../ports/store.js';
import { FieldErrorCollector, invalidField } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { isEmail } from '../validation.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { recordEvent } from '../events/record-event.js';

export interface CreateUserInput {
  username: string;
  password: string;
  email?: string;
  name?: string;
  postpaid?: boolean;
  /** For a partner's client: the owning partner and the client type. */
  partnerId?: number;
  clientType?: string;
}

/**
 * Creates a customer account and its primary contact (contact_type general) in one transaction.
 * Rules: username 3-64 characters of a-z 0-9 . _ @ - (stored lower-case, unique); password at least
 * 8 characters; e-mail valid when given (a username that is an e-mail address is used as the e-mail).
 * Errors: invalid (username, password, email).
 */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<User> {
  const username = input.username.trim().toLowerCase();
  const email = (input.email ?? (isEmail(username) ? username : '')).trim();
  const name = (input.name ?? '').trim();
  const errors = new FieldErrorCollector();
  if (!/^[a-z0-9._@-]{3,64}$/.test(username)) {
    errors.add('username', 'The username must be 3-64 characters of letters, digits, and . _ @ -');
  }
  const passwordIssue = passwordProblem(input.password);
  if (passwordIssue) errors.add('password', passwordIssue);
  if (email !== '' && !isEmail(email)) errors.add('email', 'The email must be a valid email address');
  errors.throwIfAny();

  const passwordHash = await hashPassword(ctx.settings.passwordHashing, input.password);
  const now = isoTimestamp(ctx.clock.now());
  const [firstName = '', ...rest] = name.split(/\s+/).filter(Boolean);
  return ctx.store.transaction(async (tx) => {
    if (await tx.users.findByUsername(username)) throw invalidField('username', 'The username has already been taken');
    const user = await tx.users.create({
      username, password_hash: passwordHash, email, name, postpaid: input.postpaid ? 1 : 0, primary_contact_id: null,
      partner_id: input.partnerId ?? null, client_type: input.clientType ?? null,
      created_at: now, updated_at: now,
    });
    const contact = await tx.contacts.create({
      user_id: user.id, contact_type: 'general', first_name: firstName, last_name: rest.join(' '), company_name: '',
      business_id: '', identity_number: '', address: '', zip_code: '', city: '', country: '', phone: '', email,
      alt_email: '', billing_email: '', billing_method: 'email', e_invoice_address: '', e_invoice_intermediator: '',
      address2: '', vat_number: '', created_at: now, updated_at: now,
    });
    await tx.users.update(user.id, { primary_contact_id: contact.id });
    await recordEvent(tx, ctx, { type: 'account.created', userId: user.id, subject: username, data: { postpaid: Boolean(input.postpaid) } });
    return { ...user, primary_contact_id: contact.id };
  });
}
