import {
  DnsProviderError,
  sortRecords,
  type DnsCapabilities,
  type DnsFeature,
  type DnsProvider,
  type PublishedRecord,
  type ServedSigning,
  type ZoneChangeSet,
  type ZoneSigning,
  type ZoneSnapshot,
  type ZoneSoa,
} from '../../../ports/dns.js';
import { ALGORITHM_ECDSAP256SHA256, CSK_FLAGS, keysMatch } from '../../../core/dns/dnssec/key-material.js';
import { PowerDnsClient, PowerDnsError, type PowerDnsSettings } from './powerdns-client.js';
import {
  iscPrivateKey,
  planCryptokeys,
  publishMetadata,
  servedSigning,
  type PdnsCryptokey,
} from './cryptokeys.js';
import {
  bare,
  fqdn,
  recordsOf,
  rrsetsAt,
  soaFromContent,
  soaRRset,
  WEB_FORWARD_TYPES,
  type PdnsRRset,
  type WebAddress,
} from './rrsets.js';

/**
 * The `account` of the zones hostplane creates. Only those are listed (listZones), so reconciliation
 * never deletes the zones an operator keeps on the same PowerDNS by hand.
 */
export const PDNS_ACCOUNT = 'hostplane';

/** The types every PowerDNS serves as plain records. */
const PLAIN_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'MX', 'NS', 'SRV', 'TXT'];

/** The settings of a PowerDNS server that decide what it can serve (GET /servers/<id>/config). */
type ServerConfig = Map<string, string>;
const yes = (config: ServerConfig, name: string) => config.get(name) === 'yes';

/**
 * What a PowerDNS server serves, from its own settings, so that the API refuses what it would not
 * answer (core/dns/provider-support.ts):
 * - LUA records only with `enable-lua-records`;
 * - ANAME (PowerDNS's ALIAS) only with `expand-alias` and a `resolver` to look the target up;
 *   without them PowerDNS stores an ALIAS but answers A queries with nothing;
 * - NOTIFY and zone transfers to secondaries only as a primary (`primary`, or `master` before 4.5);
 * - web forwards (URL, URLFRAME, FORWARD) only given the web forwarder's address (`web`): their
 *   names then answer A/AAAA with it;
 * - no fallback_ip: PowerDNS has no health-checked fallback for a plain A record (a LUA ifportup
 *   record is the PowerDNS way, and customers may write one themselves);
 * - DNSSEC (`dnssec`: our keys imported as cryptokeys, signed live by PowerDNS) only when a backend
 *   can hold keys (holdsKeys): without one the cryptokeys API refuses every key.
 */
export function powerDnsCapabilities(config: ServerConfig, web?: WebAddress): DnsCapabilities {
  const types = [...PLAIN_TYPES];
  if (web) types.push(...WEB_FORWARD_TYPES);
  const features: DnsFeature[] = ['wildcard', 'delegation'];
  if (yes(config, 'expand-alias') && (config.get('resolver') ?? '') !== '') {
    types.push('ANAME');
    features.push('aname');
  }
  if (yes(config, 'enable-lua-records')) types.push('LUA');
  if (isPrimary(config)) features.push('axfr', 'notify');
  if (holdsKeys(config)) features.push('dnssec');
  return { types, features };
}

/** The generic SQL backends, which hold keys and metadata with `<backend>[-<instance>]-dnssec=yes`. */
const SQL_BACKENDS = ['gsqlite3', 'gmysql', 'gpgsql', 'godbc'];

/**
 * Whether a backend of `launch` can hold DNSSEC keys (https://doc.powerdns.com/authoritative/
 * dnssec/intro.html; PowerDNS keeps keys in the first backend that can): a generic SQL backend with
 * its `-dnssec` setting on (an instance `gsqlite3:second` reads `gsqlite3-second-dnssec`), LMDB (keys
 * are always part of it), or BIND with a `bind-dnssec-db`.
 */
export function holdsKeys(config: ServerConfig): boolean {
  const launched = (config.get('launch') ?? '').split(/[\s,]+/).filter(Boolean);
  return launched.some((entry) => {
    const [backend, instance] = entry.split(':');
    const prefix = instance ? `${backend}-${instance}` : backend!;
    if (SQL_BACKENDS.includes(backend!)) return yes(config, `${prefix}-dnssec`);
    if (backend === 'lmdb') return true;
    if (backend === 'bind') return (config.get(`${prefix}-dnssec-db`) ?? '') !== '';
    return false;
  });
}

const isPrimary = (config: ServerConfig) => yes(config, 'primary') || yes(config, 'master');

/**
 * Connects to the PowerDNS server of `settings` and reads what it serves. Fails at start-up, with the
 * reason, when the server cannot be reached or refuses the key: a platform that accepted records
 * it could never publish would be worse than one that does not start.
 */
