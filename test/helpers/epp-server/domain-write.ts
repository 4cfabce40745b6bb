import type { Element } from '@xmldom/xmldom';
import { authInfoPw, extension, onlyExtensions, type CommandContext } from './context.js';
import { existing, normName, readDs, readNameservers, readPeriod, sameDs, sponsored } from './domain-data.js';
import { addYears, dateOnly, type Registry } from './registry.js';
import { EppError, type Answer } from './result.js';
import type { DomainState, DsRecord, TldPolicy } from './types.js';
import { child, children, echo, NS, text, x } from './xml.js';

type Role = 'admin' | 'tech' | 'billing';

/** A contact the caller may put on its domain: it must exist (2303) and be the caller's (2201). */
function usableContact(reg: Registry, id: string, registrar: string, as: string): void {
  const c = reg.contacts.get(id);
  if (!c) throw new EppError(2303, `${as} contact ${id} does not exist`, x('domain:contact', null, id));
  if (c.clID !== registrar) throw new EppError(2201, `${as} contact ${id} is sponsored by another registrar`);
}

function checkRegistrantPolicy(reg: Registry, policy: Required<TldPolicy>, id: string, tld: string): void {
  if (policy.registrantIdentity && !reg.contacts.get(id)?.identity) {
    throw new EppError(2306, `the registrant of a .${tld} name must have an identity number (identity-1.0 extension)`, x('domain:registrant', null, id));
  }
}

function readContacts(els: Element[]): Array<{ type: Role; id: string }> {
  return els.map((c) => ({ type: (c.getAttribute('type') || 'admin') as Role, id: text(c) ?? '' }));
}

/** secDNS-1.1's dsData interface; keyData (the registry would compute the DS) is not offered. */
function readDsOnly(el: Element): DsRecord[] {
  if (children(el, NS.secDNS, 'keyData').length) throw new EppError(2306, 'this registry takes DS records (dsData), not keys (keyData)');
  return readDs(children(el, NS.secDNS, 'dsData'));
}

/**
 * domain:create (RFC 5731 section 3.2.1, with secDNS-1.1's create). Rules: a registrable name under a
 * served TLD (2005/2004/2306) that nobody holds, in redemption included (2302); 1-10 years (2004); a
 * registrant (2003) that exists (2303) and is the caller's (2201), with an identity number where the
 * TLD wants one (2306); contacts likewise, with the TLD's required roles (2003); nameservers in the
 * TLD's style, host objects that exist (2303), glue only and always for names inside the registry.
 */
export function domainCreate(ctx: CommandContext): Answer {
  onlyExtensions(ctx, [[NS.secDNS, 'create']]);
  const { registry: reg, body } = ctx;
  const name = normName(childText(body, 'name'));
  const { tld } = reg.checkRegistrable(name);
  if (reg.domains.has(name)) throw new EppError(2302, `domain ${name} exists`, x('domain:name', null, name));
  const years = readPeriod(child(body, NS.domain, 'period'));
  const policy = reg.policy(tld);
  const registrant = childText(body, 'registrant');
  if (!registrant) throw new EppError(2003, 'a registrant is required');
  usableContact(reg, registrant, ctx.registrar, 'registrant');
  checkRegistrantPolicy(reg, policy, registrant, tld);
  const contacts = readContacts(children(body, NS.domain, 'contact'));
  for (const c of contacts) usableContact(reg, c.id, ctx.registrar, c.type);
  for (const role of policy.requiredRoles) {
    if (!contacts.some((c) => c.type === role)) throw new EppError(2003, `a .${tld} name needs an ${role} contact`);
  }
  const ns = readNameservers(reg, tld, child(body, NS.domain, 'ns'), name);
  const authInfo = authInfoPw(child(body, NS.domain, 'authInfo')) ?? '';
  if (authInfo.trim() === '') throw new EppError(2306, 'authInfo must not be empty');
  const secDns = extension(ctx, NS.secDNS, 'create');
  const ds = secDns ? readDsOnly(secDns) : [];
  const now = reg.now();
  const d: DomainState = {
    name, roid: reg.roid('D'), clID: ctx.registrar, crID: ctx.registrar, crDate: now, exDate: addYears(now, years),
    registrant, contacts, ns, statuses: new Set(), authInfo, ds,
  };
  reg.domains.set(name, d);
  return {
    code: 1000,
    resData: x('domain:creData', null, x('domain:name', null, name), x('domain:crDate', null, now.toISOString()), x('domain:exDate', null, d.exDate.toISOString())),
  };
}

function childText(el: Element, local: string): string | undefined {
  return text(child(el, NS.domain, local));
}

function prohibited(d: DomainState, what: 'Update' | 'Renew' | 'Delete' | 'Transfer'): string | undefined {
  return [`client${what}Prohibited`, `server${what}Prohibited`].find((s) => d.statuses.has(s));
}

/**
 * domain:renew (RFC 5731 section 3.2.3): the sponsor only (2201); curExpDate must be the current expiry
 * date, which makes a repeated renew fail instead of adding years twice (2306); the new expiry at most
 * 10 years ahead (2306); not while prohibited, pending transfer or in redemption (2304).
 */
