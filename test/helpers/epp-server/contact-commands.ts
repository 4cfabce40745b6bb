import type { Element } from '@xmldom/xmldom';
import { authInfoPw, extension, onlyExtensions, type CommandContext } from './context.js';
import type { Registry } from './registry.js';
import { EppError, type Answer } from './result.js';
import type { ContactState, PostalInfo } from './types.js';
import { child, children, NS, text, x, type XNode } from './xml.js';

/**
 * Contacts (RFC 5733), with the identity-1.0 extension (schemas/identity-1.0.xsd) that carries the
 * identity number some TLDs want of a registrant. Contact ids are unique in the whole registry, as in
 * every shared registry: a registrar picks its own (2302 when taken).
 */

function c(el: Element | undefined, local: string): string | undefined {
  return text(child(el, NS.contact, local));
}

function readPostalInfo(el: Element): PostalInfo {
  const addr = child(el, NS.contact, 'addr');
  return {
    type: el.getAttribute('type') as 'loc' | 'int',
    name: c(el, 'name') ?? '',
    org: c(el, 'org') || undefined,
    street: children(addr!, NS.contact, 'street').map((s) => text(s) ?? ''),
    city: c(addr, 'city') ?? '',
    sp: c(addr, 'sp') || undefined,
    pc: c(addr, 'pc') || undefined,
    cc: (c(addr, 'cc') ?? '').toUpperCase(),
  };
}

function readDisclose(el: Element | undefined): ContactState['disclose'] {
  if (!el) return undefined;
  const flag = el.getAttribute('flag') === '1' || el.getAttribute('flag') === 'true';
  const fields = children(el, NS.contact).map((f) => (f.getAttribute('type') ? `${f.localName}:${f.getAttribute('type')}` : f.localName!));
  return { flag, fields };
}

function checkCc(p: PostalInfo): void {
  if (!/^[A-Z]{2}$/.test(p.cc)) throw new EppError(2005, `country code ${p.cc} is not ISO 3166-1 alpha-2`);
}

function readIdentity(ctx: CommandContext, local: 'create' | 'update'): string | undefined {
  const el = extension(ctx, NS.identity, local);
  return el ? text(child(el, NS.identity, 'number')) : undefined;
}

/** The contact, when the caller sponsors it: 2303 when none, 2201 when another's. */
function sponsoredContact(reg: Registry, id: string, registrar: string): ContactState {
  const found = reg.contacts.get(id);
  if (!found) throw new EppError(2303, `contact ${id} does not exist`, x('contact:id', null, id));
  if (found.clID !== registrar) throw new EppError(2201, `contact ${id} is sponsored by another registrar`);
  return found;
}

export function contactCheck(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const cds = children(ctx.body, NS.contact, 'id').map((el) => {
    const id = text(el) ?? '';
    const taken = ctx.registry.contacts.has(id);
    return x('contact:cd', null, x('contact:id', { avail: !taken }, id), taken && x('contact:reason', null, 'In use'));
  });
  return { code: 1000, resData: x('contact:chkData', null, ...cds) };
}

/** contact:create: a free id (2302), a valid country code (2005), the identity number when given. */
export function contactCreate(ctx: CommandContext): Answer {
  onlyExtensions(ctx, [[NS.identity, 'create']]);
  const reg = ctx.registry;
  const id = c(ctx.body, 'id') ?? '';
  if (reg.contacts.has(id)) throw new EppError(2302, `contact ${id} exists`, x('contact:id', null, id));
  const postalInfo = children(ctx.body, NS.contact, 'postalInfo').map(readPostalInfo);
  if (new Set(postalInfo.map((p) => p.type)).size !== postalInfo.length) throw new EppError(2306, 'one postalInfo per type (loc, int)');
  postalInfo.forEach(checkCc);
  const now = reg.now();
  const contact: ContactState = {
    id, roid: reg.roid('C'), clID: ctx.registrar, crID: ctx.registrar, crDate: now, postalInfo,
    voice: c(ctx.body, 'voice') || undefined, fax: c(ctx.body, 'fax') || undefined, email: c(ctx.body, 'email') ?? '',
    authInfo: authInfoPw(child(ctx.body, NS.contact, 'authInfo')) ?? '', disclose: readDisclose(child(ctx.body, NS.contact, 'disclose')),
    identity: readIdentity(ctx, 'create'), statuses: new Set(),
  };
  reg.contacts.set(id, contact);
  return { code: 1000, resData: x('contact:creData', null, x('contact:id', null, id), x('contact:crDate', null, now.toISOString())) };
}

