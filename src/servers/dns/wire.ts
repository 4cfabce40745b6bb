import dnsPacket from 'dns-packet';
import { RCODE, type Rr } from './answer.js';
import { findOpt } from './edns-opt.js';
import { encodePacket } from './escaped-names.js';

/**
 * DNS messages on the wire (RFC 1035 4, RFC 6891). dns-packet encodes and decodes records; the header
 * and the question are read here, byte by byte, because an answer must repeat the question exactly as
 * it came (its case, RFC 4343; resolvers that randomize it check), which a decode-then-encode round trip
 * through text does not promise. Nothing here throws on bad input: it reports what to answer.
 */

export const HEADER_BYTES = 12;
/** The largest UDP answer we send, whatever a client offers (DNS flag day 2020: no IP fragmentation). */
export const MAX_UDP_PAYLOAD = 1232;
/** A message without EDNS fits in 512 bytes over UDP (RFC 1035 4.2.1). */
export const CLASSIC_UDP_PAYLOAD = 512;
export const MAX_TCP_MESSAGE = 65_535;

const QR = 0x8000;
const OPCODE_SHIFT = 11;
const AA = 0x0400;
const TC = 0x0200;
const RD = 0x0100;
const CD = 0x0010;
const DO = 0x8000;
const CLASS_IN = 1;
/** BADVERS (RFC 6891 6.1.3): extended RCODE 16, sent as 1 in the OPT's upper bits and 0 in the header. */
export const BADVERS = 16;

export const OPCODE = { QUERY: 0, NOTIFY: 4 } as const;

export interface WireQuestion {
  /** The question's bytes as they came: name, type and class. */
  raw: Buffer;
  name: string;
  owner: string | undefined;
  type: number;
  class: number;
}

export interface Edns {
  udpSize: number;
  version: number;
  do: boolean;
}

export interface WireQuery {
  id: number;
  opcode: number;
  rd: boolean;
  cd: boolean;
  question: WireQuestion;
  edns: Edns | undefined;
  /** The decoded message, for what a few queries carry beyond the question (an IXFR's SOA). */
  message: dnsPacket.Packet;
}

/** What to do with a message: answer a query, answer an error, or say nothing. */
export type Parsed =
  | { kind: 'query'; query: WireQuery }
  | { kind: 'error'; rcode: number; reply: ReplyHead }
  | { kind: 'drop' };

/** What every reply repeats of the message it answers. */
export interface ReplyHead {
  id: number;
  opcode: number;
  rd: boolean;
  cd: boolean;
  question?: WireQuestion;
  edns?: Edns;
}

/** A label byte that writes as itself in a name's text (printable ASCII but "." and "\"). */
const plainByte = (b: number) => b > 0x20 && b < 0x7f && b !== 0x2e && b !== 0x5c;

/**
 * The question at `offset`: a name of plain labels (compression pointers have nothing earlier to point
 * at in a question; RFC 1035 4.1.4), then type and class. Undefined when it is malformed. The name is
 * in presentation form, a label byte that is not plain written `\DDD` (escaped-names.ts), so a dot of
 * the text is always a label boundary.
 */
export function readQuestion(buf: Buffer, offset: number): { question: WireQuestion; end: number } | undefined {
  const labels: string[] = [];
  let at = offset;
  let length = 1;
  for (;;) {
    if (at >= buf.length) return undefined;
    const len = buf[at]!;
    if (len === 0) break;
    // 0xc0 pointers and the 0x40/0x80 extended label types are not accepted in a question.
    if (len > 63) return undefined;
    length += len + 1;
    if (length > 255 || at + 1 + len > buf.length) return undefined;
    const bytes = buf.subarray(at + 1, at + 1 + len);
    let text = '';
    for (const b of bytes) {
      if (plainByte(b)) text += String.fromCharCode(b);
      else text += `\\${String(b).padStart(3, '0')}`;
    }
    labels.push(text);
    at += 1 + len;
  }
  at += 1;
  if (at + 4 > buf.length) return undefined;
  const asked = labels.join('.');
  return {
    question: {
      raw: buf.subarray(offset, at + 4),
      name: asked.toLowerCase(),
      owner: asked,
      type: buf.readUInt16BE(at),
      class: buf.readUInt16BE(at + 2),
    },
    end: at + 4,
  };
}

/**
 * Reads a message received by the server. Responses are dropped (answering them invites loops), and
 * so is anything shorter than a header; every other message gets an answer.
 */