export function domainRenew(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const name = normName(childText(ctx.body, 'name'));
  const d = sponsored(reg, name, ctx.registrar);
  const blocked = prohibited(d, 'Renew') ?? (d.rgp ? 'pendingDelete' : d.transfer?.status === 'pending' ? 'pendingTransfer' : undefined);
  if (blocked) throw new EppError(2304, `domain ${name} has status ${blocked}`);
  const cur = childText(ctx.body, 'curExpDate') ?? '';
  if (cur !== dateOnly(d.exDate)) {
    throw new EppError(2306, `curExpDate ${cur} is not the current expiry date ${dateOnly(d.exDate)}`, echo(child(ctx.body, NS.domain, 'curExpDate')!));
  }
  const years = readPeriod(child(ctx.body, NS.domain, 'period'));
  const exDate = addYears(d.exDate, years);
  if (exDate.getTime() > addYears(reg.now(), 10).getTime()) throw new EppError(2306, `the expiry would be more than 10 years ahead`);
  d.exDate = exDate;
  d.upDate = reg.now();
  d.upID = ctx.registrar;
  return { code: 1000, resData: x('domain:renData', null, x('domain:name', null, name), x('domain:exDate', null, exDate.toISOString())) };
}

/**
 * domain:delete (RFC 5731 section 3.2.2): the sponsor only; not while prohibited or pending (2304);
 * not while it has subordinate hosts (2305: they go first). With redemption on (RFC 3915) the name
 * stays, pendingDelete and redemptionPeriod, and can be restored; otherwise it is free at once.
 */
export function domainDelete(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const name = normName(childText(ctx.body, 'name'));
  const d = sponsored(reg, name, ctx.registrar);
  const blocked = prohibited(d, 'Delete') ?? (d.rgp ? 'pendingDelete' : d.transfer?.status === 'pending' ? 'pendingTransfer' : undefined);
  if (blocked) throw new EppError(2304, `domain ${name} has status ${blocked}`);
  const subs = reg.subordinateHosts(name);
  if (subs.length) throw new EppError(2305, `domain ${name} has subordinate hosts (${subs.map((h) => h.name).join(', ')}): delete them first`);
  if (reg.options.redemption ?? true) {
    d.rgp = 'redemptionPeriod';
    d.deletedAt = reg.now();
    d.upDate = d.deletedAt;
    d.upID = ctx.registrar;
  } else {
    reg.domains.delete(name);
  }
  return { code: 1000 };
}

const CLIENT_STATUSES = new Set(['clientDeleteProhibited', 'clientHold', 'clientRenewProhibited', 'clientTransferProhibited', 'clientUpdateProhibited']);

/**
 * domain:update (RFC 5731 section 3.2.5) with secDNS-1.1's update and RFC 3915's restore. The sponsor
 * only (2201). With clientUpdateProhibited or serverUpdateProhibited nothing changes but the removal
 * of clientUpdateProhibited itself (2304); not while pending delete or transfer (2304), but for a
 * restore, which is only allowed in redemption (2304 otherwise). Adding what is there or removing what
 * is not is a client's mistake (2306); only client* statuses are the registrar's to set (2306).
 */
