import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, repoPath } from '../helpers/paths.js';

const ROOT = `${REPO}/`;

/**
 * `npx hostplane` runs package.json's bin as a program: it must be executable and find the CLI that
 * `npm ci` compiled. Run it the same way, without `node` in front.
 */
describe('the installed hostplane command', () => {
  it('runs from package.json bin after npm ci', async () => {
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = `${ROOT}${pkg.bin.hostplane}`;
    assert.ok(existsSync(`${ROOT}dist/cli/main.js`), 'dist/ is missing: npm ci (or npm run build) compiles it');
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(bin, ['help'], { cwd: ROOT }, (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }));
    });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /hostplane users create/);
  });

  it('run from another folder without DATABASE_URL, refuses to start a new store there', async () => {
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { bin: Record<string, string> };
    const elsewhere = mkdtempSync(join(tmpdir(), 'hostplane-elsewhere-'));
    try {
      const env = { ...process.env };
      delete env.DATABASE_URL;
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(`${ROOT}${pkg.bin.hostplane}`, ['users', 'list'], { cwd: elsewhere, env }, (err, stdout, stderr) =>
          resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
      });
      assert.equal(code, 1, stdout);
      assert.ok(stderr.startsWith('error: no hostplane store at DATABASE_URL=sqlite:./data/hostplane.db'), stderr);
      assert.ok(stderr.includes(join(elsewhere, 'data', 'hostplane.db')), 'names the file it looked for');
      assert.ok(!existsSync(join(elsewhere, 'data')), 'made no ./data there');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
