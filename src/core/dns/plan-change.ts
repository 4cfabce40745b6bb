import type { DnsRecord, Zone } from '../../ports/store.js';
import { DomainError, FieldErrorCollector, invalidField, notFound, rejected } from '../errors.js';
import { hostToName, isOwnerName } from './record-name.js';
import { RECORD_TYPES, TTL_MAX, TTL_MIN, intField, type RecordData, type RecordInput, type RecordTypeRules } from './record-types.js';
import { servedLimitProblem } from './served-limits.js';

/**
 * Plan, then apply: a zone change is computed here, as the records to add, update and delete, and
 * checked against the zone's current records before anything is written. Pure: the caller reads the
 * zone and the records planReads names (inside the transaction that will apply the plan) and hands
 * them in.
 */

export interface ZoneChange {
  adds?: RecordInput[];
  updates?: Array<{ id: number; input: RecordInput }>;
  deletes?: number[];
}

export interface Plan {
  zone: Zone;
  adds: RecordData[];
  updates: Array<{ id: number; data: RecordData }>;
  deletes: number[];
}

/** Refused for apex NS records, which follow the domain's name servers rather than record edits. */
export const APEX_NS_MESSAGE =
  "The zone's own NS records are the domain's name servers; change them through the name servers endpoints.";

/**
 * Validates one record of zone `zone`: host inside the zone, a known type, ttl 60-86400 (default the
 * zone's), the type's own rules. Throws `invalid` with every problem found, per field.
 */
export function validateRecord(zone: Zone, input: RecordInput, rules: RecordTypeRules = RECORD_TYPES): RecordData {
  const errors = new FieldErrorCollector();
  const type = input.type?.trim().toUpperCase() ?? '';
  const rule = Object.hasOwn(rules, type) ? rules[type] : undefined;
  if (type === '') errors.add('type', 'The type is required');
  else if (!rule) errors.add('type', `The selected type is invalid (allowed: ${Object.keys(rules).join(', ')})`);

  const name = input.host?.trim() ? hostToName(zone.name, input.host) : undefined;
  if (!input.host?.trim()) errors.add('host', 'The host is required');
  else if (name === undefined) {
    errors.add('host', `The host must be @, a name relative to the zone (www) or a full name inside ${zone.name}`);
  } else if (rule && !rule.apex && name === zone.name) {
    errors.add('host', type === 'NS' ? APEX_NS_MESSAGE : `A ${type} record cannot be at the zone apex`);
  }

  const ttl = input.ttl === undefined ? zone.default_ttl : intField(errors, 'ttl', input.ttl, TTL_MIN, TTL_MAX);
  const typed = rule?.validate(input, errors);
  const data: RecordData = {
    name: name ?? '',
    type,
    content: typed?.content ?? '',
    ttl: ttl ?? zone.default_ttl,
    priority: typed?.priority ?? null,
    weight: typed?.weight ?? null,
    port: typed?.port ?? null,
    service: typed?.service ?? null,
    proto: typed?.proto ?? null,
    redirect_type: typed?.redirect_type ?? null,
    fallback_ip: typed?.fallback_ip ?? null,
  };
  // An SRV's owner is _service._proto.host: it must still be a valid name ("*" stays leftmost).
  if (errors.empty && !isOwnerName(ownerOf(data))) errors.add('host', 'The host cannot carry an SRV record');
  errors.throwIfAny();
  return data;
}

/** The name a record is published at: an SRV's service and protocol labels come before its host. */
export const ownerOf = (r: Pick<RecordData, 'name' | 'type' | 'service' | 'proto'>): string =>
  r.type === 'SRV' ? `${r.service}.${r.proto}.${r.name}` : r.name;

const ADDRESS_TYPES = ['A', 'AAAA', 'ANAME'];
const aliasClash = (a: string, b: string): boolean =>
  (a === 'ANAME' && ADDRESS_TYPES.includes(b)) || (b === 'ANAME' && ADDRESS_TYPES.includes(a));

/** What makes two records the same: owner, type and content (and port for SRV, whose content is only the target). */
const identity = (r: RecordData): string => `${ownerOf(r)} ${r.type} ${r.content}${r.type === 'SRV' ? ` ${r.port}` : ''}`;

const recordData = (r: DnsRecord): RecordData => ({
  name: r.name,
  type: r.type,
  content: r.content,
  ttl: r.ttl,
  priority: r.priority,
  weight: r.weight,
  port: r.port,
  service: r.service,
  proto: r.proto,
  redirect_type: r.redirect_type,
  fallback_ip: r.fallback_ip,
});

