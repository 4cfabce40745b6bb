import type { Ctx } from '../../context.js';
import type { Domain, Service } from '../../../ports/store.js';
import type { Partner } from '../../../ports/store/partners.js';
import { rejected } from '../../errors.js';
import { isoDate, isoTimestamp } from '../../dates.js';
import { getPartnerClient } from '../partner-scope.js';
import { recordEvent } from '../../events/record-event.js';

const ALL = { limit: 10_000, offset: 0 };

/** A domain that still needs its holder: being ordered, or not yet past its expiry. */
const holdsDomain = (d: Domain, today: string) => d.status === 'pending' || (d.exp_date !== null && d.exp_date >= today);
const activeService = (s: Service, today: string) => s.status === 'active' && (s.exp_date === null || s.exp_date >= today);

/**
 * Deletes a client of `partner`. Refused while the client holds a live domain (pending, or not past
 * its expiry) or an active service: those need a holder, so the partner moves or ends them first.
 * The account is marked deleted rather than removed (its invoices and history stay): it can no
 * longer log in (its login name is freed, so the e-mail can be used again, and no password matches),
 * its tokens stop working, and the partner API no longer finds it.
 * Errors: not_found, forbidden (another partner's client), rejected (domains or services remain).
 */
export async function deleteClient(ctx: Ctx, partner: Partner, clientId: number): Promise<void> {
  const user = await getPartnerClient(ctx.store, partner, clientId);
  const now = ctx.clock.now();
  const today = isoDate(now);
  await ctx.store.transaction(async (tx) => {
    const domains = (await tx.domains.listByUser(user.id, ALL)).items.filter((d) => holdsDomain(d, today));
    const services = (await tx.services.listByUser(user.id, ALL)).items.filter((s) => activeService(s, today));
    if (domains.length > 0 || services.length > 0) {
      const what = [
        domains.length > 0 ? `${domains.length} domain${domains.length === 1 ? '' : 's'} (${domains.map((d) => d.fqdn_unicode).join(', ')})` : '',
        services.length > 0 ? `${services.length} active service${services.length === 1 ? '' : 's'}` : '',
      ].filter(Boolean).join(' and ');
      throw rejected(`The client cannot be deleted: it still has ${what}.`);
    }
    const at = isoTimestamp(now);
    await tx.users.update(user.id, { username: `deleted-${user.id}`, password_hash: '!', deleted_at: at, updated_at: at });
    await recordEvent(tx, ctx, { type: 'account.deleted', userId: user.id, subject: user.username });
  });
}
