import type { Domain } from '../../../ports/store.js';

/**
 * Where a domain stands on a given day, as the partner API's domain list reports it. Every flag is
 * computed from the stored dates and today's date, never stored.
 */
export interface DomainStanding {
  /** YYYY-MM-DD. A pending domain has no registration yet: the day it was ordered. */
  registrationDate: string;
  /** YYYY-MM-DD. A pending domain has no expiry yet: its registration date (as the document's pending example shows). */
  expireDate: string;
  /** pending | active | expired, or the stored status for anything else. */
  state: string;
  expired: boolean;
  /** Whole days from today until expiry; 0 once expired (and for a pending domain). */
  daysValid: number;
  /** Auto-renew switched off on an unexpired domain: it is let go at its expiry. */
  cancelledButNotExpired: boolean;
  /** Active and expiring today or within the next 60 days. */
  expiringWithin60Days: boolean;
  /** Expired, and its expiry day less than 180 days ago (the window in which registries still let a name be redeemed). */
  expiredLessThan180DaysAgo: boolean;
  autoRenew: boolean;
}

const DAY_MS = 86_400_000;
const daysFrom = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** `today` is YYYY-MM-DD (isoDate of ctx.clock.now()). */
export function domainStanding(domain: Domain, today: string): DomainStanding {
  const registrationDate = domain.reg_date ?? domain.created_at.slice(0, 10);
  const expireDate = domain.exp_date ?? registrationDate;
  const pending = domain.status === 'pending';
  const expired = !pending && (domain.status === 'expired' || (domain.exp_date !== null && domain.exp_date < today));
  const state = expired ? 'expired' : domain.status;
  const daysValid = expired || pending ? 0 : Math.max(0, daysFrom(today, expireDate));
  const live = !expired && domain.status === 'active';
  return {
    registrationDate,
    expireDate,
    state,
    expired,
    daysValid,
    cancelledButNotExpired: live && domain.renew === 0,
    expiringWithin60Days: live && domain.exp_date !== null && daysValid <= 60,
    expiredLessThan180DaysAgo: expired && daysFrom(expireDate, today) < 180,
    autoRenew: domain.renew === 1,
  };
}
