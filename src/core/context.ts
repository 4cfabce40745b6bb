import type { Clock } from './clock.js';
import type { Store } from '../ports/store.js';
import type { Registry } from '../ports/registry.js';
import type { WhoisLookup } from '../ports/lookup.js';
import type { LicensingProvider } from '../ports/licensing.js';
import type { DnsProvider } from '../ports/dns.js';

/** Settings the core needs; a subset of the process config, so core does not depend on how it was read. */
export interface CoreSettings {
  providerName: string;
  nameservers: string[];
  parkNameservers: string[];
  hostmaster: string;
  vatRateBp: number;
  invoiceDueDays: number;
  jwtSecret: Uint8Array;
}

/** Runs queued side effects (order fulfilment, provisioning); see src/jobs. */
export interface JobDrain {
  drain(): Promise<void>;
}

/** Everything a core command may use: the store, time, providers, settings. Built once in main.ts. */
export interface Ctx {
  store: Store;
  clock: Clock;
  settings: CoreSettings;
  registry: Registry;
  whois: WhoisLookup;
  /** Microsoft 365 tenants and subscriptions (the embedded default is `sandbox`). */
  licensing: LicensingProvider;
  jobs: JobDrain;
  /** Where zones are published ('zone.publish' jobs); absent in a process that serves no DNS (CLI commands). */
  dns?: DnsProvider;
}
