import { authInfoPw, onlyExtensions, type CommandContext } from './context.js';
import { existing, normName, readPeriod, trnDataNode } from './domain-data.js';
import { addYears } from './registry.js';
import { EppError, type Answer } from './result.js';
import { child, NS, text } from './xml.js';

/**
 * domain:transfer (RFC 5731 section 3.2.4), all five ops.
 * - request: another registrar's name (2106 for one's own), with its authInfo (2202), not locked or
 *   pending (2304/2300). In 'immediate' mode it completes at once (1000, serverApproved, the years added,
 *   the losing registrar told by poll); in 'pending' mode it waits (1001, pendingTransfer; the losing
 *   registrar is told by poll) until the losing registrar approves or rejects, the gaining one cancels,
 *   the test settles it, or the auto-approve time passes; then both are told.
 * - query: the last transfer, for either party or whoever knows the authInfo (2201 otherwise; 2301 none).
 * - approve/reject: the losing registrar only (2201); cancel: the gaining one only (2201); all 2301
 *   when nothing is pending.
 */
export function domainTransfer(ctx: CommandContext): Answer {
  onlyExtensions(ctx, []);
  const reg = ctx.registry;
  const name = normName(text(child(ctx.body, NS.domain, 'name')));
  const d = existing(reg, name);
  const given = authInfoPw(child(ctx.body, NS.domain, 'authInfo'));
  const t = d.transfer;
  switch (ctx.op) {
    case 'query': {
      const party = ctx.registrar === d.clID || ctx.registrar === t?.reID || ctx.registrar === t?.acID;
      if (!party && given !== d.authInfo) throw new EppError(given === undefined ? 2201 : 2202, `not a party to the transfer of ${name}`);
      if (!t) throw new EppError(2301, `domain ${name} has no transfer`);
      return { code: 1000, resData: trnDataNode(name, t) };
    }
    case 'request': {
      if (d.clID === ctx.registrar) throw new EppError(2106, `domain ${name} is already yours`);
      if (given === undefined || given !== d.authInfo) throw new EppError(2202, `authInfo of ${name} does not match`);
      if (t?.status === 'pending') throw new EppError(2300, `domain ${name} is pending transfer`);
      const blocked = ['clientTransferProhibited', 'serverTransferProhibited'].find((s) => d.statuses.has(s)) ?? (d.rgp ? 'pendingDelete' : undefined);
      if (blocked) throw new EppError(2304, `domain ${name} has status ${blocked}`);
      const years = readPeriod(child(ctx.body, NS.domain, 'period'));
      const now = reg.now();
      d.transfer = { status: 'pending', reID: ctx.registrar, reDate: now, acID: d.clID, acDate: now, exDate: addYears(d.exDate, years), years };
      if ((reg.options.transferMode ?? 'immediate') === 'immediate') {
        const done = reg.settleTransfer(d, 'serverApproved', 'server', 'loser');
        return { code: 1000, resData: trnDataNode(name, done) };
      }
      const after = reg.options.autoApproveTransferAfterMs;
      if (after !== undefined) d.transfer.acDate = new Date(now.getTime() + after);
      reg.enqueueMessage(d.clID, { kind: 'transfer', name, msg: 'Transfer requested', transfer: { ...d.transfer } });
      reg.scheduleAutoApprove(d);
      return { code: 1001, resData: trnDataNode(name, d.transfer) };
    }
    case 'approve':
    case 'reject':
    case 'cancel': {
      if (t?.status !== 'pending') throw new EppError(2301, `domain ${name} is not pending transfer`);
      const actor = ctx.op === 'cancel' ? t.reID : d.clID;
      if (ctx.registrar !== actor) throw new EppError(2201, `only ${ctx.op === 'cancel' ? 'the gaining' : 'the losing'} registrar may ${ctx.op} this transfer`);
      const status = ctx.op === 'approve' ? 'clientApproved' : ctx.op === 'reject' ? 'clientRejected' : 'clientCancelled';
      const done = reg.settleTransfer(d, status, ctx.registrar);
      return { code: 1000, resData: trnDataNode(name, done) };
    }
    default:
      throw new EppError(2001, `unknown transfer op ${String(ctx.op)}`);
  }
}
