import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Partner } from '../../ports/store/partners.js';
import { FieldErrorCollector } from '../errors.js';
import { isoTimestamp } from '../dates.js';
import { hashSecret, newClientSecret } from './secrets.js';
import { addApiKeyIn } from './add-api-key.js';

export interface CreatedPartner {
  partner: Partner;
  /** Shown once: only hashes are kept. */
  apiKey: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Creates a reseller partner: its own postpaid customer account (billed monthly for its orders; it
 * cannot log in with a password), OAuth client credentials for POST /auth/token, and a first API key.
 * Errors: invalid (name: 1-100 characters).
 */
export async function createPartner(ctx: Ctx, input: { name: string }): Promise<CreatedPartner> {
  const name = input.name.trim();
  const errors = new FieldErrorCollector();
  if (name.length < 1 || name.length > 100) errors.add('name', 'The name must be 1-100 characters');
  errors.throwIfAny();

  const at = isoTimestamp(ctx.clock.now());
  const clientId = `hpc_${randomBytes(8).toString('hex')}`;
  const clientSecret = newClientSecret();
  return ctx.store.transaction(async (tx) => {
    const user = await tx.users.create({
      username: `partner.${clientId}`,
      // No password verifies against "!": a partner works through its keys, not the client API login.
      password_hash: '!',
      email: '',
      name,
      postpaid: 1,
      primary_contact_id: null,
      partner_id: null,
      client_type: null,
      created_at: at,
      updated_at: at,
    });
    const contact = await tx.contacts.create({
      user_id: user.id, contact_type: 'billing', first_name: '', last_name: '', company_name: name, business_id: '',
      identity_number: '', address: '', address2: '', zip_code: '', city: '', country: '', phone: '', email: '',
      alt_email: '', billing_email: '', billing_method: 'email', e_invoice_address: '', e_invoice_intermediator: '',
      vat_number: '', created_at: at, updated_at: at,
    });
    await tx.users.update(user.id, { primary_contact_id: contact.id });
    const partner = await tx.partners.create({
      name, user_id: user.id, client_id: clientId, client_secret_hash: hashSecret(clientSecret), created_at: at, updated_at: at,
    });
    const key = await addApiKeyIn(tx, ctx, partner.id);
    return { partner, apiKey: key.value, clientId, clientSecret };
  });
}
