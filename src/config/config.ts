import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { DEFAULT_PASSWORD_HASHING, type PasswordHashing } from '../core/accounts/passwords.js';
import { DEFAULT_TCP_LIMITS, type TcpLimits } from '../servers/dns/tcp-limits.js';
import type { Seller } from '../core/billing/seller.js';
import { DUNNING_FINAL_ACTIONS, type DunningPolicy } from '../core/lifecycle/dunning-policy.js';
import { isValidBic, isValidIban } from '../core/billing/iban.js';
import { finnishVatId, isValidBusinessId } from '../core/billing/business-id.js';

/**
 * The whole configuration, read once from the environment at start-up. Every setting has a default
 * that runs the embedded stack (SQLite store, local registry) on a fresh machine.
 */
export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  jwtSecret: Uint8Array;
  logLevel: string;
  /** The provider's own name, as it appears in messages ("This domain does not use X's name servers."). */
  providerName: string;
  providerDomain: string;
  nameservers: string[];
  parkNameservers: string[];
  /** SOA RNAME in mailbox form (hostmaster.example.net). */
  hostmaster: string;
  /** VAT in basis points (2550 = 25.5 %), applied per invoice line. */
  vatRateBp: number;
  invoiceDueDays: number;
  /** See CoreSettings.dunning (DUNNING_REMINDER_DAYS, DUNNING_FINAL_DAYS, DUNNING_FINAL_ACTION). */
  dunning: DunningPolicy;
  /** The seller printed on invoices (SELLER_*; see seller()). */
  seller: Seller;
  /**
   * The outbox folder of Finvoice e-invoices, from which the provider's e-invoicing operator collects
   * them (EINVOICE_DIR; default `einvoices` in the data folder).
   */
  einvoiceDir: string;
  /**
   * E-mail: through the SMTP server SMTP_URL names (`smtp://user:pass@host:587`, `smtps://host:465`),
   * else written as .eml files into `mailDir` (`mail` in the data folder), the embedded default.
   */
  smtpUrl: string | null;
  mailDir: string;
  /** The From address of every message (MAIL_FROM; default hostplane@PROVIDER_NAME when that is a host name, else hostplane@localhost). */
  mailFrom: string;
  /** Where customers reach this server, for links in messages (PUBLIC_URL; default http://HOST:PORT). */
  publicUrl: string | null;
  /** See CoreSettings.jobLeaseMs. */
  jobLeaseMs: number;
  /** See CoreSettings.idempotencyLeaseMs. */
  idempotencyLeaseMs: number;
  /** See CoreSettings.loginFailuresPerAddress. */
  loginFailuresPerAddress: number;
  /** See CoreSettings.loginVerifications. */
  loginVerifications: number;
  /** See CoreSettings.passwordHashing. */
  passwordHashing: PasswordHashing;
  /**
   * Fastify's trustProxy (TRUST_PROXY): which proxies' X-Forwarded-For names the client, so per-address
   * limits count clients rather than the proxy. false (the peer is the client), true (any), a hop count,
   * or addresses and subnets.
   */
  trustProxy: boolean | number | string;
  /**
   * How long a read of the registries the operator configured (`hostplane registries add`) is trusted
   * before the next registry call reads them again (REGISTRIES_REFRESH_SECONDS); see RegistryRouter.
   */
  registriesRefreshMs: number;
  /**
   * The web panel's sessions: ended after PANEL_SESSION_IDLE_MINUTES (60) without a request, and
   * PANEL_SESSION_HOURS (12) after login whatever happens.
   */
  panelSessions: { idleMs: number; lifetimeMs: number };
  /** TLD -> "host[:port]" of its WHOIS server; TLDs not listed are looked up through IANA's referral. */
  whoisServers: Record<string, string>;
  whoisIanaServer: string;
  whoisTimeoutMs: number;
  /** The builtin DNS server's port (UDP and TCP); null when DNS_PORT is "off". 5300 runs unprivileged; 53 in production. */
  dnsPort: number | null;
  dnsHost: string;
  /** Secondaries that are sent NOTIFY and may transfer zones (AXFR). */
  dnsSecondaries: Array<{ host: string; port: number }>;
  /** The builtin DNS server's TCP limits (DNS_TCP_*; see src/servers/dns/tcp-limits.ts). */
  dnsTcp: TcpLimits;
  /** The web forwarder's port (URL/URLFRAME/FORWARD records, parked domains); null when WEB_PORT is "off". 8081 runs unprivileged; 80 in production. */
  webPort: number | null;
  webHost: string;
  /** The public addresses the DNS gives for forwarded and parked names: where the web forwarder is reached. */
  webAddress: string;
  webAddress6: string | null;
  /** Who publishes zones: the builtin server, or a PowerDNS server through its HTTP API (the builtin server then does not start). */
  dnsProvider: 'builtin' | 'powerdns';
  /** PDNS_API_URL, PDNS_API_KEY, PDNS_SERVER_ID; set when dnsProvider is 'powerdns'. */
  powerdns: { apiUrl: string; apiKey: string; serverId: string } | null;
  /** See CoreSettings.dnssec. */
  dnssec: { keySecret: Uint8Array; parentDsTtl: number; keyLifetimeDays: number };
  /** See CoreSettings.webhooks. */
  webhooks: { allowPrivate: boolean; disableAfterMs: number };
}

