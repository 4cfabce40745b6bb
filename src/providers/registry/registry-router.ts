import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.js';
import { DomainError } from '../../core/errors.js';
import { LOCAL_REGISTRY } from '../../core/registries/registry-rules.js';
import {
  RegistryError, type CheckResult, type DsData, type RegistrantSnapshot, type Registry, type RegistryCapability,
  type RegistryDomainInfo, type RegistryNews, type TransferOutcome,
} from '../../ports/registry.js';
import type { Store } from '../../ports/store.js';
import type { RegistryConfig } from '../../ports/store/registries.js';
import { eppSettingsOf } from './epp/settings-from-store.js';
import type { EppRegistrySettings } from './epp/settings.js';

export interface RegistryRouterOptions {
  store: Store;
  clock: Clock;
  /** The embedded registry, for every TLD no configured registry claims. */
  local: Registry;
  /** Makes the provider of one configured registry from its settings (an EppRegistry; a test's fake). */
  connect(settings: EppRegistrySettings): Registry;
  /**
   * How long the registries table read last is trusted (REGISTRIES_REFRESH_SECONDS, 30 s): a registry
   * added or removed by the CLI reaches a running server within this. 0 reads it on every call.
   */
  refreshMs?: number;
  log?: { warn(data: object, message: string): void };
}

/** One configured registry as last read, with its provider once a call needed it. */
interface Route {
  row: RegistryConfig;
  tlds: string[];
  /** The row, its TLDs and its files' modification times: a change of any makes a new provider. */
  fingerprint: string;
  provider?: Promise<Registry>;
}

interface Routes {
  byName: Map<string, Route>;
  byTld: Map<string, Route>;
}

/**
 * The Registry the core uses: each call goes to the registry that serves the name's TLD, as the
 * operator configured them (`hostplane registries add`, the store's registries and registry_tlds), or
 * to the embedded `local` registry for a TLD no registry claims.
 *
 * The table is read again when the last read is older than `refreshMs` (30 s), at the next call, not
 * on a timer: two small queries (and a stat of each registry's files) at most twice a minute, and a
 * process that makes no registry calls reads nothing. A registry whose row, TLDs or files changed is
 * given a new provider, and the old one's sessions are closed (as are a removed one's): a command in
 * flight on them may fail as `unavailable`, which the job queue retries. Time here is the machine's
 * (monotonic), not the injected clock: it measures how stale the operator's edits may be.
 *
 * A provider is made at a registry's first call, with its secrets read from the operator's files
 * then; a file that cannot be read makes that call fail as `unavailable` (the order waits and is
 * retried) with the reason, and the next call tries again.
 *
 * Poll news carries the registry's name before its id (`traficom:1234`, `local:...`), so `ack` finds
 * the queue it came from; `poll` goes round the registries, one message at a time, so one busy queue
 * does not starve the others.
 */
export class RegistryRouter implements Registry {
  readonly name = 'router';
  /** The embedded registry's; a configured one's are its provider's (`registryFor(name)`). */
  readonly capabilities: ReadonlyArray<RegistryCapability>;
  private readonly refreshMs: number;
  private routes: Routes | undefined;
  private readAt = 0;
  private reading: Promise<Routes> | undefined;
  /** Where the next poll starts: the registry after the one that answered the last. */
  private pollFrom = 0;
  private closed = false;

  constructor(private readonly options: RegistryRouterOptions) {
    this.capabilities = options.local.capabilities;
    this.refreshMs = options.refreshMs ?? 30_000;
  }

  /** The registry that serves `name` (an A-label name, as the core passes them). */
  async registryFor(name: string): Promise<Registry> {
    const route = (await this.current()).byTld.get(tldOf(name));
    return route ? this.provider(route) : this.options.local;
  }

