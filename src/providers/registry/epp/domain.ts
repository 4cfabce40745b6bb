import type { Element } from '@xmldom/xmldom';
import { attr, child, children, inNs, NS, path, text, type XmlNode } from './xml.js';

/**
 * RFC 5731 domain commands: builders of each command's verb element (children in the schema's order),
 * and readers of its resData. Sending and result codes are the caller's.
 */

const d = inNs(NS.domain);
const epp = inNs(NS.epp);
const obj = (name: string, ...parts: Array<XmlNode | undefined>) => d(name, parts);

export type NameserverStyle = 'hostObj' | 'hostAttr';
export interface Nameserver {
  name: string;
  /** Glue addresses, for hostAttr (hostObj hosts carry theirs on the host object). */
  addrs?: string[];
}
export type ContactRole = 'admin' | 'tech' | 'billing';

export function checkDomains(names: string[]): XmlNode {
  return epp('check', obj('check', ...names.map((n) => d('name', n))));
}

export function readCheck(resData: Element | undefined): Array<{ name: string; available: boolean; reason?: string }> {
  return children(child(resData, NS.domain, 'chkData'), NS.domain, 'cd').map((cd) => {
    const name = child(cd, NS.domain, 'name');
    const reason = text(child(cd, NS.domain, 'reason'));
    const avail = attr(name, 'avail');
    return { name: text(name), available: avail === '1' || avail === 'true', ...(reason ? { reason } : {}) };
  });
}

/** info with hosts="all" (RFC 5731 section 3.1.2), and the authInfo when we ask as a would-be gaining registrar. */
export function infoDomain(name: string, authCode?: string): XmlNode {
  return epp('info', obj('info',
    d('name', { hosts: 'all' }, name),
    authCode !== undefined ? d('authInfo', d('pw', authCode)) : undefined,
  ));
}

export interface DomainInfoData {
  name: string;
  roid: string;
  statuses: string[];
  registrant?: string;
  contacts: Array<{ type: string; handle: string }>;
  nameservers: string[];
  /** Subordinate hosts the registry lists for the domain (domain:host). */
  hosts: string[];
  clID: string;
  crDate: string;
  upDate?: string;
  exDate: string;
  authCode?: string;
}

export function readInfo(resData: Element | undefined): DomainInfoData | undefined {
  const inf = child(resData, NS.domain, 'infData');
  if (!inf) return undefined;
  const ns = child(inf, NS.domain, 'ns');
  const registrant = text(child(inf, NS.domain, 'registrant'));
  const upDate = text(child(inf, NS.domain, 'upDate'));
  const pw = path(inf, NS.domain, 'authInfo', 'pw');
  return {
    name: text(child(inf, NS.domain, 'name')),
    roid: text(child(inf, NS.domain, 'roid')),
    statuses: children(inf, NS.domain, 'status').map((s) => attr(s, 's') ?? '').filter(Boolean),
    ...(registrant ? { registrant } : {}),
    contacts: children(inf, NS.domain, 'contact').map((c) => ({ type: attr(c, 'type') ?? '', handle: text(c) })),
    nameservers: [
      ...children(ns, NS.domain, 'hostObj').map(text),
      ...children(ns, NS.domain, 'hostAttr').map((h) => text(child(h, NS.domain, 'hostName'))),
    ].map((n) => n.toLowerCase()),
    hosts: children(inf, NS.domain, 'host').map(text),
    clID: text(child(inf, NS.domain, 'clID')),
    crDate: text(child(inf, NS.domain, 'crDate')),
    ...(upDate ? { upDate } : {}),
    exDate: text(child(inf, NS.domain, 'exDate')),
    ...(pw ? { authCode: text(pw) } : {}),
  };
}

/** `<domain:ns>` with hostObj names, or hostAttr with their glue (v4 or v6 by the address's form). */
export function nsElement(nameservers: Nameserver[], style: NameserverStyle): XmlNode | undefined {
  if (!nameservers.length) return undefined;
  return d('ns', nameservers.map((n) => style === 'hostObj'
    ? d('hostObj', n.name)
    : d('hostAttr', d('hostName', n.name), (n.addrs ?? []).map((a) => d('hostAddr', { ip: a.includes(':') ? 'v6' : 'v4' }, a)))));
}

