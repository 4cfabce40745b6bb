import type { Element } from '@xmldom/xmldom';
import type { CommandContext } from './context.js';
import { trnDataNode } from './domain-data.js';
import { EppError, type Answer } from './result.js';
import type { PollMessage } from './types.js';
import { x, type XNode } from './xml.js';

/**
 * The poll queue (RFC 5730 section 2.9.2.3), one per registrar, oldest first. What each message
 * carries, as registries send it:
 * - transfers (requested, approved, rejected, cancelled): domain:trnData, for both parties;
 * - an auto-renewal: domain:renData with the new expiry (what Nomulus and Verisign-style registries send);
 * - a deletion by the registry (expiry policy): domain:panData with paResult="1", the pending deletion done;
 * - a free text notice: the message alone.
 */
export function resDataOf(m: PollMessage): XNode | undefined {
  switch (m.kind) {
    case 'transfer':
      return m.transfer && m.name ? trnDataNode(m.name, m.transfer) : undefined;
    case 'autoRenew':
      return x('domain:renData', null, x('domain:name', null, m.name ?? ''), m.exDate && x('domain:exDate', null, m.exDate.toISOString()));
    case 'deleted':
      return x('domain:panData', null,
        x('domain:name', { paResult: true }, m.name ?? ''),
        x('domain:paTRID', null, x('svTRID', null, `deletion-${m.id}`)),
        x('domain:paDate', null, m.qDate.toISOString()));
    default:
      return undefined;
  }
}

export function poll(ctx: CommandContext, pollEl: Element): Answer {
  const queue = ctx.registry.queues.get(ctx.registrar) ?? [];
  const op = pollEl.getAttribute('op');
  if (op === 'req') {
    const head = queue[0];
    if (!head) return { code: 1300 };
    return {
      code: 1301,
      msgQ: { count: queue.length, id: head.id, qDate: head.qDate, msg: head.msg },
      resData: resDataOf(head),
    };
  }
  const id = pollEl.getAttribute('msgID');
  if (!id) throw new EppError(2003, 'poll op="ack" needs a msgID');
  const at = queue.findIndex((m) => m.id === id);
  if (at < 0) throw new EppError(2303, `message ${id} is not in the queue`);
  queue.splice(at, 1);
  return { code: 1000, msgQ: { count: queue.length, id: queue[0]?.id ?? id } };
}