export async function connectPowerDns(
  settings: PowerDnsSettings,
  options: { web?: WebAddress; parkNameservers?: readonly string[] } = {},
): Promise<PowerDnsProvider> {
  const client = new PowerDnsClient(settings);
  const settingsList = await client.request<Array<{ name: string; value: string }>>('GET', '/config');
  return new PowerDnsProvider(client, new Map(settingsList.map((s) => [s.name, String(s.value)])), options.web, options.parkNameservers);
}

interface PdnsZone {
  name: string;
  serial: number;
  account?: string;
  rrsets?: PdnsRRset[];
  dnssec?: boolean;
  api_rectify?: boolean;
}

/**
 * The `powerdns` DNS provider: zones pushed to a PowerDNS Authoritative server through its HTTP API,
 * which then answers them. The core plans each change as a diff (core/dns/zone-snapshot.ts); this
 * translates the names it touches into PowerDNS RRsets (rrsets.ts) and sends those that differ from
 * what PowerDNS holds, with the new SOA, in one PATCH (PowerDNS applies a PATCH in one transaction).
 * It never deletes a zone to recreate it, nor touches a name the change set does not name.
 *
 * Zones are created with the exact SOA and no SOA-EDIT-API, so the serial PowerDNS serves is the
 * store's; as `Native` zones (replicated by the database backend) or, on a primary, as `Master` zones
 * that are sent NOTIFY after each change (PUT .../notify).
 */
export class PowerDnsProvider implements DnsProvider {
  readonly name = 'powerdns';
  readonly capabilities: DnsCapabilities;
  private readonly primary: boolean;

  private readonly parkNameservers: ReadonlySet<string>;

  constructor(
    readonly client: PowerDnsClient,
    config: ServerConfig,
    private readonly web?: WebAddress,
    parkNameservers: readonly string[] = [],
  ) {
    this.capabilities = powerDnsCapabilities(config, web);
    this.primary = isPrimary(config);
    this.parkNameservers = new Set(parkNameservers.map((ns) => ns.toLowerCase()));
  }

  /** Whether a zone with these records is parked: apex NS records, every one a park server (as web-forward.ts). */
  private parked(zone: string, records: PublishedRecord[]): boolean {
    const ns = records.filter((r) => r.name === zone && r.type === 'NS');
    return ns.length > 0 && ns.every((r) => this.parkNameservers.has(r.content));
  }

  async ensureZone(name: string, soa: ZoneSoa): Promise<void> {
    try {
      await this.client.request('POST', '/zones', {
        name: fqdn(name),
        kind: this.primary ? 'Master' : 'Native',
        account: PDNS_ACCOUNT,
        soa_edit_api: '',
        nameservers: [],
        rrsets: [soaRRset(name, soa)],
      });
    } catch (err) {
      // 409: "Domain ... already exists" (another process made it first); nothing to do.
      if (err instanceof PowerDnsError && err.status === 409) return;
      throw err;
    }
  }

  async applyChanges(name: string, changes: ZoneChangeSet): Promise<void> {
    for (const change of changes.rrsets) {
      for (const r of change.records) this.check(name, change, r);
    }
    const held = await this.fetchZone(name);
    if (!held) throw new DnsProviderError('no_zone', `zone ${name} does not exist on PowerDNS`);
    // The names the change set touches, as they are held and as they are to be. A name is translated
    // whole, since its RRsets depend on each other in PowerDNS (a web forward takes over A and AAAA).
    const heldSets = (held.rrsets ?? []).filter((set) => set.type !== 'SOA');
    const heldRecords = recordsOf(heldSets);
    const replaced = new Set(changes.rrsets.map((c) => `${c.name} ${c.type}`));
    const after = [
      ...heldRecords.filter((r) => !replaced.has(`${r.name} ${r.type}`)),
      ...changes.rrsets.flatMap((c) => c.records),
    ];
    // Deletions go first: PowerDNS checks each RRset against those before it in the PATCH, and an A
    // may only replace a CNAME at one name (parking www) once the CNAME is gone.
    const deleted: PdnsRRset[] = [];
    const written: PdnsRRset[] = [];
    const owners = new Set(changes.rrsets.map((c) => c.name));
    // Parking (or its end) changes the apex and www whatever the change set names there.
    const parkedNames = [name, `www.${name}`];
    const parked = this.parked(name, after);
    if (parked || this.parked(name, heldRecords)) for (const owner of parkedNames) owners.add(owner);
    for (const owner of owners) {
      const before = heldSets.filter((set) => bare(set.name) === owner);
      const parkedTtl = parked && parkedNames.includes(owner) ? changes.soa.ttl : undefined;
      const desired = rrsetsAt(owner, after.filter((r) => r.name === owner), this.web, parkedTtl);
      for (const set of desired) if (!sameRRset(set, before.find((b) => b.type === set.type))) written.push(set);
      for (const set of before) {
        if (!desired.some((d) => d.type === set.type)) deleted.push({ name: set.name, type: set.type, changetype: 'DELETE' });
      }
    }
    const rrsets = [soaRRset(name, changes.soa), ...deleted, ...written];
    try {
      await this.client.request('PATCH', PowerDnsClient.zonePath(name), { rrsets });
    } catch (err) {
      if (err instanceof PowerDnsError && err.status === 404) {
        throw new DnsProviderError('no_zone', `zone ${name} does not exist on PowerDNS`);
      }
      // 422: PowerDNS could not hold the data (its message says why); retrying will not help.
      if (err instanceof PowerDnsError && err.status === 422) throw new DnsProviderError('unsupported', err.message);
      throw err;
    }
    if (this.primary) await this.client.request('PUT', `${PowerDnsClient.zonePath(name)}/notify`);
  }

