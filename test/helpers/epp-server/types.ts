/** The test registry's configuration and the state it keeps, exported for tests' assertions. */

export interface RegistrarConfig {
  /** EPP clID (3-16 characters, RFC 5730's clIDType). */
  id: string;
  /** 6-16 characters (RFC 5730's pwType); a login may change it with newPW. */
  password: string;
  /** Logged-in sessions allowed at once; beyond it login answers 2502 and closes. Default: options.sessionLimit. */
  sessionLimit?: number;
}

/** What a TLD's registry policy asks of a registration. */
export interface TldPolicy {
  /** How domain:create and domain:update name nameservers (RFC 5731 section 1.1). Default 'hostObj'. */
  nameservers?: 'hostObj' | 'hostAttr';
  /** Contact roles a domain must have (2003 on create without them; 2306 on an update leaving none). */
  requiredRoles?: Array<'admin' | 'tech' | 'billing'>;
  /**
   * The registrant contact must carry an identity number (the identity-1.0 extension on contact:create
   * or contact:update): 2306 otherwise, as .fi's registry refuses a registrant without one.
   */
  registrantIdentity?: boolean;
}

export interface EppServerOptions {
  registrars: RegistrarConfig[];
  /** TLDs served (A-labels, no dot). */
  tlds: string[];
  /** Per-TLD policy; TLDs not named get the defaults (hostObj, no required roles, no identity). */
  policies?: Record<string, TldPolicy>;
  /**
   * 'immediate': a transfer request with the right authInfo completes at once (1000), as most ccTLD
   * registries do; 'pending': it waits for the losing registrar (1001, pendingTransfer). Default 'immediate'.
   */
  transferMode?: 'immediate' | 'pending';
  /** In 'pending' mode, the registry approves a transfer nobody settled after this long (serverApproved). */
  autoApproveTransferAfterMs?: number;
  /** Whether domain:delete puts the name in redemption (RFC 3915) instead of freeing it. Default true. */
  redemption?: boolean;
  /** Closes a session that sent no command for this long. Default 10 minutes. */
  idleTimeoutMs?: number;
  /** Demands a client certificate signed by the test CA (requestCert + rejectUnauthorized). Default false. */
  requireClientCert?: boolean;
  /** Added before every answer (and the greeting), e.g. 20 for the benchmark's round trip. Default 0. */
  latencyMs?: number;
  /** Logged-in sessions per registrar. Default 4. */
  sessionLimit?: number;
  /** When set: more commands than this per window from one registrar answer 2502 and close the session. */
  rateLimit?: { commands: number; perMs: number };
  /** Schema-check every frame a client sends (default true); turning it off is only for measuring its cost. */
  validate?: boolean;
  /**
   * Schema-check the registry's own answers too (default true): a wrong one is logged and the connection
   * dropped. It doubles the validator's share of each command; a benchmark may turn it off.
   */
  checkAnswers?: boolean;
  /** svID in the greeting and the prefix of svTRIDs. */
  serverId?: string;
  /** The registry's clock (default: the real one); dates in answers come from it. */
  now?: () => Date;
}

export interface HostAddr {
  ip: 'v4' | 'v6';
  addr: string;
}

/** A nameserver of a domain: a host object's name, or (hostAttr) a name with its glue. */
export interface NameserverRef {
  name: string;
  addrs?: HostAddr[];
}

export interface DsRecord {
  keyTag: number;
  alg: number;
  digestType: number;
  /** Upper-case hex. */
  digest: string;
}

export type TransferStatus = 'pending' | 'clientApproved' | 'clientCancelled' | 'clientRejected' | 'serverApproved' | 'serverCancelled';

export interface TransferRecord {
  status: TransferStatus;
  /** Requesting (gaining) registrar. */
  reID: string;
  reDate: Date;
  /** Registrar to act (losing) while pending; the one that acted afterwards. */
  acID: string;
  acDate: Date;
  /** Expiry after the transfer (projected while pending). */
  exDate: Date;
  /** Years the transfer adds. */
  years: number;
}

export interface DomainState {
  name: string;
  roid: string;
  clID: string;
  crID: string;
  crDate: Date;
  upID?: string;
  upDate?: Date;
  exDate: Date;
  trDate?: Date;
  registrant?: string;
  contacts: Array<{ type: 'admin' | 'tech' | 'billing'; id: string }>;
  ns: NameserverRef[];
  /** client* and server* statuses set on it (ok, inactive, pending* are derived). */
  statuses: Set<string>;
  authInfo: string;
  ds: DsRecord[];
  /** RFC 3915: set while the name waits in redemption after a delete. */
  rgp?: 'redemptionPeriod';
  deletedAt?: Date;
  transfer?: TransferRecord;
}

export interface PostalInfo {
  type: 'loc' | 'int';
  name: string;
  org?: string;
  street: string[];
  city: string;
  sp?: string;
  pc?: string;
  cc: string;
}

export interface ContactState {
  id: string;
  roid: string;
  clID: string;
  crID: string;
  crDate: Date;
  upID?: string;
  upDate?: Date;
  postalInfo: PostalInfo[];
  voice?: string;
  fax?: string;
  email: string;
  authInfo: string;
  disclose?: { flag: boolean; fields: string[] };
  /** identity-1.0 extension: a person's identity number or an organisation's business id. */
  identity?: string;
  statuses: Set<string>;
}

export interface HostState {
  name: string;
  roid: string;
  clID: string;
  crID: string;
  crDate: Date;
  upID?: string;
  upDate?: Date;
  addrs: HostAddr[];
  statuses: Set<string>;
}

/** One entry of the command log, for assertions (what reached the registry, and what it answered). */
export interface CommandRecord {
  /** The logged-in registrar, or the clID a login tried. */
  registrar?: string;
  /** 'login', 'logout', 'hello', 'poll', 'domain:create', 'domain:transfer', 'contact:info'... or 'invalid'. */
  command: string;
  /** transfer and poll ops. */
  op?: string;
  clTRID?: string;
  svTRID?: string;
  code?: number;
  /** True when the answer was withheld on purpose (loseNextAnswer). */
  lost?: boolean;
  at: Date;
}

export interface PollMessage {
  id: string;
  qDate: Date;
  msg: string;
  /** Serialized by poll.ts; kept as data so tests can read what was queued. */
  kind: 'transfer' | 'autoRenew' | 'deleted' | 'text';
  name?: string;
  transfer?: TransferRecord;
  exDate?: Date;
}
