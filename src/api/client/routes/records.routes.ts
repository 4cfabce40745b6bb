import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, MessageEnvelope, done, ok } from '../schemas/envelope.js';
import {
  CreateRecordBody, DomainParams, RecordParams, RecordSchema, UpdateRecordBody,
} from '../schemas/record.schema.js';
import { toRecordInput, toRecordWire } from '../mappers/record.mapper.js';
import { Type } from '@sinclair/typebox';
import { recordsZone, zoneRecords } from '../../../core/dns/list-records.js';
import { sendZoneAnswer } from '../../shared/zone-answer-cache.js';
import { createRecord } from '../../../core/dns/create-record.js';
import { updateRecord } from '../../../core/dns/update-record.js';
import { deleteRecord } from '../../../core/dns/delete-record.js';
import type { RecordInput } from '../../../core/dns/record-types.js';
import { ctxOf } from '../../shared/actor-hook.js';

/**
 * DNS records of a domain. The document has only the GET; POST, PATCH and DELETE are additions in the
 * same shapes, so that a customer can manage the zone through the API as well as read it.
 */
export const recordRoutes: ClientRoutes = (app) => {
  app.get(
    '/domain/domains/:domain/records',
    {
      config: { readsDomain: true },
      schema: {
        tags: ['DNS'],
        summary: 'Retrieve DNS records for the specified Domain',
        params: DomainParams,
        response: { 200: Envelope(Type.Array(RecordSchema)), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const zone = await recordsZone(ctx, { userId: currentUser(req).id, domain: req.params.domain }, req.domainReadAhead);
      return sendZoneAnswer(reply, ctx, 'client', zone, async () => ok((await zoneRecords(ctx, zone)).map((r) => toRecordWire(zone, r))));
    },
  );

  app.post(
    '/domain/domains/:domain/records',
    {
      schema: {
        tags: ['DNS'],
        summary: 'Create a DNS record for the specified Domain (not in the original document)',
        params: DomainParams,
        body: CreateRecordBody,
        response: { 201: Envelope(RecordSchema), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const { zone, record } = await createRecord(ctxOf(req), {
        userId: currentUser(req).id,
        domain: req.params.domain,
        record: toRecordInput(req.body) as RecordInput,
      });
      return reply.code(201).send(ok(toRecordWire(zone, record), 'Record created successfully'));
    },
  );

  app.patch(
    '/domain/domains/:domain/records/:id',
    {
      schema: {
        tags: ['DNS'],
        summary: 'Update a DNS record of the specified Domain (not in the original document)',
        params: RecordParams,
        body: UpdateRecordBody,
        response: { 200: Envelope(RecordSchema), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => {
      const { zone, record } = await updateRecord(ctxOf(req), {
        userId: currentUser(req).id,
        domain: req.params.domain,
        recordId: req.params.id,
        patch: toRecordInput(req.body ?? {}),
      });
      return ok(toRecordWire(zone, record));
    },
  );

  app.delete(
    '/domain/domains/:domain/records/:id',
    {
      schema: {
        tags: ['DNS'],
        summary: 'Delete a DNS record of the specified Domain (not in the original document)',
        params: RecordParams,
        response: { 200: MessageEnvelope, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => {
      await deleteRecord(ctxOf(req), { userId: currentUser(req).id, domain: req.params.domain, recordId: req.params.id });
      // "succesfully" as the document spells it in its other delete and update messages.
      return done('Record deleted succesfully');
    },
  );
};
