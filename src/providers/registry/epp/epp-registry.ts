import type { Clock } from '../../../core/clock.js';
import { generateAuthCode } from '../../../core/domains/auth-code.js';
import { isoTimestamp } from '../../../core/dates.js';
import {
  RegistryError, type CheckResult, type DsData, type RegistrantSnapshot, type Registry, type RegistryCapability,
  type RegistryDomainInfo, type RegistryNews, type TransferOutcome,
} from '../../../ports/registry.js';
import type { RegistryContactRepository } from '../../../ports/store/registry-contacts.js';
import {
  checkContacts, contactFingerprint, createContact, infoContact, newContactHandle, readContactCheck, readContactInfo, updateContact,
} from './contact.js';
import {
  checkDomains, createDomain, deleteDomain, infoDomain, readCheck, readInfo, readTransfer, renewDomain, transferDomain, updateDomain,
  type DomainChange, type DomainInfoData, type Nameserver,
} from './domain.js';
import { checkHosts, createHost, deleteHost, isSubordinate, readHostCheck } from './host.js';
import { identityExtension, readIdentity } from './identity.js';
import { DEFAULT_TIMING, EppPool, type CommandSpec, type PoolTiming } from './pool.js';
import { pollAck, pollRequest, readNews } from './poll.js';
import type { EppResponse, Greeting } from './protocol.js';
import { resultError } from './result-codes.js';
import { readRgpStatuses, restoreRequest } from './rgp.js';
import { dsUpdate, readDs } from './secdns.js';
import { EppSession, TransactionIds } from './session.js';
import type { EppGreeting, EppRegistrySettings } from './settings.js';
import { NS } from './xml.js';

/** Where the provider writes what an operator may want to read (sessions opened, lost, commands retried). */
export interface EppLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface EppRegistryDeps {
  /** Handles of the contacts made at this registry, kept in the store (registry_contacts). */
  contacts: RegistryContactRepository;
  clock: Clock;
  log?: EppLog;
  /** Timeouts, keepalive and backoff (pool.ts DEFAULT_TIMING); tests shorten them. */
  timing?: Partial<PoolTiming>;
}

/** A registrant contact whose details the caller already holds (it has just sent them), by its handle. */
interface KnownRegistrant {
  handle: string;
  registrant: RegistrantSnapshot;
}

/** Personal data is hidden (disclose flag="0") unless the registry's policy already publishes none of it. */
const hides = (g: Greeting) => g.dcpAccess !== 'none';

/** Names per domain:check: registries cap a check's list (5-20 is common); more go in further checks. */
const CHECK_BATCH = 5;

/**
 * The `epp` registry provider: the registry port (ports/registry.ts) over a pool of EPP sessions to
 * one registry (RFC 5730-5734, RGP 3915, secDNS-1.1 5910). Each method translates to the commands
 * a registrar sends and maps the answers; result codes become the port's reasons (result-codes.ts).
 *
 * Contacts: the registrant is made a contact object once per (registry, registrant key) under a
 * generated handle, kept in deps.contacts with a fingerprint of what was sent; a changed contact is
 * updated there before it is used again. Every contact role the registry wants (settings.contactRoles)
 * is filled with the registrant's handle.
 *
 * Nameservers: as host objects (hostObj) made beforehand, or attributes with their glue (hostAttr),
 * as settings.nameserverStyle says. A host inside the domain itself can only be made once the domain
 * exists, so a create sends the domain without those, then makes the hosts with their glue and adds them.
 */
export class EppRegistry implements Registry {
  readonly name: string;
  readonly capabilities: ReadonlyArray<RegistryCapability> = [
    'check', 'create', 'renew', 'transfer', 'info', 'nameservers', 'authcode', 'delete', 'contacts', 'hosts', 'ds', 'poll', 'restore',
  ];
  private readonly pool: EppPool;
  private readonly timing: PoolTiming;
  /** One sequence for the pool and probes, so no two commands of this process share a clTRID. */
  private readonly ids: TransactionIds;
  /** Contact work in progress per key, so two orders of one registrant make one contact, not two. */
  private readonly contactWork = new Map<string, Promise<string>>();
  /** Our handles seen in this process, to name a registrant's key from a domain's registrant handle. */
  private readonly keyOfHandle = new Map<string, string>();

