import type { AddressInfo } from 'node:net';
import type { Config } from './config/config.js';
import type { Clock } from './core/clock.js';
import { systemClock } from './core/clock.js';
import type { Ctx } from './core/context.js';
import { openDb, migrate, type Db } from './store/db.js';
import { KyselyStore } from './store/kysely-store.js';
import { LocalRegistry } from './providers/registry/local/local-registry.js';
import { WhoisClient } from './providers/lookup/whois-client.js';
import { JobRunner } from './jobs/runner.js';
import { jobHandlers } from './jobs/handlers.js';
import { buildApp } from './api/app.js';

export interface Runtime {
  ctx: Ctx;
  db: Db;
  close(): Promise<void>;
}

/** config -> store -> providers -> core context. Shared by the server and the CLI. */
export async function createRuntime(config: Config, options: { clock?: Clock } = {}): Promise<Runtime> {
  const db = openDb(config.databaseUrl);
  await migrate(db);
  const store = new KyselyStore(db);
  const clock = options.clock ?? systemClock;
  const jobs = new JobRunner(jobHandlers);
  const ctx: Ctx = {
    store,
    clock,
    settings: {
      providerName: config.providerName,
      nameservers: config.nameservers,
      parkNameservers: config.parkNameservers,
      hostmaster: config.hostmaster,
      vatRateBp: config.vatRateBp,
      invoiceDueDays: config.invoiceDueDays,
      jwtSecret: config.jwtSecret,
    },
    registry: new LocalRegistry(store, clock, config.providerName),
    whois: new WhoisClient({
      servers: config.whoisServers,
      ianaServer: config.whoisIanaServer,
      timeoutMs: config.whoisTimeoutMs,
    }),
    jobs,
  };
  jobs.bind(ctx);
  return { ctx, db, close: () => db.destroy() };
}

export interface Server {
  runtime: Runtime;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Migrates, then serves HTTP on config.host:config.port (port 0 picks a free one). */
export async function startServer(
  config: Config,
  options: { clock?: Clock; logger?: boolean | object } = {},
): Promise<Server> {
  const runtime = await createRuntime(config, options);
  const app = await buildApp(runtime.ctx, runtime.db, {
    logger: options.logger ?? { level: config.logLevel },
  });
  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  // Fulfil anything a previous run left queued (a crash between commit and fulfilment).
  void runtime.ctx.jobs.drain().catch((err) => app.log.error({ err }, 'job drain failed'));
  return {
    runtime,
    port,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}
