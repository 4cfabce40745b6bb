import type { New, Page, PageOf } from '../../ports/store.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookRepository } from '../../ports/store/webhooks.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';
import { prepared } from '../prepared.js';

/** Read for every event of a partner (the webhook subscriber), so built once (see prepared). */
const enabledEndpoints = prepared((db, partnerId: number) =>
  db.selectFrom('webhook_endpoints').select(columns.webhook_endpoints).where('partner_id', '=', partnerId).where('disabled_at', 'is', null).orderBy('id'));

/** webhook_endpoints and webhook_deliveries (migration 024). */
export class KyselyWebhookRepository implements WebhookRepository {
  constructor(private readonly db: Executor) {}

  async createEndpoint(endpoint: New<WebhookEndpoint>): Promise<WebhookEndpoint> {
    return (await write(() =>
      this.db.insertInto('webhook_endpoints').values(endpoint).returning(columns.webhook_endpoints).executeTakeFirstOrThrow())) as WebhookEndpoint;
  }
  async findEndpoint(id: number): Promise<WebhookEndpoint | undefined> {
    return (await this.db.selectFrom('webhook_endpoints').select(columns.webhook_endpoints).where('id', '=', id).executeTakeFirst()) as
      | WebhookEndpoint
      | undefined;
  }
  async listEndpoints(partnerId: number): Promise<WebhookEndpoint[]> {
    return (await this.db.selectFrom('webhook_endpoints').select(columns.webhook_endpoints).where('partner_id', '=', partnerId).orderBy('id').execute()) as WebhookEndpoint[];
  }
  async enabledEndpoints(partnerId: number): Promise<WebhookEndpoint[]> {
    return (await enabledEndpoints(this.db, partnerId)) as WebhookEndpoint[];
  }
  async updateEndpoint(id: number, patch: Partial<Omit<WebhookEndpoint, 'id' | 'partner_id'>>): Promise<void> {
    await this.db.updateTable('webhook_endpoints').set(patch).where('id', '=', id).execute();
  }
  async disableEndpoint(id: number, at: string, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_endpoints')
      .set({ disabled_at: at, disabled_reason: reason })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  async deleteEndpoint(id: number): Promise<void> {
    await this.db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await this.db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  }
  async createDelivery(delivery: New<WebhookDelivery>): Promise<WebhookDelivery> {
    return (await write(() =>
      this.db.insertInto('webhook_deliveries').values(delivery).returning(columns.webhook_deliveries).executeTakeFirstOrThrow())) as WebhookDelivery;
  }
  async findDelivery(id: number): Promise<WebhookDelivery | undefined> {
    return (await this.db.selectFrom('webhook_deliveries').select(columns.webhook_deliveries).where('id', '=', id).executeTakeFirst()) as
      | WebhookDelivery
      | undefined;
  }
  async updateDelivery(id: number, patch: Partial<Omit<WebhookDelivery, 'id' | 'endpoint_id'>>): Promise<void> {
    await this.db.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
  }
  async pruneDeliveries(before: string): Promise<number> {
    const result = await this.db.deleteFrom('webhook_deliveries').where('status', '!=', 'pending').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
  async listDeliveries(endpointId: number, page: Page): Promise<PageOf<WebhookDelivery>> {
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom('webhook_deliveries')
        .select(columns.webhook_deliveries)
        .where('endpoint_id', '=', endpointId)
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      this.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).where('endpoint_id', '=', endpointId).executeTakeFirstOrThrow(),
    ]);
    return { items: rows as WebhookDelivery[], total: Number(total.n) };
  }
}
