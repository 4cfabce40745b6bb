import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstSerial, nextSerial } from './serial.js';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('SOA serial', () => {
  it('starts a day at YYYYMMDD01', () => {
    assert.equal(firstSerial(day('2026-03-01')), 2026030101);
  });
  it('restarts at 01 on a later day', () => {
    assert.equal(nextSerial(2026022817, day('2026-03-01')), 2026030101);
    assert.equal(nextSerial(2019010199, day('2026-03-01')), 2026030101);
  });
  it('counts up within the same day', () => {
    assert.equal(nextSerial(2026030101, day('2026-03-01')), 2026030102);
    assert.equal(nextSerial(2026030198, day('2026-03-01')), 2026030199);
  });
  it('keeps growing past nn = 99 instead of wrapping', () => {
    assert.equal(nextSerial(2026030199, day('2026-03-01')), 2026030200);
    assert.equal(nextSerial(2026030200, day('2026-03-01')), 2026030201);
    // The next day's first serial would be smaller than what was handed out: keep counting.
    assert.equal(nextSerial(2026030215, day('2026-03-02')), 2026030216);
  });
  it('never goes back when the clock is behind the serial', () => {
    assert.equal(nextSerial(2026030505, day('2026-03-01')), 2026030506);
  });
  it('uses the UTC date', () => {
    assert.equal(firstSerial(new Date('2026-03-01T23:30:00-02:00')), 2026030201);
  });
});
