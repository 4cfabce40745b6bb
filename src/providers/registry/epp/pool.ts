import { RegistryError } from '../../../ports/registry.js';
import type { EppLog } from './epp-registry.js';
import type { EppResponse, Greeting } from './protocol.js';
import { TokenBucket } from './rate-limit.js';
import { unavailable } from './result-codes.js';
import { EppSession, TransactionIds, type SessionTiming } from './session.js';
import type { EppRegistrySettings } from './settings.js';
import type { XmlNode } from './xml.js';
import { DEFAULT_MAX_FRAME } from './framing.js';

export interface PoolTiming extends SessionTiming {
  /** A hello on a session unused this long, before the registry's idle timeout closes it (often 5-10 minutes). */
  keepaliveMs: number;
  /** The first wait before connecting again after a failed connect; doubled per failure, with jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a command may wait for a free session before it is given up as unavailable. */
  queueTimeoutMs: number;
}

export const DEFAULT_TIMING: PoolTiming = {
  connectTimeoutMs: 10_000,
  commandTimeoutMs: 30_000,
  maxFrame: DEFAULT_MAX_FRAME,
  keepaliveMs: 240_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  queueTimeoutMs: 30_000,
};

/** What a command needs to be sent: built against the session's greeting (which extensions it may use). */
export interface CommandSpec {
  label: string;
  verb: XmlNode;
  extensions?: XmlNode[];
  /** A read-only command (check, info) is sent again once on a new session when its session died under it. */
  readOnly?: boolean;
}

interface Waiter {
  resolve: (s: EppSession) => void;
  reject: (e: RegistryError) => void;
  timer: NodeJS.Timeout;
}

/**
 * Up to `sessions` logged-in sessions to one registry, opened as commands need them. A command takes
 * an idle session (one command per session at a time) or waits in line; sessions the registry drops
 * are replaced on demand. A failed connect makes the pool wait before the next (exponential backoff with
 * jitter) and, while no session is alive, commands fail at once with RegistryError('unavailable'), so
 * the job queue retries them later instead of piling up here.
 */
export class EppPool {
  private readonly live = new Set<EppSession>();
  private readonly idle: EppSession[] = [];
  private readonly waiters: Waiter[] = [];
  private opening = 0;
  private failures = 0;
  private retryAt = 0;
  private lastFailure = '';
  private closing = false;
  private readonly bucket: TokenBucket;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly settings: EppRegistrySettings,
    private readonly timing: PoolTiming,
    private readonly ids: TransactionIds,
    private readonly log?: EppLog,
  ) {
    this.bucket = new TokenBucket(settings.commandsPerSecond);
    this.keepalive = setInterval(() => this.keepAlive(), Math.max(50, Math.min(timing.keepaliveMs / 4, 30_000)));
    this.keepalive.unref();
  }

  /** Sends one command on a free session and returns the answer (failed result codes included). */
  async send(build: (greeting: Greeting) => CommandSpec): Promise<EppResponse> {
    for (let attempt = 0; ; attempt++) {
      await this.bucket.take();
      const session = await this.acquire();
      let spec: CommandSpec;
      try {
        spec = build(session.greeting);
      } catch (e) {
        this.release(session);
        throw e;
      }
      try {
        return await session.command(spec.verb, spec.extensions ?? [], spec.label);
      } catch (e) {
        if (!(spec.readOnly && attempt === 0 && e instanceof RegistryError && e.reason === 'unavailable')) throw e;
        this.log?.warn({ registry: this.settings.name, command: spec.label, error: e.message }, 'epp session lost; sending the read-only command again');
      } finally {
        this.release(session);
      }
    }
  }

  /** Logs every session out; commands still waiting fail. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.keepalive);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(unavailable(this.settings.name, 'the registry connection is closing'));
    }
    await Promise.all([...this.live].map((s) => s.logout()));
  }

  get sessionCount(): number {
    return this.live.size;
  }

  private acquire(): Promise<EppSession> {
    if (this.closing) return Promise.reject(unavailable(this.settings.name, 'the registry connection is closed'));
    return new Promise<EppSession>((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(unavailable(this.settings.name, `no free session within ${this.timing.queueTimeoutMs} ms`));
      }, this.timing.queueTimeoutMs);
      const waiter: Waiter = { resolve, reject, timer };
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private release(session: EppSession): void {
    if (session.closed || this.live.has(session) === false) {
      this.pump();
      return;
    }
    if (this.closing) {
      void session.logout();
      return;
    }
    this.idle.push(session);
    this.pump();
  }

  /** Hands idle sessions to waiters in order; opens another session when all are busy and there is room. */
  private pump(): void {
    while (this.waiters.length && this.idle.length) {
      const session = this.idle.shift()!;
      if (session.closed) continue;
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      w.resolve(session);
    }
    if (!this.waiters.length || this.closing) return;
    if (this.live.size + this.opening >= Math.max(1, this.settings.sessions)) return;
    const now = Date.now();
    if (now < this.retryAt) {
      // Down: nothing alive to wait for, so fail now rather than hold callers until the next attempt.
      if (this.live.size === 0 && this.opening === 0) {
        const error = unavailable(this.settings.name, `registry unreachable (${this.lastFailure}); next attempt in ${Math.ceil((this.retryAt - now) / 1000)} s`);
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(error);
        }
      }
      return;
    }
    void this.open();
  }

  private async open(): Promise<void> {
    this.opening++;
    let session: EppSession | undefined;
    try {
      session = await EppSession.connect(this.settings, this.timing, this.ids, this.log);
      await session.login();
    } catch (e) {
      session?.destroy('login failed');
      this.opening--;
      this.failures++;
      const backoff = Math.min(this.timing.backoffMaxMs, this.timing.backoffBaseMs * 2 ** (this.failures - 1));
      // Jitter (half to all of the backoff) keeps many clients from returning in step after an outage.
      this.retryAt = Date.now() + backoff * (0.5 + Math.random() / 2);
      this.lastFailure = e instanceof Error ? e.message : String(e);
      this.log?.warn({ registry: this.settings.name, failures: this.failures, error: this.lastFailure }, 'epp session could not be opened');
      if (this.live.size === 0 && this.opening === 0) {
        const error = e instanceof RegistryError && e.reason === 'unavailable' ? e : unavailable(this.settings.name, this.lastFailure);
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(error);
        }
      }
      return;
    }
    this.opening--;
    this.failures = 0;
    this.retryAt = 0;
    if (this.closing) {
      void session.logout();
      return;
    }
    this.live.add(session);
    session.whenClosed((reason) => {
      this.live.delete(session!);
      const at = this.idle.indexOf(session!);
      if (at >= 0) this.idle.splice(at, 1);
      if (!this.closing) this.log?.warn({ registry: this.settings.name, reason }, 'epp session closed');
      this.pump();
    });
    this.log?.info({ registry: this.settings.name, server: session.greeting.serverId, sessions: this.live.size }, 'epp session opened');
    this.idle.push(session);
    this.pump();
  }

  /** A hello on each idle session unused for keepaliveMs; a session that fails it is closed and replaced when needed. */
  private keepAlive(): void {
    const now = Date.now();
    for (const session of [...this.idle]) {
      if (session.closed || now - session.lastUsed < this.timing.keepaliveMs) continue;
      this.idle.splice(this.idle.indexOf(session), 1);
      session.hello().catch(() => undefined).finally(() => this.release(session));
    }
  }
}