  async deleteZone(name: string): Promise<void> {
    try {
      await this.client.request('DELETE', PowerDnsClient.zonePath(name));
    } catch (err) {
      if (err instanceof PowerDnsError && err.status === 404) return;
      throw err;
    }
  }

  async readZone(name: string): Promise<ZoneSnapshot | undefined> {
    const zone = await this.fetchZone(name);
    if (!zone) return undefined;
    const soaSet = zone.rrsets?.find((set) => set.type === 'SOA');
    const soa = soaSet?.records?.[0];
    if (!soaSet || !soa) throw new PowerDnsError(`PowerDNS at ${this.client.settings.apiUrl}: zone ${name} has no SOA record`);
    return { name, soa: soaFromContent(soa.content, soaSet.ttl ?? 0), records: sortRecords(recordsOf(zone.rrsets ?? [])) };
  }

  /** The zone with its RRsets, or undefined when PowerDNS has no such zone. */
  private async fetchZone(name: string): Promise<PdnsZone | undefined> {
    try {
      return await this.client.request<PdnsZone>('GET', PowerDnsClient.zonePath(name));
    } catch (err) {
      if (err instanceof PowerDnsError && err.status === 404) return undefined;
      throw err;
    }
  }

  async listZones(): Promise<Array<{ name: string; serial: number }>> {
    const zones = await this.client.request<PdnsZone[]>('GET', '/zones');
    return zones.filter((z) => z.account === PDNS_ACCOUNT).map((z) => ({ name: z.name.replace(/\.$/, '').toLowerCase(), serial: z.serial }));
  }

  /**
   * Signs zone `name` with the store's keys, imported as PowerDNS cryptokeys (cryptokeys.ts: each a
   * CSK, `active` when it signs, always `published`), or serves it unsigned (null, or no keys): every
   * key PowerDNS holds for the zone is then removed, which is what makes its `dnssec` false. CDS and
   * CDNSKEY through the zone's PUBLISH-CDS / PUBLISH-CDNSKEY metadata (publishMetadata). What
   * PowerDNS already holds is read first and only what differs is sent, so calling it again with
   * the same signing sends nothing.
   *
   * PowerDNS signs live, so nothing is signed ahead; but its NSEC chain is read from each record's
   * `ordername`, which a rectify fills: the zone is rectified after its keys change, and API-RECTIFY
   * is set on it so that every later PATCH rectifies too (https://doc.powerdns.com/authoritative/
   * dnssec/modes-of-operation.html). The DNSKEY, CDS and CDNSKEY TTL is PowerDNS's own, the SOA's
   * minimum: `dnskeyTtl` has no setting there (4.7). The zone's answers are flushed from the packet
   * cache after a change, so the new keys are served at once rather than after `cache-ttl`.
   * Errors: no_zone; unsupported when the backend holds no keys, or a key is not a CSK of
   * algorithm 13 whose private key matches its public key, or keys are given and none signs.
   */
  async setSigning(name: string, signing: ZoneSigning | null): Promise<void> {
    const keys = signing?.keys ?? [];
    for (const key of keys) {
      if (key.algorithm !== ALGORITHM_ECDSAP256SHA256 || key.flags !== CSK_FLAGS || !keysMatch(key.privateKey, key.publicKey)) {
        throw new DnsProviderError('unsupported', `key ${key.keyTag} of zone ${name} is not a matching algorithm 13 CSK pair`);
      }
    }
    if (keys.length > 0 && !keys.some((k) => k.signs)) {
      throw new DnsProviderError('unsupported', `zone ${name}: keys are given but none signs`);
    }
    const zone = await this.zoneSettings(name);
    if (!zone) throw new DnsProviderError('no_zone', `zone ${name} does not exist on PowerDNS`);
    if (keys.length > 0 && !this.capabilities.features.includes('dnssec')) {
      throw new DnsProviderError('unsupported', 'PowerDNS (as configured) holds no DNSSEC keys: its backend needs its -dnssec setting');
    }
    const path = PowerDnsClient.zonePath(name);
    if (keys.length > 0 && !zone.api_rectify) {
      await this.client.request('PUT', path, { api_rectify: true });
    }
    const held = this.capabilities.features.includes('dnssec') ? await this.client.request<PdnsCryptokey[]>('GET', `${path}/cryptokeys`) : [];
    const plan = planCryptokeys(held, keys);
    for (const key of plan.add) {
      await this.client.request('POST', `${path}/cryptokeys`, {
        keytype: 'csk',
        active: key.signs,
        published: true,
        privatekey: iscPrivateKey(key.privateKey),
      });
    }
    for (const { id, active } of plan.activate) {
      await this.client.request('PUT', `${path}/cryptokeys/${id}`, { active, published: true });
    }
    for (const id of plan.remove) await this.client.request('DELETE', `${path}/cryptokeys/${id}`);
    let changed = plan.add.length + plan.activate.length + plan.remove.length > 0;

    if (this.capabilities.features.includes('dnssec')) {
      const metadata = await this.client.request<Array<{ kind: string; metadata: string[] }>>('GET', `${path}/metadata`);
      for (const [kind, value] of Object.entries(publishMetadata(signing))) {
        const now = metadata.find((m) => m.kind.toUpperCase() === kind)?.metadata ?? [];
        if (value === undefined && now.length > 0) await this.client.request('DELETE', `${path}/metadata/${kind}`);
        else if (value !== undefined && (now.length !== 1 || now[0] !== value)) {
          await this.client.request('PUT', `${path}/metadata/${kind}`, { metadata: [value] });
        } else continue;
        changed = true;
      }
    }
    if (!changed) return;
    if (keys.length > 0) await this.client.request('PUT', `${path}/rectify`);
    // No NOTIFY: the serial has not moved, so secondaries would not transfer; the change set that
    // follows (publishZone) carries the new serial and its NOTIFY.
    await this.client.request('PUT', `/cache/flush?domain=${encodeURIComponent(`${name}.`)}`);
  }

