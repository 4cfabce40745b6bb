import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { revokeApiKey } from '../../core/partners/revoke-api-key.js';

export const partnersKeysRevoke: Command = {
  words: ['partners', 'keys', 'revoke'],
  usage: 'hostplane partners keys revoke KEY [--json]   KEY is the visible prefix (hpk_...) or the whole key',
  positionals: ['key'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['key']);
    const key = await withRuntime({ io, actor }, ({ ctx }) => revokeApiKey(ctx, { key: positionals[0]! }));
    out.result(
      { prefix: key.prefix, partner_id: key.partner_id, revoked_at: key.revoked_at },
      `revoked ${key.prefix} at ${key.revoked_at}\n` +
        `The partner's other keys and its OAuth client are separate credentials and still work; ` +
        `hostplane partners secret rotate ${key.partner_id} ends the client secret and its tokens.`,
    );
  },
};
