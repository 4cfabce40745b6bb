import type { AddressInfo } from 'node:net';
import type { Config } from './config/config.js';
import type { Clock } from './core/clock.js';
import { systemClock } from './core/clock.js';
import type { Ctx } from './core/context.js';
import type { Actor } from './core/events/actor.js';
import { isPostgresUrl, openDb, migrate, type Db } from './store/db.js';
import { KyselyStore } from './store/kysely-store.js';
import { LocalRegistry } from './providers/registry/local/local-registry.js';
import { RegistryRouter } from './providers/registry/registry-router.js';
import { EppRegistry } from './providers/registry/epp/epp-registry.js';
import { WhoisClient } from './providers/lookup/whois-client.js';
import { SandboxLicensing } from './providers/licensing/sandbox/sandbox-licensing.js';
import { JobRunner } from './jobs/runner.js';
import { jobHandlers, jobRetryPolicies } from './jobs/handlers.js';
import { createLog, type Log } from './jobs/log.js';
import { Worker } from './jobs/worker.js';
import { buildApp } from './api/app.js';
import type { DnsProvider } from './ports/dns.js';
import type { Registry } from './ports/registry.js';
import { BuiltinDnsProvider } from './providers/dns/builtin/builtin-provider.js';
import { startDnsService, type DnsService, type DnsServiceOptions } from './servers/dns/service.js';
import { listenForZoneChanges } from './store/zone-change-listener.js';
import type { WebForwarding } from './servers/dns/web-forward.js';
import { startWebForwarder, type WebForwarder } from './servers/web/server.js';
import type { EventSubscriber } from './core/events/subscribers.js';
import { webhookSubscriber } from './core/webhooks/webhook-subscriber.js';
import { connectPowerDns } from './providers/dns/powerdns/powerdns-provider.js';
import { startZonePublishing, type ZonePublishing } from './providers/dns/powerdns/publishing.js';
import type { Mailer } from './ports/mail.js';
import { FolderMailer } from './providers/mail/folder-mailer.js';
import { SmtpMailer } from './providers/mail/smtp-mailer.js';
import { MailSubscriber } from './core/messages/mail-subscriber.js';

export interface Runtime {
  ctx: Ctx;
  db: Db;
  /** The outbox's runner (ctx.jobs, unless jobs are not run inline), for a Worker. */
  runner: JobRunner;
  close(): Promise<void>;
}

/**
 * What acts on the event log (core/events/subscribers.ts), in the order they are called: each queues
 * its own jobs in the event's transaction: e-mail to the account, then the partner's webhooks.
 */
function eventSubscribers(_config: Config): EventSubscriber[] {
  return [new MailSubscriber(), webhookSubscriber];
}

/** The SMTP server SMTP_URL names, else the mail folder in the data directory (the embedded default). */
export function createMailer(config: Config, clock: Clock): Mailer {
  return config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new FolderMailer(config.mailDir, config.mailFrom, clock);
}

