import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { parseCount, positionalsExactly } from '../options.js';
import { revokePartnerTokens } from '../../core/partners/revoke-partner-tokens.js';

export const partnersTokensRevoke: Command = {
  words: ['partners', 'tokens', 'revoke'],
  usage:
    'hostplane partners tokens revoke PARTNER_ID [--json]\n' +
    '      ends every OAuth access and refresh token of the partner (the client secret still mints new ones)',
  positionals: ['partner_id'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['partner_id']);
    const partnerId = parseCount(positionals[0]!, 'partner_id', 1, 2_147_483_647, 'PARTNER_ID');
    const result = await withRuntime({ io, actor }, ({ ctx }) => revokePartnerTokens(ctx, { partnerId }));
    out.result(
      { id: result.partnerId, revoked_tokens: result.revoked },
      `revoked ${result.revoked} token(s) of partner ${result.partnerId}; to stop new ones, hostplane partners secret rotate ${result.partnerId}`,
    );
  },
};
