import type { Kysely } from 'kysely';
import { sql, withId } from './helpers.js';

/**
 * The first schema: accounts, contacts, TLDs and prices, domains, orders, invoices, services, zones
 * and records, the local registry, and the job outbox. Seeds the TLDs on sale.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const text = 'text';
  await withId(db, db.schema.createTable('users'))
    .addColumn('username', text, (c) => c.notNull().unique())
    .addColumn('password_hash', text, (c) => c.notNull())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('postpaid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('primary_contact_id', 'integer')
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('revoked_tokens')
    .addColumn('jti', text, (c) => c.primaryKey())
    .addColumn('expires_at', text, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('login_failures'))
    .addColumn('username', text, (c) => c.notNull())
    .addColumn('failed_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_username').on('login_failures').columns(['username', 'failed_at']).execute();

  let contacts = withId(db, db.schema.createTable('contacts'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('contact_type', text, (c) => c.notNull());
  for (const col of [
    'first_name', 'last_name', 'company_name', 'business_id', 'identity_number', 'address', 'zip_code',
    'city', 'country', 'phone', 'email', 'alt_email', 'billing_email', 'billing_method',
    'e_invoice_address', 'e_invoice_intermediator', 'created_at', 'updated_at',
  ]) {
    contacts = contacts.addColumn(col, text, (c) => c.notNull());
  }
  await contacts.execute();
  await db.schema.createIndex('contacts_user').on('contacts').column('user_id').execute();

  await db.schema
    .createTable('tlds')
    .addColumn('tld', text, (c) => c.primaryKey())
    .addColumn('on_sale', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tld_prices')
    .addColumn('tld', text, (c) => c.notNull().references('tlds.tld'))
    .addColumn('period_months', 'integer', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tld_prices_pk', ['tld', 'period_months'])
    .execute();

  await withId(db, db.schema.createTable('domains'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('sld', text, (c) => c.notNull())
    .addColumn('tld', text, (c) => c.notNull())
    .addColumn('fqdn', text, (c) => c.notNull())
    .addColumn('fqdn_unicode', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('reg_date', text)
    .addColumn('exp_date', text)
    .addColumn('renew', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('registrant_contact_id', 'integer', (c) => c.references('contacts.id'))
    .addColumn('billing_contact_id', 'integer', (c) => c.references('contacts.id'))
    .addColumn('nameservers', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text)
    .execute();
  // One live row per name: the store itself refuses a second purchase of a name, whatever the code does.
  await db.schema
    .createIndex('domains_live_fqdn')
    .on('domains')
    .column('fqdn')
    .unique()
    .where(sql.ref('status'), 'not in', ['transferred', 'deleted'])
    .execute();
  await db.schema.createIndex('domains_user').on('domains').columns(['user_id', 'id']).execute();

  await withId(db, db.schema.createTable('invoices'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('ref_number', text, (c) => c.notNull().unique())
    .addColumn('date', text, (c) => c.notNull())
    .addColumn('due_date', text, (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('paid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('date_paid', text)
    .addColumn('payment_method', text)
    .addColumn('delivery_method', text, (c) => c.notNull())
    .addColumn('recipient_company_name', text, (c) => c.notNull())
    .addColumn('recipient_business_id', text, (c) => c.notNull())
    .addColumn('recipient_name', text, (c) => c.notNull())
    .addColumn('recipient_address', text, (c) => c.notNull())
    .addColumn('recipient_zip_code', text, (c) => c.notNull())
    .addColumn('recipient_city', text, (c) => c.notNull())
    .addColumn('recipient_country', text, (c) => c.notNull())
    .addColumn('recipient_e_invoice_address', text, (c) => c.notNull())
    .addColumn('recipient_e_invoice_intermediator', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoices_user').on('invoices').columns(['user_id', 'id']).execute();

  await withId(db, db.schema.createTable('orders'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('fqdn', text, (c) => c.notNull())
    .addColumn('domain_id', 'integer', (c) => c.references('domains.id'))
    .addColumn('years', 'integer', (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('invoice_id', 'integer', (c) => c.references('invoices.id'))
    .addColumn('nameservers', text, (c) => c.notNull())
    .addColumn('auth_code', text)
    .addColumn('error', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addColumn('fulfilled_at', text)
    .execute();
  // At most one unprocessed order per name, of any kind: the store's guard against double orders.
  await db.schema
    .createIndex('orders_open_fqdn')
    .on('orders')
    .column('fqdn')
    .unique()
    .where(sql.ref('status'), 'in', ['open', 'paid'])
    .execute();
  await db.schema.createIndex('orders_invoice').on('orders').column('invoice_id').execute();

  await withId(db, db.schema.createTable('invoice_items'))
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('qty', 'integer', (c) => c.notNull())
    .addColumn('sub_total_cents', 'integer', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('order_id', 'integer', (c) => c.references('orders.id'))
    .execute();
  await db.schema.createIndex('invoice_items_invoice').on('invoice_items').columns(['invoice_id', 'position']).execute();

  await withId(db, db.schema.createTable('services'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('domain_id', 'integer', (c) => c.references('domains.id'))
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('qty', 'integer', (c) => c.notNull())
    .addColumn('start_date', text, (c) => c.notNull())
    .addColumn('exp_date', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('renew', 'integer', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('billing_period_months', 'integer', (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text)
    .execute();
  await db.schema.createIndex('services_user').on('services').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('services_domain').on('services').column('domain_id').execute();

  await withId(db, db.schema.createTable('zones'))
    .addColumn('domain_id', 'integer', (c) => c.references('domains.id'))
    .addColumn('name', text, (c) => c.notNull().unique())
    .addColumn('serial', 'bigint', (c) => c.notNull())
    .addColumn('primary_ns', text, (c) => c.notNull())
    .addColumn('hostmaster', text, (c) => c.notNull())
    .addColumn('refresh', 'integer', (c) => c.notNull())
    .addColumn('retry', 'integer', (c) => c.notNull())
    .addColumn('expire', 'integer', (c) => c.notNull())
    .addColumn('minimum', 'integer', (c) => c.notNull())
    .addColumn('default_ttl', 'integer', (c) => c.notNull())
    .addColumn('notified_serial', 'bigint')
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('records'))
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('content', text, (c) => c.notNull())
    .addColumn('ttl', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer')
    .addColumn('weight', 'integer')
    .addColumn('port', 'integer')
    .addColumn('service', text)
    .addColumn('proto', text)
    .addColumn('redirect_type', 'integer')
    .addColumn('fallback_ip', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('records_zone').on('records').columns(['zone_id', 'name', 'type']).execute();

  await db.schema
    .createTable('registry_domains')
    .addColumn('name', text, (c) => c.primaryKey())
    .addColumn('registrar', text, (c) => c.notNull())
    .addColumn('registrant', text, (c) => c.notNull())
    .addColumn('auth_code', text, (c) => c.notNull())
    .addColumn('nameservers', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('jobs'))
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('payload', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_after', text, (c) => c.notNull())
    .addColumn('last_error', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_after']).execute();

  // The TLDs on sale at first start, VAT excluded, per billing period. Annual price times years:
  // .fi is sold for 1-5 years (Traficom's limit), the others for 1-3 years here; `hostplane tlds set` changes them.
  const now = new Date().toISOString();
  const annual: Array<[string, number, number]> = [
    ['fi', 1490, 5],
    ['com', 1390, 3],
    ['net', 1590, 3],
    ['org', 1490, 3],
    ['eu', 990, 3],
    ['io', 4490, 3],
  ];
  await db.insertInto('tlds').values(annual.map(([tld]) => ({ tld, on_sale: 1, created_at: now, updated_at: now }))).execute();
  await db
    .insertInto('tld_prices')
    .values(
      annual.flatMap(([tld, cents, maxYears]) =>
        Array.from({ length: maxYears }, (_, i) => ({ tld, period_months: 12 * (i + 1), price_cents: cents * (i + 1) })),
      ),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'jobs', 'registry_domains', 'records', 'zones', 'services', 'invoice_items', 'orders', 'invoices',
    'domains', 'tld_prices', 'tlds', 'contacts', 'login_failures', 'revoked_tokens', 'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