/**
 * The records planChange needs to plan `change` on `zone`, as the store can read them: those touched
 * by id (updates and deletes: the not-found and apex NS checks) and every record that can share an
 * owner with a new or changed record (the CNAME, ANAME and duplicate checks compare only records of one
 * owner). Those are the records named as the owner, and, since an SRV stored with name N is published
 * at _service._proto.N, the records named as the owner without its first two labels: a superset (for
 * an owner a.b.N every record at N comes along), which planChange narrows by ownerOf. An input that
 * does not validate names nothing: planChange refuses it whatever the records.
 */
export function planReads(zone: Zone, change: ZoneChange, rules: RecordTypeRules = RECORD_TYPES): { ids: number[]; names: string[] } {
  const ids = new Set([...(change.updates ?? []).map((u) => u.id), ...(change.deletes ?? [])]);
  const names = new Set<string>();
  for (const input of [...(change.adds ?? []), ...(change.updates ?? []).map((u) => u.input)]) {
    let owner: string;
    try {
      owner = ownerOf(validateRecord(zone, input, rules));
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    names.add(owner);
    const labels = owner.split('.');
    const base = labels.slice(2).join('.');
    // Above the apex ("com" for www.test.com) no record of the zone can be named.
    if (labels.length >= 3 && (base === zone.name || base.endsWith(`.${zone.name}`))) names.add(base);
  }
  return { ids: [...ids], names: [...names] };
}

/**
 * The plan for `change` on `zone`, whose records are `current`: the whole zone, or at least the
 * records planReads names (the checks below look no further).
 * Errors: not_found for an update or delete of a record that is not in the zone; rejected for an
 * update or delete of an apex NS record; invalid for a record that breaks its type's rules, duplicates
 * a record (same name, type, content), or breaks CNAME exclusivity (RFC 1034 3.6.2: a CNAME is the only
 * record at its name, and nothing is added at a CNAME's name), or puts an ANAME beside A, AAAA or
 * another ANAME record, or makes a name that could not be answered or transferred (servedLimitProblem:
 * an answer beyond a DNS message's 65,535 bytes, more records or types than a BIND secondary loads, an
 * NS record at a wildcard name).
 */
export function planChange(zone: Zone, current: DnsRecord[], change: ZoneChange, rules: RecordTypeRules = RECORD_TYPES): Plan {
  const byId = new Map(current.map((r) => [r.id, r]));
  const touched = [...(change.updates ?? []).map((u) => u.id), ...(change.deletes ?? [])];
  for (const id of touched) {
    const record = byId.get(id);
    if (!record) throw notFound();
    if (record.type === 'NS' && record.name === zone.name) throw rejected(APEX_NS_MESSAGE);
  }

  const plan: Plan = {
    zone,
    adds: (change.adds ?? []).map((input) => validateRecord(zone, input, rules)),
    updates: (change.updates ?? []).map(({ id, input }) => ({ id, data: validateRecord(zone, input, rules) })),
    deletes: [...new Set(change.deletes ?? [])],
  };

  // The zone as it would be after the change; each new or changed record is checked against the rest.
  const gone = new Set<number>([...plan.deletes, ...plan.updates.map((u) => u.id)]);
  const changed = [...plan.updates.map((u) => u.data), ...plan.adds];
  const after = [...current.filter((r) => !gone.has(r.id)).map(recordData), ...changed];
  for (const record of changed) {
    const owner = ownerOf(record);
    const others = after.filter((o) => o !== record && ownerOf(o) === owner);
    if (record.type === 'CNAME' && others.length > 0) {
      throw invalidField('host', `${owner} already has other records; a CNAME record must be the only record at its name`);
    }
    if (others.some((o) => o.type === 'CNAME')) {
      throw invalidField('host', `${owner} has a CNAME record; no other record can share its name`);
    }
    // An ANAME (PowerDNS's ALIAS) answers A and AAAA queries with its target's addresses: its name
    // has no addresses of its own, and one name has one ANAME.
    const clash = others.find((o) => aliasClash(record.type, o.type));
    if (clash) {
      throw invalidField('host', `${owner} has ${clash.type === 'ANAME' ? 'an ANAME record' : `${clash.type} records`}; an ANAME cannot share its name with A, AAAA or another ANAME record`);
    }
    if (others.some((o) => identity(o) === identity(record))) {
      throw invalidField('content', 'The same record already exists');
    }
  }
  // Whole names last: each owner the change touches, as it would stand, against its answers' limits.
  for (const owner of new Set(changed.map(ownerOf))) {
    const at = (records: RecordData[]) => records.filter((r) => ownerOf(r) === owner);
    const problem = servedLimitProblem(zone, owner, at(current.map(recordData)), at(after));
    if (problem) throw invalidField(problem.field, problem.message);
  }
  return plan;
}
