/**
 * Order kinds by what they do to a name, for the rule "one unprocessed order per name" (the store's
 * `orders_open_fqdn` index, migration 011, keeps the same groups):
 * - acquiring: a registration or a transfer in makes an account the name's holder; two at once would
 *   race for the name, so a name has at most one unprocessed.
 * - renewing: the holder's renewal extends the registration the holder has; one at a time, and it
 *   does not stand in the way of a transfer in (the holder's unpaid renewal must not keep a gaining
 *   account from the name; fulfil-order.ts ends it when the transfer goes through).
 */
export const ACQUIRING_KINDS = ['register', 'transfer'] as const;
export const RENEWING_KINDS = ['renew'] as const;
export type OrderKind = (typeof ACQUIRING_KINDS)[number] | (typeof RENEWING_KINDS)[number];

/** An order's kind in words: "registration", "transfer", "renewal". */
export const orderKindWord = (kind: string): string => ({ register: 'registration', transfer: 'transfer', renew: 'renewal' })[kind] ?? kind;
