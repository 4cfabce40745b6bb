import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';

export const partnersList: Command = {
  words: ['partners', 'list'],
  usage: 'hostplane partners list [--json]   partners with their keys (prefixes only)',
  async run({ positionals, out }) {
    positionalsExactly(positionals, []);
    const rows = await withRuntime(async ({ ctx }) => {
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
    out.result({ data: rows }, () =>
      rows
        .map((p) => [`${p.id}  ${p.name}  ${p.client_id}`, ...p.keys.map((k) => `    ${k.prefix}  ${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}`)].join('\n'))
        .join('\n') || 'no partners',
    );
  },
};
