import type { Kysely } from 'kysely';

/**
 * Per-TLD name rules (core/catalog/name-rules.ts), kept in the catalogue beside on_sale and prices so
 * an operator adding a TLD gives its registry's rules (`hostplane tlds set --min-length ...`): label
 * length in Unicode characters, characters allowed beyond a-z, 0-9 and hyphen, and Unicode scripts
 * allowed ("*": any). A TLD added without them gets 2-63, LDH only (the columns' defaults, the same as
 * DEFAULT_NAME_RULES). Before this, `a.fi` was reported available and a Cyrillic .fi name was sold.
 *
 * Also sells .be: the partner API document's own examples are .be names (testdomain.be), and a new
 * user following it was told .be is not offered. Added only where the catalogue has no .be yet (an
 * operator may have added it with prices of their own); 12.90 EUR a year, 1-3 years as the others.
 */
export const SEEDED_NAME_RULES: Array<[tld: string, min: number, max: number, chars: string, scripts: string]> = [
  // Traficom: 2-63 characters; a-z, 0-9, hyphen, å ä ö and the Sami letters used in Finland.
  ['fi', 2, 63, 'áâäåčđǥǧǩŋõöšŧžʒǯ', ''],
  // Verisign: IDNA2008 characters of any script, one script per label; one- and two-character
  // labels are reserved from registration (ICANN's reserved names), the same for PIR's .org.
  ['com', 3, 63, '', '*'],
  ['net', 3, 63, '', '*'],
  ['org', 3, 63, '', '*'],
  // EURid: 2-63; the Latin letters of the EU's official languages (Greek and Cyrillic names moved to
  // .ευ and .ею, the script of the name matching the TLD's).
  ['eu', 2, 63, 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĸĺļľłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžșț', ''],
  // NIC.IO: 3-63 LDH; shorter names are the registry's premium list, not registered through us.
  ['io', 3, 63, '', ''],
  // DNS Belgium: 2-63; its 33 letters (those of Dutch, French and German, and more).
  ['be', 2, 63, 'ßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿœ', ''],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tlds').addColumn('min_length', 'integer', (c) => c.notNull().defaultTo(2)).execute();
  await db.schema.alterTable('tlds').addColumn('max_length', 'integer', (c) => c.notNull().defaultTo(63)).execute();
  await db.schema.alterTable('tlds').addColumn('idn_chars', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('tlds').addColumn('idn_scripts', 'text', (c) => c.notNull().defaultTo('')).execute();

  const now = new Date().toISOString();
  if (!(await db.selectFrom('tlds').select('tld').where('tld', '=', 'be').executeTakeFirst())) {
    await db.insertInto('tlds').values({ tld: 'be', on_sale: 1, created_at: now, updated_at: now }).execute();
    await db
      .insertInto('tld_prices')
      .values([1, 2, 3].map((years) => ({ tld: 'be', period_months: 12 * years, price_cents: 1290 * years })))
      .execute();
  }
  // Only rows the catalogue has: an operator may have removed a TLD, and rules alone sell nothing.
  for (const [tld, min, max, chars, scripts] of SEEDED_NAME_RULES) {
    await db
      .updateTable('tlds')
      .set({ min_length: min, max_length: max, idn_chars: chars, idn_scripts: scripts })
      .where('tld', '=', tld)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // .be stays: domains may have been sold under it, and a catalogue row is the operator's from now on.
  for (const column of ['idn_scripts', 'idn_chars', 'max_length', 'min_length']) {
    await db.schema.alterTable('tlds').dropColumn(column).execute();
  }
}