/** config -> store -> providers -> core context. Shared by the server and the CLI. */
export async function createRuntime(
  config: Config,
  options: {
    clock?: Clock;
    dns?: DnsProvider;
    /** Where job handlers log (notifications); default JSON lines on stderr, keeping a CLI's stdout its own. */
    log?: Log;
    /** false: ctx.jobs.drain() does nothing, so commands only queue their jobs for a worker elsewhere. */
    inlineJobs?: boolean;
    /** Wraps the registry the runtime would use, the router (tests put one that refuses or is down in front of it). */
    registry?: (configured: Registry) => Registry;
    /** Who the runtime's ctx acts as (a CLI command's operator); absent, the system. Requests, jobs and the schedule name their own. */
    actor?: Actor;
  } = {},
): Promise<Runtime> {
  const db = openDb(config.databaseUrl);
  await migrate(db);
  const store = new KyselyStore(db);
  const clock = options.clock ?? systemClock;
  const jobs = new JobRunner(jobHandlers, jobRetryPolicies);
  const mailer = createMailer(config, clock);
  jobs.log = options.log ?? createLog(config.logLevel, process.stderr);
  // Through jobs.log at each line, not the logger of now: a server gives the runner its own later.
  const log = { info: (data: object, msg: string) => jobs.log.info(data, msg), warn: (data: object, msg: string) => jobs.log.warn(data, msg) };
  // Each TLD at the registry the operator configured for it (`hostplane registries add`), else `local`.
  const registry = new RegistryRouter({
    store,
    clock,
    local: new LocalRegistry(store, clock, config.providerName),
    connect: (settings) => new EppRegistry(settings, { contacts: store.registryContacts, clock, log }),
    refreshMs: config.registriesRefreshMs,
    log,
  });
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
      dunning: config.dunning,
      seller: config.seller,
      einvoiceDir: config.einvoiceDir,
      jwtSecret: config.jwtSecret,
      publicUrl: config.publicUrl ?? `http://${hostPort(config.host, config.port)}`,
      jobLeaseMs: config.jobLeaseMs,
      idempotencyLeaseMs: config.idempotencyLeaseMs,
      loginFailuresPerAddress: config.loginFailuresPerAddress,
      loginVerifications: config.loginVerifications,
      passwordHashing: config.passwordHashing,
      panelSessions: config.panelSessions,
      dnssec: config.dnssec,
      webhooks: config.webhooks,
    },
    registry: options.registry ? options.registry(registry) : registry,
    licensing: new SandboxLicensing(store, clock),
    whois: new WhoisClient({
      servers: config.whoisServers,
      ianaServer: config.whoisIanaServer,
      timeoutMs: config.whoisTimeoutMs,
    }),
    // Requests and commands run what they queued before answering, but for the worker's own kinds (webhooks).
    jobs: options.inlineJobs === false ? { drain: async () => {} } : jobs.inlineDrain(),
    dns: options.dns,
    subscribers: eventSubscribers(config),
    mailer,
    actor: options.actor,
  };
  jobs.bind(ctx);
  return {
    ctx,
    db,
    runner: jobs,
    close: async () => {
      await registry.close();
      await mailer.close();
      await db.destroy();
    },
  };
}

export interface Server {
  runtime: Runtime;
  url: string;
  port: number;
  /** The builtin DNS server, unless DNS_PORT is "off", DNS_PROVIDER is "powerdns" or the `dns: false` option was given. */
  dns: DnsService | undefined;
  /** The web forwarder (URL/URLFRAME/FORWARD records, parked domains), unless WEB_PORT is "off". */
  web: WebForwarder | undefined;
  /** The process's job worker, unless the `worker: false` option was given (serve --no-worker). */
  worker: Worker | undefined;
  close(): Promise<void>;
}

/**
 * Migrates, then serves HTTP on config.host:config.port (port 0 picks a free one), unless WEB_PORT is
 * "off" the web forwarder on config.webHost:config.webPort, and, unless
 * DNS_PORT is "off" or `dns` is false, DNS on config.dnsHost:config.dnsPort (UDP and TCP). With
 * DNS_PROVIDER "powerdns" (and `dns` not false) zones are pushed to PowerDNS instead and the builtin
 * server does not start.
 */
