/**
 * One EPP registry as the operator configured it (`hostplane registries add`), with the secrets
 * already read from their files: the EPP provider never reads files or the store's registries table.
 */
export interface EppRegistrySettings {
  /** The operator's name for it (`registries add NAME`); also the key of its contact handles. */
  name: string;
  host: string;
  port: number;
  /** EPP clID, the registrar's login at the registry. */
  username: string;
  password: string;
  /** PEM: the CA that signed the registry's certificate, when not a public one. */
  ca?: string;
  /** PEM client certificate and key, for registries that ask for one (most do). */
  cert?: string;
  key?: string;
  /** Logged-in sessions kept open (registries cap them per registrar; 1-16). */
  sessions: number;
  /** Commands per second across all sessions (registries throttle; 0: no limit of our own). */
  commandsPerSecond: number;
  /** The TLDs (A-labels, no dot) it serves. */
  tlds: string[];
  /**
   * How a domain names its nameservers (RFC 5731 section 1.1): as host objects created beforehand
   * (`hostObj`, most registries) or as attributes with their glue inline (`hostAttr`, .eu and a few).
   */
  nameserverStyle: 'hostObj' | 'hostAttr';
  /** Contact roles a domain must have besides the registrant (filled with the registrant's contact). */
  contactRoles: Array<'admin' | 'tech' | 'billing'>;
}

/** What `registries test` shows of a registry's greeting (RFC 5730 section 2.4). */
export interface EppGreeting {
  serverId: string;
  serverDate: string;
  versions: string[];
  languages: string[];
  /** objURI values: the object mappings the registry offers. */
  objects: string[];
  /** svcExtension extURI values: the extensions it offers. */
  extensions: string[];
}
