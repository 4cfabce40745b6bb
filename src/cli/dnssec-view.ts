import type { DnssecStatus } from '../core/dns/dnssec/dnssec-status.js';

/** `hostplane dnssec ...`'s text: the state, the DS records, each key, and what comes next. */
export function dnssecText(s: DnssecStatus): string {
  const lines = [`zone      ${s.zone}`, `dnssec    ${s.state}${s.parent ? ` (DS kept by ${s.parent === 'registry' ? 'the registry, through us' : 'the owner\'s registrar'})` : ''}`];
  for (const ds of s.ds) lines.push(`ds        ${s.zone}. IN DS ${ds.keyTag} ${ds.algorithm} ${ds.digestType} ${ds.digest}`);
  for (const k of s.keys) {
    const since = k.retiredAt ?? k.activeAt ?? k.servedAt ?? k.publishedAt;
    lines.push(`key       ${k.keyTag} ${k.state} since ${since}`);
  }
  if (s.next) lines.push(`next      ${s.next.step}${s.next.at ? ` at ${s.next.at}` : ''}`);
  return lines.join('\n');
}
