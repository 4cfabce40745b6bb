import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Ctx } from '../context.js';
import type { RegistryConfig } from '../../ports/store/registries.js';
import { UniqueViolation } from '../../ports/store.js';
import { isoTimestamp } from '../dates.js';
import { DomainError, FieldErrorCollector } from '../errors.js';
import { parseDomainName } from '../domains/domain-name.js';
import { readRegistryFiles } from './registry-files.js';
import {
  CONTACT_ROLES, DEFAULT_SESSIONS, MAX_COMMANDS_PER_SECOND, MAX_SESSIONS, isRegistryHost, isRegistryName, type ContactRole,
} from './registry-rules.js';

export interface AddRegistryInput {
  name: string;
  host: string;
  port: number;
  username: string;
  /** Paths as the operator typed them: relative ones are resolved against `cwd`. */
  passwordFile: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  sessions?: number;
  commandsPerSecond?: number;
  nameserverStyle?: 'hostObj' | 'hostAttr';
  contactRoles?: string[];
  /** "fi", ".fi", "FI" or an IDN TLD; at least one. */
  tlds: string[];
  /** The operator's working directory. */
  cwd: string;
  /** When a registry of this name exists, replace its settings and TLDs instead of refusing. */
  replace?: boolean;
}

export interface AddedRegistry {
  registry: RegistryConfig;
  tlds: string[];
  /** Whether an existing registry's settings were replaced (`replace`). */
  replaced: boolean;
  /** What is allowed but unwise: a secret file others may read. */
  warnings: string[];
}

/**
 * Configures an EPP registry and the TLDs it serves (`hostplane registries add`). From then on names
 * under those TLDs are checked, registered and renewed there (providers/registry/registry-router.ts),
 * in this process and, within the router's refresh interval, in a running server.
 * Rules: a plain name (isRegistryName), not taken; a host name or IP address and a port 1-65535; a
 * username (EPP clID, 3-16 characters: RFC 5730's clIDType); the password file and any CA,
 * certificate and key files readable and sound (readRegistryFiles), a certificate only with its key;
 * sessions 1-16; a rate of 0-1000 commands a second; contact roles among admin, tech, billing; TLDs
 * that the catalogue has (`hostplane tlds set` adds one) and that no other registry serves.
 * With `replace`, a registry of that name has its settings and TLDs replaced in the same transaction
 * (no moment in which its TLDs are `local`'s, as between a remove and an add), unless a TLD it would
 * give up has live domains under it.
 * Writes, in one transaction: the registry row (with the files' absolute paths, never their contents)
 * and one registry_tlds row per TLD.
 * Errors: invalid (name, host, port, username, password_file, ca, cert, key, sessions, rate,
 * contact_roles, tlds: every problem at once); conflict (the name is taken and not `replace`, or a TLD
 * is another registry's, naming it); rejected (`replace` would give up a TLD with live domains).
 */
