import { onlyExtensions, type CommandContext } from './context.js';
import { normName, readAddrs } from './domain-data.js';
import { isHostName, type Registry } from './registry.js';
import { EppError, type Answer } from './result.js';
import type { HostState } from './types.js';
import { child, children, NS, text, x } from './xml.js';

/**
 * Hosts (RFC 5732). A host inside this registry's TLDs (ns1.example.fi) is internal: its superordinate
 * domain must exist (2303) and be the caller's (2201), and it needs at least one address (2003), the
 * glue the parent zone publishes. Any other host is external and takes no addresses (2306). A host a
 * domain names as nameserver is linked and cannot be deleted (2305).
 */

function sponsoredHost(reg: Registry, name: string, registrar: string): HostState {
  const h = reg.hosts.get(name);
  if (!h) throw new EppError(2303, `host ${name} does not exist`, x('host:name', null, name));
  if (h.clID !== registrar) throw new EppError(2201, `host ${name} is sponsored by another registrar`);
  return h;
}

function checkPlacement(reg: Registry, name: string, registrar: string, addrCount: number): void {
  if (!isHostName(name)) throw new EppError(2005, `${name} is not a valid host name`, x('host:name', null, name));
  const sup = reg.superordinate(name);
  if (sup) {
    const d = reg.domains.get(sup);
    if (!d) throw new EppError(2303, `superordinate domain ${sup} of ${name} does not exist`);
    if (d.clID !== registrar) throw new EppError(2201, `superordinate domain ${sup} is sponsored by another registrar`);
    if (addrCount === 0) throw new EppError(2003, `${name} is inside ${sup}: its addresses (glue) are required`);
  } else if (addrCount > 0) {
    throw new EppError(2306, `${name} is outside this registry: it takes no addresses`);
  }
}

export function hostCheck(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const cds = children(ctx.body, NS.host, 'name').map((el) => {
    const name = normName(text(el));
    const taken = ctx.registry.hosts.has(name);
    return x('host:cd', null, x('host:name', { avail: !taken }, name), taken && x('host:reason', null, 'In use'));
  });
  return { code: 1000, resData: x('host:chkData', null, ...cds) };
}

export function hostCreate(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const name = normName(text(child(ctx.body, NS.host, 'name')));
  if (reg.hosts.has(name)) throw new EppError(2302, `host ${name} exists`, x('host:name', null, name));
  const addrs = readAddrs(children(ctx.body, NS.host, 'addr'));
  checkPlacement(reg, name, ctx.registrar, addrs.length);
  const now = reg.now();
  reg.hosts.set(name, { name, roid: reg.roid('H'), clID: ctx.registrar, crID: ctx.registrar, crDate: now, addrs, statuses: new Set() });
  return { code: 1000, resData: x('host:creData', null, x('host:name', null, name), x('host:crDate', null, now.toISOString())) };
}

/** host:info is open to every registrar: host data is public (it is in the DNS). */
export function hostInfo(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const name = normName(text(child(ctx.body, NS.host, 'name')));
  const h = reg.hosts.get(name);
  if (!h) throw new EppError(2303, `host ${name} does not exist`, x('host:name', null, name));
  return {
    code: 1000,
    resData: x('host:infData', null,
      x('host:name', null, h.name),
      x('host:roid', null, h.roid),
      ...reg.hostStatuses(h).map((s) => x('host:status', { s })),
      ...h.addrs.map((a) => x('host:addr', { ip: a.ip }, a.addr)),
      x('host:clID', null, h.clID),
      x('host:crID', null, h.crID),
      x('host:crDate', null, h.crDate.toISOString()),
      h.upID !== undefined && x('host:upID', null, h.upID),
      h.upDate && x('host:upDate', null, h.upDate.toISOString())),
  };
}

/** host:update: addresses added and removed (an internal host keeps at least one), a rename when not linked. */
export function hostUpdate(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const name = normName(text(child(ctx.body, NS.host, 'name')));
  const h = sponsoredHost(reg, name, ctx.registrar);
  if (h.statuses.has('clientUpdateProhibited') || h.statuses.has('serverUpdateProhibited')) throw new EppError(2304, `host ${name} is update-prohibited`);
  const add = child(ctx.body, NS.host, 'add');
  const rem = child(ctx.body, NS.host, 'rem');
  const chg = child(ctx.body, NS.host, 'chg');
  let addrs = [...h.addrs];
  for (const a of rem ? readAddrs(children(rem, NS.host, 'addr')) : []) {
    if (!addrs.some((o) => o.addr === a.addr)) throw new EppError(2306, `${a.addr} is not an address of ${name}`);
    addrs = addrs.filter((o) => o.addr !== a.addr);
  }
  for (const a of add ? readAddrs(children(add, NS.host, 'addr')) : []) {
    if (addrs.some((o) => o.addr === a.addr)) throw new EppError(2306, `${a.addr} is already an address of ${name}`);
    addrs.push(a);
  }
  const statuses = new Set(h.statuses);
  for (const s of rem ? children(rem, NS.host, 'status').map((e) => e.getAttribute('s') ?? '') : []) statuses.delete(s);
  for (const s of add ? children(add, NS.host, 'status').map((e) => e.getAttribute('s') ?? '') : []) {
    if (!s.startsWith('client')) throw new EppError(2306, `status ${s} is not the registrar's to set`);
    statuses.add(s);
  }
  let newName = name;
  if (chg) {
    newName = normName(text(child(chg, NS.host, 'name')));
    if (newName !== name) {
      if (reg.hosts.has(newName)) throw new EppError(2302, `host ${newName} exists`);
      if (reg.hostLinked(name)) throw new EppError(2305, `host ${name} is a nameserver of a domain: it cannot be renamed`);
    }
  }
  checkPlacement(reg, newName, ctx.registrar, addrs.length);
  h.addrs = addrs;
  h.statuses = statuses;
  h.upDate = reg.now();
  h.upID = ctx.registrar;
  if (newName !== name) {
    reg.hosts.delete(name);
    h.name = newName;
    reg.hosts.set(newName, h);
  }
  return { code: 1000 };
}

export function hostDelete(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const name = normName(text(child(ctx.body, NS.host, 'name')));
  const h = sponsoredHost(reg, name, ctx.registrar);
  if (reg.hostLinked(name)) throw new EppError(2305, `host ${name} is a nameserver of a domain`);
  if (h.statuses.has('clientDeleteProhibited') || h.statuses.has('serverDeleteProhibited')) throw new EppError(2304, `host ${name} is delete-prohibited`);
  reg.hosts.delete(name);
  return { code: 1000 };
}
