import type { CommandContext } from './context.js';
import { authInfoPw, onlyExtensions } from './context.js';
import { dsNode, existing, normName, nsNode } from './domain-data.js';
import { isHostName } from './registry.js';
import { EppError, type Answer } from './result.js';
import { child, children, NS, text, x, type XNode } from './xml.js';

/**
 * domain:check (RFC 5731 section 3.1.1): avail per name, with the registry's reason when not (at most
 * 32 characters: eppcom's reasonType).
 */
export function domainCheck(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const cds = children(ctx.body, NS.domain, 'name').map((el) => {
    const name = normName(text(el));
    let reason: string | undefined;
    if (!isHostName(name)) reason = 'Invalid domain name';
    else if (!reg.tldOf(name)) reason = 'TLD not served';
    else if (name.split('.').length !== 2) reason = 'Not a second-level name';
    else if (reg.domains.get(name)?.rgp) reason = 'In redemption period';
    else if (reg.domains.has(name)) reason = 'In use';
    return x('domain:cd', null, x('domain:name', { avail: reason === undefined }, name), reason !== undefined && x('domain:reason', null, reason));
  });
  return { code: 1000, resData: x('domain:chkData', null, ...cds) };
}

/**
 * domain:info (RFC 5731 section 3.1.2). The sponsor sees everything, authInfo included. Another
 * registrar with the right authInfo sees everything but the authInfo (how a gaining registrar checks a
 * transfer code); with a wrong one, 2202; with none, the limited form: name, roid, statuses, sponsor
 * and dates, no contacts, nameservers or authInfo. hosts="all|del|sub|none" picks nameservers
 * (del) and subordinate hosts (sub).
 */
export function domainInfo(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const nameEl = child(ctx.body, NS.domain, 'name')!;
  const name = normName(text(nameEl));
  const d = existing(reg, name);
  const sponsor = d.clID === ctx.registrar;
  const given = authInfoPw(child(ctx.body, NS.domain, 'authInfo'));
  if (!sponsor && given !== undefined && given !== d.authInfo) throw new EppError(2202, `authInfo of ${name} does not match`);
  const full = sponsor || given !== undefined;
  const statuses = reg.domainStatuses(d).map((s) => x('domain:status', { s }));
  if (!full) {
    return {
      code: 1000,
      resData: x('domain:infData', null,
        x('domain:name', null, d.name), x('domain:roid', null, d.roid), ...statuses,
        x('domain:clID', null, d.clID), x('domain:crDate', null, d.crDate.toISOString()),
        x('domain:exDate', null, d.exDate.toISOString())),
    };
  }
  const hosts = nameEl.getAttribute('hosts') || 'all';
  const showNs = hosts === 'all' || hosts === 'del';
  const showSub = hosts === 'all' || hosts === 'sub';
  const extension: XNode[] = [];
  if (d.ds.length && ctx.loginExtensions.has(NS.secDNS)) extension.push(x('secDNS:infData', null, ...d.ds.map(dsNode)));
  if (d.rgp && ctx.loginExtensions.has(NS.rgp)) extension.push(x('rgp:infData', null, x('rgp:rgpStatus', { s: d.rgp })));
  return {
    code: 1000,
    resData: x('domain:infData', null,
      x('domain:name', null, d.name),
      x('domain:roid', null, d.roid),
      ...statuses,
      d.registrant !== undefined && x('domain:registrant', null, d.registrant),
      ...d.contacts.map((c) => x('domain:contact', { type: c.type }, c.id)),
      showNs && nsNode(d.ns),
      ...(showSub ? reg.subordinateHosts(d.name).map((h) => x('domain:host', null, h.name)) : []),
      x('domain:clID', null, d.clID),
      x('domain:crID', null, d.crID),
      x('domain:crDate', null, d.crDate.toISOString()),
      d.upID !== undefined && x('domain:upID', null, d.upID),
      d.upDate && x('domain:upDate', null, d.upDate.toISOString()),
      x('domain:exDate', null, d.exDate.toISOString()),
      d.trDate && x('domain:trDate', null, d.trDate.toISOString()),
      sponsor && x('domain:authInfo', null, x('domain:pw', null, d.authInfo))),
    extension,
  };
}
