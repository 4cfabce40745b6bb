import assert from 'node:assert/strict';
import type { Clock } from '../../src/core/clock.js';
import type { Registry } from '../../src/ports/registry.js';
import type { BuiltinDnsProvider } from '../../src/providers/dns/builtin/builtin-provider.js';
import { dsOf } from '../../src/core/dns/dnssec/key-material.js';

/**
 * What a validating resolver needs of a zone and its parent, watched over a moving clock. Call
 * check() after every step (each tick of the worker, each command): the time of a change is the
 * clock's at the check that first sees it, since the clock stands still between a step and its check.
 * - every DS at the parent (read from the registry), and every DS a resolver may still cache (one that
 *   left the parent less than the parent's DS TTL ago), names a key of the served DNSKEY set that
 *   signs: never a DS, or a cached DS, for an unsigned zone or for a key that is gone;
 * - a DS reaches the parent only `delaySeconds` or more after its key was first served.
 */
export class ChainWatch {
  /** digest -> when it was first seen at the parent. */
  readonly firstAtParent = new Map<string, number>();
  /** digest -> when it was first seen missing from the parent after being there (cached until then + TTL). */
  readonly goneFromParent = new Map<string, number>();
  /** digest -> when the provider was first seen serving its key. */
  readonly firstServed = new Map<string, number>();
  /** When the provider was last seen serving the zone unsigned after having signed it. */
  unsignedAt: number | undefined;
  checks = 0;

  constructor(
    private readonly name: string,
    /** The registry as it is (not a wrapper that may be made to fail). */
    private readonly registry: Registry,
    private readonly provider: BuiltinDnsProvider,
    private readonly clock: Clock,
    private readonly parentDsTtlSeconds: number,
    /** The least time between a key first served and its DS at the parent. */
    private readonly delaySeconds: () => Promise<number>,
  ) {}

  async parentDs(): Promise<string[]> {
    return ((await this.registry.info(this.name))?.ds ?? []).map((d) => d.digest.toUpperCase());
  }

  /** The DS digests of the served keys that sign. */
  signers(): Set<string> {
    const signing = this.provider.index.get(this.name)?.signing;
    return new Set((signing?.keys ?? []).filter((k) => k.signs).map((k) => dsOf(this.name, k).digest));
  }

  async check(label: string): Promise<void> {
    this.checks++;
    const now = this.clock.now().getTime();
    const served = await this.provider.readSigning(this.name);
    for (const d of served?.ds ?? []) if (!this.firstServed.has(d.digest)) this.firstServed.set(d.digest, now);
    if (!served && this.firstServed.size > 0 && this.unsignedAt === undefined) this.unsignedAt = now;
    if (served) this.unsignedAt = undefined;
    const parent = await this.parentDs();
    const signers = this.signers();
    for (const digest of parent) {
      this.goneFromParent.delete(digest);
      if (this.firstAtParent.has(digest)) continue;
      this.firstAtParent.set(digest, now);
      const servedAt = this.firstServed.get(digest);
      assert.ok(servedAt !== undefined, `${label}: a DS reached the parent before its key was served`);
      const delay = await this.delaySeconds();
      assert.ok(now - servedAt >= delay * 1000, `${label}: a DS reached the parent ${(now - servedAt) / 1000} s after its key was served, before the propagation delay (${delay} s)`);
    }
    for (const digest of this.firstAtParent.keys()) {
      if (!parent.includes(digest) && !this.goneFromParent.has(digest)) this.goneFromParent.set(digest, now);
    }
    const cached = [...this.firstAtParent.keys()].filter((d) => {
      const gone = this.goneFromParent.get(d);
      return gone === undefined || now < gone + this.parentDsTtlSeconds * 1000;
    });
    for (const digest of cached) {
      const where = parent.includes(digest) ? 'at the parent' : 'cached from the parent';
      assert.ok(served, `${label}: a DS is ${where} while the zone is served unsigned`);
      assert.ok(signers.has(digest), `${label}: a DS ${where} names no key that signs the served zone`);
    }
  }
}
