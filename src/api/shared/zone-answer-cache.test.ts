import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Zone } from '../../ports/store.js';
import { ZoneAnswerCache } from './zone-answer-cache.js';

const zone = (id: number, serial: number, patch: Partial<Zone> = {}): Zone => ({
  id, domain_id: id, name: `z${id}.fi`, serial, primary_ns: 'ns1.example.net', hostmaster: 'hostmaster.example.net',
  refresh: 7200, retry: 3600, expire: 1_209_600, minimum: 3600, default_ttl: 3600, notified_serial: null,
  created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z', ...patch,
});
const body = (text: string) => async () => Buffer.from(text);

describe('ZoneAnswerCache', () => {
  it('serves the kept answer only for the same zone row and dialect', async () => {
    const cache = new ZoneAnswerCache(1 << 20);
    assert.equal((await cache.answer('client', zone(1, 10), body('a'))).toString(), 'a');
    assert.equal((await cache.answer('client', zone(1, 10), body('never built'))).toString(), 'a');
    assert.equal((await cache.answer('partner', zone(1, 10), body('p'))).toString(), 'p', 'each dialect its own');
    assert.equal((await cache.answer('client', zone(1, 11), body('b'))).toString(), 'b', 'a new serial');
    // A transfer between accounts: a new updated_at (and domain), the same serial.
    const moved = zone(1, 11, { domain_id: 7, updated_at: '2026-03-02T10:00:00.000Z' });
    assert.equal((await cache.answer('client', moved, body('c'))).toString(), 'c', 'any other column');
    assert.equal((await cache.answer('client', zone(2, 11), body('d'))).toString(), 'd', 'another zone');
    assert.equal(cache.size, 3, 'the older answer of zone 1 went when the newer was kept');
  });

  it('shares one build between concurrent misses, and keeps nothing from a failed one', async () => {
    const cache = new ZoneAnswerCache(1 << 20);
    let builds = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async () => {
      builds++;
      await gate;
      return Buffer.from('x');
    };
    const both = Promise.all([cache.answer('client', zone(1, 1), slow), cache.answer('client', zone(1, 1), slow)]);
    release();
    assert.deepEqual((await both).map(String), ['x', 'x']);
    assert.equal(builds, 1);
    await assert.rejects(cache.answer('client', zone(2, 1), async () => { throw new Error('store down'); }), /store down/);
    assert.equal((await cache.answer('client', zone(2, 1), body('y'))).toString(), 'y');
  });

  it('keeps a newer answer when an older build finishes after it', async () => {
    const cache = new ZoneAnswerCache(1 << 20);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const old = cache.answer('client', zone(1, 1), async () => {
      await gate;
      return Buffer.from('old');
    });
    await cache.answer('client', zone(1, 2), body('new'));
    release();
    assert.equal((await old).toString(), 'old', 'its own reader still gets what it read');
    assert.equal((await cache.answer('client', zone(1, 2), body('rebuilt'))).toString(), 'new');
  });

  it('drops the least recently used answers beyond its bytes, and never keeps one over a quarter of them', async () => {
    const cache = new ZoneAnswerCache(100);
    await cache.answer('client', zone(1, 1), body('1'.repeat(25)));
    await cache.answer('client', zone(2, 1), body('2'.repeat(25)));
    await cache.answer('client', zone(3, 1), body('3'.repeat(25)));
    await cache.answer('client', zone(1, 1), body('rebuilt')); // zone 1 used: zone 2 is now the oldest
    await cache.answer('client', zone(4, 1), body('4'.repeat(25)));
    await cache.answer('client', zone(5, 1), body('5'.repeat(25)));
    assert.equal(cache.size, 100);
    assert.equal((await cache.answer('client', zone(2, 1), body('2 again'))).toString(), '2 again', 'zone 2 went first');
    assert.equal(cache.size, 100 - 25 + 7);
    await cache.answer('client', zone(6, 1), body('6'.repeat(26)));
    assert.equal(cache.size, 82, 'over a quarter: served, not kept');
  });
});
