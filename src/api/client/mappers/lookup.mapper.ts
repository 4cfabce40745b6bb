import type { Availability } from '../../../core/lookup/check-availability.js';
import type { WhoisRecord } from '../../../core/lookup/whois.js';
import type { AvailabilityWire, WhoisWire } from '../schemas/lookup.schema.js';

export function toAvailabilityWire(a: Availability): AvailabilityWire {
  return {
    sld: a.sld,
    tld: a.tld,
    info: a.info,
    status: a.info === 'available' ? 1 : 0,
    prices: a.prices.map((p) => ({ total: p.price_cents / 100, billing_period: p.period_months })),
  };
}

/** ISO 8601 -> "1997-06-18 07:00:00" (UTC), the document's WHOIS timestamp form. */
const whoisTime = (iso: string | null): string | null =>
  iso === null ? null : new Date(iso).toISOString().slice(0, 19).replace('T', ' ');

export function toWhoisWire(w: WhoisRecord): WhoisWire {
  return {
    domain: w.domain,
    created: whoisTime(w.created),
    expires: whoisTime(w.expires),
    updated: whoisTime(w.updated),
    owner: w.owner,
    registrar: w.registrar,
    dnssec: w.dnssec,
    nameServers: w.nameServers,
    rawText: w.rawText,
  };
}
