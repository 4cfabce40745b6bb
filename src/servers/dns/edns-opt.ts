/**
 * A query's EDNS OPT record (RFC 6891 6.1), read from the wire before anything else of the message is
 * decoded: every answer to a message that carried one must carry an OPT too (RFC 6891 7), a FORMERR for
 * a malformed option included, so it is found by walking the records' framing alone, without trusting
 * their contents. The reply cache reads it too, to keep only replies to queries whose options it knows.
 */

export interface OptRecord {
  udpPayloadSize: number;
  version: number;
  /** The OPT's flags (DO is the top bit, RFC 3225). */
  flags: number;
  /** The options' codes and lengths, in order, as far as they could be read. */
  options: Array<{ code: number; length: number }>;
  /** The options do not exactly fill the OPT's data, or the data runs past the message's end. */
  malformed: boolean;
}

const HEADER_BYTES = 12;
const TYPE_OPT = 41;

/**
 * The OPT record among the additional records of `buf`, whose records start at `offset` (right after
 * the question): the first one owned by the root. Undefined when there is none, or when the framing of
 * the records before it cannot be followed (the decoder then answers FORMERR without one).
 */
export function findOpt(buf: Buffer, offset: number): OptRecord | undefined {
  if (buf.length < HEADER_BYTES) return undefined;
  const before = buf.readUInt16BE(6) + buf.readUInt16BE(8);
  const total = before + buf.readUInt16BE(10);
  let at = offset;
  for (let i = 0; i < total; i++) {
    const owner = at;
    at = skipName(buf, at);
    if (at < 0 || at + 10 > buf.length) return undefined;
    const rdlength = buf.readUInt16BE(at + 8);
    const rdata = at + 10;
    if (i >= before && buf.readUInt16BE(at) === TYPE_OPT && at === owner + 1) {
      const end = rdata + rdlength;
      const opt = readOptions(buf, rdata, Math.min(end, buf.length));
      return {
        udpPayloadSize: buf.readUInt16BE(at + 2),
        version: buf[at + 5]!,
        flags: buf.readUInt16BE(at + 6),
        options: opt.options,
        malformed: opt.malformed || end > buf.length,
      };
    }
    at = rdata + rdlength;
  }
  return undefined;
}

/** The end of the name at `at` (labels, ending in a root label or a compression pointer), or -1. */
function skipName(buf: Buffer, at: number): number {
  for (;;) {
    if (at >= buf.length) return -1;
    const len = buf[at]!;
    if (len === 0) return at + 1;
    if ((len & 0xc0) === 0xc0) return at + 2 <= buf.length ? at + 2 : -1;
    if (len > 63) return -1;
    at += 1 + len;
  }
}

/** Options are code, length and that many bytes, back to back, filling the data exactly (RFC 6891 6.1.2). */
function readOptions(buf: Buffer, at: number, end: number): { options: OptRecord['options']; malformed: boolean } {
  const options: OptRecord['options'] = [];
  while (at < end) {
    if (at + 4 > end) return { options, malformed: true };
    const code = buf.readUInt16BE(at);
    const length = buf.readUInt16BE(at + 2);
    if (at + 4 + length > end) return { options, malformed: true };
    options.push({ code, length });
    at += 4 + length;
  }
  return { options, malformed: false };
}
