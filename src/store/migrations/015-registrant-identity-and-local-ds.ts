import type { Kysely } from 'kysely';

/**
 * What a real registry requires of a registrant, and what the local registry keeps of it:
 * - tlds.registrant_identity_required: the TLD's registry registers a name only to an identified
 *   holder (a person's identity number or an organisation's business id), so an order whose
 *   registrant has neither is refused when it is placed, not after payment. Seeded on for .fi
 *   (Traficom's rule for every .fi holder); `hostplane tlds set --identity-required` for others.
 * - registry_domains.registrant_key: the key of the registrant contact (RegistrantSnapshot.key), so
 *   the local registry finds the registrations holding a contact when it changes (syncContact), as a
 *   registry finds the domains linked to a contact object. Filled for existing rows from their
 *   registrant JSON; indexed.
 * - registry_domains.ds: the name's DS set at the parent (JSON array of DsData), set by setDs.
 * - domains_registrant_contact: an index on domains.registrant_contact_id, which every contact edit now
 *   reads (is this contact a registrant at the registry?).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tlds')
    .addColumn('registrant_identity_required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.updateTable('tlds').set({ registrant_identity_required: 1 }).where('tld', '=', 'fi').execute();

  await db.schema.alterTable('registry_domains').addColumn('registrant_key', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('registry_domains').addColumn('ds', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  const rows = await db.selectFrom('registry_domains').select(['name', 'registrant']).execute();
  for (const row of rows as Array<{ name: string; registrant: string }>) {
    const key = registrantKeyOf(row.registrant);
    if (key !== '') await db.updateTable('registry_domains').set({ registrant_key: key }).where('name', '=', row.name).execute();
  }
  await db.schema.createIndex('registry_domains_registrant_key').on('registry_domains').column('registrant_key').execute();
  await db.schema.createIndex('domains_registrant_contact').on('domains').column('registrant_contact_id').execute();
}

/** The snapshot's key, or '' when the JSON is not a snapshot with one (then no edit can find it). */
function registrantKeyOf(json: string): string {
  try {
    const key = (JSON.parse(json) as { key?: unknown } | null)?.key;
    return typeof key === 'string' ? key : '';
  } catch {
    return '';
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('domains_registrant_contact').execute();
  await db.schema.dropIndex('registry_domains_registrant_key').execute();
  await db.schema.alterTable('registry_domains').dropColumn('ds').execute();
  await db.schema.alterTable('registry_domains').dropColumn('registrant_key').execute();
  await db.schema.alterTable('tlds').dropColumn('registrant_identity_required').execute();
}
