import type { Kysely } from 'kysely';

/**
 * EPP registries the operator configures (`hostplane registries add`), the TLDs each one serves, and
 * the contact objects made at each (issue 11).
 *
 * `registries` keeps the paths of the secret files, never their contents: the password, the client key
 * and the certificates stay in the operator's files (with the operator's permissions and backups), and
 * the process reads them when it connects. `registry_tlds` gives each TLD at most one registry (its
 * primary key); a TLD without a row is served by the embedded `local` registry.
 *
 * `registry_contacts` has no foreign key to `registries`: the contact objects stay at the registry when
 * the operator removes it here, and a registry added again under the same name reuses their handles.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registries')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_file', 'text', (c) => c.notNull())
    .addColumn('ca_file', 'text')
    .addColumn('cert_file', 'text')
    .addColumn('key_file', 'text')
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('commands_per_second', 'integer', (c) => c.notNull())
    /** hostObj | hostAttr (RFC 5731 section 1.1) */
    .addColumn('nameserver_style', 'text', (c) => c.notNull())
    /** JSON list of the roles a domain needs besides the registrant: ["admin","tech"] */
    .addColumn('contact_roles', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('registry_tlds')
    .addColumn('tld', 'text', (c) => c.primaryKey().references('tlds.tld'))
    .addColumn('registry', 'text', (c) => c.notNull().references('registries.name'))
    .execute();
  await db.schema.createIndex('registry_tlds_registry').on('registry_tlds').column('registry').execute();

  await db.schema
    .createTable('registry_contacts')
    .addColumn('registry', 'text', (c) => c.notNull())
    .addColumn('contact_key', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registry_contacts_pk', ['registry', 'contact_key'])
    .execute();
  // The EPP provider names a domain's registrant by its handle (findByHandle).
  await db.schema.createIndex('registry_contacts_handle').on('registry_contacts').columns(['registry', 'handle']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['registry_contacts', 'registry_tlds', 'registries']) await db.schema.dropTable(table).execute();
}
