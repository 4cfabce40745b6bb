/**
 * The calendar of a domain's or service's end, in days counted from its expiry date (exp_date, the
 * last day it is paid for). The same as the .fi registry's and most gTLD registrars' practice:
 * - RENEWAL_NOTICE_DAYS before expiry, a renewal with renewal on is billed (once per expiry date);
 * - the day after expiry it is `expired` (still registered: renewing it restores it at once);
 * - GRACE_DAYS after expiry a domain enters `redemption` (still ours at the registry, no longer
 *   renewable through the API: the customer asks support, as registries charge a restore fee);
 * - REDEMPTION_DAYS later it is `deleted` here and at the registry, and anyone may register it.
 */
export const RENEWAL_NOTICE_DAYS = 30;
export const GRACE_DAYS = 30;
export const REDEMPTION_DAYS = 30;

/**
 * Microsoft bills a partner for a subscription's period when the period starts, so a Microsoft 365
 * subscription's renewal is billed on its expiry date (the next billing date), not a month ahead:
 * a monthly subscription would otherwise be billed for the next month the day after the last.
 */
export const M365_SUBSCRIPTION_KIND = 'm365_subscription';

/** Rows handled per query; each step repeats until nothing is left to do. */
export const BATCH = 100;
