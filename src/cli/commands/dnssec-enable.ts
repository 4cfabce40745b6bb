import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { dnssecText } from '../dnssec-view.js';
import { findZone } from '../../core/dns/dnssec/find-zone.js';
import { enableDnssec } from '../../core/dns/dnssec/enable-dnssec.js';
import { notFound } from '../../core/errors.js';

export const dnssecEnable: Command = {
  words: ['dnssec', 'enable'],
  usage: 'hostplane dnssec enable ZONE [--json]   sign the zone; its DS goes to the registry once the signed zone is served',
  positionals: ['zone'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['zone']);
    const status = await withRuntime({ io, actor }, async ({ ctx }) => {
      const { zone, domain } = await findZone(ctx, positionals[0]!);
      if (!domain) throw notFound(`Zone ${zone.name} has no domain`);
      return enableDnssec(ctx, { domain, zone });
    });
    out.result(status, () => dnssecText(status));
  },
};
