import type { Clock } from '../../../core/clock.js';
import { secretsEqual } from '../../../core/secure-compare.js';
import { generateAuthCode } from '../../../core/domains/auth-code.js';
import { addYears, isoDate, isoTimestamp } from '../../../core/dates.js';
import type { Store } from '../../../ports/store.js';
import type { RegistryRecord } from '../../../ports/store/registry.js';
import {
  RegistryError, type CheckResult, type DsData, type RegistrantSnapshot, type Registry, type RegistryDomainInfo,
  type RegistryNews, type TransferOutcome,
} from '../../../ports/registry.js';

/**
 * `local`: hostplane acting as the registry for the TLDs it sells. Registrations, expiry dates,
 * nameservers and auth codes live in the store's registry_domains table, apart from the
 * registrar-side `domains` rows, and follow a registry's rules: a name is registered once; renewals
 * extend from the current expiry and must name it (a repeated renew is refused, as EPP's curExpDate
 * does); a transfer needs the current auth code, adds one year, and issues a new code; registration
 * periods are 1-10 years and the expiry never lies more than 10 years ahead. It keeps the registrant
 * of each registration as a snapshot under the contact's key, updated for every registration holding
 * that key when the contact changes (syncContact, as a registry updates a contact object linked to
 * many domains), and each name's DS set (setDs; secDNS-1.1's rules for the values).
 */
export class LocalRegistry implements Registry {
  readonly name = 'local';
  readonly capabilities = [
    'check', 'create', 'renew', 'transfer', 'info', 'nameservers', 'authcode', 'delete', 'poll', 'ds', 'contacts',
  ] as const;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** The registrar name recorded on registrations (the provider's own name). */
    private readonly registrar: string,
  ) {}

  async check(names: string[]): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    for (const name of names) results.push({ name, available: !(await this.store.registry.find(name)) });
    return results;
  }

  async create(req: { name: string; years: number; registrant: RegistrantSnapshot; nameservers: string[] }) {
    this.checkPeriod(req.years);
    const now = this.clock.now();
    const record: RegistryRecord = {
      name: req.name,
      registrar: this.registrar,
      registrant: JSON.stringify(req.registrant),
      registrant_key: req.registrant.key,
      auth_code: generateAuthCode(),
      nameservers: JSON.stringify(req.nameservers),
      ds: '[]',
      created_at: isoTimestamp(now),
      updated_at: isoTimestamp(now),
      expires_at: `${addYears(isoDate(now), req.years)}T${isoTimestamp(now).slice(11)}`,
    };
    await this.store.transaction(async (tx) => {
      if (await tx.registry.find(req.name)) throw new RegistryError('exists', `${req.name} is already registered`);
      await tx.registry.create(record);
    });
    return toInfo(record, this.registrar);
  }

  async renew(req: { name: string; years: number; currentExpiry: string }) {
    this.checkPeriod(req.years);
    return this.store.transaction(async (tx) => {
      const record = await this.mustFind(tx, req.name);
      if (record.expires_at.slice(0, 10) !== req.currentExpiry.slice(0, 10)) {
        throw new RegistryError('policy', `current expiry of ${req.name} is ${record.expires_at.slice(0, 10)}, not ${req.currentExpiry}`);
      }
      const expires = `${addYears(record.expires_at.slice(0, 10), req.years)}${record.expires_at.slice(10)}`;
      if (expires.slice(0, 10) > addYears(isoDate(this.clock.now()), 10)) {
        throw new RegistryError('policy', 'a registration may not extend more than 10 years ahead');
      }
      const patch = { expires_at: expires, updated_at: isoTimestamp(this.clock.now()) };
      await tx.registry.update(req.name, patch);
      return toInfo({ ...record, ...patch }, this.registrar);
    });
  }

  /** Completed at once: the local registry has no other registrar to wait for. */
  async transfer(req: { name: string; authCode: string; registrant?: RegistrantSnapshot }): Promise<TransferOutcome> {
    return this.store.transaction(async (tx) => {
      const record = await this.mustFind(tx, req.name);
      if (!secretsEqual(record.auth_code, req.authCode)) throw new RegistryError('auth_invalid', 'invalid auth code');
      const patch = {
        registrar: this.registrar,
        auth_code: generateAuthCode(),
        ...(req.registrant ? { registrant: JSON.stringify(req.registrant), registrant_key: req.registrant.key } : {}),
        expires_at: `${addYears(record.expires_at.slice(0, 10), 1)}${record.expires_at.slice(10)}`,
        updated_at: isoTimestamp(this.clock.now()),
      };
      await tx.registry.update(req.name, patch);
      return { state: 'completed' as const, info: toInfo({ ...record, ...patch }, this.registrar) };
    });
  }

  async settleTransfer(name: string): Promise<void> {
    await this.mustFind(this.store, name);
    throw new RegistryError('policy', `${name} has no pending transfer`);
  }

  async info(name: string): Promise<RegistryDomainInfo | undefined> {
    const record = await this.store.registry.find(name);
    return record && toInfo(record, this.registrar);
  }

  async verifyAuthCode(name: string, authCode: string): Promise<boolean> {
    const record = await this.store.registry.find(name);
    return record !== undefined && secretsEqual(record.auth_code, authCode);
  }

  async setNameservers(name: string, nameservers: string[]): Promise<void> {
    await this.mustFind(this.store, name);
    await this.store.registry.update(name, { nameservers: JSON.stringify(nameservers), updated_at: isoTimestamp(this.clock.now()) });
  }

  async setAuthCode(name: string, authCode: string): Promise<void> {
    await this.mustFind(this.store, name);
    await this.store.registry.update(name, { auth_code: authCode, updated_at: isoTimestamp(this.clock.now()) });
  }

  /** Replaces the DS set; each record checked as a registry does (RFC 4034 section 5.1, RFC 5910). */
  async setDs(name: string, ds: DsData[]): Promise<void> {
    const problem = ds.map(dsProblem).find((p) => p !== undefined);
    if (problem) throw new RegistryError('policy', problem);
    // One record once, whatever the digest's case (a set: secDNS-1.1 adds and removes by value).
    const unique = [...new Map(ds.map((d) => [dsKey(d), { ...d, digest: d.digest.toUpperCase() }])).values()];
    if (unique.length > MAX_DS) throw new RegistryError('policy', `at most ${MAX_DS} DS records per name`);
    await this.mustFind(this.store, name);
    await this.store.registry.update(name, { ds: JSON.stringify(unique), updated_at: isoTimestamp(this.clock.now()) });
  }

  /** The registrant snapshot of every registration holding the contact's key, replaced by this one. */
  async syncContact(registrant: RegistrantSnapshot): Promise<void> {
    await this.store.transaction(async (tx) => {
      const held = await tx.registry.listByRegistrantKey(registrant.key);
      const snapshot = JSON.stringify(registrant);
      const at = isoTimestamp(this.clock.now());
      for (const record of held) {
        if (record.registrant !== snapshot) await tx.registry.update(record.name, { registrant: snapshot, updated_at: at });
      }
    });
  }

  async restore(name: string): Promise<void> {
    await this.mustFind(this.store, name);
    throw new RegistryError('policy', `${name} is not in its redemption period`);
  }

  /** The local registry has no other registrar, and makes no news of its own. */
  async poll(): Promise<RegistryNews | undefined> {
    return undefined;
  }

  async ack(_id: string): Promise<void> {}

  async delete(name: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const record = await this.mustFind(tx, name);
      if (record.registrar !== this.registrar) throw new RegistryError('not_sponsor', `${name} is sponsored by another registrar`);
      await tx.registry.delete(name);
    });
  }

  private checkPeriod(years: number): void {
    if (!Number.isInteger(years) || years < 1 || years > 10) throw new RegistryError('policy', 'period must be 1-10 years');
  }

  private async mustFind(store: Store, name: string): Promise<RegistryRecord> {
    const record = await store.registry.find(name);
    if (!record) throw new RegistryError('not_found', `${name} is not registered`);
    return record;
  }
}

