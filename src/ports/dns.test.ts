import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareRecords, recordKey, sortRecords, type PublishedRecord } from './dns.js';

const record = (name: string, type: string, content: string, extra: Partial<PublishedRecord> = {}): PublishedRecord =>
  ({ name, type, ttl: 3600, content, priority: null, weight: null, port: null, fallback_ip: null, ...extra });

/**
 * Records that differ in each field recordKey holds, where comparing fields could part from comparing
 * keys: a name that is a prefix of another, numbers whose text orders otherwise than their value
 * (9 and 10), a missing number against 0, the TTL and fallback address last.
 */
const records: PublishedRecord[] = [
  record('a.example.fi', 'A', '192.0.2.1'),
  record('ab.example.fi', 'A', '192.0.2.1'),
  record('a-b.example.fi', 'A', '192.0.2.1'),
  record('example.fi', 'MX', 'mail.example.fi', { priority: 10 }),
  record('example.fi', 'MX', 'mail.example.fi', { priority: 9 }),
  record('example.fi', 'MX', 'mail.example.fi', { priority: 0 }),
  record('example.fi', 'MX', 'mail.example.fi'),
  record('example.fi', 'MX', 'mx.example.fi', { priority: 10 }),
  record('_sip._tcp.example.fi', 'SRV', 'sip.example.fi', { priority: 1, weight: 10, port: 5060 }),
  record('_sip._tcp.example.fi', 'SRV', 'sip.example.fi', { priority: 1, weight: 9, port: 5060 }),
  record('_sip._tcp.example.fi', 'SRV', 'sip.example.fi', { priority: 1, weight: 9, port: 506 }),
  record('www.example.fi', 'A', '192.0.2.1', { ttl: 300 }),
  record('www.example.fi', 'A', '192.0.2.1', { ttl: 60 }),
  record('www.example.fi', 'A', '192.0.2.1', { fallback_ip: '192.0.2.9' }),
  record('www.example.fi', 'AAAA', '2001:db8::1'),
  record('www.example.fi', 'A', '192.0.2.10'),
];

/** The same list in a fixed shuffled order (a seeded permutation, so a failure repeats). */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('record order (sortRecords, compareRecords)', () => {
  it('is the order of recordKey, whatever the order given', () => {
    const expected = records.map(recordKey).sort();
    for (let seed = 1; seed <= 20; seed++) assert.deepEqual(sortRecords(shuffled(records, seed)).map(recordKey), expected, `seed ${seed}`);
  });

  it('agrees with comparing keys for every pair', () => {
    for (const a of records) {
      for (const b of records) {
        const [ka, kb] = [recordKey(a), recordKey(b)];
        assert.equal(Math.sign(compareRecords(a, b)), ka < kb ? -1 : ka > kb ? 1 : 0, `${ka} / ${kb}`);
      }
    }
  });

  it('gives a copy, also of records already in order', () => {
    const sorted = sortRecords(records);
    const again = sortRecords(sorted);
    assert.notEqual(again, sorted);
    assert.deepEqual(again, sorted);
  });
});