  /**
   * Splits the names by registry and asks each at once; the answers come back in the order asked.
   * A registry that does not answer makes its names unavailable, with the reason, when another
   * registry answered for the rest (a label checked under every TLD still shows those); when none
   * answered, its error is the answer.
   */
  async check(names: string[]): Promise<CheckResult[]> {
    const routes = await this.current();
    const groups = new Map<Route | undefined, string[]>();
    for (const name of names) {
      const route = routes.byTld.get(tldOf(name));
      groups.set(route, [...(groups.get(route) ?? []), name]);
    }
    const answers = await Promise.allSettled(
      [...groups].map(async ([route, group]) => (await (route ? this.provider(route) : this.options.local)).check(group)),
    );
    const failures = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    if (failures.length === answers.length && failures.length > 0) throw failures[0];
    const byName = new Map<string, CheckResult>();
    [...groups.values()].forEach((group, i) => {
      const answer = answers[i]!;
      for (const name of group) {
        const result = answer.status === 'fulfilled'
          ? answer.value.find((r) => r.name === name)
          : { name, available: false, reason: `not answered: ${(answer.reason as Error).message}` };
        if (result) byName.set(name, result);
      }
    });
    return names.flatMap((name) => {
      const result = byName.get(name);
      return result ? [result] : [];
    });
  }

  async create(req: Parameters<Registry['create']>[0]): Promise<RegistryDomainInfo> {
    return (await this.registryFor(req.name)).create(req);
  }
  async renew(req: { name: string; years: number; currentExpiry: string }): Promise<RegistryDomainInfo> {
    return (await this.registryFor(req.name)).renew(req);
  }
  async transfer(req: { name: string; authCode: string; registrant?: RegistrantSnapshot }): Promise<TransferOutcome> {
    return (await this.registryFor(req.name)).transfer(req);
  }
  async settleTransfer(name: string, op: 'approve' | 'reject' | 'cancel'): Promise<void> {
    return (await this.registryFor(name)).settleTransfer(name, op);
  }
  async info(name: string): Promise<RegistryDomainInfo | undefined> {
    return (await this.registryFor(name)).info(name);
  }
  async verifyAuthCode(name: string, authCode: string): Promise<boolean> {
    return (await this.registryFor(name)).verifyAuthCode(name, authCode);
  }
  async setNameservers(name: string, nameservers: string[], glue?: Record<string, string[]>): Promise<void> {
    return (await this.registryFor(name)).setNameservers(name, nameservers, glue);
  }
  async setAuthCode(name: string, authCode: string): Promise<void> {
    return (await this.registryFor(name)).setAuthCode(name, authCode);
  }
  async setDs(name: string, ds: DsData[]): Promise<void> {
    return (await this.registryFor(name)).setDs(name, ds);
  }
  async restore(name: string): Promise<void> {
    return (await this.registryFor(name)).restore(name);
  }
  async delete(name: string): Promise<void> {
    return (await this.registryFor(name)).delete(name);
  }

