import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DsRecord } from '../../src/core/dns/dnssec/key-material.js';

const run = promisify(execFile);

/**
 * Independent DNSSEC validators over a server on 127.0.0.1: BIND's delv (a validating lookup from a
 * trust anchor) and ldns-verify-zone (every signature and the NSEC chain of a zone's AXFR). A signed
 * zone they accept is one a validating resolver accepts; without them the tests fail, naming the
 * packages, rather than pass having checked nothing.
 */
export function requireValidators(): void {
  for (const [tool, args, pkg] of [['delv', ['-v'], 'bind9-dnsutils'], ['ldns-verify-zone', ['-v'], 'ldnsutils']] as const) {
    try {
      execFileSync(tool, args, { stdio: 'ignore' });
    } catch {
      assert.fail(`${tool} is not installed: apt-get install -y ${pkg} (the DNSSEC tests validate answers with it)`);
    }
  }
}

/** A folder of its own for a validator's files, removed after `fn`. */
async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-dnssec-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * delv's view of `name type` at the server on `port`, validated from `zone`'s DS records as the only
 * trust anchor (`static-ds`, as a parent's DS would be): its output, stdout and stderr together.
 * "; fully validated" (or "; negative response, fully validated" for NXDOMAIN and NODATA) says the
 * chain held; anything else, why not.
 */
export async function delv(port: number, zone: string, ds: DsRecord[], name: string, type: string): Promise<string> {
  return withDir(async (dir) => {
    const anchors = join(dir, 'anchors.conf');
    const lines = ds.map((d) => `  "${zone}." static-ds ${d.keyTag} ${d.algorithm} ${d.digestType} "${d.digest}";`);
    writeFileSync(anchors, `trust-anchors {\n${lines.join('\n')}\n};\n`);
    try {
      const { stdout, stderr } = await run('delv', ['-a', anchors, `+root=${zone}`, '@127.0.0.1', '-p', String(port), name, type]);
      return stderr + stdout;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      return `${e.stderr ?? ''}${e.stdout ?? ''}${e.message}`;
    }
  });
}

/** ldns-verify-zone over an AXFR of `zone` from the server on `port` (dig): exit status and what it printed. */
export async function verifyZoneTransfer(port: number, zone: string): Promise<{ ok: boolean; output: string }> {
  return withDir(async (dir) => {
    const file = join(dir, 'zone.txt');
    const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+tries=1', '+time=5', '+nocmd', '+nostats', '+noquestion', 'AXFR', zone], {
      maxBuffer: 64 << 20,
    });
    if (!/\tSOA\t/.test(stdout)) return { ok: false, output: `no AXFR of ${zone}:\n${stdout}` };
    writeFileSync(file, stdout);
    try {
      const { stdout: out, stderr } = await run('ldns-verify-zone', [file]);
      return { ok: true, output: out + stderr };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}\n--- the transfer:\n${stdout}` };
    }
  });
}
