import dnsPacket from 'dns-packet';
import { labelsWire, nameLabels } from '../../core/dns/name-wire.js';

/**
 * Names whose labels hold bytes that have no plain text form. A label may hold any byte (RFC 2181 11):
 * a space, a dot, a backslash, a NUL, a byte above 0x7f. The server reads a question's name into the
 * presentation form of RFC 1035 5.1, each such byte written `\DDD` (wire.ts, readQuestion), so that the
 * dots of the text are the label boundaries and the name can be looked up and matched against wildcards
 * like any other (RFC 4592 3.3.1: `a\032b.wild.example.fi` is answered by `*.wild.example.fi`). dns-packet
 * writes a name's text as UTF-8 split at every dot, which would turn `\032` into four bytes; records
 * owned by such a name are written here instead, byte for byte.
 */

/** The wire form of `name` in presentation form: `\DDD` is the byte DDD, `\X` the character X. */
export const encodeName = (name: string): Buffer => labelsWire(nameLabels(name));

type AnyRecord = { name: string };
const answerCodec = (dnsPacket as unknown as { answer: { encode(rr: unknown): Buffer } }).answer;

/** One record; an owner with escapes is written by encodeName, the rest by dns-packet. */
function encodeRecord(rr: AnyRecord): Buffer {
  if (!rr.name.includes('\\')) return answerCodec.encode(rr);
  const rest = answerCodec.encode({ ...rr, name: '.' });
  return Buffer.concat([encodeName(rr.name), rest.subarray(1)]);
}

/**
 * dnsPacket.encode for a message whose records may be owned by names with escapes (questions are
 * not: wire.ts writes the question back as it came). dns-packet compresses no name, so a message
 * is its header and its records one after another.
 */
export function encodePacket(packet: dnsPacket.Packet): Buffer {
  const sections = [packet.answers ?? [], packet.authorities ?? [], packet.additionals ?? []] as AnyRecord[][];
  if (!sections.some((records) => records.some((rr) => rr.name.includes('\\')))) return dnsPacket.encode(packet);
  const head = dnsPacket.encode({ ...packet, answers: [], authorities: [], additionals: [] });
  sections.forEach((records, i) => head.writeUInt16BE(records.length, 6 + 2 * i));
  return Buffer.concat([head, ...sections.flatMap((records) => records.map(encodeRecord))]);
}
