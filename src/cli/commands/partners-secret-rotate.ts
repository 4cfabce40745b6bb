import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { parseCount, positionalsExactly } from '../options.js';
import { rotateClientSecret } from '../../core/partners/rotate-client-secret.js';

export const partnersSecretRotate: Command = {
  words: ['partners', 'secret', 'rotate'],
  usage:
    'hostplane partners secret rotate PARTNER_ID [--json]\n' +
    '      a new OAuth client secret, printed ONCE; the old one stops working and the partner\'s tokens are revoked',
  positionals: ['partner_id'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['partner_id']);
    const partnerId = parseCount(positionals[0]!, 'partner_id', 1, 2_147_483_647, 'PARTNER_ID');
    const rotated = await withRuntime({ io, actor }, ({ ctx }) => rotateClientSecret(ctx, { partnerId }));
    out.result(
      { id: rotated.partner.id, client_id: rotated.clientId, client_secret: rotated.clientSecret, revoked_tokens: rotated.revokedTokens },
      () =>
        [
          `partner ${rotated.partner.id} (${rotated.partner.name})`,
          `client id:     ${rotated.clientId}`,
          `client secret: ${rotated.clientSecret}`,
          `Keep it now: only its hash is stored. The old secret no longer works; ${rotated.revokedTokens} token(s) revoked.`,
        ].join('\n'),
    );
  },
};
