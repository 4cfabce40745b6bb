import type { Command } from '../command.js';
import { positionalsExactly } from '../options.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import { createRuntime, dnsServiceOptions, hostPort } from '../../main.js';
import { BuiltinDnsProvider } from '../../providers/dns/builtin/builtin-provider.js';
import { startDnsService } from '../../servers/dns/service.js';
import { Worker } from '../../jobs/worker.js';
import { clusterPeers, dnsRole, parseProcesses, runDnsPrimary } from '../../servers/dns/cluster.js';

/** One JSON line per event on stderr, like the HTTP server's log. */
const log = (level: string) => (data: object, msg: string) =>
  console.error(JSON.stringify({ level, time: new Date().toISOString(), msg, ...errorFields(data) }));
const errorFields = (data: object) =>
  'err' in data && data.err instanceof Error ? { ...data, err: data.err.message } : data;

export const dns: Command = {
  words: ['dns'],
  usage: 'hostplane dns [--processes N|auto]  serve DNS only (no HTTP) on DNS_HOST:DNS_PORT, UDP and TCP, from the store, with a job worker',
  options: { processes: { type: 'string' } },
  async run({ positionals, values, io, actor }) {
    positionalsExactly(positionals, []);
    const env = io.env;
    const config = loadConfig(env);
    if (config.dnsPort === null) throw new ConfigError('DNS_PORT is "off"; set a port to serve DNS');
    // With PowerDNS the zones are served there, and published to it by the server's worker; this
    // process's worker would take those 'zone.publish' jobs and apply them to a builtin index instead.
    if (config.dnsProvider !== 'builtin') {
      throw new ConfigError(`DNS_PROVIDER is "${config.dnsProvider}": PowerDNS serves the zones; hostplane dns serves the builtin provider only`);
    }
    let processes: number;
    try {
      processes = parseProcesses((values.processes as string | undefined) ?? env.DNS_PROCESSES);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
    const lines = { info: log('info'), warn: log('warn'), error: log('error') };
    const role = dnsRole(processes);
    const listening = (port: number, zones: number, extra = '') =>
      lines.info({ zones }, `hostplane dns listening: DNS ${hostPort(config.dnsHost, port)} (udp/tcp), ${zones} zones${extra}`);
    if (role.kind === 'primary') {
      // Answers nothing itself: it starts the answering processes and waits for a signal (cluster.ts).
      const { port, zones, stopped } = await runDnsPrimary(processes, lines);
      listening(port, zones, `, ${processes} processes`);
      await stopped;
      process.exit(0);
    }
    const peers = role.kind === 'answering' ? clusterPeers(role.leader) : undefined;
    const provider = new BuiltinDnsProvider();
    const runtime = await createRuntime(config, { dns: provider, log: lines, actor });
    const service = await startDnsService(runtime.ctx, provider, { ...dnsServiceOptions(config, lines), peers });
    if (peers) peers.listening(service.port, service.zones);
    else listening(service.port, service.zones);
    // The job worker (one process's): it runs the 'zone.publish' jobs that keep the index current.
    const worker = !peers || peers.leader ? new Worker(runtime.ctx, runtime.runner, { log: lines }).start() : undefined;
    // Runs until stopped; the CLI's exit after a command is never reached.
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.error(`${signal}: shutting down`);
        void Promise.resolve(worker?.stop())
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
