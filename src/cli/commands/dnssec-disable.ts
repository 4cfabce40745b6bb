import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { dnssecText } from '../dnssec-view.js';
import { findZone } from '../../core/dns/dnssec/find-zone.js';
import { disableDnssec } from '../../core/dns/dnssec/disable-dnssec.js';

export const dnssecDisable: Command = {
  words: ['dnssec', 'disable'],
  usage: 'hostplane dnssec disable ZONE [--json]   remove the DS at the registry, then unsign the zone after the DS TTL',
  positionals: ['zone'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['zone']);
    const status = await withRuntime({ io, actor }, async ({ ctx }) => disableDnssec(ctx, (await findZone(ctx, positionals[0]!)).zone));
    out.result(status, () => dnssecText(status));
  },
};
