/**
 * The EPP registries the operator configured (`hostplane registries add`, migration 014) and the TLDs
 * each serves. Secrets are not here: the row names the operator's files, read when a connection is made.
 */
export interface RegistryConfig {
  /** The operator's name for it: lower-case letters, digits and hyphens, not `local`. */
  name: string;
  host: string;
  port: number;
  /** EPP clID. */
  username: string;
  /** Absolute paths, resolved when the registry was added. */
  password_file: string;
  ca_file: string | null;
  cert_file: string | null;
  key_file: string | null;
  sessions: number;
  /** 0: no limit of our own. */
  commands_per_second: number;
  nameserver_style: 'hostObj' | 'hostAttr';
  /** JSON list of the contact roles a domain needs besides the registrant: ["admin","tech"]. */
  contact_roles: string;
  created_at: string;
  updated_at: string;
}

/** A TLD claimed by a registry. */
export interface RegistryTld {
  tld: string;
  registry: string;
}

export interface RegistryConfigRepository {
  /**
   * Adds the registry with the TLDs it serves (call inside a transaction, so a refused TLD adds
   * nothing). UniqueViolation when the name or a TLD is taken already.
   */
  add(registry: RegistryConfig, tlds: string[]): Promise<void>;
  /**
   * Replaces the settings and TLDs of the registry `registry.name` (created_at stays the first add's);
   * call inside a transaction. UniqueViolation when a TLD is another registry's.
   */
  replace(registry: RegistryConfig, tlds: string[]): Promise<void>;
  find(name: string): Promise<RegistryConfig | undefined>;
  /** Every registry, by name. */
  list(): Promise<RegistryConfig[]>;
  /** Every claimed TLD with its registry, by TLD. */
  tlds(): Promise<RegistryTld[]>;
  /** The TLDs `name` serves, sorted. */
  tldsOf(name: string): Promise<string[]>;
  /** The registry that serves `tld`, or undefined (the `local` registry serves it). */
  registryOf(tld: string): Promise<string | undefined>;
  /** Removes the registry and its TLDs (they go back to `local`); false when there was none. */
  remove(name: string): Promise<boolean>;
}
