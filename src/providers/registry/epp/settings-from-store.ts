import { readRegistryFiles } from '../../../core/registries/registry-files.js';
import { contactRolesOf } from '../../../core/registries/registry-rules.js';
import type { RegistryConfig } from '../../../ports/store/registries.js';
import type { EppRegistrySettings } from './settings.js';

/**
 * The EPP provider's settings for a registry the operator configured: its row, its TLDs, and its
 * secrets read from the operator's files now (readRegistryFiles; invalid, per file, when one went
 * missing or bad since `registries add`).
 */
export async function eppSettingsOf(row: RegistryConfig, tlds: string[]): Promise<EppRegistrySettings> {
  const secrets = await readRegistryFiles(
    { passwordFile: row.password_file, caFile: row.ca_file, certFile: row.cert_file, keyFile: row.key_file });
  return {
    name: row.name,
    host: row.host,
    port: row.port,
    username: row.username,
    ...secrets,
    sessions: row.sessions,
    commandsPerSecond: row.commands_per_second,
    tlds,
    nameserverStyle: row.nameserver_style,
    contactRoles: contactRolesOf(row.contact_roles),
  };
}
