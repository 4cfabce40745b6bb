import type { TLSSocket } from 'node:tls';
import type { Element } from '@xmldom/xmldom';
import { HANDLERS } from './commands.js';
import type { CommandContext } from './context.js';
import type { Faults } from './faults.js';
import { encodeFrame, FrameReader } from './framing.js';
import { poll } from './poll.js';
import type { Registry } from './registry.js';
import { EXTENSION_URIS, OBJECT_URIS, renderGreeting, renderResponse } from './render.js';
import { EppError, type Answer } from './result.js';
import { validateFrame } from './schema-validation.js';
import type { CommandRecord, EppServerOptions } from './types.js';
import { child, children, NS, parseXml, text, type Prefix } from './xml.js';

/** What a session needs of the server around it. */
export interface SessionHost {
  options: EppServerOptions;
  registry: Registry;
  faults: Faults;
  sessions: Set<Session>;
  log(record: CommandRecord): void;
  nextSvTRID(): string;
}

interface Parsed {
  /** 'hello', 'login', 'domain:create', ... */
  command: string;
  op?: string;
  clTRID?: string;
  verb?: Element;
  body?: Element;
  extensions: Element[];
}

/**
 * One client connection (RFC 5730 section 2, RFC 5734): a greeting on connect, then one command at a
 * time, each answered in order. Before login only hello and login are allowed (2002); a second login
 * is 2002 too; logout answers 1500 and closes. Every frame is schema-checked first (2001 with
 * xmllint's words), then read by namespace.
 */
export class Session {
  registrar?: string;
  private objURIs = new Set<string>();
  private extURIs = new Set<string>();
  private readonly reader = new FrameReader();
  private chain: Promise<void> = Promise.resolve();
  private idle?: NodeJS.Timeout;
  private closed = false;
  private failedLogins = 0;

  constructor(readonly socket: TLSSocket, private readonly host: SessionHost) {}

