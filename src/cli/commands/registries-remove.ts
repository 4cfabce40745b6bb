import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { removeRegistry } from '../../core/registries/remove-registry.js';

export const registriesRemove: Command = {
  words: ['registries', 'remove'],
  usage:
    'hostplane registries remove NAME [--force] [--json]\n' +
    '      its TLDs go back to the local registry; refused while live domains are under them, unless --force',
  options: { force: { type: 'boolean' } },
  positionals: ['name'],
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, ['name']);
    const removed = await withRuntime({ io, actor }, ({ ctx }) => removeRegistry(ctx, positionals[0]!, { force: values.force === true }));
    const tlds = removed.tlds.map((t) => `.${t}`).join(', ');
    out.result(
      { name: removed.name, tlds: removed.tlds, live_domains: removed.liveDomains },
      `removed registry ${removed.name}` +
        (removed.tlds.length ? `: ${tlds} ${removed.tlds.length === 1 ? 'is' : 'are'} served by the local registry now` : '') +
        (removed.liveDomains ? ` (${removed.liveDomains} live domain${removed.liveDomains === 1 ? '' : 's'} under ${tlds} stay registered at ${removed.name})` : ''),
    );
  },
};
