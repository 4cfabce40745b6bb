import { CALLING_CODES } from './countries.js';

/** E.164: a country code and a national number of at most 15 digits together (ITU-T E.164 section 6). */
const E164_MAX_DIGITS = 15;
/** Shorter than this is no subscriber number anywhere (Niue's and Saint Helena's are the shortest, 4). */
const MIN_NATIONAL_DIGITS = 4;

/** Every calling code in use, to find the code at the start of an international number. */
const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(CALLING_CODES));

/**
 * Countries whose national numbers begin with a 0 that is part of the number, not a trunk prefix to
 * drop when dialling from abroad: Italy and the states on its plan (fixed lines 06..., dialled
 * +39 06...), Côte d'Ivoire and Benin since their ten-digit plans (01, 05, 07...), Gabon (mobiles 06, 07).
 */
const ZERO_IS_PART_OF_NUMBER: ReadonlySet<string> = new Set(['IT', 'SM', 'VA', 'CI', 'BJ', 'GA']);

/**
 * Trunk prefixes other than the usual 0, with the national lengths (prefix included) they come with:
 * the North American plan's 1 before ten digits, Russia's and Kazakhstan's 8 before ten, Hungary's 06.
 */
const OTHER_TRUNK: Record<string, { prefix: string; lengths: number[] }> = {
  '1': { prefix: '1', lengths: [11] },
  '7': { prefix: '8', lengths: [11] },
  // Budapest's 06 1 234 5678, elsewhere 06 30 123 4567.
  '36': { prefix: '06', lengths: [10, 11] },
};

/** Digits and the separators people write between them: "+358 (0)40 123-4567", "040/123 45 67", "+358.401234567". */
const WRITTEN_PHONE = /^(\+|00)?[0-9 ().\/-]+$/;

/**
 * A phone in EPP's +CC.NUMBER form (RFC 5733 section 2.5: "+358.401234567"), from a phone as people
 * write it and the ISO 3166-1 country of its contact:
 * - international ("+358 40 123 4567", "00358 40...", "+358.401234567"): the calling code is read
 *   from the number itself, whatever the country (a Finn may give a Swedish mobile); a "(0)" written
 *   after the code ("+358 (0)40...") is the trunk prefix and left out;
 * - national ("040 123 4567", "(09) 123 4567", "123456789"): the country's calling code
 *   (CALLING_CODES) before the number without its trunk prefix (a leading 0 in most countries; see
 *   ZERO_IS_PART_OF_NUMBER and OTHER_TRUNK for those that differ).
 * Undefined when it cannot be written so: letters or other characters, an unknown calling code, no
 * country for a national number, a national number under 4 digits, or more than E.164's 15 digits.
 */
export function toEppPhone(phone: string, country: string): string | undefined {
  const written = phone.trim();
  if (!WRITTEN_PHONE.test(written)) return undefined;
  const international = written.startsWith('+') || written.startsWith('00');
  let code: string | undefined;
  let national: string;
  if (international) {
    const digits = written.replace(/^(\+|00)/, '').replace(/\(0\)/g, '').replace(/[^0-9]/g, '');
    code = [1, 2, 3].map((n) => digits.slice(0, n)).find((prefix) => KNOWN_CODES.has(prefix));
    if (code === undefined) return undefined;
    national = digits.slice(code.length);
  } else {
    code = CALLING_CODES[country];
    if (code === undefined) return undefined;
    national = withoutTrunkPrefix(written.replace(/[^0-9]/g, ''), code, country);
  }
  if (national.length < MIN_NATIONAL_DIGITS || code.length + national.length > E164_MAX_DIGITS) return undefined;
  return `+${code}.${national}`;
}

function withoutTrunkPrefix(digits: string, code: string, country: string): string {
  const other = OTHER_TRUNK[code];
  if (other) return other.lengths.includes(digits.length) && digits.startsWith(other.prefix) ? digits.slice(other.prefix.length) : digits;
  if (ZERO_IS_PART_OF_NUMBER.has(country)) return digits;
  return digits.startsWith('0') ? digits.slice(1) : digits;
}
