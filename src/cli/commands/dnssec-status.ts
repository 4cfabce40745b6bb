import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { dnssecText } from '../dnssec-view.js';
import { findZone } from '../../core/dns/dnssec/find-zone.js';
import { dnssecStatus } from '../../core/dns/dnssec/dnssec-status.js';

export const dnssecStatusCommand: Command = {
  words: ['dnssec', 'status'],
  usage: 'hostplane dnssec status ZONE [--json]   a zone\'s DNSSEC: state, DS records, keys and the next step',
  positionals: ['zone'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['zone']);
    const status = await withRuntime({ io, actor }, async ({ ctx }) => dnssecStatus(ctx, (await findZone(ctx, positionals[0]!)).zone));
    out.result(status, () => dnssecText(status));
  },
};
