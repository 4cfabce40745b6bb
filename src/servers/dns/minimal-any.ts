import type { Answer, Rr } from './answer.js';

/**
 * ANY over UDP gets one RRset (RFC 8482 4.1): a full ANY answer is the classic amplification (a few
 * bytes asked, every record of a name sent to a forged source), and no resolver relies on it being
 * complete. Over TCP, where the source is proven, the full answer stays.
 *
 * One real RRset of the name rather than the synthesized HINFO "RFC8482" (4.2): the answer is true data
 * that a resolver may cache and use, a client that asked ANY for the addresses or the mail exchanger
 * (the usual legacy reason) gets them, nothing in the zone is shadowed by a made-up record, and a signed
 * zone signs it like any other RRset. Which one: the first of SOA (the apex), CNAME, A, AAAA and MX the
 * name has, else the first the full answer lists; the additional section goes (it served the others).
 */

const PREFERRED = ['SOA', 'CNAME', 'A', 'AAAA', 'MX'];

/** The type an RRSIG covers (dns-packet's `typeCovered`), undefined for other records. */
const covered = (rr: Rr) => (rr.type === 'RRSIG' ? (rr.data as { typeCovered?: string } | undefined)?.typeCovered : undefined);

/** `a`, the full answer to an ANY question, cut to one RRset and the signatures over it. */
export function minimalAny(a: Answer): Answer {
  const types = [...new Set(a.answers.filter((rr) => rr.type !== 'RRSIG').map((rr) => rr.type))];
  if (types.length <= 1) return a;
  const keep = PREFERRED.find((t) => types.includes(t)) ?? types[0]!;
  return { ...a, answers: a.answers.filter((rr) => rr.type === keep || covered(rr) === keep), additionals: [] };
}