  constructor(readonly settings: EppRegistrySettings, readonly deps: EppRegistryDeps) {
    this.name = settings.name;
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.ids = new TransactionIds(settings.name);
    this.pool = new EppPool(settings, this.timing, this.ids, deps.log);
  }

  /** Connects, reads the greeting, logs in and out: what `hostplane registries test` shows. Throws RegistryError('unavailable' | 'policy') with a clear reason. */
  async probe(): Promise<EppGreeting> {
    const session = await EppSession.connect(this.settings, this.timing, this.ids, this.deps.log);
    try {
      await session.login();
      const { serverId, serverDate, versions, languages, objects, extensions } = session.greeting;
      return { serverId, serverDate, versions, languages, objects, extensions };
    } finally {
      await session.logout();
    }
  }

  /** Logs every session out and closes it. */
  async close(): Promise<void> {
    await this.pool.close();
  }

  async check(names: string[]): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    for (let i = 0; i < names.length; i += CHECK_BATCH) {
      const batch = names.slice(i, i + CHECK_BATCH);
      const res = await this.ok({ label: `domain:check ${batch.join(' ')}`, verb: checkDomains(batch), readOnly: true });
      const byName = new Map(readCheck(res.resData).map((r) => [r.name.toLowerCase(), r]));
      for (const name of batch) {
        const r = byName.get(name.toLowerCase());
        if (!r) throw new RegistryError('unavailable', `${this.name}: domain:check did not answer for ${name}`);
        results.push({ ...r, name });
      }
    }
    return results;
  }

  async create(req: {
    name: string; years: number; registrant: RegistrantSnapshot; nameservers: string[]; glue?: Record<string, string[]>;
  }): Promise<RegistryDomainInfo> {
    const nameservers = this.planNameservers(req.name, req.nameservers, req.glue);
    const handle = await this.ensureContact(req.registrant);
    const hostObj = this.settings.nameserverStyle === 'hostObj';
    // Hosts inside the new name wait for it (RFC 5732 section 3.2.1: their superordinate domain must exist).
    const inside = hostObj ? nameservers.filter((n) => isSubordinate(n.name, req.name)) : [];
    const first = nameservers.filter((n) => !inside.includes(n));
    if (hostObj) await this.ensureHosts(first);
    const label = `domain:create ${req.name}`;
    const res = await this.send({
      label,
      verb: createDomain({
        name: req.name, years: req.years, nameservers: first, style: this.settings.nameserverStyle,
        registrant: handle, contacts: this.settings.contactRoles.map((role) => ({ role, handle })), authCode: generateAuthCode(),
      }),
    });
    if (res.code >= 2000) {
      const error = resultError(res, { registry: this.name, command: label });
      // Taken by our own earlier attempt for this registrant (its answer lost, or its hosts step cut
      // short): the hosts inside are finished here, and `exists` still says what happened, so the
      // caller settles the order from info() as for any lost answer.
      if (res.code === 2302 && inside.length) {
        const data = await this.rawInfo(req.name);
        if (data?.clID === this.settings.username && data.registrant === handle) await this.addInside(req.name, inside, data.nameservers);
      }
      throw error;
    }
    await this.addInside(req.name, inside, []);
    // The registrant is the contact just made or brought up to date from req.registrant (its fingerprint
    // matches): reading it back with a contact:info would cost every create another round trip.
    return this.mustInfo(req.name, { handle, registrant: req.registrant });
  }

  /** Makes the hosts inside a new name (with their glue) and adds those it does not name yet. */
  private async addInside(name: string, inside: Nameserver[], current: string[]): Promise<void> {
    const missing = inside.filter((n) => !current.includes(n.name));
    if (!missing.length) return;
    await this.ensureHosts(missing);
    await this.update(name, { addNs: missing });
  }

  async renew(req: { name: string; years: number; currentExpiry: string }): Promise<RegistryDomainInfo> {
    await this.ok({ label: `domain:renew ${req.name}`, verb: renewDomain(req.name, req.currentExpiry, req.years) });
    return this.mustInfo(req.name);
  }

  async transfer(req: { name: string; authCode: string; registrant?: RegistrantSnapshot }): Promise<TransferOutcome> {
    const held = await this.ourInfo(req.name);
    if (held) return this.moveBetweenOurAccounts(req, held);
    const res = await this.ok({ label: `domain:transfer request ${req.name}`, verb: transferDomain('request', req.name, req.authCode) }, true);
    if (res.code === 1001 || readTransfer(res.resData)?.trStatus === 'pending') return { state: 'pending' };
    if (req.registrant) await this.adoptRegistrant(req.name, req.registrant);
    return { state: 'completed', info: await this.mustInfo(req.name) };
  }

  /**
   * A name moving between two accounts of this registrar: the registry refuses a transfer to its own
   * sponsor (2106), so it changes hands here as a registry would have done it: the auth code checked,
   * the registrant changed (refused, nothing happened), a year added (what the order paid for, as
   * any transfer adds one), and a new auth code, since the old one was given out. `held` is the
   * sponsor's domain:info, which shows the code the registry holds.
   */
  private async moveBetweenOurAccounts(
    req: { name: string; authCode: string; registrant?: RegistrantSnapshot }, held: DomainInfoData,
  ): Promise<TransferOutcome> {
    if (held.authCode !== req.authCode) {
      throw new RegistryError('auth_invalid', `${this.name}: the auth code of ${req.name} is not the one given`);
    }
    if (req.registrant) await this.changeRegistrant(req.name, req.registrant, held);
    await this.ok({ label: `domain:renew ${req.name}`, verb: renewDomain(req.name, held.exDate, 1) });
    await this.setAuthCode(req.name, generateAuthCode());
    return { state: 'completed', info: await this.mustInfo(req.name) };
  }

  async settleTransfer(name: string, op: 'approve' | 'reject' | 'cancel'): Promise<void> {
    await this.ok({ label: `domain:transfer ${op} ${name}`, verb: transferDomain(op, name) });
  }

  info(name: string): Promise<RegistryDomainInfo | undefined> {
    return this.lookup(name);
  }

  /** domain:info as the port's info; the registrant read with a contact:info unless it is `known`. */
  private async lookup(name: string, known?: KnownRegistrant): Promise<RegistryDomainInfo | undefined> {
    const res = await this.send({ label: `domain:info ${name}`, verb: infoDomain(name), readOnly: true });
    if (res.code === 2303) return undefined;
    // Registries that show another registrar's name to nobody but its sponsor (2201): registered, not ours,
    // nothing more known (a transfer order reads this before checking the auth code).
    if (res.code === 2201) return notOurs(name);
    if (res.code >= 2000) throw resultError(res, { registry: this.name, command: `domain:info ${name}` });
    const data = readInfo(res.resData);
    if (!data) throw new RegistryError('unavailable', `${this.name}: domain:info ${name} answered without infData`);
    return this.toInfo(data, res, known);
  }

  async verifyAuthCode(name: string, authCode: string): Promise<boolean> {
    const res = await this.send({ label: `domain:info ${name} with authInfo`, verb: infoDomain(name, authCode), readOnly: true });
    if (res.code === 2201 || res.code === 2202 || res.code === 2303) return false;
    if (res.code >= 2000) throw resultError(res, { registry: this.name, command: `domain:info ${name}` });
    const data = readInfo(res.resData);
    // The sponsor is shown the name whatever code it sends; compare with the code the registry holds.
    if (data && data.clID === this.settings.username) return data.authCode === authCode;
    return true;
  }

  async setNameservers(name: string, nameservers: string[], glue?: Record<string, string[]>): Promise<void> {
    const current = (await this.mustInfo(name)).nameservers;
    const wanted = this.planNameservers(name, nameservers, glue, current);
    const add = wanted.filter((n) => !current.includes(n.name));
    const rem = current.filter((c) => !wanted.some((w) => w.name === c)).map((c) => ({ name: c }));
    if (!add.length && !rem.length) return;
    if (this.settings.nameserverStyle === 'hostObj') await this.ensureHosts(add);
    await this.update(name, { addNs: add, remNs: rem });
  }

  async setAuthCode(name: string, authCode: string): Promise<void> {
    await this.update(name, { authCode });
  }

  async setDs(name: string, ds: DsData[]): Promise<void> {
    // Refused before anything is sent when the registry's greeting does not offer secDNS-1.1.
    const offered = (g: Greeting) => {
      if (!g.extensions.includes(NS.secDNS)) throw new RegistryError('policy', `${this.name} does not offer DNSSEC (secDNS-1.1) to registrars`);
    };
    const res = await this.send({ label: `domain:info ${name}`, verb: infoDomain(name), readOnly: true }, offered);
    if (res.code >= 2000) throw resultError(res, { registry: this.name, command: `domain:info ${name}` });
    const ext = dsUpdate(readDs(res.extension), ds);
    if (!ext) return;
    await this.ok({ label: `domain:update ${name} secDNS`, verb: updateDomain(name, {}, this.settings.nameserverStyle), extensions: [ext] }, false, offered);
  }

  async syncContact(registrant: RegistrantSnapshot): Promise<void> {
    if (await this.deps.contacts.find(this.name, registrant.key)) await this.ensureContact(registrant);
  }

  async restore(name: string): Promise<void> {
    const { verb, extensions } = restoreRequest(name, this.settings.nameserverStyle);
    const res = await this.ok({ label: `domain:update ${name} rgp restore`, verb, extensions }, false, (g) => {
      if (!g.extensions.includes(NS.rgp)) throw new RegistryError('policy', `${this.name} does not offer restores (rgp-1.0)`);
    });
    if (res.code === 1001) {
      // pendingRestore: the registry waits for a restore report (RFC 3915 section 4.2.5), which needs the
      // registrant's statements; an operator files it (hostplane does not collect them).
      this.deps.log?.warn({ registry: this.name, name, svTRID: res.svTRID }, 'restore pending: the registry waits for a restore report');
    }
  }

  async delete(name: string): Promise<void> {
    const data = await this.rawInfo(name);
    if (data && data.clID !== this.settings.username) throw new RegistryError('not_sponsor', `${name} is sponsored by another registrar`);
    // Hosts inside the name must go first (RFC 5731 section 3.2.2); the registry refuses a delete while they exist.
    const inside = (data?.hosts ?? []).filter((h) => isSubordinate(h, name));
    if (inside.length) {
      const named = data!.nameservers.filter((n) => inside.includes(n));
      if (named.length) await this.update(name, { remNs: named.map((n) => ({ name: n })) });
      for (const host of inside) await this.ok({ label: `host:delete ${host}`, verb: deleteHost(host) });
    }
    await this.ok({ label: `domain:delete ${name}`, verb: deleteDomain(name) });
  }

  async poll(): Promise<RegistryNews | undefined> {
    const res = await this.ok({ label: 'poll req', verb: pollRequest() });
    return readNews(res, this.settings.username);
  }

  async ack(id: string): Promise<void> {
    await this.ok({ label: `poll ack ${id}`, verb: pollAck(id) });
  }

  /** One command; a failed result code is thrown as the port's error. */
  private async ok(spec: CommandSpec, isTransfer = false, guard?: (g: Greeting) => void): Promise<EppResponse> {
    const res = await this.send(spec, guard);
    if (res.code >= 2000) throw resultError(res, { registry: this.name, command: spec.label, isTransfer });
    return res;
  }

  private send(spec: CommandSpec, guard?: (g: Greeting) => void): Promise<EppResponse> {
    return this.pool.send((g) => {
      guard?.(g);
      return spec;
    });
  }

  private update(name: string, change: DomainChange): Promise<EppResponse> {
    return this.ok({ label: `domain:update ${name}`, verb: updateDomain(name, change, this.settings.nameserverStyle) });
  }

  private async rawInfo(name: string): Promise<DomainInfoData | undefined> {
    const res = await this.send({ label: `domain:info ${name}`, verb: infoDomain(name), readOnly: true });
    if (res.code === 2303) return undefined;
    if (res.code >= 2000) throw resultError(res, { registry: this.name, command: `domain:info ${name}` });
    return readInfo(res.resData);
  }

  /** The sponsor's domain:info when we sponsor `name`; undefined when nobody or another registrar does. */
  private async ourInfo(name: string): Promise<DomainInfoData | undefined> {
    const res = await this.send({ label: `domain:info ${name}`, verb: infoDomain(name), readOnly: true });
    if (res.code === 2303 || res.code === 2201) return undefined;
    if (res.code >= 2000) throw resultError(res, { registry: this.name, command: `domain:info ${name}` });
    const data = readInfo(res.resData);
    return data?.clID === this.settings.username ? data : undefined;
  }

  private async mustInfo(name: string, known?: KnownRegistrant): Promise<RegistryDomainInfo> {
    const info = await this.lookup(name, known);
    if (!info) throw new RegistryError('not_found', `${name} is not registered at ${this.name}`);
    return info;
  }

  private async toInfo(data: DomainInfoData, res: EppResponse, known?: KnownRegistrant): Promise<RegistryDomainInfo> {
    const ours = data.clID === this.settings.username;
    const ds = readDs(res.extension);
    const registrant = !ours || !data.registrant ? {}
      : known?.handle === data.registrant ? { registrant: known.registrant } : await this.registrantOf(data.registrant);
    return {
      name: data.name.toLowerCase(),
      registrar: data.clID,
      ours,
      ...registrant,
      nameservers: data.nameservers,
      statuses: [...data.statuses, ...readRgpStatuses(res.extension)],
      ds,
      createdAt: data.crDate,
      updatedAt: data.upDate ?? data.crDate,
      expiresAt: data.exDate,
      dnssec: ds.length ? 'signed' : 'unsigned',
    };
  }

  /** The registrant as a snapshot, when the handle is one of our contacts (contact:info). */
  private async registrantOf(handle: string): Promise<{ registrant?: RegistrantSnapshot }> {
    const key = this.keyOfHandle.get(handle) ?? (await this.deps.contacts.findByHandle?.(this.name, handle))?.contact_key;
    if (!key) return {};
    const res = await this.send({ label: `contact:info ${handle}`, verb: infoContact(handle), readOnly: true });
    if (res.code >= 2000) return {};
    const info = readContactInfo(res.resData);
    if (!info || info.clID !== this.settings.username) return {};
    return { registrant: { ...info.details, key, identityNumber: readIdentity(res.extension) ?? '' } };
  }

  /**
   * The registry's handle for the registrant: made on first use, updated when its details changed since
   * they were last sent. The row is written before the create, so a create whose answer was lost is
   * found again (its handle is tried, not a second contact made).
   */
  private ensureContact(r: RegistrantSnapshot): Promise<string> {
    const running = this.contactWork.get(r.key);
    const work = (running ?? Promise.resolve('')).catch(() => '').then(() => this.ensureContactNow(r));
    this.contactWork.set(r.key, work);
    return work.finally(() => {
      if (this.contactWork.get(r.key) === work) this.contactWork.delete(r.key);
    });
  }

  private async ensureContactNow(r: RegistrantSnapshot): Promise<string> {
    const fingerprint = contactFingerprint(r);
    const at = isoTimestamp(this.deps.clock.now());
    const row = await this.deps.contacts.find(this.name, r.key);
    if (row && row.fingerprint === fingerprint) {
      this.keyOfHandle.set(row.handle, r.key);
      return row.handle;
    }
    if (row && row.fingerprint !== '') {
      const res = await this.pool.send((g) => ({ label: `contact:update ${row.handle}`, verb: updateContact(row.handle, r, { hide: hides(g) }), extensions: identityExtension(r, 'update', g.extensions) }));
      if (res.code < 2000) {
        await this.deps.contacts.save({ ...row, fingerprint, updated_at: at });
        this.keyOfHandle.set(row.handle, r.key);
        return row.handle;
      }
      if (res.code !== 2303) throw resultError(res, { registry: this.name, command: `contact:update ${row.handle}` });
      // Gone at the registry (removed by its own policy): made again below under a new handle.
    }
    let handle = row && row.fingerprint === '' ? row.handle : await this.freeHandle();
    for (let attempt = 0; ; attempt++) {
      await this.deps.contacts.save({ registry: this.name, contact_key: r.key, handle, fingerprint: '', created_at: row?.created_at ?? at, updated_at: at });
      const res = await this.pool.send((g) => ({ label: `contact:create ${handle}`, verb: createContact(handle, r, generateAuthCode(), { hide: hides(g) }), extensions: identityExtension(r, 'create', g.extensions) }));
      if (res.code < 2000) break;
      if (res.code !== 2302) throw resultError(res, { registry: this.name, command: `contact:create ${handle}` });
      // Taken: ours from an attempt whose answer was lost (then bring it up to date), or someone else's.
      const mine = await this.send({ label: `contact:info ${handle}`, verb: infoContact(handle), readOnly: true });
      if (mine.code < 2000 && readContactInfo(mine.resData)?.clID === this.settings.username) {
        const res2 = await this.pool.send((g) => ({ label: `contact:update ${handle}`, verb: updateContact(handle, r, { hide: hides(g) }), extensions: identityExtension(r, 'update', g.extensions) }));
        if (res2.code >= 2000) throw resultError(res2, { registry: this.name, command: `contact:update ${handle}` });
        break;
      }
      if (attempt >= 2) throw resultError(res, { registry: this.name, command: `contact:create ${handle}` });
      handle = await this.freeHandle();
    }
    await this.deps.contacts.save({ registry: this.name, contact_key: r.key, handle, fingerprint, created_at: row?.created_at ?? at, updated_at: at });
    this.keyOfHandle.set(handle, r.key);
    return handle;
  }

  private async freeHandle(): Promise<string> {
    for (let i = 0; i < 3; i++) {
      const handle = newContactHandle();
      const res = await this.ok({ label: `contact:check ${handle}`, verb: checkContacts([handle]), readOnly: true });
      if (readContactCheck(res.resData).get(handle) !== false) return handle;
    }
    throw new RegistryError('unavailable', `${this.name}: no free contact handle found`);
  }

  /** Makes `registrant` the name's registrant (and its roles); `data` is a domain:info already read. */
  private async changeRegistrant(name: string, registrant: RegistrantSnapshot, data?: DomainInfoData): Promise<void> {
    const handle = await this.ensureContact(registrant);
    data ??= await this.rawInfo(name);
    if (!data || data.registrant === handle) return;
    const roles = this.settings.contactRoles;
    await this.update(name, {
      registrant: handle,
      remContacts: data.contacts.filter((c) => roles.includes(c.type as never)).map((c) => ({ role: c.type as 'admin', handle: c.handle })),
      addContacts: roles.map((role) => ({ role, handle })),
    });
  }

  /** After a completed transfer, the registrant becomes our contact for the new holder (best effort: some registries keep it). */
  private async adoptRegistrant(name: string, registrant: RegistrantSnapshot): Promise<void> {
    try {
      await this.changeRegistrant(name, registrant);
    } catch (e) {
      this.deps.log?.warn({ registry: this.name, name, error: (e as Error).message }, 'transferred, but the registrant could not be changed to ours');
    }
  }

  /**
   * The nameservers as the registry needs them: lower-case, no repeats, with glue for names in the
   * registry's own namespace (RFC 5732 section 1.1: addresses are only for hosts whose glue the
   * registry publishes; a host outside is sent none). One inside the domain itself without glue is
   * refused before anything is sent: the registry would refuse it.
   */
  private planNameservers(domain: string, names: string[], glue: Record<string, string[]> = {}, current: string[] = []): Nameserver[] {
    const lowerGlue = new Map(Object.entries(glue).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ''), v]));
    const unique = [...new Set(names.map((n) => n.toLowerCase().replace(/\.$/, '')))];
    const internal = (host: string) => this.settings.tlds.some((t) => host.endsWith(`.${t.toLowerCase()}`));
    return unique.map((name) => {
      const addrs = lowerGlue.get(name) ?? [];
      if (isSubordinate(name, domain) && !addrs.length && !current.includes(name)) {
        throw new RegistryError('policy', `${name} is inside ${domain} and needs its glue addresses`);
      }
      return { name, ...(internal(name) && addrs.length ? { addrs } : {}) };
    });
  }

  /** Host objects for these nameservers, made where missing (with glue for those inside a domain). */
  private async ensureHosts(nameservers: Nameserver[]): Promise<void> {
    if (!nameservers.length) return;
    const names = nameservers.map((n) => n.name);
    const res = await this.ok({ label: `host:check ${names.join(' ')}`, verb: checkHosts(names), readOnly: true });
    const free = readHostCheck(res.resData);
    for (const ns of nameservers) {
      if (free.get(ns.name) === false) continue;
      const created = await this.send({ label: `host:create ${ns.name}`, verb: createHost(ns.name, ns.addrs ?? []) });
      // 2302: made meanwhile (another order naming the same server, or our own lost answer).
      if (created.code >= 2000 && created.code !== 2302) throw resultError(created, { registry: this.name, command: `host:create ${ns.name}` });
    }
  }
}

function notOurs(name: string): RegistryDomainInfo {
  return {
    name, registrar: '', ours: false, nameservers: [], statuses: [], ds: [], createdAt: '', updatedAt: '', expiresAt: '', dnssec: 'unsigned',
  };
}
