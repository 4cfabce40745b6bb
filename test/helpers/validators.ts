import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DsRecord } from '../../src/core/dns/dnssec/key-material.js';

/**
 * Independent DNSSEC validators over a server on 127.0.0.1 (or an address of its own): BIND's delv (a
 * validating lookup from a trust anchor) and ldns-verify-zone (every signature and the NSEC chain of a
 * zone's AXFR), and the way the tests run these and other outside checkers (dnsviz, zonemaster-cli).
 * A signed zone they accept is one a validating resolver accepts; without them the tests fail, naming
 * the packages, rather than pass having checked nothing.
 */

/** Fails, naming the Debian package to install, unless `tool args` runs. */
export function requireTool(tool: string, args: string[], pkg: string): void {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
  } catch {
    assert.fail(`${tool} is not installed: apt-get install -y ${pkg} (the DNSSEC tests check answers with it)`);
  }
}

/** delv and ldns-verify-zone, which every DNSSEC validation here needs. */
export function requireValidators(): void {
  requireTool('delv', ['-v'], 'bind9-dnsutils');
  requireTool('ldns-verify-zone', ['-v'], 'ldnsutils');
}

/** Runs a tool, resolving with its exit status, stdout and stderr whatever the status. */
export function runTool(tool: string, args: string[], options: { input?: string; timeout?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(tool, args, { timeout: options.timeout ?? 30_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
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
 * trust anchor (`static-ds`, BIND 9.15+, as a parent's DS would be) with `zone` as the root of trust
 * (+root): its output, stdout and stderr together. "; fully validated" (or "; negative response,
 * fully validated" for NXDOMAIN and NODATA) says every signature and denial proof checked out from
 * the anchor; anything else, why not.
 */
export async function delv(port: number, zone: string, ds: DsRecord[], name: string, type: string): Promise<string> {
  return withDir(async (dir) => {
    const anchors = join(dir, 'anchors.conf');
    const lines = ds.map((d) => `  "${zone}." static-ds ${d.keyTag} ${d.algorithm} ${d.digestType} "${d.digest}";`);
    writeFileSync(anchors, `trust-anchors {\n${lines.join('\n')}\n};\n`);
    const { stdout, stderr } = await runTool('delv', ['-a', anchors, `+root=${zone}`, '@127.0.0.1', '-p', String(port), name, type]);
    return stderr + stdout;
  });
}

/** The AXFR of `zone` from the server at `host`:`port`, as dig prints it; fails unless it holds the zone's SOA. */
export async function transferZone(port: number, zone: string, host = '127.0.0.1'): Promise<string> {
  const { code, stdout, stderr } = await runTool('dig', [`@${host}`, '-p', String(port), '+tries=1', '+time=5', '+nocmd', '+nostats', '+noquestion', 'AXFR', zone]);
  assert.ok(code === 0 && /\tSOA\t/.test(stdout), `no AXFR of ${zone}:\n${stdout}${stderr}`);
  return stdout;
}

/** ldns-verify-zone over a zone's text (an AXFR as dig prints it): whether it accepts it, and what it printed. */
export async function verifyZone(text: string): Promise<{ ok: boolean; output: string }> {
  return withDir(async (dir) => {
    const file = join(dir, 'zone.txt');
    writeFileSync(file, text);
    const { code, stdout, stderr } = await runTool('ldns-verify-zone', [file]);
    return { ok: code === 0, output: stdout + stderr };
  });
}

/** ldns-verify-zone over an AXFR of `zone` from the server on `port`: whether it accepts it, and what it printed. */
export async function verifyZoneTransfer(port: number, zone: string): Promise<{ ok: boolean; output: string }> {
  let text: string;
  try {
    text = await transferZone(port, zone);
  } catch (err) {
    return { ok: false, output: (err as Error).message };
  }
  const verified = await verifyZone(text);
  return verified.ok ? verified : { ok: false, output: `${verified.output}\n--- the transfer:\n${text}` };
}