function postalNode(p: PostalInfo): XNode {
  return x('contact:postalInfo', { type: p.type },
    x('contact:name', null, p.name),
    p.org !== undefined && x('contact:org', null, p.org),
    x('contact:addr', null,
      ...p.street.map((s) => x('contact:street', null, s)),
      x('contact:city', null, p.city),
      p.sp !== undefined && x('contact:sp', null, p.sp),
      p.pc !== undefined && x('contact:pc', null, p.pc),
      x('contact:cc', null, p.cc)));
}

function discloseNode(d: NonNullable<ContactState['disclose']>): XNode {
  const order = ['name', 'org', 'addr', 'voice', 'fax', 'email'];
  const fields = [...d.fields].sort((a, b) => order.indexOf(a.split(':')[0]!) - order.indexOf(b.split(':')[0]!));
  return x('contact:disclose', { flag: d.flag }, ...fields.map((f) => {
    const [local, type] = f.split(':');
    return x(`contact:${local}`, type ? { type } : null);
  }));
}

/**
 * contact:info (RFC 5733 section 3.1.2): the sponsor, or another registrar with the contact's authInfo
 * (2202 when wrong); anyone else 2201, since a contact's data is personal data.
 */
export function contactInfo(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const id = c(ctx.body, 'id') ?? '';
  const found = reg.contacts.get(id);
  if (!found) throw new EppError(2303, `contact ${id} does not exist`, x('contact:id', null, id));
  const sponsor = found.clID === ctx.registrar;
  if (!sponsor) {
    const given = authInfoPw(child(ctx.body, NS.contact, 'authInfo'));
    if (given === undefined) throw new EppError(2201, `contact ${id} is sponsored by another registrar`);
    if (given !== found.authInfo) throw new EppError(2202, `authInfo of contact ${id} does not match`);
  }
  const extensionNodes = found.identity && ctx.loginExtensions.has(NS.identity)
    ? [x('identity:infData', null, x('identity:number', null, found.identity))] : [];
  return {
    code: 1000,
    resData: x('contact:infData', null,
      x('contact:id', null, found.id),
      x('contact:roid', null, found.roid),
      ...reg.contactStatuses(found).map((s) => x('contact:status', { s })),
      ...found.postalInfo.map(postalNode),
      found.voice !== undefined && x('contact:voice', null, found.voice),
      found.fax !== undefined && x('contact:fax', null, found.fax),
      x('contact:email', null, found.email),
      x('contact:clID', null, found.clID),
      x('contact:crID', null, found.crID),
      x('contact:crDate', null, found.crDate.toISOString()),
      found.upID !== undefined && x('contact:upID', null, found.upID),
      found.upDate && x('contact:upDate', null, found.upDate.toISOString()),
      sponsor && x('contact:authInfo', null, x('contact:pw', null, found.authInfo)),
      found.disclose && discloseNode(found.disclose)),
    extension: extensionNodes,
  };
}

const CONTACT_CLIENT_STATUSES = new Set(['clientDeleteProhibited', 'clientTransferProhibited', 'clientUpdateProhibited']);

/**
 * contact:update (RFC 5733 section 3.2.5): the sponsor only; clientUpdateProhibited blocks all but its
 * own removal (2304). A chg postalInfo replaces the fields it names.
 */
