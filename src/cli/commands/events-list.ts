import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { optionalString, pageFrom, pageOptions, parseCount, positionalsExactly, resolveUser, table, usersById } from '../options.js';
import { DomainError, invalid, invalidField } from '../../core/errors.js';
import { listEvents, type EventScope } from '../../core/events/list-events.js';

/** The operator's view of the event log: everyone's, or one account's or one partner's, newest first. */
export const eventsList: Command = {
  words: ['events', 'list'],
  usage:
    'hostplane events list [--account ID|USERNAME | --partner ID] [--type T] [--since D] [--until D] [--limit N] [--offset N] [--json]'
    + '   the event log, newest first (D: YYYY-MM-DD or an ISO 8601 time with a zone)',
  options: {
    account: { type: 'string' }, partner: { type: 'string' }, type: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
    ...pageOptions,
  },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const page = pageFrom(values);
    const account = optionalString(values, 'account');
    const partner = optionalString(values, 'partner');
    if (account !== undefined && partner !== undefined) throw invalidField('account', '--account and --partner each narrow the log; give one');
    const query = { type: optionalString(values, 'type'), since: optionalString(values, 'since'), until: optionalString(values, 'until') };
    const { result, owners } = await withRuntime({ io, actor }, async ({ ctx }) => {
      let scope: EventScope = 'all';
      if (account !== undefined) {
        const user = await resolveUser(ctx, account).catch((err: unknown) => {
          throw err instanceof DomainError && err.fields?.user ? invalid({ account: err.fields.user }) : err;
        });
        scope = { userId: user.id };
      } else if (partner !== undefined) {
        const id = parseCount(partner, 'partner');
        if (!(await ctx.store.partners.findById(id))) throw invalidField('partner', `No partner with id ${id}`);
        scope = { partnerId: id };
      }
      const result = await listEvents(ctx, scope, query, page);
      return { result, owners: await usersById(ctx, result.items.flatMap((e) => (e.user_id === null ? [] : [e.user_id]))) };
    });
    const data = result.items.map((e) => ({
      ...e,
      username: e.user_id === null ? null : (owners.get(e.user_id)?.username ?? null),
      data: JSON.parse(e.data) as unknown,
    }));
    out.result(
      { data, meta: { ...page, count: data.length, total: result.total } },
      () => table([
        ['ID', 'TIME', 'TYPE', 'ACCOUNT', 'PARTNER', 'SUBJECT', 'ACTOR', 'ADDRESS', 'REQUEST', 'DATA'],
        ...result.items.map((e) => [
          String(e.id), e.created_at, e.type,
          e.user_id === null ? '' : (owners.get(e.user_id)?.username ?? String(e.user_id)),
          e.partner_id === null ? '' : String(e.partner_id),
          e.subject, e.actor_id === null ? e.actor_kind : `${e.actor_kind}:${e.actor_id}`, e.address ?? '', e.request_id ?? '', e.data,
        ]),
      ]) + `\n${data.length} of ${result.total}`,
    );
  },
};
