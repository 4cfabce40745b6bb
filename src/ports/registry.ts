/**
 * A domain registry, as EPP (RFC 5730/5731) shapes one: check, create, renew, transfer, info and
 * updates of nameservers and auth code. `local` (hostplane acting as the registry for the TLDs it
 * sells) is the embedded implementation; EPP registries come later behind the same interface.
 */
export interface RegistrantSnapshot {
  name: string;
  organization: string;
  email: string;
  phone: string;
  address: string;
  zipCode: string;
  city: string;
  country: string;
  identityNumber: string;
}

export interface RegistryDomainInfo {
  name: string;
  registrar: string;
  registrant: RegistrantSnapshot;
  nameservers: string[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  dnssec: 'unsigned' | 'signed';
}

export interface CheckResult {
  name: string;
  available: boolean;
}

/** Raised by a registry for a refused command; `reason` is stable, `message` is for people. */
export class RegistryError extends Error {
  constructor(
    readonly reason: 'exists' | 'not_found' | 'auth_invalid' | 'not_sponsor' | 'policy' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface Registry {
  readonly name: string;
  /** What this registry can do, so callers can refuse early instead of failing midway. */
  readonly capabilities: ReadonlyArray<'check' | 'create' | 'renew' | 'transfer' | 'info' | 'nameservers' | 'authcode' | 'delete'>;
  check(names: string[]): Promise<CheckResult[]>;
  create(req: { name: string; years: number; registrant: RegistrantSnapshot; nameservers: string[] }): Promise<RegistryDomainInfo>;
  /** Extends by `years` from the current expiry; `currentExpiry` guards against a repeated renew (EPP curExpDate). */
  renew(req: { name: string; years: number; currentExpiry: string }): Promise<RegistryDomainInfo>;
  /** Moves the registration to this registrar; the auth code must match. Registries add one year. */
  transfer(req: { name: string; authCode: string; registrant?: RegistrantSnapshot }): Promise<RegistryDomainInfo>;
  /** Public information; undefined when the name is not registered. */
  info(name: string): Promise<RegistryDomainInfo | undefined>;
  /** Whether `authCode` is the name's current transfer code (EPP domain:info with authInfo). */
  verifyAuthCode(name: string, authCode: string): Promise<boolean>;
  setNameservers(name: string, nameservers: string[]): Promise<void>;
  setAuthCode(name: string, authCode: string): Promise<void>;
  /**
   * Ends the registration (EPP domain:delete) so the name is free again: the last step of an expired
   * domain's lifecycle. Only the sponsoring registrar may. Errors: not_found, not_sponsor.
   */
  delete(name: string): Promise<void>;
}