export function contactUpdate(ctx: CommandContext): Answer {
  onlyExtensions(ctx, [[NS.identity, 'update']]);
  const reg = ctx.registry;
  const id = c(ctx.body, 'id') ?? '';
  const found = sponsoredContact(reg, id, ctx.registrar);
  const add = child(ctx.body, NS.contact, 'add');
  const rem = child(ctx.body, NS.contact, 'rem');
  const chg = child(ctx.body, NS.contact, 'chg');
  const remStatuses = rem ? children(rem, NS.contact, 'status').map((s) => s.getAttribute('s') ?? '') : [];
  if (found.statuses.has('serverUpdateProhibited') || (found.statuses.has('clientUpdateProhibited') && !remStatuses.includes('clientUpdateProhibited'))) {
    throw new EppError(2304, `contact ${id} is update-prohibited`);
  }
  const next: ContactState = { ...found, statuses: new Set(found.statuses), postalInfo: found.postalInfo.map((p) => ({ ...p })) };
  for (const s of remStatuses) {
    if (!CONTACT_CLIENT_STATUSES.has(s)) throw new EppError(2306, `status ${s} is not the registrar's to remove`);
    if (!next.statuses.delete(s)) throw new EppError(2306, `contact ${id} does not have status ${s}`);
  }
  for (const s of add ? children(add, NS.contact, 'status').map((e) => e.getAttribute('s') ?? '') : []) {
    if (!CONTACT_CLIENT_STATUSES.has(s)) throw new EppError(2306, `status ${s} is not the registrar's to set`);
    next.statuses.add(s);
  }
  if (chg) {
    for (const p of children(chg, NS.contact, 'postalInfo')) {
      const type = p.getAttribute('type') as 'loc' | 'int';
      let target = next.postalInfo.find((o) => o.type === type);
      const addr = child(p, NS.contact, 'addr');
      if (!target) {
        if (!c(p, 'name') || !addr) throw new EppError(2003, `a new ${type} postalInfo needs a name and an address`);
        target = { type, name: '', street: [], city: '', cc: '' };
        next.postalInfo.push(target);
      }
      if (c(p, 'name') !== undefined) target.name = c(p, 'name')!;
      if (child(p, NS.contact, 'org')) target.org = c(p, 'org') || undefined;
      if (addr) Object.assign(target, { ...readPostalInfo(p), name: target.name, org: target.org });
      checkCc(target);
    }
    if (child(chg, NS.contact, 'voice')) next.voice = c(chg, 'voice') || undefined;
    if (child(chg, NS.contact, 'fax')) next.fax = c(chg, 'fax') || undefined;
    if (child(chg, NS.contact, 'email')) next.email = c(chg, 'email') ?? next.email;
    const auth = child(chg, NS.contact, 'authInfo');
    if (auth) next.authInfo = authInfoPw(auth) ?? '';
    const disclose = child(chg, NS.contact, 'disclose');
    if (disclose) next.disclose = readDisclose(disclose);
  }
  const identity = readIdentity(ctx, 'update');
  if (identity !== undefined) next.identity = identity;
  next.upDate = reg.now();
  next.upID = ctx.registrar;
  Object.assign(found, next);
  return { code: 1000 };
}

/** contact:delete: the sponsor only; 2305 while a domain uses it. */
export function contactDelete(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const id = c(ctx.body, 'id') ?? '';
  const found = sponsoredContact(reg, id, ctx.registrar);
  if (reg.contactLinked(id)) throw new EppError(2305, `contact ${id} is used by a domain`);
  if (found.statuses.has('clientDeleteProhibited') || found.statuses.has('serverDeleteProhibited')) throw new EppError(2304, `contact ${id} is delete-prohibited`);
  reg.contacts.delete(id);
  return { code: 1000 };
}
