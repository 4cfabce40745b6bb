import { HEADER_BYTES, readQuestion } from './wire.js';
import { findOpt } from './edns-opt.js';
import { QTYPE } from './rr-types.js';
import { parentOf } from './zone-index.js';

/**
 * Whole replies of the DNS server kept by the query that asked them, as PowerDNS's packet cache does:
 * a reply is a pure function of the query's bytes after its ID (flags, question, EDNS), the transport
 * (its size limit) and what the server answers from, so a query asked again is answered by copying the
 * reply kept for it and writing the new ID in, without decoding, answering or encoding anything.
 *
 * It never answers with data older than what the server answers from, which tells it of every change
 * instead of letting entries age out by a TTL (PowerDNS needs one: its database changes underneath it
 * without telling it):
 * - a zone put in the index or removed from it (`zoneChanged`) drops the replies that zone gave, and
 *   those of the zones above it and of names outside every zone, which may now be its names or no
 *   longer be, and those of zones with ANAME records (their answers may draw on another zone);
 *   replies of every other zone stay, so a stream of record changes in some zones leaves the rest of
 *   the cache answering;
 * - health checks and resolved ANAME targets report a `generation` that moves with every change of
 *   theirs; the whole cache is emptied when it has moved since the last lookup.
 *
 * Kept: replies to plain queries only (opcode QUERY, one question, no records but an OPT), never zone
 * transfers (they depend on who asks) nor SERVFAIL (a fault, or an ANAME target not resolved yet).
 * At most `maxEntries` and `maxBytes` (queries, replies and the cost of keeping each), the oldest
 * dropped first. A key is the query's bytes, so what a client may make large or vary at will is not
 * kept: a query over MAX_QUERY_BYTES, one carrying an EDNS option not in KNOWN_OPTIONS, a reply over
 * MAX_REPLY_BYTES. (An audit sent 5,000 queries each with a different 60 KB option: each was kept, and
 * the process grew from 117 MB to 450 MB.)
 */
export class ResponseCache {
  private readonly replies = new Map<string, { reply: Buffer; zone: string }>();
  /** The keys of the replies each zone gave; '' for names outside every zone. */
  private readonly byZone = new Map<string, Set<string>>();
  private seen: number;
  private held = 0;

