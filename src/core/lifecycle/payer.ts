import type { Store, User } from '../../ports/store.js';

/**
 * How an account pays for its renewals, as it pays for its orders (placeOrder):
 * - `monthly`: a partner's client, or a partner's own account; billed as a line on the partner's
 *   open monthly invoice (`userId`: the partner's account) and renewed at once;
 * - `postpaid`: its own invoice, renewed at once;
 * - `invoice`: its own invoice, renewed when it is paid.
 */
export type Payer = { kind: 'monthly'; userId: number } | { kind: 'postpaid' } | { kind: 'invoice' };

export async function payerOf(store: Store, user: User): Promise<Payer> {
  if (user.partner_id !== null) {
    const partner = await store.partners.findById(user.partner_id);
    if (partner) return { kind: 'monthly', userId: partner.user_id };
  }
  if (user.postpaid === 1) {
    // A partner's own account is postpaid too, but billed monthly like its clients.
    const own = (await store.partners.list()).find((p) => p.user_id === user.id);
    if (own) return { kind: 'monthly', userId: own.user_id };
    return { kind: 'postpaid' };
  }
  return { kind: 'invoice' };
}

/** Whether the payer's renewals take effect when billed (they pay later) rather than when paid. */
export const paysLater = (payer: Payer): boolean => payer.kind !== 'invoice';
