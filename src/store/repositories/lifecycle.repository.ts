import type { Domain, Service } from '../../ports/store.js';
import type { ExpiryRange, LifecycleRepository, Renewal } from '../../ports/store/lifecycle.js';
import { columns } from '../schema.js';
import { type Executor, write } from './base.js';

export class KyselyLifecycleRepository implements LifecycleRepository {
  constructor(private readonly db: Executor) {}

  domainsToRenew(statuses: string[], until: string, limit: number): Promise<Domain[]> {
    return this.db
      .selectFrom('domains')
      .select(columns.domains.map((c) => `domains.${c}` as const))
      .where('domains.renew', '=', 1)
      .where('domains.status', 'in', statuses)
      .where('domains.exp_date', 'is not', null)
      .where('domains.exp_date', '<=', until)
      .where(({ not, exists, selectFrom }) =>
        not(exists(
          selectFrom('renewals')
            .select('renewals.id')
            .where('renewals.subject', '=', 'domain')
            .whereRef('renewals.subject_id', '=', 'domains.id')
            .whereRef('renewals.period_end', '=', 'domains.exp_date'),
        )))
      .orderBy('domains.exp_date')
      .orderBy('domains.id')
      .limit(limit)
      .execute() as Promise<Domain[]>;
  }

  servicesToRenew(statuses: string[], until: string, excludeKinds: string[], limit: number): Promise<Service[]> {
    let q = this.db
      .selectFrom('services')
      .select(columns.services.map((c) => `services.${c}` as const))
      .where('services.renew', '=', 1)
      .where('services.status', 'in', statuses)
      .where('services.exp_date', 'is not', null)
      .where('services.exp_date', '<=', until)
      .where(({ not, exists, selectFrom }) =>
        not(exists(
          selectFrom('renewals')
            .select('renewals.id')
            .where('renewals.subject', '=', 'service')
            .whereRef('renewals.subject_id', '=', 'services.id')
            .whereRef('renewals.period_end', '=', 'services.exp_date'),
        )));
    if (excludeKinds.length > 0) q = q.where('services.kind', 'not in', excludeKinds);
    return q.orderBy('services.exp_date').orderBy('services.id').limit(limit).execute() as Promise<Service[]>;
  }

  domainsByExpiry(status: string, expiry: ExpiryRange, limit: number): Promise<Domain[]> {
    let q = this.db.selectFrom('domains').select(columns.domains).where('status', '=', status).where('exp_date', 'is not', null);
    if (expiry.before !== undefined) q = q.where('exp_date', '<', expiry.before);
    if (expiry.notBefore !== undefined) q = q.where('exp_date', '>=', expiry.notBefore);
    return q.orderBy('exp_date').orderBy('id').limit(limit).execute();
  }

  servicesByExpiry(status: string, expiry: ExpiryRange, limit: number): Promise<Service[]> {
    let q = this.db.selectFrom('services').select(columns.services).where('status', '=', status).where('exp_date', 'is not', null);
    if (expiry.before !== undefined) q = q.where('exp_date', '<', expiry.before);
    if (expiry.notBefore !== undefined) q = q.where('exp_date', '>=', expiry.notBefore);
    return q.orderBy('exp_date').orderBy('id').limit(limit).execute();
  }

  domainsToSync(day: string, tlds: string[], limit: number): Promise<Domain[]> {
    if (tlds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('domains')
      .select(columns.domains)
      .where('tld', 'in', tlds)
      .where('status', 'not in', ['transferred', 'deleted'])
      .where((eb) => eb.or([eb('registry_synced_on', 'is', null), eb('registry_synced_on', '<', day)]))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async markSynced(id: number, day: string): Promise<void> {
    await this.db.updateTable('domains').set({ registry_synced_on: day }).where('id', '=', id).execute();
  }

  async transitionDomain(id: number, from: string, to: string, at: string): Promise<boolean> {
    const r = await write(() =>
      this.db.updateTable('domains').set({ status: to, updated_at: at }).where('id', '=', id).where('status', '=', from).executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  async transitionService(id: number, from: string, to: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('services')
      .set({ status: to, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  createRenewal(renewal: Omit<Renewal, 'id'>): Promise<Renewal> {
    return write(async () =>
      (await this.db.insertInto('renewals').values(renewal).returning(columns.renewals).executeTakeFirstOrThrow()) as Renewal,
    );
  }

  paidServiceRenewals(limit: number): Promise<Renewal[]> {
    return this.db
      .selectFrom('renewals')
      .innerJoin('invoices', 'invoices.id', 'renewals.invoice_id')
      .select(columns.renewals.map((c) => `renewals.${c}` as const))
      .where('renewals.subject', '=', 'service')
      .where('renewals.status', '=', 'invoiced')
      .where('invoices.paid', '=', 1)
      .orderBy('renewals.id')
      .limit(limit)
      .execute() as Promise<Renewal[]>;
  }

  renewalsOfInvoice(invoiceId: number): Promise<Renewal[]> {
    return this.db.selectFrom('renewals').select(columns.renewals).where('invoice_id', '=', invoiceId).orderBy('id').execute() as Promise<Renewal[]>;
  }

  renewalsOf(subject: Renewal['subject'], subjectId: number): Promise<Renewal[]> {
    return this.db
      .selectFrom('renewals')
      .select(columns.renewals)
      .where('subject', '=', subject)
      .where('subject_id', '=', subjectId)
      .orderBy('id')
      .execute() as Promise<Renewal[]>;
  }

  async markApplied(id: number, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('renewals')
      .set({ status: 'applied', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'invoiced')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
