import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `npx hostplane` runs package.json's bin as a program: it must be executable and find the CLI that
 * `npm ci` compiled. Run it the same way, without `node` in front.
 */
describe('the installed hostplane command', () => {
  it('runs from package.json bin after npm ci', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { bin: Record<string, string> };
    const bin = `${ROOT}${pkg.bin.hostplane}`;
    assert.ok(existsSync(`${ROOT}dist/cli/main.js`), 'dist/ is missing: npm ci (or npm run build) compiles it');
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(bin, ['help'], { cwd: ROOT }, (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }));
    });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /hostplane users create/);
  });
});