export class ConfigError extends Error {}

export type Env = Record<string, string | undefined>;

function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined || value.trim() === '') return fallback;
  return value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

/** A yes/no setting: "true" or "1" is yes, "false", "0" or unset no; anything else is a mistake worth stopping for. */
function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/** An IP address of `family` from `name`, or null when it is not set. */
function address(env: Env, name: string, family: 4 | 6): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (isIP(raw) !== family) throw new ConfigError(`${name} must be an IPv${family} address, got "${raw}"`);
  return raw.toLowerCase();
}

/** "fi=whois.fi,com=whois.verisign-grs.com:43" -> { fi: "whois.fi", com: "whois.verisign-grs.com:43" } */
function whoisMap(raw: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of list(raw, [])) {
    const [tld, server] = pair.split('=');
    if (!tld || !server) throw new ConfigError(`WHOIS_SERVERS entries look like tld=host[:port], got "${pair}"`);
    map[tld.replace(/^\./, '')] = server;
  }
  return map;
}

/** "192.0.2.1:53,[2001:db8::1]:5353,ns2.example.net" -> host/port pairs (port 53 when left out). */
function secondaries(raw: string | undefined): Array<{ host: string; port: number }> {
  return list(raw, []).map((entry) => {
    const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(entry) ?? /^([0-9a-f:]+)()$/.exec(entry);
    const host = m?.[1] || m?.[2];
    const port = m?.[3] === undefined ? 53 : Number(m[3]);
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigError(`DNS_SECONDARIES entries look like host[:port] or [ipv6]:port, got "${entry}"`);
    }
    return { host, port };
  });
}

/** The DNS server's TCP limits; one client must not be able to hold every connection. */
function dnsTcp(env: Env): TcpLimits {
  const d = DEFAULT_TCP_LIMITS;
  const limits: TcpLimits = {
    maxConnections: int(env, 'DNS_TCP_CONNECTIONS', d.maxConnections, 2, 1_000_000),
    perAddress: int(env, 'DNS_TCP_PER_ADDRESS', d.perAddress, 1, 1_000_000),
    idleMs: int(env, 'DNS_TCP_IDLE_SECONDS', d.idleMs / 1000, 1, 3600) * 1000,
    messageMs: int(env, 'DNS_TCP_MESSAGE_SECONDS', d.messageMs / 1000, 1, 3600) * 1000,
  };
  if (limits.perAddress >= limits.maxConnections) {
    throw new ConfigError(`DNS_TCP_PER_ADDRESS (${limits.perAddress}) must be less than DNS_TCP_CONNECTIONS (${limits.maxConnections}), or one client can hold every connection`);
  }
  return limits;
}

/** SMTP_URL: unset or empty for the mail folder; else an smtp:// or smtps:// URL. */
function smtpUrl(raw: string | undefined): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://user:pass@mail.example.net:587 or smtps://mail.example.net:465');
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps:// and name a host (got protocol "${url.protocol}")`);
  }
  return value;
}

/**
 * MAIL_FROM, or `hostplane@<PROVIDER_NAME>` when the provider's name is a host name (contains a dot),
 * else `hostplane@localhost`: a From address must have a domain, and "Hostplane Oy" is not one.
 */
function mailFrom(raw: string | undefined, providerName: string | undefined): string {
  const value = raw?.trim();
  if (value) {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(value.replace(/^.*<([^>]*)>\s*$/, '$1'))) throw new ConfigError(`MAIL_FROM must be an e-mail address, got "${value}"`);
    return value;
  }
  const name = (providerName ?? '').trim().toLowerCase();
  return `hostplane@${/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name) ? name : 'localhost'}`;
}

