import { ManualClock } from '../../../src/core/clock.js';
import type { RegistryContact, RegistryContactRepository } from '../../../src/ports/store/registry-contacts.js';
import { EppRegistry, type EppLog } from '../../../src/providers/registry/epp/epp-registry.js';
import type { PoolTiming } from '../../../src/providers/registry/epp/pool.js';
import type { EppRegistrySettings } from '../../../src/providers/registry/epp/settings.js';
import { startEppServer, type EppServer, type EppServerOptions } from '../../helpers/epp-server/index.js';

/** The contact handles store, in memory (the store's registry_contacts table has the same contract). */
export class MemoryRegistryContacts implements RegistryContactRepository {
  readonly rows = new Map<string, RegistryContact>();
  async find(registry: string, contactKey: string) {
    return this.rows.get(`${registry}\n${contactKey}`);
  }
  async findByHandle(registry: string, handle: string) {
    return [...this.rows.values()].find((r) => r.registry === registry && r.handle === handle);
  }
  async save(row: RegistryContact) {
    this.rows.set(`${row.registry}\n${row.contact_key}`, { ...row });
  }
  async delete(registry: string, contactKey: string) {
    this.rows.delete(`${registry}\n${contactKey}`);
  }
}

export const REGISTRARS = [{ id: 'hostplane', password: 'secret-pw-1' }, { id: 'otherreg', password: 'secret-pw-2' }];

/** Log lines kept for assertions. */
export class MemoryLog implements EppLog {
  readonly lines: Array<{ level: string; msg: string; obj: Record<string, unknown> }> = [];
  info(obj: object, msg: string) { this.lines.push({ level: 'info', msg, obj: obj as Record<string, unknown> }); }
  warn(obj: object, msg: string) { this.lines.push({ level: 'warn', msg, obj: obj as Record<string, unknown> }); }
}

export function startRegistry(options: Partial<EppServerOptions> = {}): Promise<EppServer> {
  return startEppServer({
    registrars: REGISTRARS,
    tlds: ['fi', 'eu', 'test'],
    policies: { fi: { requiredRoles: ['admin', 'tech'], registrantIdentity: true }, eu: { nameservers: 'hostAttr' } },
    requireClientCert: true,
    ...options,
  });
}

export function settingsFor(server: EppServer, who = 0, extra: Partial<EppRegistrySettings> = {}): EppRegistrySettings {
  const registrar = REGISTRARS[who]!;
  return {
    name: `testreg-${registrar.id}`,
    host: server.host,
    port: server.port,
    username: registrar.id,
    password: registrar.password,
    ca: server.ca,
    cert: server.clientCert,
    key: server.clientKey,
    sessions: 2,
    commandsPerSecond: 0,
    tlds: ['fi', 'eu', 'test'],
    nameserverStyle: 'hostObj',
    contactRoles: ['admin', 'tech'],
    ...extra,
  };
}

export const FAST: Partial<PoolTiming> = { connectTimeoutMs: 2_000, commandTimeoutMs: 5_000, queueTimeoutMs: 5_000, backoffBaseMs: 200, backoffMaxMs: 1_000 };

export function eppRegistry(server: EppServer, who = 0, extra: Partial<EppRegistrySettings> = {}, deps: { timing?: Partial<PoolTiming>; contacts?: MemoryRegistryContacts; log?: MemoryLog } = {}) {
  const contacts = deps.contacts ?? new MemoryRegistryContacts();
  const log = deps.log ?? new MemoryLog();
  const registry = new EppRegistry(settingsFor(server, who, extra), { contacts, clock: new ManualClock(), log, timing: { ...FAST, ...deps.timing } });
  return { registry, contacts, log };
}
