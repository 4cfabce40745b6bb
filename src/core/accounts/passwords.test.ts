import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PASSWORD_HASHING, hashPassword, verifyPassword } from './passwords.js';
import { loadConfig } from '../../config/config.js';

describe('password hashing cost', () => {
  it('is production strength unless the environment says otherwise: 64 MiB, 3 passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostplane-config-'));
    try {
      const base = { DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db')}`, JWT_SECRET: 'x'.repeat(32) };
      assert.deepEqual(loadConfig(base).passwordHashing, { memoryKib: 65_536, passes: 3 });
      assert.deepEqual(loadConfig({ ...base, PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' }).passwordHashing, { memoryKib: 1024, passes: 1 });
      assert.throws(() => loadConfig({ ...base, PASSWORD_HASH_MEMORY_KIB: '4' }), /PASSWORD_HASH_MEMORY_KIB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a hash names its cost, so one made at another cost still verifies', async () => {
    const strong = await hashPassword(DEFAULT_PASSWORD_HASHING, 'correct-horse-42');
    assert.match(strong, /^\$argon2id\$v=19\$m=65536,p=\d+,t=3\$/);
    const light = await hashPassword({ memoryKib: 1024, passes: 1 }, 'correct-horse-42');
    assert.match(light, /\$m=1024,p=\d+,t=1\$/);
    assert.equal(await verifyPassword(strong, 'correct-horse-42'), true);
    assert.equal(await verifyPassword(light, 'correct-horse-42'), true);
    assert.equal(await verifyPassword(light, 'wrong-horse-42'), false);
  });
});
