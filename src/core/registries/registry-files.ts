import { readFile } from 'node:fs/promises';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { FieldErrorCollector } from '../errors.js';

/** Where a registry's secrets are: the operator's files (absolute paths; the store keeps only these). */
export interface RegistryFilePaths {
  passwordFile: string;
  caFile?: string | null;
  certFile?: string | null;
  keyFile?: string | null;
}

/** The files' contents, as the EPP provider takes them (EppRegistrySettings). */
export interface RegistrySecrets {
  password: string;
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * Reads a registry's password, CA, client certificate and key from the operator's files and checks
 * what can be checked before a connection: the password is one line of 6-16 characters (RFC 5730's
 * pwType), every PEM parses (a CA file may hold several certificates), the client certificate is
 * valid now, and the key is the certificate's. `registries add` calls it so a mistake is found there,
 * not at the first order; the registry router calls it again when it makes the registry's provider,
 * and again when a file changed (a renewed certificate replaced in place).
 * Errors: invalid, per option (password_file, ca, cert, key), every problem at once.
 */
export async function readRegistryFiles(paths: RegistryFilePaths): Promise<RegistrySecrets> {
  const errors = new FieldErrorCollector();
  const read = async (field: string, option: string, path: string | null | undefined): Promise<string | undefined> => {
    if (!path) return undefined;
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by this user' : code === 'EISDIR' ? 'is a folder' : (err as Error).message;
      errors.add(field, `${option} ${path} ${why}`);
      return undefined;
    }
  };
  const [passwordText, ca, cert, key] = await Promise.all([
    read('password_file', '--password-file', paths.passwordFile),
    read('ca', '--ca', paths.caFile),
    read('cert', '--cert', paths.certFile),
    read('key', '--key', paths.keyFile),
  ]);

  // A trailing newline is the editor's, not the password's (pwType is an XML token: no edge spaces).
  const password = passwordText?.trim();
  if (passwordText !== undefined && password !== undefined) {
    if (password.includes('\n')) errors.add('password_file', `--password-file ${paths.passwordFile} must hold the password alone, on one line`);
    else if (password.length < 6 || password.length > 16) {
      errors.add('password_file', `--password-file ${paths.passwordFile}: an EPP password is 6-16 characters (RFC 5730), this one has ${password.length}`);
    }
  }
  if (ca !== undefined) {
    const blocks = pemBlocks(ca, 'CERTIFICATE');
    if (blocks.length === 0) errors.add('ca', `--ca ${paths.caFile} holds no PEM certificate`);
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch (err) {
        errors.add('ca', `--ca ${paths.caFile}: a certificate does not parse (${(err as Error).message})`);
      }
    }
  }
  let certificate: X509Certificate | undefined;
  if (cert !== undefined) {
    try {
      certificate = new X509Certificate(cert);
      // By the wall clock, which the TLS peers judge it by, not the platform's business clock.
      const now = new Date().toISOString();
      if (new Date(certificate.validTo).toISOString() < now) errors.add('cert', `--cert ${paths.certFile} expired on ${certificate.validTo}`);
      if (new Date(certificate.validFrom).toISOString() > now) errors.add('cert', `--cert ${paths.certFile} is valid only from ${certificate.validFrom}`);
    } catch (err) {
      errors.add('cert', `--cert ${paths.certFile} is not a PEM certificate (${(err as Error).message})`);
    }
  }
  if (key !== undefined) {
    try {
      const privateKey = createPrivateKey(key);
      if (certificate && !certificate.checkPrivateKey(privateKey)) {
        errors.add('key', `--key ${paths.keyFile} is not the key of the certificate in ${paths.certFile}`);
      }
    } catch (err) {
      errors.add('key', `--key ${paths.keyFile} is not an unencrypted PEM private key (${(err as Error).message})`);
    }
  }
  errors.throwIfAny();
  return { password: password!, ca, cert, key };
}

/** The PEM blocks of `label` in `text` ("-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----"). */
function pemBlocks(text: string, label: string): string[] {
  const re = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
  return text.match(re) ?? [];
}