export function parseMessage(buf: Buffer): Parsed {
  if (buf.length < HEADER_BYTES) return { kind: 'drop' };
  const flags = buf.readUInt16BE(2);
  if (flags & QR) return { kind: 'drop' };
  const qdcount = buf.readUInt16BE(4);
  const head: ReplyHead = {
    id: buf.readUInt16BE(0),
    opcode: (flags >> OPCODE_SHIFT) & 0xf,
    rd: (flags & RD) !== 0,
    cd: (flags & CD) !== 0,
  };
  const first = qdcount === 1 ? readQuestion(buf, HEADER_BYTES) : undefined;
  if (first) head.question = first.question;
  // Read ahead of the rest, so that every error from here on carries an OPT (RFC 6891 7).
  const opt = first && findOpt(buf, first.end);
  // A payload size under 512 is read as 512 (RFC 6891 6.2.3).
  if (opt) head.edns = { udpSize: Math.max(CLASSIC_UDP_PAYLOAD, opt.udpPayloadSize), version: opt.version, do: (opt.flags & DO) !== 0 };
  if (head.opcode !== OPCODE.QUERY && head.opcode !== OPCODE.NOTIFY) return { kind: 'error', rcode: RCODE.NOTIMP, reply: head };
  // Exactly one question (RFC 9619): none or several is a format error.
  if (!first) return { kind: 'error', rcode: RCODE.FORMERR, reply: head };
  // A later EDNS version may lay its options out otherwise: BADVERS before judging them (RFC 6891 6.1.3).
  if (opt && opt.version > 0) return { kind: 'error', rcode: BADVERS, reply: head };
  if (opt?.malformed) return { kind: 'error', rcode: RCODE.FORMERR, reply: head };

  let message: dnsPacket.Packet;
  try {
    message = dnsPacket.decode(buf);
    // Bytes after the last record mean the counts are wrong.
    if (dnsPacket.decode.bytes !== buf.length) return { kind: 'error', rcode: RCODE.FORMERR, reply: head };
  } catch {
    return { kind: 'error', rcode: RCODE.FORMERR, reply: head };
  }
  const opts = (message.additionals ?? []).filter((r) => r.type === 'OPT') as dnsPacket.OptAnswer[];
  const misplaced = [...(message.answers ?? []), ...(message.authorities ?? [])].some((r) => r.type === 'OPT');
  // RFC 6891 6.1.1: one OPT at most, owned by the root, only in the additional section.
  if (opts.length > 1 || misplaced || (opts[0] && opts[0].name !== '.')) return { kind: 'error', rcode: RCODE.FORMERR, reply: head };
  return { kind: 'query', query: { ...head, question: first.question, edns: head.edns, message } };
}

export interface Reply {
  head: ReplyHead;
  rcode: number;
  aa?: boolean;
  answers?: Rr[];
  authorities?: Rr[];
  additionals?: Rr[];
  /** Glue that must fit (a referral's) or the answer is truncated; other additional data is dropped first. */
  glueRequired?: boolean;
  /** Leave the question out (later messages of a zone transfer, RFC 5936 2.2.1). */
  noQuestion?: boolean;
}

function encode(reply: Reply, tc: boolean, answers: Rr[], authorities: Rr[], additionals: Rr[]): Buffer {
  const { head, rcode } = reply;
  const flags =
    QR |
    (head.opcode << OPCODE_SHIFT) |
    (reply.aa ? AA : 0) |
    (tc ? TC : 0) |
    (head.rd ? RD : 0) |
    (head.cd ? CD : 0) |
    (rcode & 0xf);
  const extra: dnsPacket.Answer[] = [...(additionals as dnsPacket.Answer[])];
  if (head.edns) {
    extra.push({
      name: '.',
      type: 'OPT',
      udpPayloadSize: MAX_UDP_PAYLOAD,
      extendedRcode: rcode >> 4,
      ednsVersion: 0,
      // The DO bit is copied from the query (RFC 3225 3); with it, answers of signed zones carry their
      // RRSIGs and NSECs (dnssec/signed-answer.ts).
      flags: head.edns.do ? DO : 0,
      options: [],
    } as unknown as dnsPacket.Answer);
  }
  const body = encodePacket({
    id: head.id,
    type: 'response',
    flags,
    questions: [],
    answers: answers as dnsPacket.Answer[],
    authorities: authorities as dnsPacket.Answer[],
    additionals: extra,
  });
  if (!head.question || reply.noQuestion) return body;
  // The question goes back byte for byte.
  const out = Buffer.allocUnsafe(body.length + head.question.raw.length);
  body.copy(out, 0, 0, HEADER_BYTES);
  out.writeUInt16BE(1, 4);
  head.question.raw.copy(out, HEADER_BYTES);
  body.copy(out, HEADER_BYTES + head.question.raw.length, HEADER_BYTES);
  return out;
}

/**
 * The reply as bytes within `limit`: optional additional data is dropped first; what is still too big
 * is sent empty with TC set, so that the client asks again over TCP (RFC 2181 9, RFC 7766 5).
 */
export function encodeReply(reply: Reply, limit: number): Buffer {
  const answers = reply.answers ?? [];
  const authorities = reply.authorities ?? [];
  const additionals = reply.additionals ?? [];
  const full = encode(reply, false, answers, authorities, additionals);
  if (full.length <= limit) return full;
  if (!reply.glueRequired && additionals.length > 0) {
    const trimmed = encode(reply, false, answers, authorities, []);
    if (trimmed.length <= limit) return trimmed;
  }
  return encode(reply, true, [], [], []);
}

/** The UDP payload a reply may fill: the client's EDNS size up to our limit, or 512 without EDNS. */
export const udpLimit = (edns: Edns | undefined): number =>
  edns ? Math.min(Math.max(edns.udpSize, CLASSIC_UDP_PAYLOAD), MAX_UDP_PAYLOAD) : CLASSIC_UDP_PAYLOAD;

/** Whether class `klass` is IN, the only class we hold zones in. */
export const isClassIn = (klass: number): boolean => klass === CLASS_IN;
