import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Ctx } from '../../src/core/context.js';
import type { ZoneSigningKey, ZoneSnapshot } from '../../src/ports/dns.js';
import { zoneSnapshot } from '../../src/core/dns/zone-snapshot.js';
import { PDNS_ACCOUNT, powerDnsCapabilities } from '../../src/providers/dns/powerdns/powerdns-provider.js';
import { bare, rrsetsAt, soaContent } from '../../src/providers/dns/powerdns/rrsets.js';
import { iscPrivateKey } from '../../src/providers/dns/powerdns/cryptokeys.js';
import { PDNS_SERVER, requirePowerDns } from '../../test/helpers/pdns.js';
import { onCleanUp, startPinned, type Pinned } from '../api/processes.js';

/**
 * PowerDNS Authoritative as a provider runs it in production: the gsqlite3 backend, and its default
 * caches (packet cache and query cache, `cache-ttl` 20 s, `query-cache-ttl` 20 s,
 * `negquery-cache-ttl` 60 s) and threads (one receiver, three distributors), all left unset here.
 * Only what a loopback benchmark needs is set: its own files, no daemon, no logging of queries, no
 * security poll to the Internet, no HTTP API (the zones are written to the database before it starts).
 * `signed`: keys are held in the database (`gsqlite3-dnssec`), as the powerdns provider needs for DNSSEC.
 */
export function pdnsSettings(dir: string, port: number, signed = false): Record<string, string> {
  return {
    launch: 'gsqlite3',
    'gsqlite3-database': join(dir, 'pdns.sqlite3'),
    ...(signed ? { 'gsqlite3-dnssec': 'yes' } : {}),
    'local-address': '127.0.0.1',
    'local-port': String(port),
    'socket-dir': dir,
    daemon: 'no',
    guardian: 'no',
    'disable-syslog': 'yes',
    loglevel: '3',
    'security-poll-suffix': '',
  };
}

/** The record types whose content holds names (written without the root's dot in the database). */
const NAME_TYPES = new Set(['CNAME', 'NS', 'ALIAS', 'MX', 'SRV', 'SOA', 'PTR']);

/**
 * A record as the generic SQL backends store it: the API's presentation format, but names without
 * their trailing dot, and the priority of MX and SRV in its own `prio` column rather than in the
 * content (https://doc.powerdns.com/authoritative/backends/generic-sql.html; PowerDNS answers
 * SERVFAIL for an MX whose content still holds it).
 */
function dbRecord(type: string, content: string): { content: string; prio: number } {
  let words = content.split(' ');
  if (NAME_TYPES.has(type)) words = words.map((t) => (t.length > 1 && t.endsWith('.') ? t.slice(0, -1) : t));
  if (type === 'MX' || type === 'SRV') return { prio: Number(words[0]), content: words.slice(1).join(' ') };
  return { content: NAME_TYPES.has(type) ? words.join(' ') : content, prio: 0 };
}

/**
 * A PowerDNS database holding every zone of the store, as the powerdns provider would have pushed
 * it: the same snapshot of each zone (zoneSnapshot, for the capabilities PowerDNS declares with
 * `settings`), translated by the provider's own rrsets.ts, with the provider's zone kind and account.
 * Written straight into the database rather than through the HTTP API (publishAllZones with the
 * provider): the API takes four requests per zone, 40,000 in all, each its own SQLite transaction,
 * which is minutes of a benchmark that measures serving, not publishing. The answers of both servers
 * are compared before anything is measured (compare.ts), which is what says the translation held.
 *
 * With `keys` each zone is signed as setSigning leaves it: its key a CSK cryptokey (active,
 * published, the ISC private-key text the provider imports), and every record's `ordername` as a
 * rectify writes it for NSEC (nsecOrderName), since PowerDNS reads its NSEC chain from that column.
 */
