/**
 * The builtin DNS server of the signed benchmark (run.ts starts it, pinned, in a process of its own):
 * `hostplane dns`'s index and server over the store, as src/cli/commands/dns.ts starts them, whose
 * zones are then signed through the builtin provider's setSigning with the keys in
 * BENCH_SIGNING_FILE (JSON: zone name -> ZoneSigning), as the core's publishing does with the keys it
 * keeps. Without the file it serves the same zones unsigned: the baseline. It writes the number of
 * zones signed to BENCH_READY_FILE once it is ready.
 *
 * No job worker and no reconciliation while it runs (nothing changes the store during a benchmark,
 * and a reconciliation must not swap the bench's keys for the store's).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ZoneSigning } from '../../src/ports/dns.js';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime, dnsServiceOptions } from '../../src/main.js';
import { BuiltinDnsProvider } from '../../src/providers/dns/builtin/builtin-provider.js';
import { startDnsService } from '../../src/servers/dns/service.js';

const line = (level: string) => (data: object, msg: string) => console.error(JSON.stringify({ level, msg, ...data }));
const log = { info: line('info'), warn: line('warn'), error: line('error') };

const config = loadConfig(process.env);
const provider = new BuiltinDnsProvider();
const runtime = await createRuntime(config, { dns: provider, log, inlineJobs: false });
const service = await startDnsService(runtime.ctx, provider, { ...dnsServiceOptions(config, log), reconcileMs: 24 * 3600_000 });
let signed = 0;
const file = process.env.BENCH_SIGNING_FILE;
if (file) {
  const signings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ZoneSigning>;
  for (const [zone, signing] of Object.entries(signings)) {
    await provider.setSigning(zone, signing);
    signed++;
  }
}
writeFileSync(process.env.BENCH_READY_FILE!, String(signed));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void service
      .close()
      .then(() => runtime.close())
      .finally(() => process.exit(0));
  });
}