export function domainUpdate(ctx: CommandContext): Answer {
  onlyExtensions(ctx, [[NS.secDNS, 'update'], [NS.rgp, 'update']]);
  const reg = ctx.registry;
  const body = ctx.body;
  const name = normName(childText(body, 'name'));
  const d = sponsored(reg, name, ctx.registrar);
  const { tld } = reg.checkRegistrable(name);
  const add = child(body, NS.domain, 'add');
  const rem = child(body, NS.domain, 'rem');
  const chg = child(body, NS.domain, 'chg');

  const restore = extension(ctx, NS.rgp, 'update');
  if (restore) {
    // RFC 3915's example sends an empty <domain:chg/> with the restore; anything in it is a change.
    if ([add, rem, chg].some((e) => e && children(e).length > 0)) throw new EppError(2306, 'a restore changes nothing else');
    const op = child(restore, NS.rgp, 'restore')?.getAttribute('op');
    if (!d.rgp) throw new EppError(2304, `domain ${name} is not in its redemption period`);
    if (op === 'request') {
      // Restored at once: the report (op="report") that RFC 3915 allows afterwards is not required here.
      delete d.rgp;
      delete d.deletedAt;
      d.upDate = reg.now();
      d.upID = ctx.registrar;
    }
    return { code: 1000, extension: ctx.loginExtensions.has(NS.rgp) ? [x('rgp:upData', null, x('rgp:rgpStatus', { s: op === 'request' ? 'pendingRestore' : 'redemptionPeriod' }))] : [] };
  }

  if (d.rgp) throw new EppError(2304, `domain ${name} is pending delete`);
  if (d.transfer?.status === 'pending') throw new EppError(2304, `domain ${name} is pending transfer`);
  const removesLock = rem ? children(rem, NS.domain, 'status').some((s) => s.getAttribute('s') === 'clientUpdateProhibited') : false;
  if (d.statuses.has('serverUpdateProhibited') || (d.statuses.has('clientUpdateProhibited') && !removesLock)) {
    throw new EppError(2304, `domain ${name} has status ${d.statuses.has('serverUpdateProhibited') ? 'serverUpdateProhibited' : 'clientUpdateProhibited'}`);
  }

  // Work on a copy, so that a refused update changes nothing.
  const next: DomainState = { ...d, statuses: new Set(d.statuses), contacts: [...d.contacts], ns: [...d.ns], ds: [...d.ds] };
  const policy = reg.policy(tld);
  if (rem) {
    for (const ref of readNameserverNames(child(rem, NS.domain, 'ns'))) {
      if (!next.ns.some((n) => n.name === ref)) throw new EppError(2306, `${ref} is not a nameserver of ${name}`);
      next.ns = next.ns.filter((n) => n.name !== ref);
    }
    for (const c of readContacts(children(rem, NS.domain, 'contact'))) {
      if (!next.contacts.some((o) => o.id === c.id && o.type === c.type)) throw new EppError(2306, `${c.id} is not the ${c.type} contact of ${name}`);
      next.contacts = next.contacts.filter((o) => !(o.id === c.id && o.type === c.type));
    }
    for (const s of children(rem, NS.domain, 'status').map((e) => e.getAttribute('s') ?? '')) {
      if (!CLIENT_STATUSES.has(s)) throw new EppError(2306, `status ${s} is not the registrar's to remove`);
      if (!next.statuses.delete(s)) throw new EppError(2306, `${name} does not have status ${s}`);
    }
  }
  if (add) {
    for (const ref of readNameservers(reg, tld, child(add, NS.domain, 'ns'), name)) {
      if (next.ns.some((n) => n.name === ref.name)) throw new EppError(2306, `${ref.name} is already a nameserver of ${name}`);
      next.ns.push(ref);
    }
    for (const c of readContacts(children(add, NS.domain, 'contact'))) {
      usableContact(reg, c.id, ctx.registrar, c.type);
      if (next.contacts.some((o) => o.id === c.id && o.type === c.type)) throw new EppError(2306, `${c.id} is already the ${c.type} contact of ${name}`);
      next.contacts.push(c);
    }
    for (const s of children(add, NS.domain, 'status').map((e) => e.getAttribute('s') ?? '')) {
      if (!CLIENT_STATUSES.has(s)) throw new EppError(2306, `status ${s} is not the registrar's to set`);
      if (next.statuses.has(s)) throw new EppError(2306, `${name} already has status ${s}`);
      next.statuses.add(s);
    }
  }
  if (chg) {
    const registrantEl = child(chg, NS.domain, 'registrant');
    if (registrantEl) {
      const id = text(registrantEl) ?? '';
      if (id === '') throw new EppError(2306, 'the registrant cannot be removed');
      usableContact(reg, id, ctx.registrar, 'registrant');
      checkRegistrantPolicy(reg, policy, id, tld);
      next.registrant = id;
    }
    const auth = child(chg, NS.domain, 'authInfo');
    if (auth) {
      if (child(auth, NS.domain, 'null')) throw new EppError(2306, 'this registry requires an authInfo');
      const pw = authInfoPw(auth) ?? '';
      if (pw.trim() === '') throw new EppError(2306, 'authInfo must not be empty');
      next.authInfo = pw;
    }
  }
  for (const role of policy.requiredRoles) {
    if (!next.contacts.some((c) => c.type === role)) throw new EppError(2306, `a .${tld} name needs an ${role} contact`);
  }
  const sec = extension(ctx, NS.secDNS, 'update');
  if (sec) {
    const secRem = child(sec, NS.secDNS, 'rem');
    const secAdd = child(sec, NS.secDNS, 'add');
    if (child(sec, NS.secDNS, 'chg')) throw new EppError(2102, 'maxSigLife is not supported');
    if (secRem) {
      const all = child(secRem, NS.secDNS, 'all');
      if (all) {
        if (text(all) === 'true' || text(all) === '1') next.ds = [];
      } else {
        for (const ds of readDsOnly(secRem)) {
          if (!next.ds.some((o) => sameDs(o, ds))) throw new EppError(2306, `DS ${ds.keyTag} is not set on ${name}`);
          next.ds = next.ds.filter((o) => !sameDs(o, ds));
        }
      }
    }
    if (secAdd) {
      for (const ds of readDsOnly(secAdd)) {
        if (next.ds.some((o) => sameDs(o, ds))) throw new EppError(2306, `DS ${ds.keyTag} is already set on ${name}`);
        next.ds.push(ds);
      }
    }
  }
  next.upDate = reg.now();
  next.upID = ctx.registrar;
  Object.assign(d, next);
  return { code: 1000 };
}

function readNameserverNames(ns: Element | undefined): string[] {
  if (!ns) return [];
  return [...children(ns, NS.domain, 'hostObj').map((e) => normName(text(e))),
    ...children(ns, NS.domain, 'hostAttr').map((e) => normName(text(child(e, NS.domain, 'hostName'))))];
}

export { existing };
