import { createHash, randomInt } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import type { RegistrantSnapshot } from '../../../ports/registry.js';
import { attr, child, children, inNs, NS, text, type XmlNode } from './xml.js';

/**
 * RFC 5733 contact commands. A contact is sent with `int` postal info when all of it is ASCII (the
 * form RFC 5733 section 2.3 asks for), else `loc`; nothing personal is published by default: a
 * `disclose flag="0"` on voice, email and address (RFC 5733 section 2.9), which a registry whose data
 * collection policy already publishes nothing (greeting dcp access `none`) is not sent.
 */

const c = inNs(NS.contact);
const epp = inNs(NS.epp);

/** Handle alphabet: letters and digits only, which every registry's clIDType accepts. */
const HANDLE_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new contact handle: `hp` and 12 random characters (14, inside RFC 5730's clIDType 3-16). */
export function newContactHandle(): string {
  return `hp${Array.from({ length: 12 }, () => HANDLE_CHARS[randomInt(HANDLE_CHARS.length)]).join('')}`;
}

/** A fingerprint of what the registry holds of a contact, to tell whether it must be updated there. */
export function contactFingerprint(r: RegistrantSnapshot): string {
  const { key: _key, ...details } = r;
  const ordered = Object.fromEntries(Object.entries(details).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

export function postalType(r: RegistrantSnapshot): 'int' | 'loc' {
  return [r.name, r.organization, r.address, r.city, r.zipCode].every((s) => /^[\x20-\x7e\n]*$/.test(s)) ? 'int' : 'loc';
}

function postalInfo(r: RegistrantSnapshot): XmlNode {
  const streets = r.address.split('\n').map((s) => s.trim()).filter(Boolean).slice(0, 3);
  return c('postalInfo', { type: postalType(r) },
    c('name', r.name),
    r.organization ? c('org', r.organization) : undefined,
    c('addr',
      streets.map((s) => c('street', s)),
      c('city', r.city),
      r.zipCode ? c('pc', r.zipCode) : undefined,
      c('cc', r.country.toUpperCase())),
  );
}

function disclose(r: RegistrantSnapshot): XmlNode {
  return c('disclose', { flag: '0' }, c('addr', { type: postalType(r) }), c('voice'), c('email'));
}

export interface ContactOptions {
  /** Whether to send disclose flag="0" (the registry's dcp may publish personal data). */
  hide: boolean;
}

export function createContact(handle: string, r: RegistrantSnapshot, authCode: string, opts: ContactOptions): XmlNode {
  return epp('create', c('create',
    c('id', handle),
    postalInfo(r),
    r.phone ? c('voice', r.phone) : undefined,
    c('email', r.email),
    c('authInfo', c('pw', authCode)),
    opts.hide ? disclose(r) : undefined,
  ));
}

/** Replaces every detail (chg of postal info, voice and email; the disclose choice again). */
export function updateContact(handle: string, r: RegistrantSnapshot, opts: ContactOptions): XmlNode {
  return epp('update', c('update',
    c('id', handle),
    c('chg',
      postalInfo(r),
      c('voice', r.phone),
      c('email', r.email),
      opts.hide ? disclose(r) : undefined),
  ));
}

export function infoContact(handle: string): XmlNode {
  return epp('info', c('info', c('id', handle)));
}

export function deleteContact(handle: string): XmlNode {
  return epp('delete', c('delete', c('id', handle)));
}

export function checkContacts(handles: string[]): XmlNode {
  return epp('check', c('check', handles.map((h) => c('id', h))));
}

export interface ContactInfoData {
  id: string;
  clID: string;
  statuses: string[];
  /** The details as a snapshot; `key` and `identityNumber` are not the registry's to tell and are left ''. */
  details: RegistrantSnapshot;
}

export function readContactInfo(resData: Element | undefined): ContactInfoData | undefined {
  const inf = child(resData, NS.contact, 'infData');
  if (!inf) return undefined;
  const infos = children(inf, NS.contact, 'postalInfo');
  // Prefer the form we send (loc when given: it is the one with the data as entered).
  const pi = infos.find((p) => attr(p, 'type') === 'loc') ?? infos[0];
  const addr = child(pi, NS.contact, 'addr');
  return {
    id: text(child(inf, NS.contact, 'id')),
    clID: text(child(inf, NS.contact, 'clID')),
    statuses: children(inf, NS.contact, 'status').map((s) => attr(s, 's') ?? ''),
    details: {
      key: '',
      name: text(child(pi, NS.contact, 'name')),
      organization: text(child(pi, NS.contact, 'org')),
      email: text(child(inf, NS.contact, 'email')),
      phone: text(child(inf, NS.contact, 'voice')),
      address: children(addr, NS.contact, 'street').map(text).join('\n'),
      zipCode: text(child(addr, NS.contact, 'pc')),
      city: text(child(addr, NS.contact, 'city')),
      country: text(child(addr, NS.contact, 'cc')),
      identityNumber: '',
    },
  };
}

/** Whether a check says the handle is free (for a generated handle that happens to be taken). */
export function readContactCheck(resData: Element | undefined): Map<string, boolean> {
  return new Map(children(child(resData, NS.contact, 'chkData'), NS.contact, 'cd').map((cd) => {
    const id = child(cd, NS.contact, 'id');
    return [text(id), attr(id, 'avail') === '1' || attr(id, 'avail') === 'true'];
  }));
}

