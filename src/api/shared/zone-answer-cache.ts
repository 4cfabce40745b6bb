import type { FastifyReply } from 'fastify';
import type { Ctx } from '../../core/context.js';
import type { Store, Zone } from '../../ports/store.js';

/** Which API's record list an answer is: the two dialects shape the same zone differently. */
export type ZoneAnswerDialect = 'client' | 'partner';

/**
 * The memory the kept answers may take in one process. The 5,000-record zone's answers are 0.6 MB
 * (client) and 1.2 MB (partner); 64 MiB holds both for some thirty such zones, and answers of ordinary
 * zones (a few KB) by the thousand.
 */
export const ZONE_ANSWER_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The version of a zone's answers: the whole zone row as read. Every change of a zone's records moves
 * its SOA serial in the same transaction (applyPlan, moveSerial; createZone makes a new zone, and zone
 * ids are never reused: AUTOINCREMENT on SQLite, an identity on PostgreSQL), and the serial only grows
 * (nextSerial). The serial alone would not do: a transfer between our accounts moves the zone to the
 * new domain with a new updated_at and the same serial (nothing is served differently, so secondaries
 * need no transfer), and the partner answer shows updated_at (the SOA's ChangeDate). Keying on every
 * column, any edit of the row makes a new version, whether or not it moves the serial.
 */
const versionOf = (zone: Zone): string => JSON.stringify(zone);

interface Kept {
  version: string;
  serial: number;
  body: Buffer;
}

/**
 * Serialized record-list answers (the JSON body's bytes), one per zone and dialect, for the version of
 * the zone row they were made from. A reader checks access and reads the zone row as before (the row
 * is read anyway, so the version costs no query) and is served the kept bytes only when the row is
 * still the same; so an answer is never older than the store, on any instance: each instance keeps its
 * own, and each request compares with the row it has just read. A zone's older answer is dropped when
 * a newer one is kept (its version cannot come back). Least recently used answers go first beyond
 * `maxBytes`; one answer larger than a quarter of it is not kept at all.
 *
 * Concurrent misses of one version share one build: ten clients asking for a large zone that just
 * changed cost one read and one serialization, not ten.
 *
 * An answer read on a miss may be newer than the row it is kept under (a change committed between the
 * row's read and the records'): it is then served to requests that read that older row, which began
 * before the change was visible, and never to one that reads the change's row.
 */
export class ZoneAnswerCache {
  /** In least recently used order (a Map keeps insertion order; a hit moves its entry to the end). */
  private readonly kept = new Map<string, Kept>();
  private readonly building = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** The answer for `zone` in `dialect`: the kept bytes when the zone row is unchanged, else `build`'s, kept. */
  async answer(dialect: ZoneAnswerDialect, zone: Zone, build: () => Promise<Buffer>): Promise<Buffer> {
    const slot = `${dialect} ${zone.id}`;
    const version = versionOf(zone);
    const hit = this.kept.get(slot);
    if (hit?.version === version) {
      this.kept.delete(slot);
      this.kept.set(slot, hit);
      return hit.body;
    }
    const pendingKey = `${slot} ${version}`;
    const pending = this.building.get(pendingKey);
    if (pending) return pending;
    const made = build().then(
      (body) => {
        this.building.delete(pendingKey);
        this.keep(slot, version, zone.serial, body);
        return body;
      },
      (err: unknown) => {
        this.building.delete(pendingKey);
        throw err;
      },
    );
    this.building.set(pendingKey, made);
    return made;
  }

  /** Bytes held, for tests and diagnostics. */
  get size(): number {
    return this.bytes;
  }

  private keep(slot: string, version: string, serial: number, body: Buffer): void {
    const old = this.kept.get(slot);
    // A build of an older row finishing after a newer one was kept (it began first): keep the newer.
    if (old && old.serial > serial) return;
    if (old) {
      this.kept.delete(slot);
      this.bytes -= old.body.length;
    }
    if (body.length > this.maxBytes / 4) return;
    this.kept.set(slot, { version, serial, body });
    this.bytes += body.length;
    for (const [key, entry] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(key);
      this.bytes -= entry.body.length;
    }
  }
}

/**
 * One cache per running application, shared by both dialects' routes: keyed by its store, which every
 * request's ctx shares, not by the ctx, of which each request has its own copy (api/shared/actor-hook.ts).
 */
const caches = new WeakMap<Store, ZoneAnswerCache>();

export function zoneAnswerCache(ctx: Ctx): ZoneAnswerCache {
  let cache = caches.get(ctx.store);
  if (!cache) caches.set(ctx.store, (cache = new ZoneAnswerCache(ZONE_ANSWER_CACHE_BYTES)));
  return cache;
}

/**
 * Sends `zone`'s record list in `dialect`: the kept answer when the zone row is unchanged, else the
 * wire object `build` makes, serialized by the route's response schema (as Fastify would have sent
 * it) and kept. The caller has checked access to the zone: the cache never decides who may read.
 */
export async function sendZoneAnswer(
  reply: FastifyReply,
  ctx: Ctx,
  dialect: ZoneAnswerDialect,
  zone: Zone,
  build: () => Promise<unknown>,
): Promise<FastifyReply> {
  const body = await zoneAnswerCache(ctx).answer(dialect, zone, async () => Buffer.from(reply.serialize(await build()) as string));
  return reply.type('application/json; charset=utf-8').send(body);
}
