import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHeader, leaves, parseMime } from './smtp.js';

/**
 * The password reset links the server (its mail folder, the embedded default) has mailed to
 * `address`, oldest first, read from the .eml files as a mail client would.
 */
export function resetLinks(dataDir: string, address: string): string[] {
  const dir = join(dataDir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => parseMime(readFileSync(join(dir, f), 'latin1')))
    .filter((m) => m.headers.to === address && /password|salasana/i.test(decodeHeader(m.headers.subject ?? '')))
    .map((m) => /https?:\/\/\S+/.exec(leaves(m)[0]!.body.toString('utf8'))![0])
    .sort();
}

/** The next link mailed to `address` once more than `known` are there (the mail job runs on its own). */
export async function nextResetLink(dataDir: string, address: string, known: number): Promise<string> {
  const end = Date.now() + 10_000;
  for (;;) {
    const all = resetLinks(dataDir, address);
    if (all.length > known) return all.at(-1)!;
    if (Date.now() > end) assert.fail(`no reset link mailed to ${address}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
