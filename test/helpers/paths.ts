import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root, found from this file upwards (the folder with package-lock.json): the tests
 * run both from their TypeScript (`node --import tsx --test test/...`) and compiled into .test-build
 * (npm test, scripts/test.sh), so a path relative to a test module's own URL would point into the
 * build for every file that is not TypeScript: fixtures, golden files, the CLI's entry.
 */
export const REPO = ((): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package-lock.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('no package-lock.json above the test helpers');
  }
})();

/** `path` (relative to the checkout's root) as an absolute path. */
export const repoPath = (path: string): string => join(REPO, path);
