import type { Store } from '../../src/ports/store.js';
import {
  RegistryError, type CheckResult, type DsData, type RegistrantSnapshot, type Registry, type RegistryCapability,
  type RegistryDomainInfo, type RegistryNews, type TransferOutcome,
} from '../../src/ports/registry.js';
import type { Clock } from '../../src/core/clock.js';

type Op = 'check' | 'create' | 'renew' | 'transfer' | 'info' | 'verifyAuthCode' | 'settleTransfer' | 'restore' | 'poll' | 'ack' | 'setNameservers' | 'setDs' | 'delete';

/** The registrar name another registrar's registrations carry. */
export const OTHER_REGISTRAR = 'Toinen Rekisterinvälittäjä Oy';

/**
 * The `local` registry behaving as an outside (EPP) registry does where the local one cannot show it:
 * it goes down (every command, or chosen ones, answer "unavailable", EPP 2400/2500-2502), loses an
 * answer after performing the command (a dropped connection: the create happened, the client never
 * heard), keeps transfers pending until the losing registrar answers, holds names in redemption
 * (RFC 3915) until restored, and queues news (the poll queue) for what happens at the registry.
 * The state itself is the local registry's (its rows in the store), so what it answers is real: a
 * name created once is "exists" the second time. Other registrars act through `other*` methods.
 */
export class ScriptedRegistry implements Registry {
  readonly name = 'scripted';
  readonly capabilities: ReadonlyArray<RegistryCapability> = ['check', 'create', 'renew', 'transfer', 'info', 'nameservers', 'authcode', 'ds', 'delete', 'poll', 'restore'];
  /** true: every command is unavailable; a set: those commands are. */
  down: boolean | Set<Op> = false;
  /** Commands performed whose answer is then lost (once each). */
  readonly loseAnswer = new Set<Op>();
  /** Transfers wait for the losing registrar (approveTransfer / rejectTransfer) instead of completing. */
  transfersPending = false;
  /** Names deleted here and held for redemption: renew refused until restore. */
  readonly redemption = new Set<string>();
  /** Every command that reached the registry (not refused for being down), in order: "create example.fi". */
  readonly performed: string[] = [];
  private readonly pending = new Map<string, { authCode: string; registrant?: RegistrantSnapshot }>();
  private readonly awayRequests = new Set<string>();
  private readonly news: RegistryNews[] = [];
  private nextNews = 1;

  constructor(private readonly inner: Registry, private readonly store: Store, private readonly clock: Clock) {}

  /** How many times `op` on `name` reached the registry. */
  count(op: Op, name: string): number {
    return this.performed.filter((p) => p === `${op} ${name}`).length;
  }

  private async run<T>(op: Op, name: string, work: () => Promise<T>): Promise<T> {
    if (this.down === true || (this.down instanceof Set && this.down.has(op))) {
      throw new RegistryError('unavailable', 'registry unavailable (2400 command failed)', 2400);
    }
    this.performed.push(`${op} ${name}`);
    const result = await work();
    if (this.loseAnswer.delete(op)) throw Object.assign(new Error('connection reset before the answer arrived'), { code: 'ECONNRESET' });
    return result;
  }

