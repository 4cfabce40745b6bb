/** The `local` registry's own rows: what a TLD registry holds about one registration. */
export interface RegistryRecord {
  name: string;
  registrar: string;
  /** JSON snapshot of the registrant as registered. */
  registrant: string;
  /** The snapshot's key (RegistrantSnapshot.key), to find a contact's registrations when it changes. */
  registrant_key: string;
  auth_code: string;
  /** JSON array of host names. */
  nameservers: string;
  /** JSON array of DsData: the DS set published at the parent; [] unsigned. */
  ds: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

export interface RegistryRecordRepository {
  find(name: string): Promise<RegistryRecord | undefined>;
  create(record: RegistryRecord): Promise<void>;
  update(name: string, patch: Partial<Omit<RegistryRecord, 'name'>>): Promise<void>;
  /** The registrations whose registrant is the contact `key`, by name. */
  listByRegistrantKey(key: string): Promise<RegistryRecord[]>;
  delete(name: string): Promise<void>;
}
