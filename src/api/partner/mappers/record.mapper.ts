import type { DnsRecord, Zone } from '../../../ports/store.js';
import type { PartnerZoneView } from '../../../core/partners/records/list-partner-records.js';
import { presentRecord } from '../../../core/partners/records/record-presentation.js';
import { soaContent } from '../../../core/dns/soa.js';
import { SOA_RECORD_ID } from '../../../core/partners/records/create-partner-record.js';
import type { PartnerRecordWire, ZoneResultWire } from '../schemas/record.schema.js';

/**
 * RecordType codes. The document's only example is SOA = 10, which is not the IANA code (6): it is the
 * position of SOA among the document's twelve types in alphabetical order, counted from 1. So every
 * type gets that position (A 1, AAAA 2, ANAME 3, CAA 4, CNAME 5, DS 6, LUA 7, MX 8, NS 9, SOA 10,
 * SRV 11, TXT 12), and the client API's own types continue after them, alphabetically.
 */
export const RECORD_TYPE_CODES: Readonly<Record<string, number>> = Object.fromEntries(
  [
    ...['A', 'AAAA', 'ANAME', 'CAA', 'CNAME', 'DS', 'LUA', 'MX', 'NS', 'SOA', 'SRV', 'TXT'],
    ...['FORWARD', 'MXE', 'URL', 'URLFRAME'],
  ].map((type, i) => [type, i + 1]),
);

/** The keys of Records the document always shows, in its order; other types get a key only when present. */
const ALWAYS = ['SOA', 'A', 'AAAA', 'CNAME', 'ANAME', 'MX', 'TXT', 'SRV', 'CAA', 'NS', 'DS'] as const;
const WHEN_PRESENT = ['LUA', 'FORWARD', 'MXE', 'URL', 'URLFRAME'] as const;

const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

const regular = { RecordMetaType: 0, RecordMetaTypeName: 'Regular' } as const;

/** The SOA as a record, from the zone row, with the Id PUT addresses it by (SOA_RECORD_ID). */
function soaWire(zone: Zone): PartnerRecordWire {
  return {
    ChangeDate: unixSeconds(zone.updated_at),
    Id: SOA_RECORD_ID,
    Priority: 0,
    RecordData: soaContent(zone),
    ...regular,
    RecordName: zone.name,
    RecordType: RECORD_TYPE_CODES.SOA!,
    RecordTypeName: 'SOA',
    TTL: zone.default_ttl,
    ZoneId: zone.id,
  };
}

export function toPartnerRecordWire(r: DnsRecord): PartnerRecordWire {
  const shown = presentRecord(r);
  return {
    ChangeDate: unixSeconds(r.updated_at),
    Id: r.id,
    Priority: shown.priority,
    RecordData: shown.data,
    ...regular,
    RecordName: shown.name,
    RecordType: RECORD_TYPE_CODES[r.type] ?? 0,
    RecordTypeName: r.type,
    TTL: r.ttl,
    ZoneId: r.zone_id,
  };
}

/** "Get domain DNS records": the zone, its records by type, and the Microsoft 365 / Google flags. */
export function toZoneResultWire({ zone, records, office365, google, secure }: PartnerZoneView): ZoneResultWire {
  const byType: Record<string, PartnerRecordWire[]> = { SOA: [soaWire(zone)] };
  for (const type of ALWAYS.slice(1)) byType[type] = [];
  for (const type of WHEN_PRESENT) if (records.some((r) => r.type === type)) byType[type] = [];
  for (const r of records) byType[r.type]?.push(toPartnerRecordWire(r));
  return {
    ResultCode: 200,
    ResultMessage: `Here is zone '${zone.name}'`,
    Success: true,
    Result: {
      Records: byType as ZoneResultWire['Result']['Records'],
      Zone: {
        Id: zone.id,
        IsMaster: true,
        // Signed: DNSSEC on, or on its way on or off (GET domains/{domain}/dnssec tells which).
        IsSecure: secure,
        Master: null,
        Name: zone.name,
        // The serial secondaries were last told of; until a notifier records one, the DNS servers read the
        // zone straight from the store, so what they serve is the current serial.
        NotifiedSerial: String(zone.notified_serial ?? zone.serial),
        NsType: 'MASTER',
        Nsec3Param: null,
        Subdomains: [],
      },
      Office365HaveRecords: office365,
      GoogleHaveRecords: google,
    },
  };
}