export async function startServer(
  config: Config,
  options: { clock?: Clock; logger?: boolean | object; dns?: boolean; worker?: boolean; registry?: (configured: Registry) => Registry } = {},
): Promise<Server> {
  // PowerDNS answers forwarded names with the web forwarder's address when this process runs it.
  const webAddress = config.webPort !== null ? { address: config.webAddress, address6: config.webAddress6 } : undefined;
  const powerdns = options.dns !== false && config.powerdns ? await connectPowerDns(config.powerdns, { web: webAddress, parkNameservers: config.parkNameservers }) : undefined;
  const provider = !powerdns && options.dns !== false && config.dnsPort !== null ? new BuiltinDnsProvider() : undefined;
  const runtime = await createRuntime(config, { ...options, dns: powerdns ?? provider, inlineJobs: options.worker !== false });
  const app = await buildApp(runtime.ctx, runtime.db, {
    logger: options.logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    panelSessions: config.panelSessions,
  });
  let dns: DnsService | undefined;
  let web: WebForwarder | undefined;
  let port: number;
  try {
    if (provider) dns = await startDnsService(runtime.ctx, provider, dnsServiceOptions(config, app.log));
    if (config.webPort !== null) web = await startWebForwarder(runtime.ctx, { host: config.webHost, port: config.webPort, log: app.log });
    // HTTP last, so that its listen line, the log's first, names every address a new user looks for.
    await app.listen({ host: config.host, port: config.port, listenTextResolver: (address) => listeningLine(address, config, dns, web) });
    port = (app.server.address() as AddressInfo).port;
    // Links in messages name the port actually taken (PORT 0 picks one) unless PUBLIC_URL says otherwise.
    if (config.publicUrl === null) runtime.ctx.settings.publicUrl = `http://${hostPort(config.host, port)}`;
  } catch (err) {
    await web?.close();
    await dns?.close();
    await app.close();
    await runtime.close();
    throw err;
  }
  const publishing: ZonePublishing | undefined = powerdns ? startZonePublishing(runtime.ctx, { log: app.log }) : undefined;
  runtime.runner.log = app.log;
  app.log.info({ mail: runtime.ctx.mailer.kind }, mailLine(runtime.ctx.mailer, config));
  // The worker drains at once what a previous run left queued (a crash between commit and fulfilment).
  // With an injected clock (tests) the schedule runs only on worker.tick(): time is the caller's.
  const worker = options.worker === false
    ? undefined
    : new Worker(runtime.ctx, runtime.runner, { log: app.log, scheduleMs: options.clock ? null : undefined }).start();
  return {
    runtime,
    port,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    dns,
    web,
    worker,
    close: async () => {
      await worker?.stop();
      await web?.close();
      await publishing?.close();
      await dns?.close();
      await app.close();
      await runtime.close();
    },
  };
}

/**
 * "hostplane listening: client API http://127.0.0.1:8080/api/v1, partner API http://127.0.0.1:8080/,
 * docs http://127.0.0.1:8080/docs, DNS 127.0.0.1:5300 (udp/tcp), web forwarder http://127.0.0.1:8081"
 * for the HTTP server at `http` (one line per address when HOST is 0.0.0.0).
 */
function listeningLine(http: string, config: Config, dns: DnsService | undefined, web: WebForwarder | undefined): string {
  const dnsPart = dns ? `DNS ${hostPort(dns.host, dns.port)} (udp/tcp)`
    : config.powerdns ? `DNS published to PowerDNS at ${config.powerdns.apiUrl}`
    : 'DNS off';
  const webPart = web ? `web forwarder http://${hostPort(web.host, web.port)}` : 'web forwarder off';
  return `hostplane listening: client API ${http}/api/v1, partner API ${http}/, docs ${http}/docs, ${dnsPart}, ${webPart}`;
}

/** Where e-mail goes, for the log of a process that sends it (serve, worker). */
export const mailLine = (mailer: Mailer, config: Config): string =>
  mailer instanceof FolderMailer
    ? `e-mail is written to ${mailer.dir} (set SMTP_URL to send it)`
    : `e-mail is sent through ${redactedUrl(config.smtpUrl!)}`;

/** An SMTP_URL without its password, for the log. */
const redactedUrl = (url: string): string => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/** host:port, an IPv6 host in brackets. */
export const hostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** The DNS service's settings from the config (shared by `serve` and `hostplane dns`). */
export const dnsServiceOptions = (config: Config, log: Parameters<typeof startDnsService>[2]['log']): DnsServiceOptions => ({
  host: config.dnsHost,
  port: config.dnsPort ?? 0,
  secondaries: config.dnsSecondaries,
  tcp: config.dnsTcp,
  web: webForwarding(config),
  log,
  // Several instances share a PostgreSQL store: each hears of the others' zone changes at once.
  listen: isPostgresUrl(config.databaseUrl) ? (handlers) => listenForZoneChanges(config.databaseUrl, handlers) : undefined,
});

/** Where the DNS sends forwarded and parked names: the web forwarder's public addresses. */
export const webForwarding = (config: Config): WebForwarding => ({
  address: config.webAddress,
  address6: config.webAddress6,
  parkNameservers: new Set(config.parkNameservers),
});
