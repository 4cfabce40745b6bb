import { sql, type Insertable } from 'kysely';
import type { Runtime } from '../../src/main.js';
import type { Database } from '../../src/store/schema.js';
import { isPostgres } from '../../src/store/migrations/helpers.js';
import { hashPassword } from '../../src/core/accounts/passwords.js';
import { createPartner } from '../../src/core/partners/create-partner.js';
import { parseDomainName } from '../../src/core/domains/domain-name.js';
import { generateAuthCode } from '../../src/core/domains/auth-code.js';
import { registrantSnapshot } from '../../src/core/domains/registrant.js';
import { ZONE_DEFAULTS } from '../../src/core/dns/create-zone.js';
import { normalizeHost } from '../../src/core/dns/nameservers.js';
import { firstSerial } from '../../src/core/dns/serial.js';
import { addYears, isoDate, isoTimestamp } from '../../src/core/dates.js';

/**
 * Fills a store for the API benchmark: accounts with DOMAINS_PER_ACCOUNT active domains each, every
 * domain as a paid and fulfilled purchase leaves it (the domain, its completed register order, the
 * local registry's record, and a zone on our name servers with its apex NS records), plus one
 * zone of LARGE_ZONE_RECORDS records.
 *
 * Rows are inserted directly, in large multi-row statements inside one transaction per batch of
 * accounts, instead of through the core commands (createUser, purchaseDomain, markInvoicePaid,
 * fulfilOrder): those make a few dozen statements and an argon2 hash per row, which for 100,000
 * domains takes tens of minutes, most of all on PostgreSQL. The rows are built with the core's own
 * helpers (zone defaults, serials, registrant snapshot, auth codes) so the API serves them as it
 * serves purchased domains; the benchmark checks a sample response before it measures. Invoices are
 * left out: no measured endpoint reads them.
 *
 * The partner is made through the core (createPartner) because its API key is only known there.
 */

export const DOMAINS_PER_ACCOUNT = 100;
export const LARGE_ZONE_RECORDS = 5_000;
/** Every account's password: one argon2 hash serves all of them (hashing 1,000 would take a minute). */
export const PASSWORD = 'bench password 42';
/** TLDs on sale in a fresh store (migration 001), cycled through so listings mix them. */
const TLDS = ['fi', 'com', 'net', 'org', 'eu', 'io'];

/** Who the benchmark talks as: account 1, a client of the partner, holds the large zone. */
export interface Seeded {
  username: string;
  partnerId: number;
  partnerApiKey: string;
  /** Account 1's domains, in id order; the first has the large zone. */
  domains: string[];
  largeZone: string;
}

export const username = (account: number) => `bench${String(account).padStart(4, '0')}`;
export const domainName = (account: number, n: number) =>
  `bench-${String(account).padStart(4, '0')}-${String(n).padStart(3, '0')}.${TLDS[(account + n) % TLDS.length]}`;

/** Rows per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters at 16 columns. */
const CHUNK = 1_000;

async function insertMany<T extends keyof Database>(
  db: Runtime['db'],
  table: T,
  rows: Array<Insertable<Database[T]>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
  }
}

