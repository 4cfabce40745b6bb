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

/**
 * How to start the `hostplane` program beside a test, as an operator starts it: the arguments to Node
 * (`process.execPath`) before the command's own, run from REPO. The CLI compiled beside the tests
 * when they run compiled (npm test), so that it is the same code and Node starts it without tsx's
 * hooks (some 3 s of CPU a start); src/cli/main.ts through tsx when the test runs from TypeScript.
 */
export const HOSTPLANE: readonly string[] = import.meta.url.includes('/.test-build/')
  ? ['.test-build/src/cli/main.js']
  : ['--import', 'tsx', 'src/cli/main.ts'];
