/**
 * The test EPP registry and the delay relay in a process of their own, driven by bench/epp/run.ts over
 * the IPC channel: so that the benchmark's process holds the client alone, its CPU is the client's,
 * and the registry's work never queues behind the client's in one event loop (nor the other way).
 */
import { startEppServer, type EppServer } from '../../test/helpers/epp-server/index.js';
import { startDelayProxy, type DelayProxy } from './delay-proxy.js';

export type Request =
  | { op: 'start'; validate: boolean; latencyMs: number; relayOneWayMs: number; registrar: { id: string; password: string } }
  | { op: 'sessions' }
  | { op: 'mark' }
  | { op: 'stats' }
  | { op: 'stop' };

export interface Started {
  /** Where the client connects: the relay when there is one, else the registry. */
  port: number;
  ca: string;
  clientCert: string;
  clientKey: string;
}

export interface Stats {
  byCommand: Record<string, number>;
  commands: number;
  failed: Array<{ command: string; code?: number }>;
  sessions: number;
  /** This process's CPU since the mark (registry and relay), µs. */
  cpuUs: number;
}

let server: EppServer | undefined;
let proxy: DelayProxy | undefined;
let registrar = '';
let mark = 0;
let cpu = process.cpuUsage();

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'start': {
      registrar = req.registrar.id;
      server = await startEppServer({
        registrars: [req.registrar], tlds: ['test'], requireClientCert: true, validate: req.validate, sessionLimit: 4, latencyMs: req.latencyMs,
      });
      proxy = req.relayOneWayMs > 0 ? await startDelayProxy(server, req.relayOneWayMs) : undefined;
      return { port: proxy?.port ?? server.port, ca: server.ca, clientCert: server.clientCert, clientKey: server.clientKey } satisfies Started;
    }
    case 'sessions':
      return server!.sessionCount(registrar);
    case 'mark':
      mark = server!.commands.length;
      cpu = process.cpuUsage();
      return null;
    case 'stats': {
      const used = process.cpuUsage(cpu);
      const sent = server!.commands.slice(mark).filter((r) => r.registrar === registrar);
      const byCommand: Record<string, number> = {};
      for (const r of sent) byCommand[r.command] = (byCommand[r.command] ?? 0) + 1;
      return {
        byCommand, commands: sent.length, sessions: server!.sessionCount(registrar), cpuUs: used.user + used.system,
        failed: sent.filter((r) => (r.code ?? 0) >= 2000).map((r) => ({ command: r.command, code: r.code })),
      } satisfies Stats;
    }
    case 'stop':
      await proxy?.close();
      await server?.close();
      return null;
  }
}

process.on('message', (msg: { id: number; req: Request }) => {
  handle(msg.req).then(
    (result) => process.send!({ id: msg.id, result }),
    (err: unknown) => process.send!({ id: msg.id, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
  );
});
// The benchmark gone (its channel closed), this process has nothing left to serve.
process.on('disconnect', () => process.exit(0));
