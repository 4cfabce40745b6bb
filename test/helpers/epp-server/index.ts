import { writeFile } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { testPki } from './certs.js';
import { Faults } from './faults.js';
import { addYears, Registry } from './registry.js';
import { Session } from './session.js';
import type {
  CommandRecord, ContactState, DomainState, DsRecord, EppServerOptions, HostAddr, HostState, NameserverRef, PollMessage,
} from './types.js';

export type * from './types.js';
export { encodeFrame, FrameReader } from './framing.js';
export { validateFrame } from './schema-validation.js';
export { rawConnect, type RawEppConnection } from './raw-client.js';
export { NS } from './xml.js';

/**
 * A test EPP registry (RFC 5730-5734, RFC 3915, RFC 5910) on 127.0.0.1 over TLS, with real per-object
 * state, strict schema checking of every frame and the faults tests need. An independent peer: it shares
 * no code with hostplane's EPP client.
 */
export interface EppServer {
  host: string;
  port: number;
  /** PEM of the CA that signed the server's and the client's certificates. */
  ca: string;
  clientCert: string;
  clientKey: string;
  /** Writes ca.pem, client-cert.pem and client-key.pem into `dir` (for a CLI that reads files), returning their paths. */
  writeCredentials(dir: string): Promise<{ ca: string; cert: string; key: string }>;
  /** The registry's objects, by name / id, for assertions and direct changes. */
  domains: Map<string, DomainState>;
  contacts: Map<string, ContactState>;
  hosts: Map<string, HostState>;
  /** Every command answered (or lost), in order. */
  commands: CommandRecord[];
  /** clTRIDs a registrar sent more than once (RFC 5730 wants them unique per client). */
  duplicateClTRIDs(registrar?: string): Array<{ registrar: string; clTRID: string; count: number }>;
  /** Logged-in sessions now, of one registrar or all. */
  sessionCount(registrar?: string): number;
  /** An outage: drops every connection and refuses new ones until setDown(false). */
  setDown(down: boolean): void;
  /** Performs the next `command` ('domain:create', 'login', ...) of that registrar (or any), then drops the connection unanswered. */
  loseNextAnswer(command: string, registrar?: string): void;
  /**
   * Queues a message for a registrar and, unless apply is false, does what it says: an auto-renewal adds
   * a year to the domain, a deletion removes it.
   */
  enqueue(registrar: string, message: EnqueueMessage): PollMessage;
  /** A registrar's poll queue, oldest first. */
  queue(registrar: string): PollMessage[];
  /** The losing registrar's answer to a pending transfer, given by the test. */
  approveTransfer(name: string): void;
  rejectTransfer(name: string): void;
  /** Ends a name's redemption period: the name is free. */
  purge(name: string): void;
  seedContact(seed: ContactSeed): ContactState;
  seedHost(seed: { name: string; registrar: string; addrs?: HostAddr[] }): HostState;
  seedDomain(seed: DomainSeed): DomainState;
  close(): Promise<void>;
}

export type EnqueueMessage =
  | { kind: 'autoRenew'; name: string; apply?: boolean }
  | { kind: 'deleted'; name: string; apply?: boolean }
  | { kind: 'text'; msg: string };

export interface ContactSeed {
  id: string;
  registrar: string;
  name?: string;
  org?: string;
  email?: string;
  voice?: string;
  cc?: string;
  identity?: string;
  authInfo?: string;
}

export interface DomainSeed {
  name: string;
  registrar: string;
  authInfo?: string;
  /** Default: a year after crDate. */
  exDate?: Date | string;
  crDate?: Date | string;
  /** A contact id; one is seeded for the registrar when not given. */
  registrant?: string;
  contacts?: DomainState['contacts'];
  ns?: NameserverRef[];
  statuses?: string[];
  ds?: DsRecord[];
}

