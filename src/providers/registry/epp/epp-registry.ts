import type { Clock } from '../../../core/clock.js';
import type { RegistryContactRepository } from '../../../ports/store/registry-contacts.js';
import type { EppGreeting, EppRegistrySettings } from './settings.js';

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
}

/**
 * CONTRACT ONLY (being implemented): the `epp` registry provider, a Registry (ports/registry.ts)
 * over a pool of EPP sessions to one registry.
 */
export class EppRegistry {
  readonly name: string;
  constructor(readonly settings: EppRegistrySettings, readonly deps: EppRegistryDeps) {
    this.name = settings.name;
  }

  /** Connects, reads the greeting, logs in and out: what `hostplane registries test` shows. Throws RegistryError('unavailable' | 'policy') with a clear reason. */
  async probe(): Promise<EppGreeting> {
    throw new Error('not implemented yet');
  }

  /** Logs every session out and closes it. */
  async close(): Promise<void> {}
}
