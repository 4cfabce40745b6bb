import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { registryLines, registryView } from '../views.js';

export const registriesList: Command = {
  words: ['registries', 'list'],
  usage: 'hostplane registries list [--json]   the EPP registries, their TLDs and settings (files by path; secrets never shown)',
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const registries = await withRuntime({ io, actor }, async ({ ctx }) => {
      const claims = await ctx.store.registries.tlds();
      return (await ctx.store.registries.list()).map((row) => ({
        row,
        tlds: claims.filter((c) => c.registry === row.name).map((c) => c.tld),
      }));
    });
    out.result({ data: registries.map(({ row, tlds }) => registryView(row, tlds)) }, () =>
      registries.length === 0
        ? 'no registries: the local registry serves every TLD (`hostplane registries add` configures one)'
        : [...registries.flatMap(({ row, tlds }) => registryLines(row, tlds)), 'Other TLDs are served by the local registry.'].join('\n'),
    );
  },
};
