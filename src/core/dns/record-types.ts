import { isIPv4, isIPv6 } from 'node:net';
import type { DnsRecord } from '../../ports/store.js';
import type { FieldErrorCollector } from '../errors.js';
import { isHostName } from '../domains/domain-name.js';
import { normalizeHost } from './nameservers.js';
import { isOwnerName } from './record-name.js';
import { addressScope } from './address-scope.js';

/**
 * Per-type record rules, in one table (type -> rule) so that another dialect can extend it with the
 * types it adds (the partner API: ANAME, CAA, DS, LUA, SOA) and pass its table to planChange.
 */

/** A record as a command receives it, dialect-neutral. Numbers may be NaN when the caller could not read one. */
export interface RecordInput {
  /** "@", a label relative to the zone ("www") or a full name inside the zone. */
  host: string;
  type: string;
  content: string;
  ttl?: number;
  /** MX and MXE preference. */
  pref?: number;
  /** URL: the HTTP status of the redirect. */
  redirect_type?: number;
  /** SRV fields (RFC 2782). */
  service?: string;
  proto?: string;
  priority?: number;
  weight?: number;
  port?: number;
  /** A: the address served instead of the record's own when that one is down (the partner API's fallback_ip). */
  fallback_ip?: string;
}

/** The optional fields a type carries beside host, content and type. */
export type ExtraField = 'pref' | 'redirect_type' | 'service' | 'proto' | 'priority' | 'weight' | 'port';

/** A record's validated data as stored, without zone and timestamps. */
export type RecordData = Pick<
  DnsRecord,
  'name' | 'type' | 'content' | 'ttl' | 'priority' | 'weight' | 'port' | 'service' | 'proto' | 'redirect_type' | 'fallback_ip'
>;

/** The per-type part of a record: its normalized content and the columns of its extra fields. */
export type TypedData = Pick<RecordData, 'content'> &
  Partial<Pick<RecordData, 'priority' | 'weight' | 'port' | 'service' | 'proto' | 'redirect_type' | 'fallback_ip'>>;

export interface RecordTypeRule {
  /** The extra fields the type carries, in the order the API shows them. */
  fields: readonly ExtraField[];
  /** Whether the type may sit at the zone apex. */
  apex: boolean;
  /** Checks content and extra fields of `input`, reporting problems to `errors`; returns what to store. */
  validate(input: RecordInput, errors: FieldErrorCollector): TypedData;
}

export const TTL_MIN = 60;
export const TTL_MAX = 86_400;
export const TXT_MAX = 4096;
const URL_MAX = 2048;
const U16 = 65_535;

/** The column an extra field is kept in: an MX preference is the record's priority. */
const COLUMN: Record<ExtraField, 'priority' | 'weight' | 'port' | 'service' | 'proto' | 'redirect_type'> = {
  pref: 'priority',
  redirect_type: 'redirect_type',
  service: 'service',
  proto: 'proto',
  priority: 'priority',
  weight: 'weight',
  port: 'port',
};

/** The stored value of `field` of a record. */
export const extraFieldValue = (record: DnsRecord, field: ExtraField): string | number | null => record[COLUMN[field]];

/** The input fields of a stored record, for merging a partial update over it. */
export function recordInputFields(record: DnsRecord, rules: RecordTypeRules = RECORD_TYPES): Partial<RecordInput> {
  const out: Partial<RecordInput> = {};
  for (const field of rules[record.type]?.fields ?? []) {
    const value = extraFieldValue(record, field);
    if (value !== null) (out as Record<string, unknown>)[field] = value;
  }
  // Kept through an update that does not mention it (the client API cannot), like the extra fields.
  if (record.type === 'A' && record.fallback_ip !== null) out.fallback_ip = record.fallback_ip;
  return out;
}

/** An integer field within [min, max]; reports "required" or the range. */
export function intField(
  errors: FieldErrorCollector,
  field: string,
  value: number | undefined,
  min: number,
  max: number,
): number | null {
  if (value === undefined) {
    errors.add(field, `The ${field} is required`);
    return null;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.add(field, `The ${field} must be an integer from ${min} to ${max}`);
    return null;
  }
  return value;
}

export function requireContent(errors: FieldErrorCollector, input: RecordInput): string | undefined {
  const content = input.content?.trim() ?? '';
  if (content === '') {
    errors.add('content', 'The content is required');
    return undefined;
  }
  return content;
}

/** Content that must be a host name (MX, NS and SRV targets; RFC 2181 10.3 forbids aliases there, not checked here). */
export function hostTarget(errors: FieldErrorCollector, input: RecordInput, what: string): string {
  const content = requireContent(errors, input);
  if (content === undefined) return '';
  const host = normalizeHost(content);
  // An all-numeric last label is an address written where a name belongs (RFC 3696 2: no TLD is all-numeric).
  if (!isHostName(host) || /(^|\.)[0-9]+$/.test(host)) errors.add('content', `The content must be ${what}`);
  return host;
}

/** An http(s) URL with a host, for the web forwarder. */
function webUrl(errors: FieldErrorCollector, input: RecordInput): string {
  const content = requireContent(errors, input);
  if (content === undefined) return '';
  let ok = false;
  try {
    const url = new URL(content);
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && content.length <= URL_MAX;
  } catch {
    ok = false;
  }
  if (!ok) errors.add('content', `The content must be an http or https URL of at most ${URL_MAX} characters`);
  return content;
}

const pref = (errors: FieldErrorCollector, input: RecordInput) => intField(errors, 'pref', input.pref, 0, U16);

