import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { dnssecText } from '../dnssec-view.js';
import { findZone } from '../../core/dns/dnssec/find-zone.js';
import { rollOverKey } from '../../core/dns/dnssec/roll-over-key.js';

export const dnssecRollover: Command = {
  words: ['dnssec', 'rollover'],
  usage: 'hostplane dnssec rollover ZONE [--json]   roll the zone\'s key over now (a running worker takes it through: new key, DS swap, old key removed)',
  positionals: ['zone'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['zone']);
    const status = await withRuntime({ io, actor }, async ({ ctx }) => rollOverKey(ctx, (await findZone(ctx, positionals[0]!)).zone));
    out.result(status, () => dnssecText(status));
  },
};
