import { EXTENDED_RECORD_TYPES } from '../../dns/extended-record-types.js';
import { RECORD_TYPES, type RecordTypeRules } from '../../dns/record-types.js';

/**
 * The record types the partner API manages, in the document's order ("SOA,A,AAAA,CNAME,ANAME,MX,TXT,
 * SRV,CAA,NS,DS,LUA"). The SOA is the zone row itself (see soa.ts), so it has no rule here. The shared
 * types keep the client API's rules, so a record reads and validates the same through either API.
 */
export const PARTNER_RECORD_TYPES: RecordTypeRules = {
  A: RECORD_TYPES.A!,
  AAAA: RECORD_TYPES.AAAA!,
  CNAME: RECORD_TYPES.CNAME!,
  ANAME: EXTENDED_RECORD_TYPES.ANAME,
  MX: RECORD_TYPES.MX!,
  TXT: RECORD_TYPES.TXT!,
  SRV: RECORD_TYPES.SRV!,
  CAA: EXTENDED_RECORD_TYPES.CAA,
  NS: RECORD_TYPES.NS!,
  DS: EXTENDED_RECORD_TYPES.DS,
  LUA: EXTENDED_RECORD_TYPES.LUA,
};

/** Every record_type_name the partner API accepts, as the document lists them. */
export const PARTNER_TYPE_NAMES = ['SOA', ...Object.keys(PARTNER_RECORD_TYPES)] as const;
