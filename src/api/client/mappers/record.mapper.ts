import type { DnsRecord, Zone } from '../../../ports/store.js';
import { nameToHost } from '../../../core/dns/record-name.js';
import { RECORD_TYPES, extraFieldValue, type RecordInput } from '../../../core/dns/record-types.js';
import type { RecordBody, RecordWire } from '../schemas/record.schema.js';

/** Entity -> wire: host relative to the zone, the type's extra fields as strings (as the document lists them). */
export function toRecordWire(zone: Zone, r: DnsRecord): RecordWire {
  const wire: Record<string, unknown> = { host: nameToHost(zone.name, r.name), content: r.content, type: r.type };
  for (const field of RECORD_TYPES[r.type]?.fields ?? []) {
    const value = extraFieldValue(r, field);
    if (value !== null) wire[field] = String(value);
  }
  wire.ttl = r.ttl;
  wire.id = r.id;
  return wire as RecordWire;
}

/** A number field as sent (10 or "10"); anything else becomes NaN for the core to refuse with its range message. */
const toInt = (v: number | string | undefined): number | undefined =>
  v === undefined ? undefined : typeof v === 'number' ? v : /^\s*-?\d{1,15}\s*$/.test(v) ? Number(v) : Number.NaN;

/** Wire -> core input; absent fields stay absent (PATCH keeps the record's). */
export function toRecordInput(body: RecordBody): Partial<RecordInput> {
  const input: Partial<RecordInput> = {
    host: body.host,
    type: body.type,
    content: body.content,
    ttl: toInt(body.ttl),
    pref: toInt(body.pref),
    redirect_type: toInt(body.redirect_type),
    service: body.service,
    proto: body.proto,
    priority: toInt(body.priority),
    weight: toInt(body.weight),
    port: toInt(body.port),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<RecordInput>;
}