/** Registries cap a name's DS set (Traficom and EURid at a handful); 8 leaves room for a double rollover. */
const MAX_DS = 8;
/** Digest lengths in hex by digest type: SHA-1, SHA-256, GOST R 34.11-94, SHA-384 (IANA DS RR type digest algorithms). */
const DIGEST_HEX_LENGTH: Record<number, number> = { 1: 40, 2: 64, 3: 64, 4: 96 };

const dsKey = (d: DsData) => `${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.toUpperCase()}`;

function dsProblem(d: DsData): string | undefined {
  const byte = (v: number) => Number.isInteger(v) && v >= 0 && v <= 255;
  if (!Number.isInteger(d.keyTag) || d.keyTag < 0 || d.keyTag > 65535) return `DS key tag ${d.keyTag} is not 0-65535`;
  if (!byte(d.algorithm) || d.algorithm === 0) return `DS algorithm ${d.algorithm} is not 1-255`;
  const hexLength = DIGEST_HEX_LENGTH[d.digestType];
  if (!byte(d.digestType) || hexLength === undefined) return `DS digest type ${d.digestType} is not one of 1, 2, 3, 4`;
  if (!/^[0-9a-fA-F]+$/.test(d.digest) || d.digest.length !== hexLength) {
    return `DS digest must be ${hexLength} hexadecimal digits for digest type ${d.digestType}`;
  }
  return undefined;
}

function toInfo(r: RegistryRecord, us: string): RegistryDomainInfo {
  const ds = JSON.parse(r.ds) as DsData[];
  return {
    name: r.name,
    registrar: r.registrar,
    ours: r.registrar === us,
    statuses: ['ok'],
    ds,
    registrant: JSON.parse(r.registrant) as RegistrantSnapshot,
    nameservers: JSON.parse(r.nameservers) as string[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    expiresAt: r.expires_at,
    dnssec: ds.length > 0 ? 'signed' : 'unsigned',
  };
}
