import { Type, type Static } from '@sinclair/typebox';
import { IdParam } from './id-param.js';

/**
 * A DNS record as the client API shows it. The document lists every field as a string (pref, port and
 * the like included) and shows host/content/type; the extra fields appear only for the types they
 * belong to. `ttl` and `id` are additions (programs written against the document can ignore them):
 * the id is what PATCH and DELETE address, the ttl what POST and PATCH set.
 */
export const RecordSchema = Type.Object({
  host: Type.String({ description: 'Specifies the name of the record: "@" for the apex, the full name otherwise' }),
  content: Type.String({ description: 'Target address of the record' }),
  type: Type.String({ description: 'Type of the record (A, AAAA, CNAME, FORWARD, MX, MXE, NS, SRV, TXT, URL, URLFRAME)' }),
  pref: Type.Optional(Type.String({ description: 'Preference (MX and MXE only)' })),
  redirect_type: Type.Optional(Type.String({ description: 'Redirection type HTTP code (URL only)' })),
  service: Type.Optional(Type.String({ description: 'The symbolic name of the desired service (SRV only)' })),
  priority: Type.Optional(Type.String({ description: 'The priority of the target host, lower value means more preferred (SRV only)' })),
  proto: Type.Optional(Type.String({ description: 'The transport protocol of the desired service (SRV only)' })),
  weight: Type.Optional(Type.String({ description: 'Relative weight for records with the same priority (SRV only)' })),
  port: Type.Optional(Type.String({ description: 'The TCP or UDP port on which the service is to be found (SRV only)' })),
  ttl: Type.Integer({ description: 'Time to live in seconds. Not in the original document' }),
  id: Type.Integer({ description: 'The identifier of the record, for PATCH and DELETE. Not in the original document' }),
});
export type RecordWire = Static<typeof RecordSchema>;

/**
 * A number field of a request. The list shows these fields as strings, so a client that sends a record
 * back as it read it sends "10": both 10 and "10" are accepted; the core checks the value and range.
 */
const NumberLike = (description: string) =>
  Type.Optional(Type.Unsafe<number | string>({ type: ['integer', 'string'], maxLength: 20, description }));

const recordFields = {
  host: Type.String({ maxLength: 300, description: '"@", a name relative to the domain ("www") or a full name inside it' }),
  type: Type.String({ maxLength: 20, description: 'A, AAAA, CNAME, FORWARD, MX, MXE, NS, SRV, TXT, URL or URLFRAME' }),
  content: Type.String({ maxLength: 5000, description: 'Target address, host name, text or URL, by type' }),
  ttl: NumberLike('Time to live in seconds, 60-86400; default the zone\'s (3600)'),
  pref: NumberLike('Preference 0-65535 (MX and MXE; required there)'),
  redirect_type: NumberLike('301 or 302 (URL; required there)'),
  service: Type.Optional(Type.String({ maxLength: 64, description: 'Service label such as _sip (SRV; required there)' })),
  proto: Type.Optional(Type.String({ maxLength: 8, description: '_tcp, _udp or _tls (SRV; required there)' })),
  priority: NumberLike('0-65535 (SRV; required there)'),
  weight: NumberLike('0-65535 (SRV; required there)'),
  port: NumberLike('0-65535 (SRV; required there)'),
};

/** POST: host, type and content are required; the type's own fields are checked by the core. */
export const CreateRecordBody = Type.Object(recordFields);
/** PATCH: any subset; the merged record is checked as a whole. */
export const UpdateRecordBody = Type.Partial(Type.Object(recordFields));
export type RecordBody = Static<typeof UpdateRecordBody>;

export const DomainParams = Type.Object({ domain: Type.String({ maxLength: 300 }) });
export const RecordParams = Type.Object({ domain: Type.String({ maxLength: 300 }), id: IdParam });
