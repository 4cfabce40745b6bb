import { Type, type Static } from '@sinclair/typebox';
import { PARTNER_TYPE_NAMES } from '../../../core/partners/records/partner-record-types.js';
import { PRIORITY_MAX, PRIORITY_MIN, RECORD_DATA_LIMIT, RECORD_DATA_MAX, RECORD_NAME_MAX } from '../../../core/partners/records/record-presentation.js';
import { TXT_MAX } from '../../../core/dns/record-types.js';

/** A record as "Get domain DNS records" shows it, PowerDNS-style names (see mappers/record.mapper.ts). */
export const PartnerRecordSchema = Type.Object({
  ChangeDate: Type.Integer({ description: 'Last change, unix seconds' }),
  Id: Type.Integer({ description: 'Record id, for PUT and DELETE; the SOA\'s is 0' }),
  Priority: Type.Integer({ description: 'MX preference or SRV priority; 0 for other types' }),
  RecordData: Type.String({ description: 'The data in zone-file presentation format (SRV: "weight port target")' }),
  RecordMetaType: Type.Integer({ description: 'Always 0' }),
  RecordMetaTypeName: Type.String({ description: 'Always "Regular"' }),
  RecordName: Type.String({ description: 'Full owner name, without the trailing dot' }),
  RecordType: Type.Integer({ description: 'Type code: the types in alphabetical order from 1 (A 1, ..., SOA 10, SRV 11, TXT 12)' }),
  RecordTypeName: Type.String(),
  TTL: Type.Integer(),
  ZoneId: Type.Integer(),
});
export type PartnerRecordWire = Static<typeof PartnerRecordSchema>;

const list = Type.Array(PartnerRecordSchema);
const optionalList = (description: string) => Type.Optional(Type.Array(PartnerRecordSchema, { description }));

/** The document's eleven keys always; LUA and the client API's own types only when the zone has them. */
export const RecordsByType = Type.Object({
  SOA: list, A: list, AAAA: list, CNAME: list, ANAME: list, MX: list, TXT: list, SRV: list, CAA: list, NS: list, DS: list,
  LUA: optionalList('Only when the zone has LUA records'),
  FORWARD: optionalList('Only when present: a web forward set through the client API'),
  MXE: optionalList('Only when present: a mail exchange by address set through the client API'),
  URL: optionalList('Only when present: a URL redirect set through the client API'),
  URLFRAME: optionalList('Only when present: a framed URL set through the client API'),
});

const flags = <K extends string>(keys: readonly K[]) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Boolean()])) as Record<K, ReturnType<typeof Type.Boolean>>);

export const ZoneResult = Type.Object({
  ResultCode: Type.Integer(),
  ResultMessage: Type.String(),
  Success: Type.Boolean(),
  Result: Type.Object({
    Records: RecordsByType,
    Zone: Type.Object({
      Id: Type.Integer(),
      IsMaster: Type.Boolean(),
      IsSecure: Type.Boolean(),
      Master: Type.Null(),
      Name: Type.String(),
      NotifiedSerial: Type.String(),
      NsType: Type.String(),
      Nsec3Param: Type.Null(),
      Subdomains: Type.Array(Type.String()),
    }),
    Office365HaveRecords: Type.Object({
      mx: flags(['mail']),
      cname: flags(['autodiscover', 'sip', 'lyncdiscover', 'msoid', 'enterpriseregistration', 'enterpriseenrollment']),
      txt: flags(['spf']),
      srv: flags(['sip', 'sipfederationtls']),
    }),
    GoogleHaveRecords: Type.Object({
      mx: flags(['aspmx', 'alt1', 'alt2', 'alt3', 'alt4']),
      txt: flags(['spf']),
    }),
  }),
});
export type ZoneResultWire = Static<typeof ZoneResult>;

/** The document's body fields and limits (Laravel-style: required, between 1 and 100 characters, 1-1000); a TXT's data longer. */
const recordFields = {
  record_type_name: Type.Unsafe<string>({ type: 'string', enum: [...PARTNER_TYPE_NAMES], description: `One of ${PARTNER_TYPE_NAMES.join(', ')}` }),
  record_name: Type.String({ minLength: 1, maxLength: RECORD_NAME_MAX, description: '"@", a name relative to the domain ("test", "_sip._tls") or a full name inside it' }),
  record_data: Type.String({
    minLength: 1,
    maxLength: RECORD_DATA_LIMIT,
    description:
      `Presentation format by type: see the records list. 1-${RECORD_DATA_MAX} characters, as documented, but for TXT: `
      + `up to ${TXT_MAX} characters of text (enclosing quotes not counted), as the client API takes, so that DKIM keys fit; `
      + 'the DNS server sends a long text as character-strings of 255 bytes. A DS may be longer than 100 too, since a '
      + 'SHA-384 digest (type 4) is 96 hex characters.',
  }),
  priority: Type.Integer({ minimum: PRIORITY_MIN, maximum: PRIORITY_MAX, description: 'MX preference or SRV priority; required, ignored for other types' }),
  fallback_ip: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'A only: the IPv4 address served while the record\'s own is down' })),
};

export const CreateRecordBody = Type.Object(recordFields);
/** PUT: the whole record again, with its id as a string ("1"; a number is accepted too). */
export const UpdateRecordBody = Type.Object({
  id: Type.Union([Type.String({ pattern: '^(0|[1-9][0-9]{0,9})$' }), Type.Integer({ minimum: 0, maximum: 2_147_483_647 })], { description: 'Record ID (0: the SOA)' }),
  ...recordFields,
});

export const DomainParams = Type.Object({ domain: Type.String({ maxLength: 300 }) });
export const RecordParams = Type.Object({
  domain: Type.String({ maxLength: 300 }),
  recordId: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
});