/** Ids for `count` rows inserted next, read from the highest id, inside the inserting transaction. */
async function nextIds(db: Runtime['db'], table: 'users' | 'contacts' | 'domains' | 'zones'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/**
 * Accounts first..last (1-based), each with DOMAINS_PER_ACCOUNT domains; account 1 is the partner's
 * client, and with `allClients` every account is (a reseller holding the whole store).
 */
export async function seedAccounts(runtime: Runtime, first: number, last: number, partnerId: number | null, allClients = false): Promise<void> {
  const { ctx } = runtime;
  const passwordHash = await hashPassword(ctx.settings.passwordHashing, PASSWORD);
  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  const today = isoDate(now);
  const nameservers = [...new Set(ctx.settings.nameservers.map(normalizeHost))];
  const nsJson = JSON.stringify(nameservers);
  const BATCH = 100; // accounts per transaction: 10,000 domains and their rows

  for (let from = first; from <= last; from += BATCH) {
    const to = Math.min(last, from + BATCH - 1);
    // On PostgreSQL identity columns count on past explicit ids only if told, so ids come from the
    // store's own sequences: users and contacts one by one would be slow, hence max(id)+1 and explicit
    // ids, with the sequences moved on after (resetSequences).
    await runtime.db.transaction().execute(async (db) => {
      let userId = await nextIds(db, 'users');
      let contactId = await nextIds(db, 'contacts');
      let domainId = await nextIds(db, 'domains');
      let zoneId = await nextIds(db, 'zones');
      const users: Array<Insertable<Database['users']>> = [];
      const contacts: Array<Insertable<Database['contacts']>> = [];
      const domains: Array<Insertable<Database['domains']>> = [];
      const orders: Array<Insertable<Database['orders']>> = [];
      const registry: Array<Insertable<Database['registry_domains']>> = [];
      const zones: Array<Insertable<Database['zones']>> = [];
      const records: Array<Insertable<Database['records']>> = [];
      for (let account = from; account <= to; account++) {
        const uid = userId++;
        const cid = contactId++;
        const client = partnerId !== null && (account === 1 || allClients);
        users.push({
          id: uid, username: username(account), password_hash: passwordHash, email: `${username(account)}@example.fi`,
          name: `Bench ${account}`, postpaid: 0, primary_contact_id: cid, partner_id: client ? partnerId : null,
          client_type: client ? 'Managed Client' : null, created_at: at, updated_at: at, deleted_at: null,
        });
        const contact = {
          id: cid, user_id: uid, contact_type: 'general', first_name: 'Bench', last_name: String(account), company_name: '',
          business_id: '', identity_number: '010190-123A', address: 'Esimerkkikatu 1', address2: '', zip_code: '20100',
          city: 'Turku', country: 'FI', phone: '+358.401234567', email: `${username(account)}@example.fi`, alt_email: '',
          billing_email: '', billing_method: 'email', e_invoice_address: '', e_invoice_intermediator: '', vat_number: '',
          created_at: at, updated_at: at,
        };
        contacts.push(contact);
        const registrant = JSON.stringify(registrantSnapshot(contact));
        for (let n = 1; n <= DOMAINS_PER_ACCOUNT; n++) {
          const name = parseDomainName(domainName(account, n))!;
          const did = domainId++;
          const zid = zoneId++;
          domains.push({
            id: did, user_id: uid, sld: name.sld, tld: name.tld, fqdn: name.fqdn, fqdn_unicode: name.fqdnUnicode,
            status: 'active', reg_date: today, exp_date: addYears(today, 1), renew: 1, registrant_contact_id: cid,
            billing_contact_id: cid, nameservers: nsJson, created_at: at, updated_at: at,
          });
          orders.push({
            user_id: uid, kind: 'register', fqdn: name.fqdn, domain_id: did, years: 1, status: 'completed',
            invoice_id: null, nameservers: nsJson, auth_code: null, error: null, created_at: at, updated_at: at, fulfilled_at: at,
          });
          registry.push({
            name: name.fqdn, registrar: ctx.settings.providerName, registrant, registrant_key: `contact:${cid}`, auth_code: generateAuthCode(),
            nameservers: nsJson, ds: '[]', created_at: at, updated_at: at, expires_at: `${addYears(today, 1)}T${at.slice(11)}`,
          });
          zones.push({
            id: zid, domain_id: did, name: name.fqdn, serial: firstSerial(now), primary_ns: nameservers[0] ?? '',
            hostmaster: ctx.settings.hostmaster, ...ZONE_DEFAULTS, notified_serial: null, created_at: at, updated_at: at,
          });
          for (const ns of nameservers) records.push(record(zid, name.fqdn, 'NS', ns, at));
          if (account === 1 && n === 1) records.push(...largeZone(zid, name.fqdn, at));
        }
      }
      await insertMany(db, 'users', users);
      await insertMany(db, 'contacts', contacts);
      await insertMany(db, 'domains', domains);
      await insertMany(db, 'orders', orders);
      await insertMany(db, 'registry_domains', registry);
      await insertMany(db, 'zones', zones);
      await insertMany(db, 'records', records);
    });
  }
  await resetSequences(runtime);
  await analyze(runtime);
}

function record(zoneId: number, name: string, type: string, content: string, at: string, priority: number | null = null) {
  return {
    zone_id: zoneId, name, type, content, ttl: ZONE_DEFAULTS.default_ttl, priority, weight: null, port: null,
    service: null, proto: null, redirect_type: null, fallback_ip: null, created_at: at, updated_at: at,
  };
}

/** LARGE_ZONE_RECORDS records of the kinds a busy zone holds: hosts (A, AAAA), aliases, mail, text. */
function largeZone(zoneId: number, zone: string, at: string) {
  return Array.from({ length: LARGE_ZONE_RECORDS }, (_, i) => {
    const host = `host${i}.${zone}`;
    switch (i % 5) {
      case 0: return record(zoneId, host, 'A', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, at);
      case 1: return record(zoneId, host, 'AAAA', `2001:db8::${i.toString(16)}`, at);
      case 2: return record(zoneId, host, 'CNAME', `host${i - 2}.${zone}`, at);
      case 3: return record(zoneId, host, 'MX', `mail${i % 7}.${zone}`, at, 10);
      default: return record(zoneId, host, 'TXT', `v=spf1 include:_spf.${zone} ~all ${i}`, at);
    }
  });
}

/** PostgreSQL identity sequences do not see explicit ids: move each past the highest id written. */
async function resetSequences(runtime: Runtime): Promise<void> {
  if (!isPostgres(runtime.db)) return;
  for (const table of ['users', 'contacts', 'domains', 'orders', 'zones', 'records']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(runtime.db);
  }
}

/**
 * PostgreSQL plans from table statistics, and a table loaded in one go has none until autovacuum
 * gets round to it (a minute or more later, if it runs at all), so the first minutes after a bulk
 * load would measure plans made blind (the partner domain list scanned every domain). A store that
 * grew through the API has its statistics; ANALYZE gives the seeded one the same. VACUUM sets the
 * rows' hint bits and the visibility map, and the CHECKPOINT writes the load out, so that neither the
 * first reads of each row nor autovacuum and a timed checkpoint catching up with the load run inside
 * a measurement (one run measured a record create at 0.65 of its rate without them, the next at 1.10).
 * SQLite keeps no statistics unless ANALYZE is run, and hostplane never runs it, so the SQLite store is
 * left as is.
 */
async function analyze(runtime: Runtime): Promise<void> {
  if (!isPostgres(runtime.db)) return;
  // Table by table: a bare VACUUM would go through every schema of the database, other runs' too.
  for (const table of ['users', 'contacts', 'domains', 'orders', 'registry_domains', 'zones', 'records', 'partners', 'api_keys', 'jobs']) {
    await sql`vacuum (analyze) ${sql.table(table)}`.execute(runtime.db);
  }
  await sql`checkpoint`.execute(runtime.db);
}

/** The partner (through the core) and the first `accounts` accounts; account 1 is its client. */
export async function seedStore(runtime: Runtime, accounts: number, allClients = false): Promise<Seeded> {
  const partner = await createPartner(runtime.ctx, { name: 'Bench Reseller Oy' });
  await seedAccounts(runtime, 1, accounts, partner.partner.id, allClients);
  const domains = Array.from({ length: DOMAINS_PER_ACCOUNT }, (_, i) => domainName(1, i + 1));
  return { username: username(1), partnerId: partner.partner.id, partnerApiKey: partner.apiKey, domains, largeZone: domains[0]! };
}
