import type { DnsRecord, Zone } from '../../../ports/store.js';
import { DomainError, invalid, type FieldErrors } from '../../errors.js';
import { ownerOf } from '../../dns/plan-change.js';
import { hostToName } from '../../dns/record-name.js';
import { TXT_MAX, type RecordInput } from '../../dns/record-types.js';

/**
 * The partner API's records in presentation format: one `record_name`, one `record_data` string as a
 * zone file writes the record's data (RFC 1035 5.1, the way PowerDNS shows it), and a separate
 * `priority`. Translated here to and from the shared record shape, so both APIs keep one store.
 *
 * Formats accepted (and shown) in record_data:
 * - A, AAAA: the address; CNAME, ANAME, NS: the target host; MX: the mail server (preference in priority).
 * - TXT: the text; one pair of enclosing quotes is taken off ("v=spf1 -all" and v=spf1 -all are the same).
 * - SRV: "weight port target" (priority in `priority`); record_name "_service._proto" plus the host, if
 *   any: "_sip._tls" (at the apex), "_sip._tls.office" or "_sip._tls.example.com".
 * - CAA: flags tag "value" (0 issue "letsencrypt.org"); DS: keytag algorithm digesttype digest;
 *   LUA: type "snippet" (A "ifportup(443, {'192.0.2.1'})"). See extended-record-types.ts.
 * `priority` is required by the document for every type; it is kept for MX and SRV and ignored otherwise.
 *
 * record_data is 1-100 characters as the document says, but for TXT: the shared TXT rule's TXT_MAX, as
 * in the client API, since a DKIM key (a 2048-bit RSA key is about 400 characters of base64) or a long
 * SPF record cannot be published in 100. Enclosing quotes do not count. DS is not held to 100 either: a
 * SHA-384 digest (digest type 4) is 96 hex characters, 107 with its numbers, and the DS rule already
 * checks the digest's length for its type.
 */
export const RECORD_DATA_MAX = 100;
/** The longest record_data the request may carry: a TXT's text of TXT_MAX characters in its quotes. */
export const RECORD_DATA_LIMIT = TXT_MAX + 2;

/** The message for a record_data over the document's 100 characters; a TXT's length is the shared TXT rule's to check. */
export const recordDataTooLong = (type: string, data: string): string | undefined =>
  type !== 'TXT' && type !== 'DS' && data.length > RECORD_DATA_MAX ? `The record_data may not be greater than ${RECORD_DATA_MAX} characters` : undefined;

/** The document's limits on a record's fields (record_name 1-100 characters, priority 1-1000). */
export const RECORD_NAME_MAX = 100;
export const PRIORITY_MIN = 1;
export const PRIORITY_MAX = 1000;

export interface PartnerRecordInput {
  record_type_name: string;
  record_name: string;
  record_data: string;
  priority: number;
  fallback_ip?: string | null;
}

/**
 * The stored owner name of `recordName` in zone `zone`: "@", a full name inside the zone, or (as in a
 * zone file) a name relative to the zone, which may have several labels ("selector1._domainkey").
 * Undefined when it is not a valid name inside the zone.
 */
export function partnerName(zone: string, recordName: string): string | undefined {
  const raw = recordName.trim();
  const direct = hostToName(zone, raw);
  if (direct !== undefined || raw === '' || raw.endsWith('.')) return direct;
  return hostToName(zone, `${raw}.${zone}`);
}

