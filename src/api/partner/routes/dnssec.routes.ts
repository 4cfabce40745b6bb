import type { PartnerRoutes } from '../types.js';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { PartnerEnvelope, partnerOk } from '../schemas/envelope.js';
import { DomainParams } from '../schemas/domain.schema.js';
import { PartnerDnssecSchema } from '../schemas/dnssec.schema.js';
import { toPartnerDnssecWire } from '../mappers/dnssec.mapper.js';
import { getPartnerZone } from '../../../core/partners/records/get-partner-zone.js';
import { dnssecStatus } from '../../../core/dns/dnssec/dnssec-status.js';
import { enableDnssec } from '../../../core/dns/dnssec/enable-dnssec.js';
import { disableDnssec } from '../../../core/dns/dnssec/disable-dnssec.js';
import { ctxOf } from '../../shared/actor-hook.js';

const TAGS = ['Partner: Domain'];

/**
 * DNSSEC of a partner's domain (its own or a client's): not in the document. GET reads the state and
 * DS records, PUT turns it on, DELETE off, each answering the state after the call. Another partner's
 * domain is 403; a domain not on our name servers or without its zone 422, as for its records.
 */
export const dnssecRoutes: PartnerRoutes = (app) => {
  const url = '/domains/:domain/dnssec';

  app.get(
    url,
    {
      schema: {
        tags: TAGS,
        summary: 'Get domain DNSSEC (not in the original document)',
        params: DomainParams,
        response: { 200: PartnerEnvelope(PartnerDnssecSchema), ...partnerErrors(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const { zone } = await getPartnerZone(ctx.store, ctx, currentPartner(req), req.params.domain);
      return partnerOk('Domain DNSSEC', toPartnerDnssecWire(await dnssecStatus(ctx, zone)));
    },
  );

  app.put(
    url,
    {
      schema: {
        tags: TAGS,
        summary: 'Enable domain DNSSEC (not in the original document)',
        description:
          'Signs the zone at once; the DS goes to the registry once the signed zone is served and resolvers\' caches have caught up. '
          + 'For a domain registered elsewhere the DS is shown in ds_records for the owner\'s registrar. 409 when DNSSEC is already on or being turned on or off.',
        params: DomainParams,
        response: { 200: PartnerEnvelope(PartnerDnssecSchema), ...partnerErrors(401, 403, 404, 409, 422, 503) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const target = await getPartnerZone(ctx.store, ctx, currentPartner(req), req.params.domain);
      return partnerOk('DNSSEC is being enabled.', toPartnerDnssecWire(await enableDnssec(ctx, target)));
    },
  );

  app.delete(
    url,
    {
      schema: {
        tags: TAGS,
        summary: 'Disable domain DNSSEC (not in the original document)',
        description:
          'Removes the DS at the registry first, then serves the zone unsigned once the parent\'s DS TTL has passed. 409 when DNSSEC is already off or being turned off.',
        params: DomainParams,
        response: { 200: PartnerEnvelope(PartnerDnssecSchema), ...partnerErrors(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const { zone } = await getPartnerZone(ctx.store, ctx, currentPartner(req), req.params.domain);
      const status = await disableDnssec(ctx, zone);
      return partnerOk(status.state === 'off' ? 'DNSSEC is off.' : 'DNSSEC is being disabled.', toPartnerDnssecWire(status));
    },
  );
};
