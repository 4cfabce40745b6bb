import { isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { RegistryError } from '../../../ports/registry.js';
import type { EppLog } from './epp-registry.js';
import { encodeFrame, FrameReader } from './framing.js';
import { commandXml, helloXml, parseGreeting, parseResponse, type EppResponse, type Greeting } from './protocol.js';
import { endsSession, resultError, unavailable } from './result-codes.js';
import type { EppRegistrySettings } from './settings.js';
import { el, inNs, NS, type XmlNode } from './xml.js';
import { IDENTITY_NS } from './identity.js';

/** The object mappings and extensions this client speaks; login asks for those the greeting offers. */
export const OUR_OBJECTS = [NS.domain, NS.host, NS.contact];
export const OUR_EXTENSIONS = [NS.rgp, NS.secDNS, IDENTITY_NS];

export interface SessionTiming {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  maxFrame: number;
}

/**
 * Unique client transaction ids (RFC 5730 clTRID, 3-64 characters): the registry's name, the moment
 * this process started counting (base 36 milliseconds) and a counter, so two processes or two restarts
 * never repeat one.
 */
export class TransactionIds {
  private counter = 0;
  private readonly prefix: string;
  constructor(registry: string, now = Date.now()) {
    this.prefix = `${registry.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 32) || 'epp'}-${now.toString(36)}`;
  }
  next(): string {
    return `${this.prefix}-${(++this.counter).toString(36)}`;
  }
}

/**
 * One EPP session: a TLS connection (RFC 5734), its greeting, login and logout, and commands sent one
 * at a time (EPP has no pipelining: a second command waits for the first's answer). Every failure to get
 * an answer (timeout, dropped or refused connection, a frame that is not EPP) closes the session for
 * good and is RegistryError('unavailable'): whether the command took effect is unknown, and a session
 * that may still deliver a late answer would mismatch the next command's.
 */
export class EppSession {
  lastUsed = Date.now();
  private closedReason: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private onClosed: Array<(reason: string) => void> = [];

  private constructor(
    private readonly socket: TLSSocket,
    private readonly reader: FrameReader,
    readonly greeting: Greeting,
    private readonly settings: EppRegistrySettings,
    private readonly timing: SessionTiming,
    private readonly ids: TransactionIds,
    private readonly log: EppLog | undefined,
  ) {
    socket.on('close', () => this.markClosed('connection closed by the registry'));
  }

  /** Connects over TLS 1.2+ and reads the greeting; not yet logged in. */
  static async connect(settings: EppRegistrySettings, timing: SessionTiming, ids: TransactionIds, log?: EppLog): Promise<EppSession> {
    const reader = new FrameReader(timing.maxFrame);
    const where = `${settings.host}:${settings.port}`;
    const socket = tlsConnect({
      host: settings.host,
      port: settings.port,
      // SNI carries host names only (RFC 6066 section 3); the certificate is checked against the host either way.
      ...(isIP(settings.host) ? {} : { servername: settings.host }),
      minVersion: 'TLSv1.2',
      ...(settings.ca ? { ca: settings.ca } : {}),
      ...(settings.cert && settings.key ? { cert: settings.cert, key: settings.key } : {}),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', (e) => reader.fail(e));
    socket.on('close', () => reader.fail(new Error('connection closed')));
    try {
      const greetingXml = await withTimeout(
        new Promise<string>((resolve, reject) => {
          socket.once('secureConnect', () => reader.next().then(resolve, reject));
          socket.once('error', reject);
          socket.once('close', () => reject(new Error('connection closed before the greeting')));
        }),
        timing.connectTimeoutMs,
        `no greeting from ${where} within ${timing.connectTimeoutMs} ms`,
      );
      const greeting = parseGreeting(greetingXml);
      return new EppSession(socket, reader, greeting, settings, timing, ids, log);
    } catch (e) {
      socket.destroy();
      throw unavailable(settings.name, `cannot connect to ${where}: ${describe(e)}`);
    }
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Called once when the session ends, for whatever reason. */
  whenClosed(fn: (reason: string) => void): void {
    if (this.closedReason !== undefined) fn(this.closedReason);
    else this.onClosed.push(fn);
  }

  /** Logs in with the object and extension URIs of the greeting that this client speaks. */
  async login(): Promise<void> {
    const e = inNs(NS.epp);
    const objects = OUR_OBJECTS.filter((o) => this.greeting.objects.includes(o));
    const extensions = OUR_EXTENSIONS.filter((x) => this.greeting.extensions.includes(x));
    const lang = this.greeting.languages.includes('en') ? 'en' : this.greeting.languages[0] ?? 'en';
    if (this.greeting.versions.length && !this.greeting.versions.includes('1.0')) {
      this.destroy('no common EPP version');
      throw new RegistryError('policy', `${this.settings.name}: the registry speaks EPP ${this.greeting.versions.join(', ')}, not 1.0`);
    }
    const res = await this.command(e('login',
      e('clID', this.settings.username),
      e('pw', this.settings.password),
      e('options', e('version', '1.0'), e('lang', lang)),
      e('svcs', objects.map((o) => e('objURI', o)), extensions.length ? e('svcExtension', extensions.map((x) => e('extURI', x))) : undefined),
    ), [], 'login');
    if (res.code >= 2000) {
      this.destroy('login refused');
      throw resultError(res, { registry: this.settings.name, command: `login as ${this.settings.username}` });
    }
  }

  /**
   * Sends one command and returns the registry's answer, failed result codes included (the caller
   * maps them: a 2303 may be the answer it wanted). 2500-2502 answers also end the session.
   */
  command(verb: XmlNode, extensions: XmlNode[], label: string): Promise<EppResponse> {
    const run = async (): Promise<EppResponse> => {
      const clTRID = this.ids.next();
      const started = Date.now();
      const xml = await this.exchange(commandXml(verb, extensions, clTRID), `${label} (clTRID ${clTRID})`);
      let res: EppResponse;
      try {
        res = parseResponse(xml);
      } catch (e) {
        this.destroy('unreadable answer');
        throw unavailable(this.settings.name, `${label}: unreadable answer (clTRID ${clTRID}): ${describe(e)}`);
      }
      if (res.clTRID !== undefined && res.clTRID !== clTRID) {
        this.destroy('answer to another command');
        throw unavailable(this.settings.name, `${label}: answer for clTRID ${res.clTRID}, expected ${clTRID}`);
      }
      this.log?.info({ registry: this.settings.name, command: label, clTRID, svTRID: res.svTRID, code: res.code, ms: Date.now() - started }, 'epp command');
      if (endsSession(res.code)) this.destroy(`registry ended the session (${res.code})`);
      return res;
    };
    return this.serialize(run);
  }

  /** hello: keeps the session from the registry's idle timeout; the answer is a greeting. */
  hello(): Promise<void> {
    return this.serialize(async () => {
      parseGreeting(await this.exchange(helloXml(), 'hello'));
    });
  }

  /** Logs out (best effort) and closes the connection. */
  async logout(): Promise<void> {
    if (this.closed) return;
    try {
      await this.command(el(NS.epp, 'logout'), [], 'logout');
    } catch {
      // The session ends either way.
    }
    this.destroy('logged out');
  }

  destroy(reason: string): void {
    this.markClosed(reason);
    this.socket.destroy();
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async exchange(xml: string, what: string): Promise<string> {
    if (this.closed) throw unavailable(this.settings.name, `${what}: session closed (${this.closedReason})`);
    this.lastUsed = Date.now();
    try {
      this.socket.write(encodeFrame(xml));
      return await withTimeout(this.reader.next(), this.timing.commandTimeoutMs, `no answer within ${this.timing.commandTimeoutMs} ms`);
    } catch (e) {
      const reason = describe(e);
      this.destroy(reason);
      throw unavailable(this.settings.name, `${what}: ${reason}`);
    } finally {
      this.lastUsed = Date.now();
    }
  }

  private markClosed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.reader.fail(new Error(reason));
    for (const fn of this.onClosed.splice(0)) fn(reason);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** A connection error as an operator reads it: the message, and the TLS or socket code when there is one. */
export function describe(e: unknown): string {
  const err = e as { message?: string; code?: string };
  const message = err?.message ?? String(e);
  return err?.code && !message.includes(err.code) ? `${message} (${err.code})` : message;
}
