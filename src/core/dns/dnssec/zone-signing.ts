import type { Ctx } from '../../context.js';
import type { Zone } from '../../../ports/store.js';
import type { ZoneSigning } from '../../../ports/dns.js';
import { openPrivateKey } from './key-vault.js';
import { signingOf } from './states.js';

/**
 * How zone `zone` is to be signed now, from the store (its DNSSEC row and keys, the private keys
 * opened with DNSSEC_KEY_SECRET), for publishZone to hand to the provider; null when it is unsigned.
 * Throws KeySecretMismatch when this instance's secret is not the store's.
 */
export async function zoneSigning(ctx: Ctx, zone: Zone): Promise<ZoneSigning | null> {
  const row = await ctx.store.dnssec.find(zone.id);
  if (!row) return null;
  const keys = await ctx.store.dnssec.keys(zone.id);
  return signingOf(zone, row, keys, (k) => openPrivateKey(ctx.settings.dnssec.keySecret, k.public_key, k.private_key));
}
