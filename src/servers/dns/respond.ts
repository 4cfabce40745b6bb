import { RCODE, soaRr, zoneTransferRecords, type Rr } from './answer.js';
import { minimalAny } from './minimal-any.js';
import { signedAnswer, signedTransferRecords, type SigningResponder } from './dnssec/signed-answer.js';
import { serialAfter } from '../../core/dns/serial.js';
import { QTYPE } from './rr-types.js';
import { MAX_TCP_MESSAGE, OPCODE, encodeReply, isClassIn, parseMessage, udpLimit, type ReplyHead, type WireQuery } from './wire.js';
import type { ZoneIndex } from './zone-index.js';
import dnsPacket from 'dns-packet';

export type Transport = 'udp' | 'tcp';

export interface Responder extends SigningResponder {
  index: ZoneIndex;
  /** Whether `address` may transfer zones (AXFR/IXFR). */
  mayTransfer(address: string): boolean;
}

/** Zone transfer messages are kept well below the 64 KiB TCP limit, as servers commonly do. */
const TRANSFER_MESSAGE_BYTES = 16_384;

/**
 * The replies to one received message: none (dropped), one, or, for a zone transfer, several.
 * Never throws for any input; a fault of our own becomes SERVFAIL.
 */
export function respond(r: Responder, buf: Buffer, transport: Transport, remote: string): Buffer[] {
  const parsed = parseMessage(buf);
  if (parsed.kind === 'drop') return [];
  const head = parsed.kind === 'error' ? parsed.reply : parsed.query;
  const limit = transport === 'udp' ? udpLimit(head.edns) : MAX_TCP_MESSAGE;
  if (parsed.kind === 'error') return [encodeReply({ head, rcode: parsed.rcode }, limit)];
  try {
    return query(r, parsed.query, transport, remote, limit);
  } catch {
    return [encodeReply({ head, rcode: RCODE.SERVFAIL }, limit)];
  }
}

function query(r: Responder, q: WireQuery, transport: Transport, remote: string, limit: number): Buffer[] {
  const head: ReplyHead = q;
  const fail = (rcode: number) => [encodeReply({ head, rcode }, limit)];
  // We are the primary: NOTIFY is for secondaries (RFC 1996), so we do not implement receiving it.
  if (q.opcode === OPCODE.NOTIFY) return fail(RCODE.NOTIMP);
  // Only class IN holds zones here; CHAOS (version.bind) and the rest are refused, not answered.
  if (!isClassIn(q.question.class)) return fail(RCODE.REFUSED);
  switch (q.question.type) {
    case QTYPE.OPT:
      // OPT is a pseudo-record, never a question (RFC 6891 6.1.1).
      return fail(RCODE.FORMERR);
    case QTYPE.AXFR:
      // RFC 5936 4.2: AXFR is TCP-only; BIND and Knot answer FORMERR over UDP.
      if (transport === 'udp') return fail(RCODE.FORMERR);
      return transfer(r, q, remote, undefined);
    case QTYPE.IXFR: {
      const serial = clientSerial(q);
      // An IXFR query carries the SOA of the version the client holds (RFC 1995 3); without it, it is malformed.
      if (serial === undefined) return fail(RCODE.FORMERR);
      return transfer(r, q, remote, transport === 'udp' ? 'udp' : serial);
    }
    case QTYPE.MAILA:
    case QTYPE.MAILB:
    case QTYPE.TKEY:
    case QTYPE.TSIG:
      return fail(RCODE.NOTIMP);
  }
  const a = signedAnswer(r, { name: q.question.name, owner: q.question.owner, type: q.question.type }, q.edns?.do === true);
  return [encodeReply({ head, ...(q.question.type === QTYPE.ANY && transport === 'udp' ? minimalAny(a) : a) }, limit)];
}

/** The serial an IXFR query says the client holds: the zone's SOA in the authority section (RFC 1995 3). */
function clientSerial(q: WireQuery): number | undefined {
  const soa = (q.message.authorities ?? []).find(
    (rr) => rr.type === 'SOA' && rr.name.replace(/\.$/, '').toLowerCase() === q.question.name,
  ) as dnsPacket.SoaAnswer | undefined;
  return soa?.data.serial;
}

/** RFC 1982 serial arithmetic: whether `a` is at or after `b`. */
const serialAtLeast = (a: number, b: number) => a === b || serialAfter(a, b);

/**
 * AXFR (RFC 5936), and IXFR answered with the whole zone (RFC 1995 4 allows it) or, when the client
 * is current or asks over UDP, with the SOA alone (RFC 1995 2, 4). Only for `mayTransfer` addresses.
 */
function transfer(r: Responder, q: WireQuery, remote: string, ixfr: 'udp' | number | undefined): Buffer[] {
  const head: ReplyHead = q;
  const limit = ixfr === 'udp' ? udpLimit(q.edns) : MAX_TCP_MESSAGE;
  const zone = r.index.get(q.question.name);
  // Not a zone we serve (the name must be a zone's apex): NOTAUTH (RFC 5936 2.2.1).
  if (!zone) return [encodeReply({ head, rcode: r.index.find(q.question.name) ? RCODE.NOTAUTH : RCODE.REFUSED }, limit)];
  if (!r.mayTransfer(remote)) return [encodeReply({ head, rcode: RCODE.REFUSED }, limit)];
  const soa = soaRr(zone);
  if (ixfr === 'udp' || (typeof ixfr === 'number' && serialAtLeast(ixfr, zone.serial))) {
    return [encodeReply({ head, rcode: RCODE.NOERROR, aa: true, answers: [soa] }, limit)];
  }
  const body = zoneTransferRecords(zone, r.index, r);
  const records: Rr[] = [soa, ...(zone.signing ? signedTransferRecords(r, zone, soa, body) : body), soa];
  const messages: Buffer[] = [];
  let batch: Rr[] = [];
  let size = 0;
  const flush = () => {
    messages.push(encodeReply({ head, rcode: RCODE.NOERROR, aa: true, answers: batch, noQuestion: messages.length > 0 }, limit));
    batch = [];
    size = 0;
  };
  for (const rr of records) {
    const bytes = dnsPacket.encodingLength({ answers: [rr as dnsPacket.Answer] }) - 12;
    if (batch.length > 0 && size + bytes > TRANSFER_MESSAGE_BYTES) flush();
    batch.push(rr);
    size += bytes;
  }
  flush();
  return messages;
}
