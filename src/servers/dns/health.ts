import { connect } from 'node:net';
import { isPublicAddress } from '../../core/dns/address-scope.js';
import type { HealthView } from './answer.js';

export interface HealthCheckOptions {
  /** The TCP port a healthy address accepts connections on (80: these are web servers' addresses). */
  port: number;
  intervalMs: number;
  timeoutMs: number;
  /** The addresses to watch now: those of A records that have a fallback_ip. */
  targets(): Iterable<string>;
  /**
   * Which targets may be connected to: public addresses only (address-scope.ts), unless a test that
   * runs its web servers on loopback says otherwise.
   */
  probeable?: (address: string) => boolean;
}

/**
 * TCP health checks for A records with a fallback_ip: an address that does not accept a connection
 * within the timeout is down until a later check connects again, and the fallback is served meanwhile.
 * An address not checked yet counts as up, so a new record answers with its own address.
 *
 * Only public addresses are checked: a connection from us to an internal address (loopback, private,
 * link-local, CGNAT, unique local) would probe our own network for whoever wrote the record, and its
 * verdict, published as the fallback or not, would tell them what answers there (the audit found a
 * check of 127.0.0.30 doing that). An address that is not checked is never down: its record is served
 * as given and its fallback never (docs/decisions.md).
 */
export class HealthChecker implements HealthView {
  private readonly down = new Set<string>();
  /** Moves whenever an address goes down or comes up again. */
  version = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: HealthCheckOptions) {}

  isDown(address: string): boolean {
    return this.down.has(address);
  }

  start(): void {
    if (this.timer) return;
    void this.checkNow();
    this.timer = setInterval(() => void this.checkNow(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Checks every target once (a round already under way is joined, not doubled). */
  checkNow(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const probeable = this.options.probeable ?? isPublicAddress;
    const targets = new Set([...this.options.targets()].filter((address) => probeable(address)));
    for (const address of this.down) if (!targets.has(address)) this.setDown(address, false);
    await Promise.all([...targets].map(async (address) => this.setDown(address, !(await this.probe(address)))));
  }

  private setDown(address: string, down: boolean): void {
    if (this.down.has(address) === down) return;
    if (down) this.down.add(address);
    else this.down.delete(address);
    this.version++;
  }

  private probe(address: string): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host: address, port: this.options.port });
      const finish = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(this.options.timeoutMs, () => finish(false));
      socket.once('connect', () => finish(true));
      socket.once('error', () => finish(false));
    });
  }
}
