import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeySecretMismatch, openPrivateKey, sealPrivateKey } from './key-vault.js';
import { generateZoneKey, keysMatch } from './key-material.js';
import { ConfigError, loadConfig } from '../../../config/config.js';

const secret = (s: string) => new TextEncoder().encode(s);

describe('zone keys at rest (key-vault)', () => {
  const key = generateZoneKey();
  const a = secret('a'.repeat(40));

  it('seals a private key so that it opens with the same secret beside its own public key', () => {
    const sealed = sealPrivateKey(a, key.publicKey, key.privateKey);
    assert.ok(sealed.startsWith('v1.'));
    assert.ok(!sealed.includes(key.privateKey), 'not in the clear');
    assert.notEqual(sealPrivateKey(a, key.publicKey, key.privateKey), sealed, 'a fresh IV each time');
    const opened = openPrivateKey(a, key.publicKey, sealed);
    assert.equal(opened, key.privateKey);
    assert.ok(keysMatch(opened, key.publicKey));
  });

  it('refuses another secret, another public key and an altered row', () => {
    const sealed = sealPrivateKey(a, key.publicKey, key.privateKey);
    assert.throws(() => openPrivateKey(secret('b'.repeat(40)), key.publicKey, sealed), KeySecretMismatch);
    assert.throws(() => openPrivateKey(a, generateZoneKey().publicKey, sealed), KeySecretMismatch);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    assert.throws(() => openPrivateKey(a, key.publicKey, `v1.${raw.toString('base64')}`), KeySecretMismatch);
    assert.throws(() => openPrivateKey(a, key.publicKey, key.privateKey), KeySecretMismatch, 'a key stored in the clear is not taken');
  });
});

describe('DNSSEC settings', () => {
  it('generates DNSSEC_KEY_SECRET once into the data folder, readable by its owner only, unless it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostplane-dnssec-config-'));
    try {
      const env = { DATABASE_URL: `sqlite:${join(dir, 'h.db')}` };
      const first = loadConfig(env).dnssec;
      assert.equal(statSync(join(dir, 'dnssec-key-secret')).mode & 0o777, 0o600);
      assert.deepEqual(loadConfig(env).dnssec.keySecret, first.keySecret, 'the same on the next start');
      assert.notDeepEqual(first.keySecret, loadConfig(env).jwtSecret, 'not the JWT secret');
      assert.equal(readFileSync(join(dir, 'dnssec-key-secret'), 'utf8').length, 64);
      assert.deepEqual({ ttl: first.parentDsTtl, days: first.keyLifetimeDays }, { ttl: 86_400, days: 365 });
      const given = loadConfig({ ...env, DNSSEC_KEY_SECRET: 'x'.repeat(32), DNSSEC_PARENT_DS_TTL: '3600', DNSSEC_KEY_LIFETIME_DAYS: '0' }).dnssec;
      assert.deepEqual(given, { keySecret: secret('x'.repeat(32)), parentDsTtl: 3600, keyLifetimeDays: 0 });
      assert.throws(() => loadConfig({ ...env, DNSSEC_KEY_SECRET: 'short' }), (e: unknown) => e instanceof ConfigError && /DNSSEC_KEY_SECRET must be at least 32/.test(e.message));
      assert.throws(() => loadConfig({ ...env, DNSSEC_KEY_LIFETIME_DAYS: '-1' }), ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