  start(): void {
    this.host.sessions.add(this);
    this.socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = this.reader.push(chunk);
      } catch {
        // A length header that cannot be right: there is no way to find the next frame.
        this.destroy();
        return;
      }
      for (const frame of frames) {
        this.touch();
        this.chain = this.chain.then(() => this.handle(frame)).catch((err: unknown) => {
          console.error('test EPP server: session failed', err);
          this.destroy();
        });
      }
    });
    this.socket.on('close', () => this.forget());
    this.socket.on('error', () => this.forget());
    this.touch();
    void this.send(renderGreeting(this.serverId, this.host.registry.now()));
  }

  private get serverId(): string {
    return this.host.options.serverId ?? 'Test EPP registry';
  }

  /** Restarts the idle clock: registries close sessions that stay silent (RFC 5734 leaves it to them). */
  private touch(): void {
    if (this.idle) clearTimeout(this.idle);
    const ms = this.host.options.idleTimeoutMs ?? 600_000;
    this.idle = setTimeout(() => this.end(), ms);
    this.idle.unref();
  }

  private forget(): void {
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
    this.host.sessions.delete(this);
  }

  /** Closes after what was written has been sent. */
  end(): void {
    this.forget();
    this.socket.end();
  }

  /** Drops the connection at once, as an outage or a lost answer does. */
  destroy(): void {
    this.forget();
    this.socket.destroy();
  }

  private async send(xml: string): Promise<void> {
    if (this.host.options.checkAnswers ?? true) {
      // The registry's own answers obey the same schemas: a wrong one is a bug here, and must not teach
      // a client a wire format no registry sends. It is said loudly and the connection dropped.
      const v = await validateFrame(xml);
      if (!v.valid) {
        console.error(`test EPP server: its answer is not schema-valid (${v.errors.join('; ')}):\n${xml}`);
        this.destroy();
        return;
      }
    }
    const latency = this.host.options.latencyMs ?? 0;
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (!this.closed && !this.socket.destroyed) this.socket.write(encodeFrame(xml));
  }

  private async handle(frame: Buffer): Promise<void> {
    if (this.closed) return;
    const svTRID = this.host.nextSvTRID();
    if (this.host.options.validate ?? true) {
      const v = await validateFrame(frame);
      if (!v.valid) {
        const error = new EppError(2001, v.errors.join(' ').slice(0, 1000));
        const clTRID = clTRIDOf(frame);
        this.host.log({ registrar: this.registrar, command: 'invalid', clTRID, svTRID, code: 2001, at: new Date() });
        return this.send(renderResponse({ code: 2001 }, { clTRID, svTRID }, error));
      }
    }
    let parsed: Parsed;
    try {
      parsed = read(frame.toString('utf8'));
    } catch (err) {
      const error = err instanceof EppError ? err : new EppError(2001, err instanceof Error ? err.message : String(err));
      this.host.log({ registrar: this.registrar, command: 'invalid', svTRID, code: error.code, at: new Date() });
      return this.send(renderResponse({ code: error.code }, { svTRID }, error));
    }
    if (parsed.command === 'hello') {
      this.host.log({ registrar: this.registrar, command: 'hello', at: new Date() });
      return this.send(renderGreeting(this.serverId, this.host.registry.now()));
    }
    const { clTRID } = parsed;
    let answer: Answer;
    let error: EppError | undefined;
    let registrar = this.registrar;
    try {
      if (parsed.command === 'login') registrar = text(child(parsed.verb, NS.epp, 'clID'));
      answer = this.execute(parsed, svTRID);
    } catch (err) {
      error = err instanceof EppError ? err : new EppError(2400, err instanceof Error ? err.message : String(err));
      if (!(err instanceof EppError)) console.error('test EPP server: command failed', err);
      answer = { code: error.code, close: error.close };
    }
    const record: CommandRecord = { registrar, command: parsed.command, op: parsed.op, clTRID, svTRID, code: answer.code, at: new Date() };
    if (registrar && this.host.faults.takeLoss(parsed.command, registrar)) {
      // The command took effect; the client never learns it (a connection dropped mid-answer).
      this.host.log({ ...record, lost: true });
      this.destroy();
      return;
    }
    this.host.log(record);
    await this.send(answer.greeting ? renderGreeting(this.serverId, this.host.registry.now()) : renderResponse(answer, { clTRID, svTRID }, error));
    if (answer.close || error?.close) this.end();
  }

  private execute(parsed: Parsed, svTRID: string): Answer {
    if (parsed.command === 'login') return this.login(parsed.verb!);
    if (!this.registrar) throw new EppError(2002, 'log in first');
    if (parsed.command === 'logout') {
      this.registrar = undefined;
      return { code: 1500, close: true };
    }
    if (!this.host.faults.withinRate(this.registrar, Date.now())) throw new EppError(2502, 'rate limit exceeded', undefined, true);
    for (const e of parsed.extensions) {
      if (!this.extURIs.has(e.namespaceURI ?? '')) throw new EppError(2103, `extension ${e.namespaceURI} was not announced at login`);
    }
    const ctx: CommandContext = {
      registry: this.host.registry, registrar: this.registrar, body: parsed.body!, op: parsed.op,
      extensions: parsed.extensions, svTRID, clTRID: parsed.clTRID, loginExtensions: this.extURIs,
    };
    if (parsed.command === 'poll') return poll(ctx, parsed.verb!);
    const ns = parsed.body?.namespaceURI ?? '';
    if (!this.objURIs.has(ns)) throw new EppError(2307, `object service ${ns} was not announced at login`);
    const handler = HANDLERS[parsed.command];
    if (!handler) throw new EppError(2101, `${parsed.command} is not implemented`);
    return handler(ctx);
  }

  /**
   * RFC 5730 section 2.9.1.1: credentials (2200), the services asked for must be among the greeting's
   * (2307 objects, 2103 extensions), version 1.0 and lang en (2102), and the registrar's session cap
   * (2502, closing). The third failed login of a session answers 2501 and closes it. newPW changes the password from the next login on.
   */
  private login(verb: Element): Answer {
    if (this.registrar) throw new EppError(2002, 'already logged in');
    const clID = text(child(verb, NS.epp, 'clID')) ?? '';
    const pw = child(verb, NS.epp, 'pw')?.textContent ?? '';
    const reg = this.host.registry;
    if (!reg.isRegistrar(clID) || reg.passwords.get(clID) !== pw) {
      // RFC 5730 section 2.9.1.1 lets a server end a session after failed logins; this one allows three.
      this.failedLogins += 1;
      if (this.failedLogins >= 3) throw new EppError(2501, 'too many failed logins', undefined, true);
      throw new EppError(2200, 'wrong client id or password');
    }
    const options = child(verb, NS.epp, 'options');
    if (text(child(options, NS.epp, 'version')) !== '1.0') throw new EppError(2102, 'only version 1.0 is offered');
    if (text(child(options, NS.epp, 'lang')) !== 'en') throw new EppError(2102, 'only lang en is offered');
    const svcs = child(verb, NS.epp, 'svcs');
    const objURIs = children(svcs!, NS.epp, 'objURI').map((e) => text(e) ?? '');
    const extURIs = children(child(svcs, NS.epp, 'svcExtension') ?? svcs!, NS.epp, 'extURI').map((e) => text(e) ?? '');
    const unknownObj = objURIs.find((u) => !OBJECT_URIS.includes(u as never));
    if (unknownObj) throw new EppError(2307, `object service ${unknownObj} is not offered`);
    const unknownExt = extURIs.find((u) => !EXTENSION_URIS.includes(u as never));
    if (unknownExt) throw new EppError(2103, `extension ${unknownExt} is not offered`);
    const cfg = this.host.options.registrars.find((r) => r.id === clID);
    const limit = cfg?.sessionLimit ?? this.host.options.sessionLimit ?? 4;
    const open = [...this.host.sessions].filter((s) => s.registrar === clID).length;
    if (open >= limit) throw new EppError(2502, `${clID} has ${open} sessions open (limit ${limit})`, undefined, true);
    const newPW = child(verb, NS.epp, 'newPW');
    if (newPW) reg.passwords.set(clID, newPW.textContent ?? '');
    this.registrar = clID;
    this.objURIs = new Set(objURIs);
    this.extURIs = new Set(extURIs);
    return { code: 1000 };
  }
}

