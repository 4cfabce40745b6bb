import type { Ctx } from '../../context.js';
import type { PartnerUser } from '../../../ports/store/panel.js';
import { UniqueViolation } from '../../../ports/store.js';
import { FieldErrorCollector, invalidField, notFound } from '../../errors.js';
import { isoTimestamp } from '../../dates.js';
import { isEmail } from '../../validation.js';
import { hashPassword, passwordProblem } from '../../accounts/passwords.js';

/**
 * Adds a person who logs in to the panel for partner `partnerId` (`hostplane partners users add`).
 * Rules: the partner exists; the e-mail is valid and not yet any partner's person's (stored
 * lower-case: the login form finds the partner by the address alone); the password follows the
 * customers' rule (passwordProblem) and is hashed with the project's argon2 settings.
 * Errors: not_found (no such partner), invalid (email, password).
 */
export async function addPartnerUser(ctx: Ctx, input: { partnerId: number; email: string; password: string }): Promise<PartnerUser> {
  const email = input.email.trim().toLowerCase();
  const errors = new FieldErrorCollector();
  if (!isEmail(email)) errors.add('email', 'The email must be a valid email address');
  const passwordIssue = passwordProblem(input.password);
  if (passwordIssue) errors.add('password', passwordIssue);
  errors.throwIfAny();
  if (!(await ctx.store.partners.findById(input.partnerId))) throw notFound('Partner not found');
  const passwordHash = await hashPassword(ctx.settings.passwordHashing, input.password);
  const now = isoTimestamp(ctx.clock.now());
  const taken = () => invalidField('email', 'The email has already been taken');
  if (await ctx.store.partnerUsers.findByEmail(email)) throw taken();
  try {
    return await ctx.store.partnerUsers.create({ partner_id: input.partnerId, email, password_hash: passwordHash, created_at: now, updated_at: now });
  } catch (err) {
    // Two adds of one address at once: the unique index decides.
    if (err instanceof UniqueViolation) throw taken();
    throw err;
  }
}