export async function addRegistry(ctx: Ctx, input: AddRegistryInput): Promise<AddedRegistry> {
  const errors = new FieldErrorCollector();
  const name = input.name.trim();
  if (!isRegistryName(name)) {
    errors.add('name', `"${input.name}" is not a registry name: 1-32 lower-case letters, digits and hyphens, not "local"`);
  }
  const host = input.host.trim().toLowerCase();
  if (!isRegistryHost(host)) errors.add('host', `--host "${input.host}" is not a host name or IP address`);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) errors.add('port', `--port must be 1-65535, got ${input.port}`);
  const username = input.username.trim();
  if (username.length < 3 || username.length > 16) errors.add('username', `--username is the registrar's EPP login, 3-16 characters (RFC 5730), got "${input.username}"`);
  const sessions = input.sessions ?? DEFAULT_SESSIONS;
  if (!Number.isInteger(sessions) || sessions < 1 || sessions > MAX_SESSIONS) errors.add('sessions', `--sessions must be 1-${MAX_SESSIONS}, got ${sessions}`);
  const rate = input.commandsPerSecond ?? 0;
  if (!Number.isInteger(rate) || rate < 0 || rate > MAX_COMMANDS_PER_SECOND) {
    errors.add('rate', `--rate must be 0-${MAX_COMMANDS_PER_SECOND} commands a second (0: no limit), got ${rate}`);
  }
  const roles = [...new Set(input.contactRoles ?? [])];
  for (const role of roles) {
    if (!(CONTACT_ROLES as readonly string[]).includes(role)) errors.add('contact_roles', `--contact-roles takes ${CONTACT_ROLES.join(', ')}, got "${role}"`);
  }
  if ((input.certFile === undefined) !== (input.keyFile === undefined)) errors.add('cert', '--cert and --key go together');

  const tlds: string[] = [];
  for (const typed of input.tlds) {
    const tld = parseDomainName(`example.${typed.trim().replace(/^\./, '')}`)?.tld;
    if (!tld) errors.add('tlds', `"${typed}" is not a TLD`);
    else if (!(await ctx.store.tlds.find(tld))) errors.add('tlds', `.${tld} is not in the catalogue: add it first with \`hostplane tlds set ${tld}\``);
    else if (!tlds.includes(tld)) tlds.push(tld);
  }
  if (input.tlds.length === 0) errors.add('tlds', '--tlds is required: the TLDs this registry serves, comma-separated');

  const path = (file: string | undefined) => (file === undefined ? null : isAbsolute(file) ? file : resolve(input.cwd, file));
  const files = { passwordFile: path(input.passwordFile)!, caFile: path(input.caFile), certFile: path(input.certFile), keyFile: path(input.keyFile) };
  try {
    await readRegistryFiles(files);
  } catch (err) {
    if (!(err instanceof DomainError) || !err.fields) throw err;
    for (const [field, messages] of Object.entries(err.fields)) for (const m of messages) errors.add(field, m);
  }
  errors.throwIfAny();

  const now = isoTimestamp(ctx.clock.now());
  const registry: RegistryConfig = {
    name,
    host,
    port: input.port,
    username,
    password_file: files.passwordFile,
    ca_file: files.caFile,
    cert_file: files.certFile,
    key_file: files.keyFile,
    sessions,
    commands_per_second: rate,
    nameserver_style: input.nameserverStyle ?? 'hostObj',
    contact_roles: JSON.stringify(roles as ContactRole[]),
    created_at: now,
    updated_at: now,
  };
  let replaced = false;
  try {
    await ctx.store.transaction(async (tx) => {
      const existing = await tx.registries.find(name);
      if (existing && !input.replace) {
        throw new DomainError('conflict', `A registry named ${name} exists already (--replace changes its settings)`);
      }
      for (const tld of tlds) {
        const owner = await tx.registries.registryOf(tld);
        if (owner && owner !== name) throw new DomainError('conflict', `.${tld} is served by the registry ${owner} already (one registry per TLD)`);
      }
      if (!existing) return tx.registries.add(registry, tlds);
      const dropped = (await tx.registries.tldsOf(name)).filter((tld) => !tlds.includes(tld));
      const live = await tx.domains.countLiveByTlds(dropped);
      if (live > 0) {
        throw new DomainError(
          'rejected',
          `${live} live domain${live === 1 ? ' is' : 's are'} under ${dropped.map((t) => `.${t}`).join(', ')}, which ${name} would no longer serve: keep ${dropped.length === 1 ? 'it' : 'them'} in --tlds`,
        );
      }
      registry.created_at = existing.created_at;
      await tx.registries.replace(registry, tlds);
      replaced = true;
    });
  } catch (err) {
    // Another `registries add` got there between the checks and the insert.
    if (err instanceof UniqueViolation) throw new DomainError('conflict', `The name ${name} or one of the TLDs was taken meanwhile; \`hostplane registries list\` shows by whom`);
    throw err;
  }
  return { registry, tlds, replaced, warnings: await secretFileWarnings([files.passwordFile, files.keyFile]) };
}

/** A password or key file that users other than its owner may read (mode bits 077), to say so. */
async function secretFileWarnings(paths: Array<string | null>): Promise<string[]> {
  const warnings: string[] = [];
  for (const path of paths) {
    if (path === null) continue;
    const mode = (await stat(path)).mode & 0o777;
    if (mode & 0o077) warnings.push(`${path} may be read by others (mode ${mode.toString(8).padStart(3, '0')}): chmod 600 it`);
  }
  return warnings;
}