/** The frame's command, read by namespace: the verb, its one object element, extensions, clTRID. */
function read(xml: string): Parsed {
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.epp || root.localName !== 'epp') throw new EppError(2001, 'not an EPP message');
  if (child(root, NS.epp, 'hello')) return { command: 'hello', extensions: [] };
  const command = child(root, NS.epp, 'command');
  if (!command) throw new EppError(2001, 'a client sends <hello> or <command>');
  const clTRID = text(child(command, NS.epp, 'clTRID'));
  const extEl = child(command, NS.epp, 'extension');
  const extensions = extEl ? children(extEl) : [];
  const verb = children(command).find((e) => e.namespaceURI === NS.epp && e.localName !== 'extension' && e.localName !== 'clTRID')!;
  const name = verb.localName!;
  if (name === 'login' || name === 'logout' || name === 'poll') {
    return { command: name, op: name === 'poll' ? verb.getAttribute('op') ?? undefined : undefined, clTRID, verb, extensions };
  }
  const body = children(verb)[0]!;
  const prefix = (Object.keys(NS) as Prefix[]).find((p) => NS[p] === body.namespaceURI) ?? body.namespaceURI;
  return { command: `${prefix}:${name}`, op: verb.getAttribute('op') || undefined, clTRID, verb, body, extensions };
}

/** The clTRID of a frame that failed the schema, when it is at least well-formed: the answer echoes it. */
function clTRIDOf(frame: Buffer): string | undefined {
  try {
    const root = parseXml(frame.toString('utf8')).documentElement;
    const id = text(child(child(root ?? undefined, NS.epp, 'command'), NS.epp, 'clTRID'));
    return id && id.length >= 3 && id.length <= 64 ? id : undefined;
  } catch {
    return undefined;
  }
}