  /** The keys PowerDNS serves for zone `name` and its own DS of each (digest type 2); undefined when unsigned. */
  async readSigning(name: string): Promise<ServedSigning | undefined> {
    if (!this.capabilities.features.includes('dnssec')) return undefined;
    try {
      return servedSigning(await this.client.request<PdnsCryptokey[]>('GET', `${PowerDnsClient.zonePath(name)}/cryptokeys`));
    } catch (err) {
      // A zone PowerDNS does not have: 404 (or 422 "Could not find domain" from older versions).
      if (err instanceof PowerDnsError && (err.status === 404 || err.status === 422)) return undefined;
      throw err;
    }
  }

  /** The zone's settings without its RRsets (`rrsets=false`, since 4.3), or undefined when PowerDNS has no such zone. */
  private async zoneSettings(name: string): Promise<PdnsZone | undefined> {
    try {
      return await this.client.request<PdnsZone>('GET', `${PowerDnsClient.zonePath(name)}?rrsets=false`);
    } catch (err) {
      if (err instanceof PowerDnsError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Refuses, before PowerDNS is asked, what it would not serve as published. */
  private check(zone: string, change: { name: string; type: string }, r: PublishedRecord): void {
    if (r.name !== change.name || r.type !== change.type) {
      throw new DnsProviderError('unsupported', `record ${r.name} ${r.type} is not of the RRset ${change.name} ${change.type}`);
    }
    if (r.name !== zone && !r.name.endsWith(`.${zone}`)) {
      throw new DnsProviderError('unsupported', `record ${r.name} is outside zone ${zone}`);
    }
    if (!this.capabilities.types.includes(r.type)) {
      throw new DnsProviderError('unsupported', `PowerDNS (as configured) does not serve ${r.type} records`);
    }
    if (r.fallback_ip !== null) throw new DnsProviderError('unsupported', 'PowerDNS does not serve a fallback_ip');
  }
}

/** Whether PowerDNS already holds `set` as it would be written (TTL, contents and comments alike). */
function sameRRset(set: PdnsRRset, held: PdnsRRset | undefined): boolean {
  if (!held) return false;
  const contents = (s: PdnsRRset) => (s.records ?? []).filter((r) => !r.disabled).map((r) => r.content).sort();
  const comments = (s: PdnsRRset) => (s.comments ?? []).map((c) => `${c.account} ${c.content}`).sort();
  return (
    set.ttl === held.ttl &&
    (held.records ?? []).every((r) => !r.disabled) &&
    JSON.stringify(contents(set)) === JSON.stringify(contents(held)) &&
    JSON.stringify(comments(set)) === JSON.stringify(comments(held))
  );
}
