import type { Element } from '@xmldom/xmldom';
import { isHostName, type Registry } from './registry.js';
import { EppError } from './result.js';
import type { DomainState, DsRecord, HostAddr, NameserverRef, TransferRecord } from './types.js';
import { child, children, echo, NS, text, x, type XNode } from './xml.js';

/** Parsing and rendering of domain parts shared by the domain commands (RFC 5731, RFC 5910). */

export function normName(name: string | undefined): string {
  return (name ?? '').trim().toLowerCase().replace(/\.$/, '');
}

export function readAddrs(els: Element[]): HostAddr[] {
  return els.map((a) => {
    const ip = (a.getAttribute('ip') || 'v4') as 'v4' | 'v6';
    const addr = text(a) ?? '';
    if (!validAddr(ip, addr)) throw new EppError(2005, `${addr} is not an IP${ip} address`, echo(a));
    return { ip, addr };
  });
}

function validAddr(ip: 'v4' | 'v6', addr: string): boolean {
  if (ip === 'v4') return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(addr);
  return /^[0-9a-f:.]+$/i.test(addr) && addr.includes(':') && (addr.match(/::/g)?.length ?? 0) <= 1;
}

/**
 * <domain:ns>: as host objects (each must exist at the registry) or as attributes (glue inline, only
 * for names inside this registry's TLDs), in the style the TLD's policy takes.
 */
export function readNameservers(reg: Registry, tld: string, ns: Element | undefined, domainName: string): NameserverRef[] {
  if (!ns) return [];
  const style = reg.policy(tld).nameservers;
  const objs = children(ns, NS.domain, 'hostObj');
  const attrs = children(ns, NS.domain, 'hostAttr');
  if ((style === 'hostObj' && attrs.length) || (style === 'hostAttr' && objs.length)) {
    throw new EppError(2306, `.${tld} takes nameservers as ${style}`);
  }
  const refs: NameserverRef[] = [];
  for (const o of objs) {
    const name = normName(text(o));
    if (!reg.hosts.has(name)) throw new EppError(2303, `host ${name} does not exist`, x('domain:hostObj', null, name));
    refs.push({ name });
  }
  for (const a of attrs) {
    const name = normName(text(child(a, NS.domain, 'hostName')));
    if (!isHostName(name)) throw new EppError(2005, `${name} is not a valid host name`);
    const addrs = readAddrs(children(a, NS.domain, 'hostAddr'));
    const sup = reg.superordinate(name);
    if (sup && addrs.length === 0) throw new EppError(2003, `${name} is inside .${tld}: its addresses (glue) are required`);
    if (!sup && addrs.length > 0) throw new EppError(2306, `${name} is outside this registry: it takes no addresses`);
    if (sup && sup !== domainName && !reg.domains.has(sup)) throw new EppError(2303, `superordinate domain ${sup} of ${name} does not exist`);
    refs.push({ name, addrs });
  }
  const names = refs.map((r) => r.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new EppError(2306, `nameserver ${dup} is named twice`);
  return refs;
}

export function readDs(els: Element[]): DsRecord[] {
  return els.map((d) => ({
    keyTag: Number(text(child(d, NS.secDNS, 'keyTag'))),
    alg: Number(text(child(d, NS.secDNS, 'alg'))),
    digestType: Number(text(child(d, NS.secDNS, 'digestType'))),
    digest: (text(child(d, NS.secDNS, 'digest')) ?? '').toUpperCase(),
  }));
}

export function sameDs(a: DsRecord, b: DsRecord): boolean {
  return a.keyTag === b.keyTag && a.alg === b.alg && a.digestType === b.digestType && a.digest === b.digest;
}

export function dsNode(d: DsRecord): XNode {
  return x('secDNS:dsData', null,
    x('secDNS:keyTag', null, String(d.keyTag)),
    x('secDNS:alg', null, String(d.alg)),
    x('secDNS:digestType', null, String(d.digestType)),
    x('secDNS:digest', null, d.digest));
}

export function nsNode(refs: NameserverRef[]): XNode | undefined {
  if (refs.length === 0) return undefined;
  return x('domain:ns', null, ...refs.map((r) => r.addrs
    ? x('domain:hostAttr', null, x('domain:hostName', null, r.name), ...r.addrs.map((a) => x('domain:hostAddr', { ip: a.ip }, a.addr)))
    : x('domain:hostObj', null, r.name)));
}

export function trnDataNode(name: string, t: TransferRecord): XNode {
  return x('domain:trnData', null,
    x('domain:name', null, name),
    x('domain:trStatus', null, t.status),
    x('domain:reID', null, t.reID),
    x('domain:reDate', null, t.reDate.toISOString()),
    x('domain:acID', null, t.acID),
    x('domain:acDate', null, t.acDate.toISOString()),
    x('domain:exDate', null, t.exDate.toISOString()));
}

/** The domain, or 2303. */
export function existing(reg: Registry, name: string): DomainState {
  const d = reg.domains.get(name);
  if (!d) throw new EppError(2303, `domain ${name} does not exist`, x('domain:name', null, name));
  return d;
}

/** The domain, when `registrar` sponsors it: 2303 when there is none, 2201 when it is another's. */
export function sponsored(reg: Registry, name: string, registrar: string): DomainState {
  const d = existing(reg, name);
  if (d.clID !== registrar) throw new EppError(2201, `domain ${name} is sponsored by another registrar`);
  return d;
}

/** Years of a <domain:period> (months only in whole years), 1-10 as registries allow; 2004 otherwise. */
export function readPeriod(el: Element | undefined, fallback = 1): number {
  if (!el) return fallback;
  const n = Number(text(el));
  const years = el.getAttribute('unit') === 'm' ? n / 12 : n;
  if (!Number.isInteger(years) || years < 1 || years > 10) throw new EppError(2004, `period must be 1-10 years`, x('domain:period', { unit: el.getAttribute('unit') ?? 'y' }, String(n)));
  return years;
}
