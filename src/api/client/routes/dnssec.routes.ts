import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, ok } from '../schemas/envelope.js';
import { DomainParams } from '../schemas/domain.schema.js';
import { DnssecSchema } from '../schemas/dnssec.schema.js';
import { toDnssecWire } from '../mappers/dnssec.mapper.js';
import { getManagedZone } from '../../../core/dns/zone-access.js';
import { dnssecStatus } from '../../../core/dns/dnssec/dnssec-status.js';
import { enableDnssec } from '../../../core/dns/dnssec/enable-dnssec.js';
import { disableDnssec } from '../../../core/dns/dnssec/disable-dnssec.js';
import { ctxOf } from '../../shared/actor-hook.js';
import type { Ctx } from '../../../core/context.js';

const TAGS = ['DNSSEC'];

/**
 * DNSSEC of a domain's zone: not in the document. GET reads the state and the DS records, PUT turns it
 * on, DELETE off; both answer the state after the call (a transition: `enabling`, `disabling`), which
 * the zone's flow then completes on its own. The domain must be the caller's (403 otherwise) and on
 * our name servers with its zone (400, as for its records).
 */
export const dnssecRoutes: ClientRoutes = (app) => {
  const url = '/domain/domains/:domain/dnssec';
  const zoneOf = (ctx: Ctx, userId: number, domain: string) => getManagedZone(ctx.store, ctx, userId, domain);

  app.get(
    url,
    {
      schema: {
        tags: TAGS,
        summary: 'Retrieve DNSSEC state and DS records for the specified Domain (not in the original document)',
        params: DomainParams,
        response: { 200: Envelope(DnssecSchema), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return ok(toDnssecWire(await dnssecStatus(ctx, (await zoneOf(ctx, currentUser(req).id, req.params.domain)).zone)));
    },
  );

  app.put(
    url,
    {
      schema: {
        tags: TAGS,
        summary: 'Turn DNSSEC on for the specified Domain (not in the original document)',
        description:
          'Signs the zone at once; the DS goes to the registry once the signed zone is served and every resolver\'s cache has '
          + 'caught up (the zone\'s largest TTL). For a domain registered elsewhere the DS is shown in dsRecords, for the owner '
          + 'to give their registrar. 409 when DNSSEC is already on or being turned on or off.',
        params: DomainParams,
        response: { 200: Envelope(DnssecSchema), ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return ok(toDnssecWire(await enableDnssec(ctx, await zoneOf(ctx, currentUser(req).id, req.params.domain))), 'DNSSEC is being enabled');
    },
  );

  app.delete(
    url,
    {
      schema: {
        tags: TAGS,
        summary: 'Turn DNSSEC off for the specified Domain (not in the original document)',
        description:
          'Removes the DS at the registry first, then serves the zone unsigned once the parent\'s DS TTL has passed. '
          + '409 when DNSSEC is already off or being turned off.',
        params: DomainParams,
        response: { 200: Envelope(DnssecSchema), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const status = await disableDnssec(ctx, (await zoneOf(ctx, currentUser(req).id, req.params.domain)).zone);
      return ok(toDnssecWire(status), status.state === 'off' ? 'DNSSEC is off' : 'DNSSEC is being disabled');
    },
  );
};
