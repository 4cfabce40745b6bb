import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZoneSigning, ZoneSigningKey } from '../../src/ports/dns.js';
import { dsOf } from '../../src/core/dns/dnssec/key-material.js';
import { signingKey, signingOf } from '../../test/helpers/dnssec-keys.js';
import { delv } from '../../test/helpers/validators.js';
import type { BenchStore } from '../api/stores.js';
import { startPinned, type Pinned } from '../api/processes.js';
import { builtinEnv } from './servers.js';

/**
 * The signed half of `npm run bench:dns`: one key per zone (a CSK of algorithm 13, as the core makes
 * them), given to the builtin server through its provider's setSigning (signing-builtin.ts) and
 * written into PowerDNS's database as the powerdns provider's setSigning leaves it (powerdns.ts).
 */

/** A new signing key for every zone. */
export function zoneKeys(zones: string[]): Map<string, ZoneSigningKey> {
  return new Map(zones.map((zone) => [zone, signingKey()]));
}

/** The keys as signing-builtin.ts reads them: zone -> ZoneSigning. */
export function writeSigningFile(file: string, keys: ReadonlyMap<string, ZoneSigningKey>): void {
  const out: Record<string, ZoneSigning> = {};
  for (const [zone, key] of keys) out[zone] = signingOf([key]);
  writeFileSync(file, JSON.stringify(out));
}

const script = fileURLToPath(new URL('./signing-builtin.ts', import.meta.url));

/**
 * The builtin server over `store` on 127.0.0.1:`port`, pinned to `core`, signing with the keys of
 * `signingFile` (unsigned without it); resolves once it has loaded (and signed) every zone.
 */
export async function startSigningBuiltin(store: BenchStore, port: number, core: number, dir: string, signingFile?: string): Promise<Pinned> {
  const ready = join(dir, `builtin-ready-${port}`);
  rmSync(ready, { force: true });
  const server = startPinned(signingFile ? 'builtin (signing)' : 'builtin (unsigned, for the signed comparison)', core, process.execPath, ['--import', 'tsx', script], {
    ...builtinEnv(store, port),
    BENCH_READY_FILE: ready,
    ...(signingFile ? { BENCH_SIGNING_FILE: signingFile } : {}),
  });
  const until = Date.now() + 300_000;
  while (!existsSync(ready)) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`the builtin server on port ${port} exited before it was ready`);
    if (Date.now() > until) throw new Error(`the builtin server on port ${port} was not ready within 300 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error(`builtin on port ${port}: ${readFileSync(ready, 'utf8')} zones signed`);
  return server;
}

/**
 * Fails, loudly, unless the server on `port` answers `zone`'s questions with the DO bit carrying
 * RRSIGs: a server that does not sign would be measured doing less work, and its figure would
 * look good for the wrong reason.
 */
export function requireSignatures(name: string, port: number, zone: string): void {
  const dig = spawnSync('dig', ['@127.0.0.1', '-p', String(port), '+norec', '+dnssec', '+tries=1', '+time=2', `www.${zone}`, 'A'], { encoding: 'utf8' });
  if (!/\tRRSIG\tA /.test(dig.stdout)) {
    throw new Error(
      `${name} answered www.${zone} A with the DO bit and no RRSIG: it does not sign what it was given`
        + ` (setSigning holds the keys, but the server must sign on answer)\n${dig.stdout}${dig.stderr}`,
    );
  }
}

/**
 * delv, from `zone`'s DS alone as trust anchor, must fully validate every one of `questions` ("name
 * type" lines) at the server on `port`, denials included: signed answers that a resolver would
 * throw away are not worth measuring.
 */
export async function requireValidation(name: string, port: number, zone: string, key: ZoneSigningKey, questions: string[]): Promise<void> {
  for (const question of questions) {
    const [qname, qtype] = question.split(' ');
    const out = await delv(port, zone, [dsOf(zone, key)], qname!, qtype!);
    if (!/fully validated/.test(out)) throw new Error(`${name}: delv did not validate ${question} from the zone's DS:\n${out}`);
  }
}
