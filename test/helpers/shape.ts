import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repoPath } from './paths.js';

const examples: Record<string, unknown> = JSON.parse(
  readFileSync(repoPath('test/golden/client-api/examples.json'), 'utf8'),
);

/** The document's example response for `key` ("GET /api/v1/contact/contacts 200"). */
export function example(key: string): unknown {
  if (!(key in examples)) throw new Error(`no documented example "${key}"`);
  return examples[key];
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Asserts that `actual` has the shape of the documented `expected`: the same keys in the same order,
 * the same JSON types, recursively; each array element is compared with the example's first one.
 * `extensions` names keys this API adds after the documented ones (a record's `ttl` and `id`).
 * A string field may be null where the example has a string and vice versa (dates not yet set,
 * `updated_at: null`): the document shows both for the same fields.
 */
export function assertShape(actual: unknown, expected: unknown, path = '$', extensions: string[] = []): void {
  const a = kind(actual);
  const e = kind(expected);
  if (a !== e) {
    const nullableString = (a === 'null' && e === 'string') || (a === 'string' && e === 'null');
    assert.ok(nullableString, `${path}: expected ${e} (${JSON.stringify(expected)}), got ${a} (${JSON.stringify(actual)})`);
    return;
  }
  if (a === 'array') {
    const exp = expected as unknown[];
    if (exp.length > 0) (actual as unknown[]).forEach((item, i) => assertShape(item, exp[0], `${path}[${i}]`, extensions));
  } else if (a === 'object') {
    const act = actual as Record<string, unknown>;
    const exp = expected as Record<string, unknown>;
    // Documented keys first, in the document's order; then only the extensions this API adds.
    const documented = Object.keys(act).slice(0, Object.keys(exp).length);
    assert.deepEqual(documented, Object.keys(exp), `${path}: keys`);
    const extra = Object.keys(act).slice(Object.keys(exp).length);
    assert.ok(extra.every((k) => extensions.includes(k)), `${path}: undocumented keys ${extra.join(', ')}`);
    for (const k of Object.keys(exp)) assertShape(act[k], exp[k], `${path}.${k}`, extensions);
  }
}

/** Shape of `actual` against the documented example `key`. */
export function assertDocumented(actual: unknown, key: string, extensions: string[] = []): void {
  assertShape(actual, example(key), '$', extensions);
}

/** Every documented example's key. */
export const exampleKeys = (): string[] => Object.keys(examples);