export function createDomain(req: {
  name: string; years: number; nameservers: Nameserver[]; style: NameserverStyle;
  registrant: string; contacts: Array<{ role: ContactRole; handle: string }>; authCode: string;
}): XmlNode {
  return epp('create', obj('create',
    d('name', req.name),
    d('period', { unit: 'y' }, String(req.years)),
    nsElement(req.nameservers, req.style),
    d('registrant', req.registrant),
    ...req.contacts.map((c) => d('contact', { type: c.role }, c.handle)),
    d('authInfo', d('pw', req.authCode)),
  ));
}

/** The exDate of a create, renew or transfer answer (creData, renData, trnData). */
export function readExDate(resData: Element | undefined): string | undefined {
  for (const data of ['creData', 'renData', 'trnData']) {
    const ex = path(resData, NS.domain, data, 'exDate');
    if (ex) return text(ex);
  }
  return undefined;
}

/** renew names the current expiry date (YYYY-MM-DD), so a repeated renew is refused rather than applied twice. */
export function renewDomain(name: string, currentExpiry: string, years: number): XmlNode {
  return epp('renew', obj('renew', d('name', name), d('curExpDate', currentExpiry.slice(0, 10)), d('period', { unit: 'y' }, String(years))));
}

export type TransferOp = 'request' | 'query' | 'approve' | 'reject' | 'cancel';

export function transferDomain(op: TransferOp, name: string, authCode?: string): XmlNode {
  return epp('transfer', { op }, obj('transfer',
    d('name', name),
    authCode !== undefined ? d('authInfo', d('pw', authCode)) : undefined,
  ));
}

export interface TransferData {
  name: string;
  trStatus: string;
  reID: string;
  reDate: string;
  acID: string;
  acDate: string;
  exDate?: string;
}

export function readTransfer(resData: Element | undefined): TransferData | undefined {
  const trn = child(resData, NS.domain, 'trnData');
  if (!trn) return undefined;
  const exDate = text(child(trn, NS.domain, 'exDate'));
  return {
    name: text(child(trn, NS.domain, 'name')),
    trStatus: text(child(trn, NS.domain, 'trStatus')),
    reID: text(child(trn, NS.domain, 'reID')),
    reDate: text(child(trn, NS.domain, 'reDate')),
    acID: text(child(trn, NS.domain, 'acID')),
    acDate: text(child(trn, NS.domain, 'acDate')),
    ...(exDate ? { exDate } : {}),
  };
}

export interface DomainChange {
  addNs?: Nameserver[];
  remNs?: Nameserver[];
  addContacts?: Array<{ role: ContactRole; handle: string }>;
  remContacts?: Array<{ role: ContactRole; handle: string }>;
  addStatuses?: string[];
  remStatuses?: string[];
  registrant?: string;
  authCode?: string;
  /** An empty `<domain:chg/>`, which RFC 3915's restore request carries (section 4.2.5). */
  emptyChg?: boolean;
}

/** update: add and rem (ns, contact, status in that order), then chg (registrant, authInfo). */
export function updateDomain(name: string, change: DomainChange, style: NameserverStyle): XmlNode {
  const part = (tag: 'add' | 'rem', ns?: Nameserver[], contacts?: DomainChange['addContacts'], statuses?: string[]) => {
    const kids = [
      nsElement(ns ?? [], style),
      ...(contacts ?? []).map((c) => d('contact', { type: c.role }, c.handle)),
      ...(statuses ?? []).map((s) => d('status', { s })),
    ].filter(Boolean);
    return kids.length ? d(tag, kids) : undefined;
  };
  const chg = change.registrant !== undefined || change.authCode !== undefined
    ? d('chg',
      change.registrant !== undefined ? d('registrant', change.registrant) : undefined,
      change.authCode !== undefined ? d('authInfo', d('pw', change.authCode)) : undefined)
    : change.emptyChg ? d('chg') : undefined;
  return epp('update', obj('update',
    d('name', name),
    part('add', change.addNs, change.addContacts, change.addStatuses),
    part('rem', change.remNs, change.remContacts, change.remStatuses),
    chg,
  ));
}

export function deleteDomain(name: string): XmlNode {
  return epp('delete', obj('delete', d('name', name)));
}