export async function writePdnsDatabase(
  ctx: Ctx,
  file: string,
  settings: Record<string, string>,
  keys?: ReadonlyMap<string, ZoneSigningKey>,
): Promise<void> {
  const db = new Database(file);
  try {
    db.exec(readFileSync(requirePowerDns(), 'utf8'));
    const capabilities = powerDnsCapabilities(new Map(Object.entries(settings)));
    const addDomain = db.prepare("insert into domains (name, type, account) values (?, 'NATIVE', ?)");
    const addRecord = db.prepare('insert into records (domain_id, name, type, content, ttl, prio, disabled, ordername, auth) values (?, ?, ?, ?, ?, ?, 0, ?, 1)');
    const addKey = db.prepare('insert into cryptokeys (domain_id, flags, active, published, content) values (?, ?, ?, 1, ?)');
    const zones = await ctx.store.zones.listSerials();
    const BATCH = 500;
    for (let i = 0; i < zones.length; i += BATCH) {
      // Reads come first (the store is async), then one synchronous transaction per batch.
      const batch: ZoneSnapshot[] = [];
      for (const { name } of zones.slice(i, i + BATCH)) {
        const zone = (await ctx.store.zones.findByName(name))!;
        batch.push(zoneSnapshot(zone, await ctx.store.records.listByZone(zone.id), capabilities));
      }
      db.transaction(() => {
        for (const snapshot of batch) {
          const id = Number(addDomain.run(snapshot.name, PDNS_ACCOUNT).lastInsertRowid);
          const key = keys?.get(snapshot.name);
          if (key) addKey.run(id, key.flags, key.signs ? 1 : 0, iscPrivateKey(key.privateKey));
          const add = (name: string, type: string, content: string, ttl: number | undefined) => {
            const r = dbRecord(type, content);
            addRecord.run(id, name, type, r.content, ttl, r.prio, key ? nsecOrderName(snapshot.name, name) : null);
          };
          add(snapshot.name, 'SOA', soaContent(snapshot.soa), snapshot.soa.ttl);
          for (const owner of new Set(snapshot.records.map((r) => r.name))) {
            for (const set of rrsetsAt(owner, snapshot.records.filter((r) => r.name === owner), undefined)) {
              for (const r of set.records ?? []) add(bare(set.name), set.type, r.content, set.ttl);
            }
          }
        }
      })();
    }
  } finally {
    db.close();
  }
}

/**
 * The `ordername` PowerDNS's rectify gives a record of `zone` for NSEC (not NSEC3): the owner's labels
 * below the apex, lower case, in reverse order, separated by spaces ("" at the apex), so that
 * ordering the column orders the names canonically (RFC 4034 6.1) within the zone.
 */
export function nsecOrderName(zone: string, name: string): string {
  if (name === zone) return '';
  return name.slice(0, -(zone.length + 1)).toLowerCase().split('.').reverse().join(' ');
}

/** Writes the database and the settings of a PowerDNS for 127.0.0.1:`port` (signed with `keys`); start() runs it. */
export async function preparePowerDns(ctx: Ctx, port: number, keys?: ReadonlyMap<string, ZoneSigningKey>): Promise<{ start(core: number): Pinned }> {
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-bench-pdns-'));
  onCleanUp(async () => rmSync(dir, { recursive: true, force: true }));
  const settings = pdnsSettings(dir, port, keys !== undefined);
  await writePdnsDatabase(ctx, settings['gsqlite3-database']!, settings, keys);
  writeFileSync(join(dir, 'pdns.conf'), Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return { start: (core) => startPinned(keys ? 'pdns_server (signed)' : 'pdns_server', core, PDNS_SERVER, [`--config-dir=${dir}`], process.env) };
}

/** Writes the database and starts pdns_server on 127.0.0.1:`port`, pinned to `core`. */
export async function startPowerDns(ctx: Ctx, port: number, core: number): Promise<Pinned> {
  return (await preparePowerDns(ctx, port)).start(core);
}

/** "PowerDNS 4.7.3", from pdns_server --version (it prints it among its start-up lines, on stderr). */
export function pdnsVersion(): string {
  const out = spawnSync(PDNS_SERVER, ['--version'], { encoding: 'utf8' });
  const version = /PowerDNS Authoritative Server ([\d.]+)/.exec(`${out.stdout}${out.stderr}`)?.[1];
  return version ? `PowerDNS ${version}` : 'PowerDNS';
}