  check(names: string[]): Promise<CheckResult[]> {
    return this.run('check', names.join(','), () => this.inner.check(names));
  }
  create(req: Parameters<Registry['create']>[0]): Promise<RegistryDomainInfo> {
    return this.run('create', req.name, () => this.inner.create(req));
  }
  renew(req: { name: string; years: number; currentExpiry: string }): Promise<RegistryDomainInfo> {
    return this.run('renew', req.name, () => {
      if (this.redemption.has(req.name)) throw new RegistryError('policy', `${req.name} is in its redemption period; restore it first`, 2304);
      return this.inner.renew(req);
    });
  }
  transfer(req: { name: string; authCode: string; registrant?: RegistrantSnapshot }): Promise<TransferOutcome> {
    return this.run('transfer', req.name, async () => {
      if (!this.transfersPending) return this.inner.transfer(req);
      if (!(await this.inner.verifyAuthCode(req.name, req.authCode))) throw new RegistryError('auth_invalid', 'invalid auth code', 2202);
      if (this.pending.has(req.name)) throw new RegistryError('policy', `${req.name} has a transfer pending`, 2300);
      this.pending.set(req.name, { authCode: req.authCode, registrant: req.registrant });
      return { state: 'pending' as const };
    });
  }
  async settleTransfer(name: string, op: 'approve' | 'reject' | 'cancel'): Promise<void> {
    return this.run('settleTransfer', `${name} ${op}`, async () => {
      if (!this.awayRequests.delete(name)) throw new RegistryError('policy', `${name} has no pending transfer`, 2301);
      if (op === 'approve') {
        await this.store.registry.update(name, { registrar: OTHER_REGISTRAR, updated_at: this.clock.now().toISOString() });
        this.queue('transferred_away', name, 'Transfer approved; the domain now belongs to the gaining registrar');
      }
    });
  }
  info(name: string): Promise<RegistryDomainInfo | undefined> {
    return this.run('info', name, async () => {
      const info = await this.inner.info(name);
      if (!info) return undefined;
      const statuses = [...info.statuses.filter((s) => s !== 'ok')];
      if (this.pending.has(name) || this.awayRequests.has(name)) statuses.push('pendingTransfer');
      if (this.redemption.has(name)) statuses.push('redemptionPeriod', 'pendingDelete');
      return { ...info, statuses: statuses.length > 0 ? statuses : ['ok'] };
    });
  }
  verifyAuthCode(name: string, authCode: string): Promise<boolean> {
    return this.run('verifyAuthCode', name, () => this.inner.verifyAuthCode(name, authCode));
  }
  setNameservers(name: string, nameservers: string[], glue?: Record<string, string[]>): Promise<void> {
    return this.run('setNameservers', name, () => {
      this.lastGlue = glue;
      return this.inner.setNameservers(name, nameservers, glue);
    });
  }
  /** The glue the last setNameservers carried. */
  lastGlue: Record<string, string[]> | undefined;
  setAuthCode(name: string, authCode: string): Promise<void> {
    return this.inner.setAuthCode(name, authCode);
  }
  setDs(name: string, ds: DsData[]): Promise<void> {
    return this.run('setDs', name, () => this.inner.setDs(name, ds));
  }
  syncContact(registrant: RegistrantSnapshot): Promise<void> {
    return this.inner.syncContact(registrant);
  }
  restore(name: string): Promise<void> {
    return this.run('restore', name, async () => {
      if (!this.redemption.delete(name)) throw new RegistryError('policy', `${name} is not in its redemption period`, 2304);
    });
  }
  delete(name: string): Promise<void> {
    return this.run('delete', name, () => this.inner.delete(name));
  }
  poll(): Promise<RegistryNews | undefined> {
    return this.run('poll', '', async () => this.news[0]);
  }
  ack(id: string): Promise<void> {
    return this.run('ack', id, async () => {
      const i = this.news.findIndex((n) => n.id === id);
      if (i < 0) throw new RegistryError('not_found', `no message ${id}`, 2303);
      this.news.splice(i, 1);
    });
  }

  /** Messages not yet acknowledged. */
  get queued(): RegistryNews[] {
    return [...this.news];
  }

  queue(kind: RegistryNews['kind'], name: string | undefined, text: string, expiresAt?: string): void {
    this.news.push({ id: String(this.nextNews++), kind, name, text, at: this.clock.now().toISOString(), ...(expiresAt ? { expiresAt } : {}) });
  }

  /** The losing registrar approves our pending transfer: the name moves to us (a year added) and news says so. */
  async approveTransfer(name: string): Promise<void> {
    const req = this.pending.get(name);
    if (!req) throw new Error(`no pending transfer of ${name}`);
    this.pending.delete(name);
    const outcome = await this.inner.transfer({ name, ...req });
    this.queue('transfer_approved', name, 'Transfer approved', outcome.state === 'completed' ? outcome.info.expiresAt : undefined);
  }

  /** The losing registrar rejects our pending transfer. */
  rejectTransfer(name: string, why = 'Transfer rejected by the registrant'): void {
    if (!this.pending.delete(name)) throw new Error(`no pending transfer of ${name}`);
    this.queue('transfer_rejected', name, why);
  }

  /** Another registrar registers `name` (expiring a year from now). */
  async otherRegisters(name: string, authCode = 'Toisen-Koodi-123'): Promise<void> {
    const now = this.clock.now().toISOString();
    const year = `${Number(now.slice(0, 4)) + 1}${now.slice(4)}`;
    await this.store.registry.create({
      name, registrar: OTHER_REGISTRAR, registrant: JSON.stringify({ key: 'other:1', name: 'Joku Muu' }), registrant_key: 'other:1', auth_code: authCode, ds: '[]',
      nameservers: JSON.stringify(['ns1.toinen.example', 'ns2.toinen.example']), created_at: now, updated_at: now, expires_at: year,
    });
  }

  /** Another registrar asks for one of ours (with the auth code the holder gave out). */
  requestTransferAway(name: string): void {
    this.awayRequests.add(name);
    this.queue('transfer_requested_away', name, 'Transfer requested by another registrar');
  }

  /** The registry deletes a name of its own accord (its expiry policy), and says so. */
  async deleteByRegistry(name: string, tell = true): Promise<void> {
    await this.store.registry.delete(name);
    if (tell) this.queue('deleted', name, 'Domain deleted by the registry');
  }

  /** The registry renews a name of its own accord (auto-renewal), and says so. */
  async autoRenew(name: string): Promise<string> {
    const info = await this.inner.info(name);
    if (!info) throw new Error(`${name} is not registered`);
    const renewed = await this.inner.renew({ name, years: 1, currentExpiry: info.expiresAt });
    this.queue('renewed', name, 'Domain auto-renewed', renewed.expiresAt);
    return renewed.expiresAt.slice(0, 10);
  }
}