  /**
   * A contact lives at every registry a registration used it at: `local`, and each configured
   * registry that holds a handle for its key (registry_contacts). Each is updated; a registry that
   * fails does not keep the others from it, and its error is thrown once all were tried.
   */
  async syncContact(registrant: RegistrantSnapshot): Promise<void> {
    const routes = await this.current();
    const holders: Route[] = [];
    for (const route of routes.byName.values()) {
      if (await this.options.store.registryContacts.find(route.row.name, registrant.key)) holders.push(route);
    }
    const results = await Promise.allSettled([
      this.options.local.syncContact(registrant),
      ...holders.map(async (route) => (await this.provider(route)).syncContact(registrant)),
    ]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * The next message of the registries' queues, going round them: `local` first, then the configured
   * registries by name. A registry that fails is passed over; when no queue had news and one failed,
   * its error is thrown, so a poll job learns of the outage once it has read the others.
   */
  async poll(): Promise<RegistryNews | undefined> {
    const routes = await this.current();
    const queues: Array<{ name: string; registry: () => Promise<Registry> }> = [
      { name: LOCAL_REGISTRY, registry: async () => this.options.local },
      ...[...routes.byName.values()].map((route) => ({ name: route.row.name, registry: () => this.provider(route) })),
    ];
    let failure: unknown;
    for (let i = 0; i < queues.length; i++) {
      const at = (this.pollFrom + i) % queues.length;
      const queue = queues[at]!;
      try {
        const news = await (await queue.registry()).poll();
        if (news) {
          this.pollFrom = (at + 1) % queues.length;
          return { ...news, id: `${queue.name}:${news.id}` };
        }
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) throw failure;
    return undefined;
  }

  async ack(id: string): Promise<void> {
    const colon = id.indexOf(':');
    const name = colon < 0 ? '' : id.slice(0, colon);
    const own = id.slice(colon + 1);
    if (name === LOCAL_REGISTRY) return this.options.local.ack(own);
    const route = (await this.current()).byName.get(name);
    if (!route) throw new RegistryError('not_found', `no registry ${name || '(none)'} for the message ${id}: it was removed, or the id is not one poll gave`);
    return (await this.provider(route)).ack(own);
  }

  /** Closes every configured registry's sessions; the router is not used after this. */
  async close(): Promise<void> {
    this.closed = true;
    const routes = this.routes;
    this.routes = undefined;
    await Promise.allSettled([...(routes?.byName.values() ?? [])].map((route) => closeRoute(route)));
    await this.options.local.close?.();
  }

  private async current(): Promise<Routes> {
    if (this.closed) throw new RegistryError('unavailable', 'the registries are closed: the process is stopping');
    if (this.routes && performance.now() - this.readAt < this.refreshMs) return this.routes;
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** Reads the registries and their TLDs, keeping the provider of each registry that did not change. */
  private async read(): Promise<Routes> {
    const startedAt = performance.now();
    const [rows, claims] = await Promise.all([this.options.store.registries.list(), this.options.store.registries.tlds()]);
    const previous = this.routes;
    const byName = new Map<string, Route>();
    const byTld = new Map<string, Route>();
    for (const row of rows) {
      const tlds = claims.filter((c) => c.registry === row.name).map((c) => c.tld);
      const fingerprint = JSON.stringify([row, tlds, await filesStamp(row)]);
      const before = previous?.byName.get(row.name);
      const route = before && before.fingerprint === fingerprint ? before : { row, tlds, fingerprint };
      byName.set(row.name, route);
      for (const tld of tlds) byTld.set(tld, route);
    }
    for (const [name, route] of previous?.byName ?? []) {
      if (byName.get(name) === route) continue;
      // In the background: the call that noticed the change goes on with the new provider.
      closeRoute(route).catch((err: unknown) => this.options.log?.warn({ registry: name, err }, 'closing a changed registry failed'));
    }
    if (this.closed) throw new RegistryError('unavailable', 'the registries are closed: the process is stopping');
    this.routes = { byName, byTld };
    this.readAt = startedAt;
    return this.routes;
  }

  /** The route's provider, made at its first use with the files read now. */
  private provider(route: Route): Promise<Registry> {
    route.provider ??= eppSettingsOf(route.row, route.tlds).then(
      (settings) => this.options.connect(settings),
      (err: unknown) => {
        route.provider = undefined;
        const reason = err instanceof DomainError && err.fields ? Object.values(err.fields).flat().join('; ') : (err as Error).message;
        throw new RegistryError('unavailable', `registry ${route.row.name}: ${reason}`);
      },
    );
    return route.provider;
  }
}

/** The TLD of a name as the core passes them (A-labels), any case, a final dot or not. */
const tldOf = (name: string): string => name.replace(/\.$/, '').toLowerCase().split('.').pop()!;

async function closeRoute(route: Route): Promise<void> {
  const provider = await route.provider?.catch(() => undefined);
  await provider?.close?.();
}

/** When each of a registry's files last changed (and its size), so a replaced certificate is noticed. */
async function filesStamp(row: RegistryConfig): Promise<string[]> {
  const files = [row.password_file, row.ca_file, row.cert_file, row.key_file].filter((f): f is string => f !== null);
  return Promise.all(files.map(async (file) => {
    try {
      const s = await stat(file);
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return 'missing';
    }
  }));
}
