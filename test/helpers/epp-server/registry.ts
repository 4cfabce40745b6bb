import { randomBytes } from 'node:crypto';
import { EppError } from './result.js';
import type {
  ContactState, DomainState, EppServerOptions, HostState, PollMessage, TldPolicy, TransferRecord,
} from './types.js';

/**
 * The registry's objects and rules shared by the command families: who sponsors what, which names are
 * served, which hosts and contacts are linked, and the poll queues. Handlers change state only through
 * these maps, so a test reads exactly what the registry holds.
 */
export class Registry {
  readonly domains = new Map<string, DomainState>();
  readonly contacts = new Map<string, ContactState>();
  readonly hosts = new Map<string, HostState>();
  readonly queues = new Map<string, PollMessage[]>();
  readonly passwords = new Map<string, string>();
  private roids = 0;
  private messageIds = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly options: EppServerOptions) {
    for (const r of options.registrars) {
      this.passwords.set(r.id, r.password);
      this.queues.set(r.id, []);
    }
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  roid(kind: 'D' | 'C' | 'H'): string {
    this.roids += 1;
    return `${kind}${this.roids}-TEST`;
  }

  /** A fresh authInfo, for seeding and for the one a transfer leaves behind. */
  newAuthInfo(): string {
    return randomBytes(9).toString('base64url');
  }

  isRegistrar(id: string): boolean {
    return this.passwords.has(id);
  }

  // --- names -------------------------------------------------------------------------------------

  /** The served TLD of `name`, or undefined. */
  tldOf(name: string): string | undefined {
    const tld = name.slice(name.lastIndexOf('.') + 1);
    return this.options.tlds.includes(tld) ? tld : undefined;
  }

  policy(tld: string): Required<TldPolicy> {
    const p = this.options.policies?.[tld] ?? {};
    return { nameservers: p.nameservers ?? 'hostObj', requiredRoles: p.requiredRoles ?? [], registrantIdentity: p.registrantIdentity ?? false };
  }

  /**
   * A domain name this registry can register: LDH labels (RFC 1123), a second-level name under a served
   * TLD. 2005 for a name that is not a host name at all, 2004 for one outside the served TLDs, 2306 for
   * a third-level name.
   */
  checkRegistrable(name: string): { tld: string } {
    if (!isHostName(name)) throw new EppError(2005, `${name} is not a valid domain name`);
    const tld = this.tldOf(name);
    if (!tld) throw new EppError(2004, `${name} is not under a TLD this registry serves`);
    if (name.split('.').length !== 2) throw new EppError(2306, `${name} is not a second-level name`);
    return { tld };
  }

  /**
   * The domain a host name sits under when that domain is in this registry (ns1.example.fi ->
   * example.fi): such a host is internal and needs glue; any other host is external and takes none.
   */
  superordinate(hostName: string): string | undefined {
    const labels = hostName.split('.');
    if (labels.length < 3 || !this.tldOf(hostName)) return undefined;
    return labels.slice(-2).join('.');
  }

  // --- derived state -----------------------------------------------------------------------------

  /** RFC 5731 section 2.3: the statuses an info shows, with the derived ones (ok, inactive, pending*). */
  domainStatuses(d: DomainState): string[] {
    const out = [...d.statuses];
    if (d.rgp) out.push('pendingDelete');
    if (d.transfer?.status === 'pending') out.push('pendingTransfer');
    if (d.ns.length === 0) out.push('inactive');
    // "ok" only stands alone: it may not be combined with any other status (RFC 5731 section 2.3).
    if (out.length === 0) out.push('ok');
    return out;
  }

  hostLinked(name: string): boolean {
    for (const d of this.domains.values()) if (d.ns.some((n) => n.name === name && !n.addrs)) return true;
    return false;
  }

  contactLinked(id: string): boolean {
    for (const d of this.domains.values()) {
      if (d.registrant === id || d.contacts.some((c) => c.id === id)) return true;
    }
    return false;
  }

  hostStatuses(h: HostState): string[] {
    const out = [...h.statuses];
    if (this.hostLinked(h.name)) out.push('linked');
    if (out.length === 0 || (out.length === 1 && out[0] === 'linked')) out.unshift('ok');
    return out;
  }

  contactStatuses(c: ContactState): string[] {
    const out = [...c.statuses];
    if (this.contactLinked(c.id)) out.push('linked');
    if (out.length === 0 || (out.length === 1 && out[0] === 'linked')) out.unshift('ok');
    return out;
  }

  /** Subordinate hosts of a domain (RFC 5731 domain:host). */
  subordinateHosts(domain: string): HostState[] {
    return [...this.hosts.values()].filter((h) => h.name.endsWith(`.${domain}`));
  }

  // --- poll queues ---------------------------------------------------------------------------------

  enqueueMessage(registrar: string, message: Omit<PollMessage, 'id' | 'qDate'> & { qDate?: Date }): PollMessage {
    const queue = this.queues.get(registrar);
    if (!queue) throw new Error(`no registrar ${registrar}`);
    this.messageIds += 1;
    const m: PollMessage = { ...message, id: String(this.messageIds), qDate: message.qDate ?? this.now() };
    queue.push(m);
    return m;
  }

  // --- transfers -----------------------------------------------------------------------------------

  /**
   * Ends a pending transfer (or completes an immediate one): approved moves the domain to the gaining
   * registrar with the years added and a new authInfo (the old one must not pull it back); the outcome
   * is queued for both registrars, as registries tell both sides.
   */
  settleTransfer(d: DomainState, status: Exclude<TransferRecord['status'], 'pending'>, actor: string, notify: 'both' | 'loser' = 'both'): TransferRecord {
    const t = d.transfer;
    if (!t) throw new Error(`${d.name} has no transfer`);
    const now = this.now();
    const losing = t.acID;
    t.status = status;
    t.acDate = now;
    t.acID = status === 'clientApproved' || status === 'clientRejected' ? actor : t.acID;
    this.clearAutoApprove(d.name);
    if (status === 'clientApproved' || status === 'serverApproved') {
      d.clID = t.reID;
      d.exDate = t.exDate;
      d.trDate = now;
      d.upDate = now;
      d.authInfo = this.newAuthInfo();
      // Status flags of the old sponsor do not travel with the name.
      for (const s of [...d.statuses]) if (s.startsWith('client')) d.statuses.delete(s);
      for (const h of this.subordinateHosts(d.name)) h.clID = t.reID;
    } else {
      t.exDate = d.exDate;
    }
    const msg = status.endsWith('Approved') ? 'Transfer approved' : status === 'clientRejected' ? 'Transfer rejected' : 'Transfer cancelled';
    const snapshot = { ...t };
    const recipients = notify === 'both' ? [losing, t.reID] : [losing];
    for (const r of recipients) this.enqueueMessage(r, { kind: 'transfer', name: d.name, msg, transfer: snapshot });
    return snapshot;
  }

  private readonly autoApprove = new Map<string, NodeJS.Timeout>();

  scheduleAutoApprove(d: DomainState): void {
    const after = this.options.autoApproveTransferAfterMs;
    if (after === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.autoApprove.delete(d.name);
      if (this.domains.get(d.name) === d && d.transfer?.status === 'pending') this.settleTransfer(d, 'serverApproved', 'server');
    }, after);
    timer.unref();
    this.timers.add(timer);
    this.autoApprove.set(d.name, timer);
  }

  private clearAutoApprove(name: string): void {
    const timer = this.autoApprove.get(name);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.autoApprove.delete(name);
    }
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** LDH host name (RFC 1123 section 2.1), at least two labels, lower case. */
export function isHostName(name: string): boolean {
  if (name.length > 253 || name !== name.toLowerCase()) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) && !/^[0-9]+$/.test(labels[labels.length - 1]!);
}

/** Adds whole years, keeping month and day (29 February becomes 28 February in a common year). */
export function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  if (d.getUTCDate() !== day) d.setUTCDate(0);
  return d;
}

/** The calendar date (UTC) of a dateTime, as domain:renew's curExpDate names it. */
export function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}
