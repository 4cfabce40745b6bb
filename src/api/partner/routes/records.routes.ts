import { Type } from '@sinclair/typebox';
import type { PartnerRoutes } from '../types.js';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { PartnerEnvelope, partnerOk } from '../schemas/envelope.js';
import { CreateRecordBody, DomainParams, RecordParams, UpdateRecordBody, ZoneResult } from '../schemas/record.schema.js';
import { toZoneResultWire } from '../mappers/record.mapper.js';
import { partnerRecordsZone, partnerZoneView } from '../../../core/partners/records/list-partner-records.js';
import { sendZoneAnswer } from '../../shared/zone-answer-cache.js';
import { createPartnerRecord } from '../../../core/partners/records/create-partner-record.js';
import { updatePartnerRecord } from '../../../core/partners/records/update-partner-record.js';
import { deletePartnerRecord } from '../../../core/partners/records/delete-partner-record.js';
import { ctxOf } from '../../shared/actor-hook.js';

const TAGS = ['Partner: Domain'];
const Empty = Type.Array(Type.Unknown(), { maxItems: 0 });

/**
 * DNS records of a partner's domain (its own or a client's), in the document's zone shape. The domain
 * must be on our name servers and have its zone (422 otherwise); another partner's domain is 403.
 */
export const recordRoutes: PartnerRoutes = (app) => {
  app.get(
    '/domains/:domain/records',
    {
      schema: {
        tags: TAGS,
        summary: 'Get domain DNS records',
        description: 'Zone.IsSecure is true while the zone is served signed (DNSSEC on, or being turned on or off: GET domains/{domain}/dnssec).',
        params: DomainParams,
        response: { 200: ZoneResult, ...partnerErrors(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const zone = await partnerRecordsZone(ctx, { partner: currentPartner(req), domain: req.params.domain });
      return sendZoneAnswer(reply, ctx, 'partner', zone, async () => toZoneResultWire(await partnerZoneView(ctx, zone)));
    },
  );

  app.post(
    '/domains/:domain/record',
    {
      schema: {
        tags: TAGS,
        summary: 'Create domain DNS record',
        params: DomainParams,
        body: CreateRecordBody,
        response: { 200: PartnerEnvelope(Type.Object({ record_id: Type.Integer() })), ...partnerErrors(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const { record } = await createPartnerRecord(ctxOf(req), { partner: currentPartner(req), domain: req.params.domain, record: req.body });
      return partnerOk('The record has been added to the zone!', { record_id: record.id });
    },
  );

  app.put(
    '/domains/:domain/record',
    {
      schema: {
        tags: TAGS,
        summary: 'Update domain DNS record',
        params: DomainParams,
        body: UpdateRecordBody,
        response: { 200: PartnerEnvelope(Empty), ...partnerErrors(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const { id, ...record } = req.body;
      await updatePartnerRecord(ctxOf(req), { partner: currentPartner(req), domain: req.params.domain, recordId: Number(id), record });
      return partnerOk('The record has been updated!', []);
    },
  );

  app.delete(
    '/domains/:domain/record/:recordId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete domain DNS record',
        params: RecordParams,
        response: { 200: PartnerEnvelope(Empty), ...partnerErrors(401, 403, 404, 422) },
      },
    },
    async (req) => {
      await deletePartnerRecord(ctxOf(req), { partner: currentPartner(req), domain: req.params.domain, recordId: req.params.recordId });
      return partnerOk('The record has been deleted!', []);
    },
  );
};