/** PUBLIC_URL: an http(s) URL without a trailing slash; null when unset (the server's own address). */
function publicUrl(raw: string | undefined): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  if (!/^https?:\/\/[^\s/]+/.test(value)) throw new ConfigError(`PUBLIC_URL must be an http:// or https:// URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/** TRUST_PROXY: unset or "off" trusts no proxy; "on" any; digits a hop count; else addresses and subnets, comma-separated. */
function trustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'off' || value === 'false') return false;
  if (value === 'on' || value === 'true') return true;
  if (/^\d{1,3}$/.test(value)) return Number(value);
  for (const entry of value.split(',').map((s) => s.trim())) {
    const [ip, bits, extra] = entry.split('/');
    if (!isIP(ip ?? '') || extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new ConfigError(`TRUST_PROXY is off, on, a hop count or addresses and subnets (192.0.2.1,10.0.0.0/8), got "${entry}"`);
    }
  }
  return value;
}

/**
 * SELLER_NAME (PROVIDER_NAME by default), SELLER_ADDRESS, SELLER_ZIP_CODE, SELLER_CITY, SELLER_COUNTRY
 * (FI), SELLER_BUSINESS_ID, SELLER_VAT_ID (from a Finnish business id when not given), SELLER_IBAN,
 * SELLER_BIC, SELLER_EINVOICE_ADDRESS and SELLER_EINVOICE_INTERMEDIATOR. Checked here, at start-up,
 * since a mistyped account on every invoice is found only when payments go astray: the IBAN's check
 * digits, the BIC's form, a Finnish business id's check digit; the e-invoice address and intermediator
 * come together and fit the Finvoice fields they go in (2-35 characters).
 */
/**
 * The chase of unpaid invoices: one or two reminders, days after the due date in ascending order
 * (DUNNING_REMINDER_DAYS, "7,21"), then the final step DUNNING_FINAL_DAYS (35) after it, later than the
 * last reminder, doing DUNNING_FINAL_ACTION (cancel, suspend or none).
 */
function dunning(env: Env): DunningPolicy {
  const raw = env.DUNNING_REMINDER_DAYS;
  const reminderDays = raw === undefined || raw.trim() === '' ? [7, 21] : raw.split(',').map((s) => Number(s.trim()));
  const ascending = reminderDays.every((d, i) => Number.isInteger(d) && d >= 1 && d <= 365 && (i === 0 || d > reminderDays[i - 1]!));
  if (reminderDays.length < 1 || reminderDays.length > 2 || !ascending) {
    throw new ConfigError(`DUNNING_REMINDER_DAYS must be one or two days after the due date, ascending, 1-365 (such as "7,21"), got "${raw}"`);
  }
  const finalDays = int(env, 'DUNNING_FINAL_DAYS', 35, 1, 730);
  if (finalDays <= reminderDays[reminderDays.length - 1]!) {
    throw new ConfigError(`DUNNING_FINAL_DAYS (${finalDays}) must be later than the last reminder (${reminderDays[reminderDays.length - 1]} days)`);
  }
  const finalAction = env.DUNNING_FINAL_ACTION || 'cancel';
  if (!(DUNNING_FINAL_ACTIONS as readonly string[]).includes(finalAction)) {
    throw new ConfigError(`DUNNING_FINAL_ACTION must be one of ${DUNNING_FINAL_ACTIONS.join(', ')}, got "${finalAction}"`);
  }
  return { reminderDays, finalDays, finalAction: finalAction as DunningPolicy['finalAction'] };
}

function seller(env: Env, providerName: string): Seller {
  const text = (name: string) => env[name]?.trim() ?? '';
  const country = (text('SELLER_COUNTRY') || 'FI').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ConfigError(`SELLER_COUNTRY is a two-letter country code (FI), got "${country}"`);
  const businessId = text('SELLER_BUSINESS_ID');
  if (businessId && country === 'FI' && !isValidBusinessId(businessId)) {
    throw new ConfigError(`SELLER_BUSINESS_ID is a Finnish business id whose check digit verifies (1234567-1), got "${businessId}"`);
  }
  const iban = text('SELLER_IBAN').replace(/\s+/g, '').toUpperCase();
  if (iban && !isValidIban(iban)) throw new ConfigError(`SELLER_IBAN is an IBAN whose check digits verify (FI79 4405 2020 0360 82), got "${text('SELLER_IBAN')}"`);
  const bic = text('SELLER_BIC').toUpperCase();
  if (bic && !isValidBic(bic)) throw new ConfigError(`SELLER_BIC is a BIC of 8 or 11 characters (OKOYFIHH), got "${bic}"`);
  if (iban && !bic) throw new ConfigError('SELLER_BIC must be given with SELLER_IBAN: invoices print both');
  const eInvoiceAddress = text('SELLER_EINVOICE_ADDRESS').replace(/\s+/g, '');
  const eInvoiceIntermediator = text('SELLER_EINVOICE_INTERMEDIATOR').replace(/\s+/g, '').toUpperCase();
  for (const [name, value] of [['SELLER_EINVOICE_ADDRESS', eInvoiceAddress], ['SELLER_EINVOICE_INTERMEDIATOR', eInvoiceIntermediator]]) {
    if (value && (value.length < 2 || value.length > 35)) throw new ConfigError(`${name} is 2-35 characters (003712345671), got "${value}"`);
  }
  if (Boolean(eInvoiceAddress) !== Boolean(eInvoiceIntermediator)) {
    throw new ConfigError('SELLER_EINVOICE_ADDRESS and SELLER_EINVOICE_INTERMEDIATOR are given together: every e-invoice names both');
  }
  return {
    name: text('SELLER_NAME') || providerName,
    address: text('SELLER_ADDRESS'),
    zipCode: text('SELLER_ZIP_CODE'),
    city: text('SELLER_CITY'),
    country,
    businessId,
    vatId: text('SELLER_VAT_ID').toUpperCase() || (businessId && country === 'FI' ? finnishVatId(businessId) : ''),
    iban,
    bic,
    eInvoiceAddress,
    eInvoiceIntermediator,
  };
}

/** SQLite databases keep the JWT secret beside them; other stores use DATA_DIR (default ./data). */
function defaultDataDir(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:') && !databaseUrl.includes(':memory:')) {
    return dirname(resolve(databaseUrl.slice('sqlite:'.length)));
  }
  return resolve('data');
}

/**
 * A JWT secret must survive restarts (or every token dies with the process) and must not be shared
 * between installations, so when none is configured one is generated once and kept in the data folder.
 * The DNSSEC key secret (DNSSEC_KEY_SECRET, file `dnssec-key-secret`) is kept the same way: the zone
 * keys in the store are sealed with it, so it must outlive the process, and every instance on one
 * store must be given the same one.
 */
function loadOrCreateSecret(dataDir: string, configured: string | undefined, name = 'JWT_SECRET', fileName = 'jwt-secret'): Uint8Array {
  if (configured) {
    if (configured.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
    return new TextEncoder().encode(configured);
  }
  const file = join(dataDir, fileName);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Two processes starting at once on a fresh folder: the other one wrote it first, and it is read below.
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
    }
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

/** The store DATABASE_URL names, or the default one (read alone by the CLI before anything is created). */
export const databaseUrlOf = (env: Env): string => env.DATABASE_URL || 'sqlite:./data/hostplane.db';

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = databaseUrlOf(env);
  if (!databaseUrl.startsWith('sqlite:') && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got "${databaseUrl}")`);
  }
  const dataDir = env.DATA_DIR ? resolve(env.DATA_DIR) : defaultDataDir(databaseUrl);
  const providerDomain = (env.PROVIDER_DOMAIN || 'hostplane.test').toLowerCase();
  const vat = Number(env.VAT_RATE ?? '25.5');
  if (!Number.isFinite(vat) || vat < 0 || vat > 100) throw new ConfigError('VAT_RATE must be a percentage 0-100');
  // Registries are chosen per TLD in the store now; REGISTRY=local, the only value it took, still starts.
  if (env.REGISTRY && env.REGISTRY !== 'local') {
    throw new ConfigError(
      `REGISTRY is no longer a setting: a TLD is served by the registry configured for it with \`hostplane registries add\`, ` +
        `and by the embedded local registry when none is (got REGISTRY="${env.REGISTRY}")`,
    );
  }

  const dnsProvider = env.DNS_PROVIDER || 'builtin';
  if (dnsProvider !== 'builtin' && dnsProvider !== 'powerdns') {
    throw new ConfigError(`DNS_PROVIDER "${dnsProvider}" is not available; use "builtin" or "powerdns"`);
  }
  if (dnsProvider === 'powerdns' && (!env.PDNS_API_URL || !env.PDNS_API_KEY)) {
    throw new ConfigError('DNS_PROVIDER "powerdns" needs PDNS_API_URL (such as http://127.0.0.1:8081) and PDNS_API_KEY');
  }

  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 8080, 0, 65535),
    databaseUrl,
    dataDir,
    jwtSecret: loadOrCreateSecret(dataDir, env.JWT_SECRET),
    logLevel: env.LOG_LEVEL || 'info',
    providerName: env.PROVIDER_NAME || 'hostplane',
    providerDomain,
    nameservers: list(env.NAMESERVERS, [1, 2, 3].map((n) => `ns${n}.${providerDomain}`)),
    parkNameservers: list(env.PARK_NAMESERVERS, [1, 2, 3].map((n) => `park${n}.${providerDomain}`)),
    hostmaster: (env.HOSTMASTER || `hostmaster.${providerDomain}`).toLowerCase(),
    vatRateBp: Math.round(vat * 100),
    invoiceDueDays: int(env, 'INVOICE_DUE_DAYS', 14, 0, 365),
    dunning: dunning(env),
    seller: seller(env, env.PROVIDER_NAME || 'hostplane'),
    einvoiceDir: env.EINVOICE_DIR ? resolve(env.EINVOICE_DIR) : join(dataDir, 'einvoices'),
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailDir: join(dataDir, 'mail'),
    mailFrom: mailFrom(env.MAIL_FROM, env.PROVIDER_NAME),
    publicUrl: publicUrl(env.PUBLIC_URL),
    jobLeaseMs: int(env, 'JOB_LEASE_SECONDS', 300, 1, 86_400) * 1000,
    idempotencyLeaseMs: int(env, 'IDEMPOTENCY_LEASE_SECONDS', 60, 1, 86_400) * 1000,
    loginFailuresPerAddress: int(env, 'LOGIN_ADDRESS_FAILURES', 30, 1, 1_000_000),
    loginVerifications: int(env, 'LOGIN_VERIFICATIONS', 8, 1, 1000),
    // argon2 takes 8 KiB per lane at the least (four lanes here); 4 GiB is far past any server's wish.
    passwordHashing: {
      memoryKib: int(env, 'PASSWORD_HASH_MEMORY_KIB', DEFAULT_PASSWORD_HASHING.memoryKib, 32, 4_194_304),
      passes: int(env, 'PASSWORD_HASH_PASSES', DEFAULT_PASSWORD_HASHING.passes, 1, 100),
    },
    trustProxy: trustProxy(env.TRUST_PROXY),
    registriesRefreshMs: int(env, 'REGISTRIES_REFRESH_SECONDS', 30, 0, 3600) * 1000,
    panelSessions: {
      idleMs: int(env, 'PANEL_SESSION_IDLE_MINUTES', 60, 1, 10_080) * 60_000,
      lifetimeMs: int(env, 'PANEL_SESSION_HOURS', 12, 1, 8_760) * 3_600_000,
    },
    whoisServers: whoisMap(env.WHOIS_SERVERS),
    whoisIanaServer: env.WHOIS_IANA_SERVER || 'whois.iana.org',
    whoisTimeoutMs: int(env, 'WHOIS_TIMEOUT_MS', 5000, 100, 60_000),
    dnsPort: env.DNS_PORT?.trim().toLowerCase() === 'off' ? null : int(env, 'DNS_PORT', 5300, 0, 65535),
    dnsHost: env.DNS_HOST || env.HOST || '127.0.0.1',
    dnsSecondaries: secondaries(env.DNS_SECONDARIES),
    dnsTcp: dnsTcp(env),
    webPort: env.WEB_PORT?.trim().toLowerCase() === 'off' ? null : int(env, 'WEB_PORT', 8081, 0, 65535),
    webHost: env.WEB_HOST || env.HOST || '127.0.0.1',
    webAddress: address(env, 'WEB_ADDRESS', 4) ?? '127.0.0.1',
    webAddress6: address(env, 'WEB_ADDRESS6', 6),
    dnsProvider,
    powerdns:
      dnsProvider === 'powerdns'
        ? { apiUrl: env.PDNS_API_URL!, apiKey: env.PDNS_API_KEY!, serverId: env.PDNS_SERVER_ID || 'localhost' }
        : null,
    dnssec: {
      keySecret: loadOrCreateSecret(dataDir, env.DNSSEC_KEY_SECRET, 'DNSSEC_KEY_SECRET', 'dnssec-key-secret'),
      // A TLD's DS TTL: .fi, .eu, .be and .com publish theirs with a day (86400 s); 30 days is beyond any.
      parentDsTtl: int(env, 'DNSSEC_PARENT_DS_TTL', 86_400, 0, 2_592_000),
      keyLifetimeDays: int(env, 'DNSSEC_KEY_LIFETIME_DAYS', 365, 0, 36_500),
    },
    webhooks: {
      allowPrivate: flag(env, 'WEBHOOK_ALLOW_PRIVATE'),
      // Standard Webhooks' example: an endpoint failing for days is disabled and its owner told; five days.
      disableAfterMs: int(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 120, 1, 8_760) * 3_600_000,
    },
  };
}
