/**
 * The contact objects a registrar has made at each outside registry: hostplane's contact key
 * (RegistrantSnapshot.key) to the registry's handle (EPP contact:id), with a fingerprint of the
 * details as last sent, so a changed contact is updated there once and an unchanged one not at all.
 */
export interface RegistryContact {
  registry: string;
  contact_key: string;
  handle: string;
  fingerprint: string;
  created_at: string;
  updated_at: string;
}

export interface RegistryContactRepository {
  find(registry: string, contactKey: string): Promise<RegistryContact | undefined>;
  /**
   * The row of a handle (a domain's registrant as the registry names it), to tell the registrant's key.
   * Optional: without it the EPP provider knows only the handles it used since it started.
   */
  findByHandle?(registry: string, handle: string): Promise<RegistryContact | undefined>;
  /** Inserts or replaces the row for (registry, contact_key). */
  save(row: RegistryContact): Promise<void>;
  delete(registry: string, contactKey: string): Promise<void>;
}
