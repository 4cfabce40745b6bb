import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly, table } from '../options.js';

export const partnersList: Command = {
  words: ['partners', 'list'],
  usage: 'hostplane partners list [--json]   partners with their keys (prefixes only)',
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const rows = await withRuntime({ io, actor }, async ({ ctx }) => {
      const partners = await ctx.store.partners.list();
      return Promise.all(
        partners.map(async (p) => ({
          id: p.id,
          name: p.name,
          client_id: p.client_id,
          keys: (await ctx.store.apiKeys.listByPartner(p.id)).map((k) => ({
            prefix: k.prefix, created_at: k.created_at, revoked_at: k.revoked_at, last_used_at: k.last_used_at,
          })),
        })),
      );
    });
    // One row per key (a partner without keys gets one row), so the key columns line up under a header.
    out.result({ data: rows }, () =>
      rows.length === 0
        ? 'no partners'
        : table([
            ['ID', 'NAME', 'CLIENT ID', 'KEY', 'KEY STATE', 'LAST USED'],
            ...rows.flatMap((p) =>
              (p.keys.length ? p.keys : [undefined]).map((k, i) => [
                i === 0 ? String(p.id) : '', i === 0 ? p.name : '', i === 0 ? p.client_id : '',
                k?.prefix ?? '-', k ? (k.revoked_at ? `revoked ${k.revoked_at}` : 'active') : '', k?.last_used_at ?? '',
              ]),
            ),
          ]),
    );
  },
};
