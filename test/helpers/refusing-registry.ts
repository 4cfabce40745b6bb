import type { DsData, RegistrantSnapshot, Registry, RegistryNews } from '../../src/ports/registry.js';
import { RegistryError } from '../../src/ports/registry.js';

type Method = 'check' | 'create' | 'renew' | 'transfer' | 'settleTransfer' | 'info' | 'verifyAuthCode' | 'setNameservers'
  | 'setAuthCode' | 'setDs' | 'restore' | 'delete';

/**
 * A registry in front of the server's own (startTestServer's `registry` option) that answers for
 * some names as a real registry can: refusing a command with a given RegistryError (EPP 2302 exists,
 * 2201 authorization error, 2306 policy, 2400 down...), or answering a check with the moment before
 * someone else registered the name. Everything else reaches the registry behind it.
 */
export class RefusingRegistry implements Registry {
  /** Name -> the error its commands get (`only` those methods, when given). */
  private readonly refusals = new Map<string, { error: RegistryError; only?: Method[] }>();
  /** Names a check answers as free whatever the registry holds: taken between a check and a create. */
  private readonly stale = new Set<string>();

  constructor(private readonly inner: Registry) {}

  get name() {
    return this.inner.name;
  }
  get capabilities() {
    return this.inner.capabilities;
  }

  refuse(name: string, reason: RegistryError['reason'], message: string, only?: Method[]): void {
    this.refusals.set(name, { error: new RegistryError(reason, message), only });
  }
  checkSaysFree(name: string): void {
    this.stale.add(name);
  }
  reset(): void {
    this.refusals.clear();
    this.stale.clear();
  }

  private guard(method: Method, names: string[]): void {
    for (const name of names) {
      const refusal = this.refusals.get(name);
      if (refusal && (!refusal.only || refusal.only.includes(method))) throw refusal.error;
    }
  }

  async check(names: string[]) {
    this.guard('check', names);
    const results = await this.inner.check(names);
    return results.map((r) => (this.stale.has(r.name) ? { name: r.name, available: true } : r));
  }
  async create(req: Parameters<Registry['create']>[0]) {
    this.guard('create', [req.name]);
    return this.inner.create(req);
  }
  async renew(req: Parameters<Registry['renew']>[0]) {
    this.guard('renew', [req.name]);
    return this.inner.renew(req);
  }
  async transfer(req: Parameters<Registry['transfer']>[0]) {
    this.guard('transfer', [req.name]);
    return this.inner.transfer(req);
  }
  async settleTransfer(name: string, op: 'approve' | 'reject' | 'cancel') {
    this.guard('settleTransfer', [name]);
    return this.inner.settleTransfer(name, op);
  }
  async info(name: string) {
    this.guard('info', [name]);
    return this.inner.info(name);
  }
  async verifyAuthCode(name: string, authCode: string) {
    this.guard('verifyAuthCode', [name]);
    return this.inner.verifyAuthCode(name, authCode);
  }
  async setNameservers(name: string, nameservers: string[], glue?: Record<string, string[]>) {
    this.guard('setNameservers', [name]);
    return this.inner.setNameservers(name, nameservers, glue);
  }
  async setAuthCode(name: string, authCode: string) {
    this.guard('setAuthCode', [name]);
    return this.inner.setAuthCode(name, authCode);
  }
  async setDs(name: string, ds: DsData[]) {
    this.guard('setDs', [name]);
    return this.inner.setDs(name, ds);
  }
  async syncContact(registrant: RegistrantSnapshot) {
    return this.inner.syncContact(registrant);
  }
  async restore(name: string) {
    this.guard('restore', [name]);
    return this.inner.restore(name);
  }
  async delete(name: string) {
    this.guard('delete', [name]);
    return this.inner.delete(name);
  }
  poll(): Promise<RegistryNews | undefined> {
    return this.inner.poll();
  }
  ack(id: string): Promise<void> {
    return this.inner.ack(id);
  }
}
