/** The `local` registry's own rows: what a TLD registry holds about one registration. */
export interface RegistryRecord {
  name: string;
  registrar: string;
  /** JSON snapshot of the registrant as registered. */
  registrant: string;
  auth_code: string;
  /** JSON array of host names. */
  nameservers: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

export interface RegistryRecordRepository {
  find(name: string): Promise<RegistryRecord | undefined>;
  create(record: RegistryRecord): Promise<void>;
  update(name: string, patch: Partial<Omit<RegistryRecord, 'name'>>): Promise<void>;
  delete(name: string): Promise<void>;
}