export type RecordTypeRules = Readonly<Record<string, RecordTypeRule>>;

export const RECORD_TYPES: RecordTypeRules = {
  A: {
    fields: [],
    apex: true,
    validate(input, errors) {
      const content = requireContent(errors, input);
      if (content !== undefined && !isIPv4(content)) errors.add('content', 'The content must be an IPv4 address');
      // Optional; only the partner API sets it. The DNS server answers with it while the primary is down.
      const fallback = input.fallback_ip?.trim() || null;
      // The same address as the record's is pointless but harmless (the document's own example sends it).
      if (fallback !== null && !isIPv4(fallback)) errors.add('fallback_ip', 'The fallback_ip must be an IPv4 address');
      // The fallback is served while the record's address fails a health check, and internal addresses
      // are never checked (servers/dns/health.ts): such a fallback would never be served.
      else if (fallback !== null && content !== undefined && isIPv4(content) && addressScope(content) === 'internal') {
        errors.add('fallback_ip', `A fallback_ip needs a public address to watch: ${content} is an internal address, which our health checks never probe`);
      }
      return { content: content ?? '', fallback_ip: fallback };
    },
  },
  AAAA: {
    fields: [],
    apex: true,
    validate(input, errors) {
      const content = requireContent(errors, input);
      if (content === undefined) return { content: '' };
      // Zone indexes ("fe80::1%eth0") mean nothing outside one machine.
      if (!isIPv6(content) || content.includes('%')) {
        errors.add('content', 'The content must be an IPv6 address');
        return { content };
      }
      // One spelling per address (RFC 5952), so that duplicates are found whatever way they were written.
      return { content: new URL(`http://[${content}]`).hostname.slice(1, -1) };
    },
  },
  CNAME: {
    fields: [],
    // A CNAME cannot share its name with the apex's SOA and NS records (RFC 1034 3.6.2).
    apex: false,
    validate(input, errors) {
      const content = requireContent(errors, input);
      if (content === undefined) return { content: '' };
      const target = normalizeHost(content);
      // Alias targets may carry service labels (DKIM delegations: "s1._domainkey.example.net").
      if (!isOwnerName(target) || target.startsWith('*') || !target.includes('.') || /\.[0-9]+$/.test(target)) {
        errors.add('content', 'The content must be a host name');
      }
      return { content: target };
    },
  },
  MX: {
    fields: ['pref'],
    apex: true,
    validate(input, errors) {
      return { content: hostTarget(errors, input, 'a host name'), priority: pref(errors, input) };
    },
  },
  MXE: {
    // Mail exchange by address: served as an MX whose target is an A record the server implies.
    fields: ['pref'],
    apex: true,
    validate(input, errors) {
      const content = requireContent(errors, input);
      if (content !== undefined && !isIPv4(content)) errors.add('content', 'The content must be an IPv4 address');
      return { content: content ?? '', priority: pref(errors, input) };
    },
  },
  NS: {
    fields: [],
    // Apex NS records are the domain's name servers, managed through the name servers endpoints.
    apex: false,
    validate(input, errors) {
      return { content: hostTarget(errors, input, 'a host name') };
    },
  },
  SRV: {
    fields: ['service', 'proto', 'priority', 'weight', 'port'],
    apex: true,
    validate(input, errors) {
      const content = hostTarget(errors, input, 'a host name (the target)');
      const service = input.service?.trim().toLowerCase() ?? '';
      if (service === '') errors.add('service', 'The service is required');
      else if (!/^_[a-z0-9](?:[a-z0-9-]{0,60}[a-z0-9])?$/.test(service)) {
        errors.add('service', 'The service must be a service label such as _sip');
      }
      const proto = input.proto?.trim().toLowerCase() ?? '';
      if (proto === '') errors.add('proto', 'The proto is required');
      else if (!['_tcp', '_udp', '_tls'].includes(proto)) errors.add('proto', 'The proto must be one of _tcp, _udp, _tls');
      return {
        content,
        service,
        proto,
        priority: intField(errors, 'priority', input.priority, 0, U16),
        weight: intField(errors, 'weight', input.weight, 0, U16),
        port: intField(errors, 'port', input.port, 0, U16),
      };
    },
  },
  TXT: {
    fields: [],
    apex: true,
    validate(input, errors) {
      const content = input.content ?? '';
      if (content.length === 0) errors.add('content', 'The content is required');
      else if (content.length > TXT_MAX) errors.add('content', `The content may not be greater than ${TXT_MAX} characters`);
      // Control characters have no place in a published text and break zone files.
      else if (/[\u0000-\u001f\u007f]/.test(content)) errors.add('content', 'The content may only contain printable characters');
      return { content };
    },
  },
  URL: {
    fields: ['redirect_type'],
    apex: true,
    validate(input, errors) {
      const content = webUrl(errors, input);
      let redirect: number | null = null;
      if (input.redirect_type === undefined) errors.add('redirect_type', 'The redirect_type is required');
      else if (input.redirect_type !== 301 && input.redirect_type !== 302) {
        errors.add('redirect_type', 'The redirect_type must be 301 or 302');
      } else redirect = input.redirect_type;
      return { content, redirect_type: redirect };
    },
  },
  URLFRAME: {
    fields: [],
    apex: true,
    validate(input, errors) {
      return { content: webUrl(errors, input) };
    },
  },
  FORWARD: {
    fields: [],
    apex: true,
    validate(input, errors) {
      return { content: webUrl(errors, input) };
    },
  },
};