export async function startEppServer(options: EppServerOptions): Promise<EppServer> {
  const pki = await testPki();
  const registry = new Registry(options);
  const faults = new Faults(options.rateLimit);
  const sessions = new Set<Session>();
  const commands: CommandRecord[] = [];
  const clTRIDs = new Map<string, Map<string, number>>();
  const prefix = (options.serverId ?? 'TEST').replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'TEST';
  let svTRIDs = 0;
  const raw = new Set<Socket>();

  const host = {
    options, registry, faults, sessions,
    log(record: CommandRecord) {
      commands.push(record);
      if (record.registrar && record.clTRID) {
        const seen = clTRIDs.get(record.registrar) ?? new Map<string, number>();
        seen.set(record.clTRID, (seen.get(record.clTRID) ?? 0) + 1);
        clTRIDs.set(record.registrar, seen);
      }
    },
    nextSvTRID: () => `${prefix}-${String(++svTRIDs).padStart(8, '0')}`,
  };

  const server = createServer({
    key: pki.serverKey,
    cert: pki.serverCert,
    ca: [pki.ca],
    minVersion: 'TLSv1.2',
    requestCert: options.requireClientCert ?? false,
    rejectUnauthorized: options.requireClientCert ?? false,
  }, (socket: TLSSocket) => {
    if (faults.down) { socket.destroy(); return; }
    new Session(socket, host).start();
  });
  server.on('connection', (socket: Socket) => {
    // Down: the TCP connection is cut before TLS even starts, as a registry behind a failing balancer.
    if (faults.down) { socket.destroy(); return; }
    raw.add(socket);
    socket.on('close', () => raw.delete(socket));
  });
  // A handshake refused (no client certificate) is the client's problem, not the server's.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const toDate = (d: Date | string | undefined, fallback: Date) => (d === undefined ? fallback : new Date(d));

  const api: EppServer = {
    host: '127.0.0.1',
    port,
    ca: pki.ca,
    clientCert: pki.clientCert,
    clientKey: pki.clientKey,
    async writeCredentials(dir) {
      const paths = { ca: join(dir, 'ca.pem'), cert: join(dir, 'client-cert.pem'), key: join(dir, 'client-key.pem') };
      await Promise.all([writeFile(paths.ca, pki.ca), writeFile(paths.cert, pki.clientCert), writeFile(paths.key, pki.clientKey, { mode: 0o600 })]);
      return paths;
    },
    domains: registry.domains,
    contacts: registry.contacts,
    hosts: registry.hosts,
    commands,
    duplicateClTRIDs(registrar) {
      const out: Array<{ registrar: string; clTRID: string; count: number }> = [];
      for (const [r, seen] of clTRIDs) {
        if (registrar && r !== registrar) continue;
        for (const [clTRID, count] of seen) if (count > 1) out.push({ registrar: r, clTRID, count });
      }
      return out;
    },
    sessionCount: (registrar) => [...sessions].filter((s) => s.registrar && (!registrar || s.registrar === registrar)).length,
    setDown(down) {
      faults.down = down;
      if (down) {
        for (const s of [...sessions]) s.destroy();
        for (const s of raw) s.destroy();
      }
    },
    loseNextAnswer: (command, registrar) => faults.loseNextAnswer(command, registrar),
    enqueue(registrar, message) {
      if (message.kind === 'text') return registry.enqueueMessage(registrar, { kind: 'text', msg: message.msg });
      const d = registry.domains.get(message.name);
      if (message.kind === 'autoRenew') {
        if (d && message.apply !== false) d.exDate = addYears(d.exDate, 1);
        return registry.enqueueMessage(registrar, { kind: 'autoRenew', name: message.name, msg: 'Domain auto-renewed', exDate: d?.exDate });
      }
      if (message.apply !== false) {
        for (const h of registry.subordinateHosts(message.name)) registry.hosts.delete(h.name);
        registry.domains.delete(message.name);
      }
      return registry.enqueueMessage(registrar, { kind: 'deleted', name: message.name, msg: 'Domain deleted' });
    },
    queue: (registrar) => registry.queues.get(registrar) ?? [],
    approveTransfer(name) {
      const d = registry.domains.get(name);
      if (d?.transfer?.status !== 'pending') throw new Error(`${name} is not pending transfer`);
      registry.settleTransfer(d, 'clientApproved', d.clID);
    },
    rejectTransfer(name) {
      const d = registry.domains.get(name);
      if (d?.transfer?.status !== 'pending') throw new Error(`${name} is not pending transfer`);
      registry.settleTransfer(d, 'clientRejected', d.clID);
    },
    purge(name) {
      const d = registry.domains.get(name);
      if (!d?.rgp) throw new Error(`${name} is not in redemption`);
      registry.domains.delete(name);
    },
    seedContact(seed) {
      const now = registry.now();
      const c: ContactState = {
        id: seed.id, roid: registry.roid('C'), clID: seed.registrar, crID: seed.registrar, crDate: now,
        postalInfo: [{ type: 'loc', name: seed.name ?? 'Test Person', org: seed.org, street: ['Street 1'], city: 'Helsinki', pc: '00100', cc: seed.cc ?? 'FI' }],
        voice: seed.voice ?? '+358.401234567', email: seed.email ?? `${seed.id}@example.test`, authInfo: seed.authInfo ?? registry.newAuthInfo(),
        identity: seed.identity, statuses: new Set(),
      };
      registry.contacts.set(c.id, c);
      return c;
    },
    seedHost(seed) {
      const h: HostState = { name: seed.name, roid: registry.roid('H'), clID: seed.registrar, crID: seed.registrar, crDate: registry.now(), addrs: seed.addrs ?? [], statuses: new Set() };
      registry.hosts.set(h.name, h);
      return h;
    },
    seedDomain(seed) {
      const crDate = toDate(seed.crDate, registry.now());
      const registrant = seed.registrant ?? api.seedContact({ id: `seed${registry.contacts.size + 1}`.slice(0, 16), registrar: seed.registrar, identity: '010101-0101' }).id;
      const d: DomainState = {
        name: seed.name, roid: registry.roid('D'), clID: seed.registrar, crID: seed.registrar, crDate,
        exDate: toDate(seed.exDate, addYears(crDate, 1)), registrant, contacts: seed.contacts ?? [], ns: seed.ns ?? [],
        statuses: new Set(seed.statuses ?? []), authInfo: seed.authInfo ?? registry.newAuthInfo(), ds: seed.ds ?? [],
      };
      registry.domains.set(d.name, d);
      return d;
    },
    async close() {
      registry.close();
      for (const s of [...sessions]) s.destroy();
      for (const s of raw) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
