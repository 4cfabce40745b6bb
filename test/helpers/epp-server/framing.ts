/**
 * RFC 5734 section 4: every EPP data unit on the wire is a 32-bit big-endian length that counts
 * itself (4 bytes) and the XML instance after it.
 */
export const HEADER_BYTES = 4;

/** A registry refuses frames beyond a size; a wrong length header otherwise makes it wait forever. */
export const MAX_FRAME_BYTES = 1 << 20;

export function encodeFrame(xml: string): Buffer {
  const body = Buffer.from(xml, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  frame.writeUInt32BE(HEADER_BYTES + body.length, 0);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

export class FrameError extends Error {}

/**
 * Collects bytes from a stream and yields whole frames. A length header that cannot be a frame (less
 * than the header itself, or beyond MAX_FRAME_BYTES) is a protocol error the connection cannot recover
 * from: the reader can no longer find where the next frame starts.
 */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Buffer[] = [];
    while (this.buffered.length >= HEADER_BYTES) {
      const total = this.buffered.readUInt32BE(0);
      if (total <= HEADER_BYTES || total > MAX_FRAME_BYTES) {
        throw new FrameError(`frame length ${total} is out of range (${HEADER_BYTES + 1}..${MAX_FRAME_BYTES})`);
      }
      if (this.buffered.length < total) break;
      frames.push(this.buffered.subarray(HEADER_BYTES, total));
      this.buffered = this.buffered.subarray(total);
    }
    return frames;
  }
}
