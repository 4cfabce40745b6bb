import type { Element } from '@xmldom/xmldom';
import { attr, child, children, inNs, NS } from './xml.js';
import { updateDomain, type NameserverStyle } from './domain.js';

/**
 * RFC 3915, the Registry Grace Period: a deleted name sits in redemptionPeriod (statuses in the
 * rgp:infData of a domain:info answer) and comes back with a restore request, a domain:update carrying
 * an empty chg and `<rgp:update><rgp:restore op="request"/>`. Registries that also want the restore
 * report (op="report", section 4.2.5) answer the request with 1001 pendingRestore; we send no report
 * (it needs the registrant's statements, which hostplane does not collect), and take the pending
 * answer as done from our side.
 */

const r = inNs(NS.rgp);

export function restoreRequest(name: string, style: NameserverStyle) {
  return {
    verb: updateDomain(name, { emptyChg: true }, style),
    extensions: [r('update', r('restore', { op: 'request' }))],
  };
}

/** rgpStatus values of an info answer's extension (e.g. redemptionPeriod, addPeriod). */
export function readRgpStatuses(extension: Element | undefined): string[] {
  return children(child(extension, NS.rgp, 'infData'), NS.rgp, 'rgpStatus').map((s) => attr(s, 's') ?? '').filter(Boolean);
}
