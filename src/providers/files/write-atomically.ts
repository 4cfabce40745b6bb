import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Writes `bytes` as `dir/name` so that the file appears whole or not at all, for the folders others
 * collect from (the e-invoice outbox, the mail folder): written to a temporary dot file ending in
 * .tmp (which a collector's pattern does not match), flushed, renamed into place, and the folder
 * flushed so the rename survives a power cut. Each call writes a temporary file of its own, so two
 * writers at once (a job whose lease ran out under a slow worker) never write into the file the other
 * renames; temporary files a crashed writer left for this name are removed once the file is in place.
 * Returns the file's path.
 */
export async function writeFileAtomically(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', 0o640);
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  for (const left of await readdir(dir)) {
    if (left.startsWith(`.${name}.`) && left.endsWith('.tmp')) await rm(join(dir, left), { force: true });
  }
  return path;
}
