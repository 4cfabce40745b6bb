import type { RegistryNews } from '../../../ports/registry.js';
import { readExDate, readInfo, readTransfer } from './domain.js';
import type { EppResponse } from './protocol.js';
import { attr, child, inNs, NS, path, text } from './xml.js';

/**
 * RFC 5730 section 2.9.2.3, the poll queue: `req` answers 1301 with the oldest message (msgQ id, qDate,
 * msg, and the object data it is about) or 1300 when empty; `ack` removes one. A message is read as
 * what it means for a name (ports/registry.ts RegistryNews): transfer data (trnData) by its status and
 * which side we are (reID: the gaining registrar, acID: the losing one); a renData as a renewal; a
 * pending-action notice (panData) or other message whose text says deleted or renewed as that.
 */

const epp = inNs(NS.epp);

export const pollRequest = () => epp('poll', { op: 'req' });
export const pollAck = (id: string) => epp('poll', { op: 'ack', msgID: id });

export function readNews(res: EppResponse, us: string): RegistryNews | undefined {
  if (!res.msgQ || res.code === 1300) return undefined;
  const base = { id: res.msgQ.id, at: res.msgQ.qDate ?? '', text: res.msgQ.msg ?? res.msg };
  const trn = readTransfer(res.resData);
  if (trn) {
    const gaining = trn.reID === us;
    const losing = trn.acID === us;
    const withExpiry = { name: trn.name, ...(trn.exDate ? { expiresAt: trn.exDate } : {}) };
    switch (trn.trStatus) {
      case 'clientApproved': case 'serverApproved':
        if (gaining) return { ...base, kind: 'transfer_approved', ...withExpiry };
        if (losing) return { ...base, kind: 'transferred_away', name: trn.name };
        break;
      case 'clientRejected':
        if (gaining) return { ...base, kind: 'transfer_rejected', name: trn.name };
        break;
      case 'clientCancelled': case 'serverCancelled':
        if (gaining) return { ...base, kind: 'transfer_cancelled', name: trn.name };
        break;
      case 'pending':
        if (losing) return { ...base, kind: 'transfer_requested_away', name: trn.name };
        break;
    }
    return { ...base, kind: 'other', name: trn.name };
  }
  const renewed = path(res.resData, NS.domain, 'renData');
  if (renewed) {
    const exDate = readExDate(res.resData);
    return { ...base, kind: 'renewed', name: text(child(renewed, NS.domain, 'name')), ...(exDate ? { expiresAt: exDate } : {}) };
  }
  const pan = path(res.resData, NS.domain, 'panData');
  const info = readInfo(res.resData);
  const name = pan ? text(child(pan, NS.domain, 'name')) : info?.name;
  // Deletions and auto-renewals have no data type of their own in RFC 5731; registries say them in msg.
  if (name && /\bdelet/i.test(base.text) && !(pan && attr(child(pan, NS.domain, 'name'), 'paResult') === '0')) {
    return { ...base, kind: 'deleted', name };
  }
  if (name && /renew/i.test(base.text)) return { ...base, kind: 'renewed', name, ...(info?.exDate ? { expiresAt: info.exDate } : {}) };
  return { ...base, kind: 'other', ...(name ? { name } : {}) };
}