  constructor(
    private readonly generation: () => number,
    /**
     * The zone that answers `qname` (lower case, no trailing dot), undefined outside every zone, or
     * ANY_ZONE when the answer may draw on other zones.
     */
    private readonly zoneOf: (qname: string) => string | undefined = () => undefined,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {
    this.seen = generation();
  }

  get size(): number {
    return this.replies.size;
  }

  /** What the replies kept cost, by the reckoning of `cost`. */
  get bytes(): number {
    return this.held;
  }

  /** The reply kept for `query`, as a new buffer carrying the query's ID; undefined when none is kept. */
  get(query: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    this.dropIfChanged();
    if (!cacheable(query)) return undefined;
    const kept = this.replies.get(key(query, transport))?.reply;
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
    if (!cacheable(query) || reply.length < HEADER_BYTES || reply.length > MAX_REPLY_BYTES || (reply[3]! & 0xf) === SERVFAIL) return;
    const k = key(query, transport);
    const zone = this.zoneOf(questionName(query)) ?? '';
    this.forget(k);
    const bytes = cost(k, reply);
    while (this.replies.size > 0 && (this.replies.size >= this.maxEntries || this.held + bytes > this.maxBytes)) {
      this.forget(this.replies.keys().next().value!);
    }
    if (bytes > this.maxBytes) return;
    // A buffer of its own: a small reply is a slice of Node's shared 8 KiB pool, which it would keep alive.
    const own = Buffer.allocUnsafeSlow(reply.length);
    reply.copy(own);
    this.replies.set(k, { reply: own, zone });
    this.held += bytes;
    let keys = this.byZone.get(zone);
    if (!keys) this.byZone.set(zone, (keys = new Set()));
    keys.add(k);
  }

  /** Zone `name` was put in the index or removed from it. */
  zoneChanged(name: string): void {
    for (let n: string | undefined = name; n !== undefined; n = parentOf(n)) this.dropZone(n);
    this.dropZone('');
    this.dropZone(ANY_ZONE);
  }

  private dropZone(zone: string): void {
    const keys = this.byZone.get(zone);
    if (!keys) return;
    for (const k of keys) {
      const entry = this.replies.get(k);
      if (entry) this.held -= cost(k, entry.reply);
      this.replies.delete(k);
    }
    this.byZone.delete(zone);
  }

  private forget(k: string): void {
    const entry = this.replies.get(k);
    if (!entry) return;
    this.replies.delete(k);
    this.held -= cost(k, entry.reply);
    this.byZone.get(entry.zone)?.delete(k);
  }

  private dropIfChanged(): void {
    const now = this.generation();
    if (now === this.seen) return;
    this.replies.clear();
    this.byZone.clear();
    this.held = 0;
    this.seen = now;
  }
}

/**
 * The group of replies that may depend on any zone (an ANAME's target in another zone we serve, which
 * the answer looks up there and then): dropped on every zone change.
 */
export const ANY_ZONE = '*';

/**
 * Replies of about 100 to 500 bytes each: 100,000 of them is some tens of MB, and holds every
 * question of ten thousand zones with a handful of names each. (PowerDNS keeps up to a million.)
 */
const DEFAULT_MAX_ENTRIES = 100_000;
/** 100,000 replies of the usual size fit; replies up to MAX_REPLY_BYTES only a few thousand of. */
const DEFAULT_MAX_BYTES = 64 << 20;
/**
 * A question (at most 255 bytes of name), an OPT with a cookie and the padding RFC 8467 asks of a client
 * (to a multiple of 128): well under 512 bytes. A larger query is padded or carries more than we answer.
 */
const MAX_QUERY_BYTES = 512;
/** Every UDP reply (1232 at most) and TCP replies of a few records; a larger one is rare and dear to keep. */
const MAX_REPLY_BYTES = 4096;
/**
 * EDNS options whose presence changes nothing we answer and which a real client sends (RFC 6891 and
 * the IANA registry): NSID (3), Client Subnet (8), COOKIE (10), TCP keepalive (11), Padding (12), key
 * tags (14). A query with any other option is answered, not kept.
 */
const KNOWN_OPTIONS: ReadonlySet<number> = new Set([3, 8, 10, 11, 12, 14]);
/** What keeping an entry costs beyond its key and reply: Map and Set entries, the object, the buffer. */
const ENTRY_OVERHEAD = 200;
const SERVFAIL = 2;

const cost = (k: string, reply: Buffer) => k.length + reply.length + ENTRY_OVERHEAD;

/** The transport, then every byte after the ID: latin1 maps each byte to one character, cheaply. */
const key = (query: Buffer, transport: 'udp' | 'tcp') => (transport === 'udp' ? 'u' : 't') + query.toString('latin1', 2);

/**
 * A query whose reply depends on its bytes alone: not a response, opcode QUERY, one question and no
 * answer or authority records, at most one additional record (EDNS's OPT), and a question whose name
 * is plain labels and whose type is no zone transfer; and one worth keeping: small, with known EDNS
 * options only.
 */
function cacheable(query: Buffer): boolean {
  if (query.length < HEADER_BYTES + 5 || query.length > MAX_QUERY_BYTES) return false;
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
  if (type === QTYPE.AXFR || type === QTYPE.IXFR) return false;
  // The usual query: no additional record, or an OPT without options (11 bytes, ending the message).
  const additional = query.readUInt16BE(10);
  if (additional === 0) return at + 5 === query.length;
  if (at + 16 === query.length && query[at + 5] === 0 && query.readUInt16BE(at + 6) === QTYPE.OPT && query.readUInt16BE(at + 14) === 0) return true;
  const opt = findOpt(query, at + 5);
  return !opt || (!opt.malformed && opt.options.every((o) => KNOWN_OPTIONS.has(o.code)));
}

/** The question's name as the server looks it up (wire.ts), read from a query cacheable() passed. */
const questionName = (query: Buffer): string => readQuestion(query, HEADER_BYTES)?.question.name ?? '';
