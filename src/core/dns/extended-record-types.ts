import type { FieldErrorCollector } from '../errors.js';
import { normalizeHost } from './nameservers.js';
import { isOwnerName } from './record-name.js';
import { hostTarget, requireContent, type RecordInput, type RecordTypeRule } from './record-types.js';

/**
 * Record types beyond the client API's table, for a dialect that offers them (the partner API:
 * ANAME, CAA, DS, LUA). Each keeps its whole presentation-format data (RFC 1035 5.1, as PowerDNS
 * writes it) in `content`, normalized to one spelling so that duplicates are found.
 */

/** A quoted character-string's text, or the bare token when unquoted; undefined when the quotes are broken. */
function unquote(value: string): string | undefined {
  if (!value.startsWith('"')) return /["\s]/.test(value) ? undefined : value;
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(value);
  return m ? m[1] : undefined;
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/** CAA property tags in use (RFC 8659 4.2-4.4, RFC 9495 issuemail); other tags are refused as typos. */
const CAA_TAGS = ['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc'];

/** CAA `flags tag "value"` (RFC 8659 4.1), as `0 issue "letsencrypt.org"`. */
function caa(input: RecordInput, errors: FieldErrorCollector): string {
  const content = requireContent(errors, input);
  if (content === undefined) return '';
  const m = /^(\d{1,3})\s+([A-Za-z0-9]{1,15})\s+(.+)$/.exec(content);
  const format = 'The content of a CAA record must be: flags tag "value", such as 0 issue "letsencrypt.org"';
  if (!m) {
    errors.add('content', format);
    return content;
  }
  const flags = Number(m[1]);
  const tag = m[2]!.toLowerCase();
  const value = unquote(m[3]!.trim());
  // Only bit 7 ("issuer critical") is defined; 0 and 128 are what anyone means.
  if (flags !== 0 && flags !== 128) errors.add('content', 'The CAA flags must be 0 or 128 (issuer critical)');
  if (!CAA_TAGS.includes(tag)) errors.add('content', `The CAA tag must be one of ${CAA_TAGS.join(', ')}`);
  if (value === undefined || !PRINTABLE.test(value)) {
    errors.add('content', format);
    return content;
  }
  if (tag === 'iodef') {
    // Where violation reports go: a mailto: or http(s) URL (RFC 8659 4.4).
    if (!/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/i.test(value)) errors.add('content', 'The CAA iodef value must be a mailto: or http(s) URL');
  } else if (tag !== 'issuevmc') {
    // issue/issuewild/issuemail: an issuer's domain name, optionally followed by parameters, or ";" alone
    // to forbid issuance (RFC 8659 4.2).
    const issuer = value.split(';')[0]!.trim();
    if (!(issuer === '' ? value.trim().startsWith(';') : isOwnerName(normalizeHost(issuer)) && issuer.includes('.'))) {
      errors.add('content', `The CAA ${tag} value must be an issuer's domain name (such as letsencrypt.org) or ";"`);
    }
  }
  return `${flags} ${tag} "${value}"`;
}

/** Digest lengths in hex by DS digest type (RFC 4034 5.1.4, RFC 4509 SHA-256, RFC 5933 GOST, RFC 6605 SHA-384). */
const DS_DIGEST_HEX: Record<number, number> = { 1: 40, 2: 64, 3: 64, 4: 96 };

/** DS `keytag algorithm digesttype digest` (RFC 4034 5.3), as `12345 13 2 <64 hex digits>`. */
function ds(input: RecordInput, errors: FieldErrorCollector): string {
  const content = requireContent(errors, input);
  if (content === undefined) return '';
  // Zone files may split a long digest with spaces; the digest is everything after the third field.
  const m = /^(\d{1,5})\s+(\d{1,3})\s+(\d{1,3})\s+([0-9A-Fa-f\s]+)$/.exec(content);
  if (!m) {
    errors.add('content', 'The content of a DS record must be: keytag algorithm digesttype digest, such as 12345 13 2 <hex digest>');
    return content;
  }
  const [keyTag, algorithm, digestType] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const digest = m[4]!.replace(/\s+/g, '').toLowerCase();
  if (keyTag > 65_535) errors.add('content', 'The DS key tag must be an integer from 0 to 65535');
  // 0 is reserved, 253/254 are private (RFC 4034 A.1); 1-252 covers every assigned algorithm.
  if (algorithm < 1 || algorithm > 252) errors.add('content', 'The DS algorithm must be an integer from 1 to 252');
  const hex = DS_DIGEST_HEX[digestType];
  if (hex === undefined) errors.add('content', 'The DS digest type must be 1 (SHA-1), 2 (SHA-256), 3 (GOST) or 4 (SHA-384)');
  else if (digest.length !== hex) errors.add('content', `A DS digest of type ${digestType} is ${hex} hexadecimal digits`);
  return `${keyTag} ${algorithm} ${digestType} ${digest}`;
}

/** The record types a LUA record may produce (what PowerDNS's LUA records are used for). */
const LUA_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'SRV', 'TXT', 'CAA', 'LOC', 'SPF', 'NAPTR'];

/**
 * LUA `type "snippet"` as PowerDNS writes it (its LUA records documentation), such as
 * `A "ifportup(443, {'192.0.2.1', '192.0.2.2'})"`. The snippet is run by the DNS server at query time;
 * here it is only checked to be one printable quoted string.
 */
function lua(input: RecordInput, errors: FieldErrorCollector): string {
  const content = requireContent(errors, input);
  if (content === undefined) return '';
  const m = /^([A-Za-z]{1,10})\s+(.+)$/.exec(content);
  const snippet = m ? unquote(m[2]!.trim()) : undefined;
  if (!m || snippet === undefined || snippet.trim() === '' || !PRINTABLE.test(snippet)) {
    errors.add('content', 'The content of a LUA record must be: type "snippet", such as A "ifportup(443, {\'192.0.2.1\', \'192.0.2.2\'})"');
    return content;
  }
  const type = m[1]!.toUpperCase();
  if (!LUA_TYPES.includes(type)) errors.add('content', `The type a LUA record produces must be one of ${LUA_TYPES.join(', ')}`);
  return `${type} "${snippet}"`;
}

export const EXTENDED_RECORD_TYPES: Readonly<Record<'ANAME' | 'CAA' | 'DS' | 'LUA', RecordTypeRule>> = {
  ANAME: {
    // PowerDNS's ALIAS: answers A/AAAA with its target's addresses, so it may sit at the apex where a
    // CNAME cannot. planChange keeps A, AAAA and other ANAMEs off its name.
    fields: [],
    apex: true,
    validate(input, errors) {
      return { content: hostTarget(errors, input, 'a host name (the target)') };
    },
  },
  CAA: { fields: [], apex: true, validate: (input, errors) => ({ content: caa(input, errors) }) },
  DS: {
    // A DS is published by the parent for a delegated child (RFC 4035 2.4): here, at a subdomain
    // delegated with NS records. The apex's own DS lives in the TLD's zone, set through the registry.
    fields: [],
    apex: false,
    validate: (input, errors) => ({ content: ds(input, errors) }),
  },
  LUA: { fields: [], apex: true, validate: (input, errors) => ({ content: lua(input, errors) }) },
};
