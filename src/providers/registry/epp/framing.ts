/**
 * RFC 5734 section 4: every EPP data unit travels as a 32-bit big-endian total length (which counts
 * its own four bytes) followed by the XML. A stream carries frames back to back and may split or join
 * them anywhere, so the reader buffers until a whole frame is there.
 */

/** The header's own size: a frame's length is never below it. */
const HEADER = 4;

/** Frames above this are refused: a registry's answer is a few kilobytes, a larger one is a broken peer. */
export const DEFAULT_MAX_FRAME = 1024 * 1024;

/** Encodes one XML document as a frame. */
export function encodeFrame(xml: string): Buffer {
  const body = Buffer.from(xml, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER + body.length);
  frame.writeUInt32BE(HEADER + body.length, 0);
  body.copy(frame, HEADER);
  return frame;
}

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/**
 * Collects a stream's chunks and hands out whole frames in order, to whoever waits with next().
 * fail() (the stream's end or error) rejects every waiter, now and later.
 */
export class FrameReader {
  private buffered: Buffer[] = [];
  private size = 0;
  private frames: string[] = [];
  private waiters: Array<{ resolve: (xml: string) => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  constructor(private readonly maxFrame = DEFAULT_MAX_FRAME) {}

  push(chunk: Buffer): void {
    if (this.failure) return;
    this.buffered.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.size < HEADER) return;
      const head = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered, this.size);
      this.buffered = [head];
      const length = head.readUInt32BE(0);
      if (length < HEADER || length > this.maxFrame) {
        this.fail(new FrameError(`frame length ${length} outside ${HEADER}-${this.maxFrame}`));
        return;
      }
      if (this.size < length) return;
      const xml = head.subarray(HEADER, length).toString('utf8');
      const rest = head.subarray(length);
      this.buffered = rest.length ? [rest] : [];
      this.size = rest.length;
      this.deliver(xml);
    }
  }

  /** The next whole frame's XML. */
  next(): Promise<string> {
    const ready = this.frames.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.buffered = [];
    this.size = 0;
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  private deliver(xml: string): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(xml);
    else this.frames.push(xml);
  }
}
