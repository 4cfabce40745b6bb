import { HEADER_BYTES } from './wire.js';
import { QTYPE } from './rr-types.js';

/**
 * Whole replies of the DNS server kept by the query that asked them, as PowerDNS's packet cache does:
 * a reply is a pure function of the query's bytes after its ID (flags, question, EDNS), the transport
 * (its size limit) and what the server answers from, so a query asked again is answered by copying the
 * reply kept for it and writing the new ID in, without decoding, answering or encoding anything.
 *
 * What the server answers from (the zone index, health checks, resolved ANAME targets) reports a
 * `generation` that moves with every change; the cache is emptied when it has moved since the last
 * lookup, so it never answers with data older than the index. That replaces PowerDNS's TTL on
 * cache entries, which it needs because its database changes underneath it without telling it.
 *
 * Kept: replies to plain queries only (opcode QUERY, one question, no records but an OPT), never zone
 * transfers (they depend on who asks) nor SERVFAIL (a fault, or an ANAME target not resolved yet).
 * At most `maxEntries`, the oldest dropped first.
 */
export class ResponseCache {
  private readonly replies = new Map<string, Buffer>();
  private seen: number;

  constructor(
    private readonly generation: () => number,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {
    this.seen = generation();
  }

  get size(): number {
    return this.replies.size;
  }

  /** The reply kept for `query`, as a new buffer carrying the query's ID; undefined when none is kept. */
  get(query: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    this.dropIfChanged();
    if (!cacheable(query)) return undefined;
    const kept = this.replies.get(key(query, transport));
    if (!kept) return undefined;
    const reply = Buffer.allocUnsafe(kept.length);
    kept.copy(reply);
    reply[0] = query[0]!;
    reply[1] = query[1]!;
    return reply;
  }

  /** Keeps `reply`, the server's only reply to `query`, when it may be given again. */
  set(query: Buffer, transport: 'udp' | 'tcp', reply: Buffer): void {
    this.dropIfChanged();
    if (!cacheable(query) || reply.length < HEADER_BYTES || (reply[3]! & 0xf) === SERVFAIL) return;
    if (this.replies.size >= this.maxEntries) this.replies.delete(this.replies.keys().next().value!);
    this.replies.set(key(query, transport), reply);
  }

  private dropIfChanged(): void {
    const now = this.generation();
    if (now === this.seen) return;
    this.replies.clear();
    this.seen = now;
  }
}

/**
 * Replies of about 100 to 500 bytes each: 100,000 of them is some tens of MB, and holds every
 * question of ten thousand zones with a handful of names each. (PowerDNS keeps up to a million.)
 */
const DEFAULT_MAX_ENTRIES = 100_000;
const SERVFAIL = 2;

/** The transport, then every byte after the ID: latin1 maps each byte to one character, cheaply. */
const key = (query: Buffer, transport: 'udp' | 'tcp') => (transport === 'udp' ? 'u' : 't') + query.toString('latin1', 2);

/**
 * A query whose reply depends on its bytes alone: not a response, opcode QUERY, one question and no
 * answer or authority records, at most one additional record (EDNS's OPT), and a question whose name
 * is plain labels and whose type is no zone transfer.
 */
function cacheable(query: Buffer): boolean {
  if (query.length < HEADER_BYTES + 5) return false;
  // QR clear and opcode 0 (QUERY): the top five bits of byte 2.
  if ((query[2]! & 0xf8) !== 0) return false;
  if (query.readUInt16BE(4) !== 1 || query.readUInt16BE(6) !== 0 || query.readUInt16BE(8) !== 0 || query.readUInt16BE(10) > 1) return false;
  let at = HEADER_BYTES;
  while (at < query.length && query[at] !== 0) {
    if (query[at]! > 63) return false;
    at += query[at]! + 1;
  }
  if (at + 5 > query.length) return false;
  const type = query.readUInt16BE(at + 1);
  return type !== QTYPE.AXFR && type !== QTYPE.IXFR;
}
