import type { Zone } from '../../ports/store.js';
import type { FieldErrorCollector } from '../errors.js';
import { isHostName } from '../domains/domain-name.js';
import { normalizeHost } from './nameservers.js';

/**
 * A zone's SOA record in presentation format (RFC 1035 3.3.13, 5.1): the zone row is the SOA, so it
 * is written from and edited into that row rather than kept as a record.
 */

/** "mname rname serial refresh retry expire minimum". */
export const soaContent = (z: Zone): string =>
  `${z.primary_ns} ${z.hostmaster} ${z.serial} ${z.refresh} ${z.retry} ${z.expire} ${z.minimum}`;

/** The SOA fields an edit may change. */
export type SoaEdit = Pick<Zone, 'hostmaster' | 'refresh' | 'retry' | 'expire' | 'minimum'>;

/**
 * Bounds of the SOA timers, in seconds: around RFC 1912 2.2's and RIPE-203's recommendations, wide
 * enough for any sensible zone, narrow enough that a slip of the keyboard (a refresh of 7 seconds, an
 * expire shorter than a day) is refused instead of published to every secondary.
 */
export const SOA_LIMITS = {
  refresh: [300, 86_400],
  retry: [60, 86_400],
  expire: [86_400, 2_419_200],
  // The negative-caching TTL (RFC 2308 4-5): at most a day, like every other TTL here.
  minimum: [60, 86_400],
} as const;

const FORMAT = 'The SOA content must be: primary-ns hostmaster serial refresh retry expire minimum';

/**
 * Reads an edit of `zone`'s SOA from `content` (as the zone shows it), reporting problems under
 * `content`. What may change: the hostmaster mailbox ("hostmaster.example.com", or written as an e-mail
 * address) and the four timers. What may not: the primary name server, which follows the domain's first
 * name server (change the name servers instead; it must be given unchanged), and the serial, which every
 * change bumps (any number is accepted there and ignored, so a program can send back what it read).
 */
export function parseSoaEdit(zone: Zone, content: string, errors: FieldErrorCollector): SoaEdit | undefined {
  const parts = content.trim().split(/\s+/);
  if (parts.length !== 7) {
    errors.add('content', FORMAT);
    return undefined;
  }
  const [mname, rname, serial, ...timers] = parts as [string, string, string, string, string, string, string];
  if (normalizeHost(mname) !== normalizeHost(zone.primary_ns)) {
    errors.add('content', `The SOA primary name server is ${zone.primary_ns}, the domain's first name server; change the name servers to change it`);
  }
  // RFC 1035 8: the mailbox's "@" becomes the first dot.
  const hostmaster = normalizeHost(rname.includes('@') ? rname.replace('@', '.') : rname);
  if (!isHostName(hostmaster)) errors.add('content', 'The SOA hostmaster must be a mailbox such as hostmaster.example.com');
  if (!/^\d{1,10}$/.test(serial)) errors.add('content', 'The SOA serial must be a number (it is set by every change; the value sent is ignored)');

  const out: Record<string, number> = {};
  (['refresh', 'retry', 'expire', 'minimum'] as const).forEach((field, i) => {
    const [min, max] = SOA_LIMITS[field];
    const value = /^\d{1,10}$/.test(timers[i]!) ? Number(timers[i]) : Number.NaN;
    if (!(value >= min && value <= max)) errors.add('content', `The SOA ${field} must be an integer from ${min} to ${max}`);
    out[field] = value;
  });
  // Secondaries retry before their next refresh and keep the zone for longer than either (RFC 1912 2.2).
  if (out.retry! > out.refresh!) errors.add('content', 'The SOA retry may not be greater than the refresh');
  if (out.expire! <= out.refresh! + out.retry!) errors.add('content', 'The SOA expire must be greater than refresh and retry together');
  if (!errors.empty) return undefined;
  return { hostmaster, refresh: out.refresh!, retry: out.retry!, expire: out.expire!, minimum: out.minimum! };
}
