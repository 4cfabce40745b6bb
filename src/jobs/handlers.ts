import type { JobHandler } from './runner.js';
import { fulfilOrder } from '../core/domains/fulfil-order.js';
import { publishZone } from '../core/dns/publish-zone.js';

/** Every job kind and the handler that performs it. */
export const jobHandlers: Record<string, JobHandler> = {
  'order.fulfil': (ctx, payload: { orderId: number }) => fulfilOrder(ctx, payload.orderId),
  'zone.publish': (ctx, payload: { zone: string }) => publishZone(ctx, payload.zone),
};
