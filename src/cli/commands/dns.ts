import type { Command } from '../command.js';
import { positionalsExactly } from '../options.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import { createRuntime, dnsServiceOptions, hostPort } from '../../main.js';
import { BuiltinDnsProvider } from '../../providers/dns/builtin/builtin-provider.js';
import { startDnsService } from '../../servers/dns/service.js';
import { Worker } from '../../jobs/worker.js';

/** One JSON line per event on stderr, like the HTTP server's log. */
const log = (level: string) => (data: object, msg: string) =>
  console.error(JSON.stringify({ level, time: new Date().toISOString(), msg, ...errorFields(data) }));
const errorFields = (data: object) =>
  'err' in data && data.err instanceof Error ? { ...data, err: data.err.message } : data;

export const dns: Command = {
  words: ['dns'],
  usage: 'hostplane dns              serve DNS only (no HTTP) on DNS_HOST:DNS_PORT, UDP and TCP, from the store, with a job worker',
  async run({ positionals }) {
    positionalsExactly(positionals, []);
    const config = loadConfig();
    if (config.dnsPort === null) throw new ConfigError('DNS_PORT is "off"; set a port to serve DNS');
    // With PowerDNS the zones are served there, and published to it by the server's worker; this
    // process's worker would take those 'zone.publish' jobs and apply them to a builtin index instead.
    if (config.dnsProvider !== 'builtin') {
      throw new ConfigError(`DNS_PROVIDER is "${config.dnsProvider}": PowerDNS serves the zones; hostplane dns serves the builtin provider only`);
    }
    const provider = new BuiltinDnsProvider();
    const lines = { info: log('info'), warn: log('warn'), error: log('error') };
    const runtime = await createRuntime(config, { dns: provider, log: lines });
    const service = await startDnsService(runtime.ctx, provider, dnsServiceOptions(config, lines));
    lines.info({ zones: service.zones }, `hostplane dns listening: DNS ${hostPort(service.host, service.port)} (udp/tcp), ${service.zones} zones`);
    // The process's job worker: it runs the 'zone.publish' jobs that keep this server's index current.
    const worker = new Worker(runtime.ctx, runtime.runner, { log: lines }).start();
    // Runs until stopped; the CLI's exit after a command is never reached.
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.error(`${signal}: shutting down`);
        void worker
          .stop()
          .then(() => service.close())
          .then(() => runtime.close())
          .finally(() => {
            resolve();
            process.exit(0);
          });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
