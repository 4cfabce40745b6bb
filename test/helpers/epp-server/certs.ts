import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEMs of a throwaway PKI: a CA, a server certificate for 127.0.0.1/localhost, a client certificate. */
export interface TestPki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * Made once per process: `openssl` takes a few hundred milliseconds for the three certificates, and a
 * test file that starts many servers should not pay it each time. Real registries hand out a CA and
 * expect a client certificate signed by a CA they accept; a private CA plays both parts here.
 */
let cached: Promise<TestPki> | undefined;

export function testPki(): Promise<TestPki> {
  cached ??= makePki().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function makePki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'epp-pki-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  try {
    // P-256 keys: quick to make, and every TLS stack (node's, Perl's IO::Socket::SSL) speaks them.
    const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at(name));
    await Promise.all([key('ca.key'), key('server.key'), key('client.key')]);
    await openssl('req', '-x509', '-new', '-key', at('ca.key'), '-sha256', '-days', '2', '-subj', '/CN=Test EPP registry CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', at('ca.pem'));
    // A certificate names its host in subjectAltName (clients ignore the CN since RFC 6125).
    await writeFile(at('server.ext'), [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'));
    await writeFile(at('client.ext'), ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth', ''].join('\n'));
    const sign = async (name: string, subject: string) => {
      await openssl('req', '-new', '-key', at(`${name}.key`), '-subj', subject, '-out', at(`${name}.csr`));
      await openssl('x509', '-req', '-in', at(`${name}.csr`), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial',
        '-days', '2', '-sha256', '-extfile', at(`${name}.ext`), '-out', at(`${name}.pem`));
    };
    // One after the other: both write the CA's serial file.
    await sign('server', '/CN=localhost');
    await sign('client', '/CN=test registrar');
    const read = (name: string) => readFile(at(name), 'utf8');
    return {
      ca: await read('ca.pem'),
      serverCert: await read('server.pem'),
      serverKey: await read('server.key'),
      clientCert: await read('client.pem'),
      clientKey: await read('client.key'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
