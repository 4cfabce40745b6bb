import { Type } from '@sinclair/typebox';
import type { PartnerRoutes } from '../types.js';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { PartnerEnvelope, partnerOk } from '../schemas/envelope.js';
import { PartnerPageMeta } from '../schemas/event.schema.js';
import {
  CreateWebhookBody, DeliveryParams, DeliveryQuery, PartnerWebhookCreatedSchema, PartnerWebhookDeliverySchema, PartnerWebhookSchema, WebhookParams,
} from '../schemas/webhook.schema.js';
import { toPartnerWebhookDeliveryWire, toPartnerWebhookWire } from '../mappers/webhook.mapper.js';
import { createWebhook } from '../../../core/webhooks/create-webhook.js';
import { listWebhooks } from '../../../core/webhooks/list-webhooks.js';
import { deleteWebhook } from '../../../core/webhooks/delete-webhook.js';
import { testWebhook } from '../../../core/webhooks/test-webhook.js';
import { listWebhookDeliveries } from '../../../core/webhooks/list-webhook-deliveries.js';
import { resendWebhookDelivery } from '../../../core/webhooks/resend-webhook-delivery.js';
import { ctxOf } from '../../shared/actor-hook.js';

const TAGS = ['Partner: Webhooks'];

const SIGNING =
  'Each delivery is a POST of JSON `{"type", "timestamp", "data": {"id", "subject", "account", ...}}` (`timestamp`: when the event happened; ' +
  '`data.id`: the event\'s id in GET /events; `account`: the id of the account it belongs to, a client\'s or the partner\'s own, null when none, as for an API key) with the Standard Webhooks headers ' +
  '`webhook-id` (the delivery\'s, the same on every retry and resend), `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature`: ' +
  '`v1,` + base64 of HMAC-SHA256, keyed with the base64-decoded part of the secret after `whsec_`, of `webhook-id + "." + webhook-timestamp + "." + body` ' +
  '(the body as received, byte for byte). A 2xx answer within 10 seconds is a delivery; anything else (redirects included) is retried after 5 s, ' +
  '5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, then daily, twelve attempts in all. An endpoint whose attempts have all failed for days (five unless the provider set otherwise) is ' +
  'disabled and the partner notified (a `webhook.disabled` event); so is one that answers 410 Gone, at once.';

/**
 * A partner's webhook endpoints and their deliveries: not in the document. Envelopes, errors and
 * paging as the rest of the dialect (the deliveries page as GET /events does). Another partner's
 * endpoint, like one that does not exist, is 404 on every route.
 */
export const webhookRoutes: PartnerRoutes = (app) => {
  app.post(
    '/webhooks',
    {
      // Its answer is the one place the secret is shown; an Idempotency-Key would keep it in the store.
      config: { idempotency: false },
      schema: {
        tags: TAGS,
        summary: 'Create webhook (not in the original document)',
        description:
          'Registers an endpoint for the given event types (or `["*"]`). The answer carries the signing `secret`, shown this once. ' +
          'The URL must be https on a public address (no loopback, private, link-local or other special-purpose address, checked again at every delivery). ' +
          'At most 20 endpoints a partner. 422 with per-field errors (url, events). An Idempotency-Key is ignored here: the answer holds the secret, which is not kept. ' +
          `\n\n${SIGNING}`,
        body: CreateWebhookBody,
        response: { 201: PartnerEnvelope(PartnerWebhookCreatedSchema), ...partnerErrors(401, 422) },
      },
    },
    async (req, reply) => {
      const { endpoint, secret } = await createWebhook(ctxOf(req), currentPartner(req), req.body);
      return reply.code(201).send(partnerOk('Webhook created. Keep the secret: it is not shown again.', { ...toPartnerWebhookWire(endpoint), secret }));
    },
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: TAGS,
        summary: 'Get list webhooks (not in the original document)',
        description: 'The partner\'s endpoints, oldest first; secrets are not shown.',
        response: { 200: PartnerEnvelope(Type.Array(PartnerWebhookSchema)), ...partnerErrors(401) },
      },
    },
    async (req) => partnerOk('List webhooks', (await listWebhooks(ctxOf(req), currentPartner(req))).map(toPartnerWebhookWire)),
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete webhook (not in the original document)',
        description: 'Removes the endpoint and its deliveries; nothing more is sent to it.',
        params: WebhookParams,
        response: { 200: PartnerEnvelope(Type.Array(Type.Unknown())), ...partnerErrors(401, 404, 422) },
      },
    },
    async (req) => {
      await deleteWebhook(ctxOf(req), currentPartner(req), req.params.id);
      return partnerOk('Webhook deleted.', [] as unknown[]);
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        tags: TAGS,
        summary: 'Test webhook (not in the original document)',
        description:
          'Queues a `webhook.test` event for this endpoint alone, whatever types it receives; the answer is its delivery, pending until the attempt is made. ' +
          '422 when the endpoint is disabled.',
        params: WebhookParams,
        response: { 202: PartnerEnvelope(PartnerWebhookDeliverySchema), ...partnerErrors(401, 404, 422) },
      },
    },
    async (req, reply) => {
      const delivery = await testWebhook(ctxOf(req), currentPartner(req), req.params.id);
      return reply.code(202).send(partnerOk('Test event queued.', toPartnerWebhookDeliveryWire(delivery)));
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: TAGS,
        summary: 'Get list webhook deliveries (not in the original document)',
        description: 'What was sent to the endpoint, newest first, with each delivery\'s attempts and last outcome. Paged with `page` and `per_page`, as GET /events.',
        params: WebhookParams,
        querystring: DeliveryQuery,
        response: {
          200: Type.Object({
            success: Type.Literal(true),
            message: Type.String(),
            data: Type.Array(PartnerWebhookDeliverySchema),
            meta: PartnerPageMeta,
            customData: Type.Array(Type.Unknown()),
          }),
          ...partnerErrors(401, 404, 422),
        },
      },
    },
    async (req) => {
      const { page, per_page } = req.query;
      const found = await listWebhookDeliveries(ctxOf(req), currentPartner(req), req.params.id, { limit: per_page, offset: (page - 1) * per_page });
      return {
        success: true as const,
        message: 'List webhook deliveries',
        data: found.items.map(toPartnerWebhookDeliveryWire),
        meta: { current_page: page, per_page, last_page: Math.max(1, Math.ceil(found.total / per_page)), total: found.total },
        customData: [] as unknown[],
      };
    },
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/resend',
    {
      schema: {
        tags: TAGS,
        summary: 'Resend webhook delivery (not in the original document)',
        description:
          'Sends a delivered or failed delivery again with a fresh series of retries: the same body and webhook-id, a new timestamp and signature. ' +
          '422 when the delivery is still pending or the endpoint is disabled.',
        params: DeliveryParams,
        response: { 202: PartnerEnvelope(PartnerWebhookDeliverySchema), ...partnerErrors(401, 404, 422) },
      },
    },
    async (req, reply) => {
      const delivery = await resendWebhookDelivery(ctxOf(req), currentPartner(req), req.params.id, req.params.deliveryId);
      return reply.code(202).send(partnerOk('Delivery queued again.', toPartnerWebhookDeliveryWire(delivery)));
    },
  );
};
