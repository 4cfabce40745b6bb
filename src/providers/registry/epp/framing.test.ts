import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame, FrameError, FrameReader } from './framing.js';

describe('EPP framing (RFC 5734 section 4)', () => {
  it('prefixes the UTF-8 body with its total length, header included', () => {
    const frame = encodeFrame('<a>ä</a>');
    assert.equal(frame.readUInt32BE(0), 4 + Buffer.byteLength('<a>ä</a>'));
    assert.equal(frame.subarray(4).toString('utf8'), '<a>ä</a>');
  });

  it('reassembles frames split and joined anywhere in the stream, in order', async () => {
    const stream = Buffer.concat([encodeFrame('<one/>'), encodeFrame('<twö/>'), encodeFrame('<three/>')]);
    for (const step of [1, 3, 7, stream.length]) {
      const reader = new FrameReader();
      for (let i = 0; i < stream.length; i += step) reader.push(stream.subarray(i, i + step));
      assert.deepEqual([await reader.next(), await reader.next(), await reader.next()], ['<one/>', '<twö/>', '<three/>']);
    }
  });

  it('hands a frame to a reader that waited before it arrived', async () => {
    const reader = new FrameReader();
    const waiting = reader.next();
    reader.push(encodeFrame('<late/>'));
    assert.equal(await waiting, '<late/>');
  });

  it('refuses a frame above the maximum, or shorter than its header, and fails every waiter', async () => {
    const reader = new FrameReader(100);
    const waiting = reader.next();
    const big = Buffer.alloc(4);
    big.writeUInt32BE(101, 0);
    reader.push(big);
    await assert.rejects(waiting, FrameError);
    await assert.rejects(reader.next(), /outside 4-100/);
    const short = new FrameReader();
    short.push(Buffer.from([0, 0, 0, 3]));
    await assert.rejects(short.next(), FrameError);
  });

  it('rejects waiters when the stream ends', async () => {
    const reader = new FrameReader();
    const waiting = reader.next();
    reader.push(encodeFrame('<x/>').subarray(0, 6));
    reader.fail(new Error('closed'));
    await assert.rejects(waiting, /closed/);
  });
});