/** The record's input for the shared rules, and the problems only this format can have (by partner field). */
export function parsePartnerRecord(
  zone: Zone,
  input: PartnerRecordInput,
  ttl?: number,
): { input: RecordInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const type = input.record_type_name.trim().toUpperCase();
  const name = partnerName(zone.name, input.record_name);
  const data = input.record_data;
  const base: RecordInput = { host: name ?? input.record_name, type, content: data, ...(ttl === undefined ? {} : { ttl }) };

  // The document's limits, which the API's schema also states: here, so that every caller of the core
  // (the panel among them) is held to them with the API's words.
  if (input.record_name.length === 0) add('record_name', 'The record_name is required');
  else if (input.record_name.length > RECORD_NAME_MAX) add('record_name', `The record_name may not be greater than ${RECORD_NAME_MAX} characters`);
  if (data.length === 0) add('record_data', 'The record_data is required');
  if (!Number.isInteger(input.priority)) add('priority', 'The priority must be an integer');
  else if (input.priority < PRIORITY_MIN) add('priority', `The priority must be at least ${PRIORITY_MIN}`);
  else if (input.priority > PRIORITY_MAX) add('priority', `The priority may not be greater than ${PRIORITY_MAX}`);
  const tooLong = recordDataTooLong(type, data);
  if (tooLong) add('record_data', tooLong);

  const fallback = input.fallback_ip?.trim() || undefined;
  if (fallback !== undefined && type !== 'A') add('fallback_ip', 'The fallback_ip is only for A records');

  switch (type) {
    case 'A':
      return { input: { ...base, ...(fallback === undefined ? {} : { fallback_ip: fallback }) }, errors };
    case 'MX':
      return { input: { ...base, pref: input.priority }, errors };
    case 'TXT': {
      const quoted = /^"([^"]*)"$/.exec(data);
      return { input: { ...base, content: quoted ? quoted[1]! : data }, errors };
    }
    case 'SRV': {
      const srv: RecordInput = { ...base, priority: input.priority, weight: Number.NaN, port: Number.NaN };
      if (name !== undefined) {
        const labels = name.split('.');
        const zoneLabels = zone.name.split('.').length;
        if (labels.length - zoneLabels >= 2) {
          const rest = labels.slice(2).join('.');
          Object.assign(srv, { service: labels[0], proto: labels[1], host: rest === zone.name ? '@' : rest });
        } else {
          add('record_name', 'The record_name of an SRV record must start with _service._proto, such as _sip._tls');
        }
      }
      const parts = data.trim().split(/\s+/);
      if (parts.length !== 3) {
        add('record_data', 'The record_data of an SRV record must be: weight port target, such as 10 5060 sip.example.com');
        return { input: srv, errors };
      }
      const int = (s: string) => (/^\d{1,6}$/.test(s) ? Number(s) : Number.NaN);
      return { input: { ...srv, weight: int(parts[0]!), port: int(parts[1]!), content: parts[2]! }, errors };
    }
    default:
      return { input: base, errors };
  }
}

/** The partner field each of the shared rules' fields is sent in, and the words for it in messages. */
const FIELD: Record<string, string> = {
  type: 'record_type_name',
  host: 'record_name',
  service: 'record_name',
  proto: 'record_name',
  content: 'record_data',
  weight: 'record_data',
  port: 'record_data',
  pref: 'priority',
  priority: 'priority',
  fallback_ip: 'fallback_ip',
};

/**
 * Runs `plan` (the shared rules) and reports its problems in the partner's field names, together with
 * `own` (parsePartnerRecord's), which take precedence per field: a record_data that is not "weight port
 * target" is reported as that, not as the weight it lacks. Errors other than `invalid` pass unchanged.
 */
export function withPartnerFields<T>(own: FieldErrors, plan: () => T): T {
  let result: T;
  try {
    result = plan();
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid' || !error.fields) throw error;
    throw invalid({ ...renameFields(error.fields, own), ...own });
  }
  if (Object.keys(own).length > 0) throw invalid(own);
  return result;
}

function renameFields(shared: FieldErrors, own: FieldErrors): FieldErrors {
  const fields: FieldErrors = {};
  for (const [field, messages] of Object.entries(shared)) {
    const name = FIELD[field] ?? field;
    if (own[name]) continue;
    const list = (fields[name] ??= []);
    for (const m of messages) {
      // "The content must be an IPv4 address" -> "The record_data must be an IPv4 address".
      const text = ['type', 'host', 'content', 'pref'].includes(field) ? m.replace(new RegExp(`\\b${field}\\b`), name) : m;
      if (!list.includes(text)) list.push(text);
    }
  }
  return fields;
}

/** How the partner API shows a stored record: owner name, presentation data, priority (0 where none). */
export function presentRecord(r: DnsRecord): { name: string; data: string; priority: number } {
  return {
    name: ownerOf(r),
    data: r.type === 'SRV' ? `${r.weight} ${r.port} ${r.content}` : r.content,
    priority: ['MX', 'MXE', 'SRV'].includes(r.type) ? (r.priority ?? 0) : 0,
  };
}
