import type { Ctx } from '../../context.js';
import type { Store, Zone } from '../../../ports/store.js';
import type { ZoneDnssec, ZoneKey } from '../../../ports/store/dnssec.js';
import { isoTimestamp } from '../../dates.js';
import type { StepReport } from '../../lifecycle/step.js';
import { moveSerial } from './move-serial.js';
import { after, dsOfKey, nextStep, propagationDelaySeconds, type DnssecStep, type Timers } from './states.js';
import { startRollover } from './roll-over-key.js';
import { DS_JOB } from './sync-parent-ds.js';

/** Steps one zone may take in one pass: a whole flow has fewer (a rollover's served, submit, ...). */
const MAX_STEPS_PER_PASS = 8;

/**
 * A signed zone's serial moves at least this often even when nothing in it changes. The builtin server
 * re-signs on answer (signatures of 14 days, made anew when under 7 remain), but a secondary keeps the
 * signatures of the serial it transferred until the serial moves: without a new serial it would serve
 * them past their expiration. Three days leave a secondary four days of valid signatures at worst.
 */
export const RESIGN_SERIAL_SECONDS = 3 * 86_400;

/**
 * The schedule pass's DNSSEC step (the worker runs it every minute, by ctx.clock): every signed zone
 * takes the steps of its flow that are due (states.ts): a key seen served by this process's provider,
 * a DS handed to the parent once the propagation delay has passed, a key removed or the zone unsigned
 * once the parent's DS TTL has, a rollover started once the key is DNSSEC_KEY_LIFETIME_DAYS old.
 * Idempotent and safe to race: each step is decided again inside a transaction holding the zone's
 * lock, and taken only when the zone is still where the decision found it, so workers on several
 * machines take each step once. A process without a DNS provider that signs (a `hostplane worker`
 * beside the DNS servers) cannot see what is served and leaves that step to one that can.
 */
export async function advanceDnssec(ctx: Ctx): Promise<StepReport> {
  const report: StepReport = { step: 'dnssec', done: 0, errors: [] };
  for (const row of await ctx.store.dnssec.list()) {
    try {
      report.done += await advanceZone(ctx, row.zone_id);
      report.done += await refreshSerial(ctx, row.zone_id);
    } catch (err) {
      report.errors.push({ id: row.zone_id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}

/** Moves the serial of a zone unchanged for RESIGN_SERIAL_SECONDS, so secondaries transfer fresh signatures; 1 when it did. */
async function refreshSerial(ctx: Ctx, zoneId: number): Promise<number> {
  const due = (zone: Zone | undefined) => zone !== undefined && after(zone.updated_at, RESIGN_SERIAL_SECONDS) <= ctx.clock.now().getTime();
  if (!due(await ctx.store.zones.findById(zoneId))) return 0;
  return ctx.store.transaction(async (tx) => {
    // Decided again under the lock: another worker may have moved it meanwhile.
    if (!due(await tx.zones.lock(zoneId)) || !(await tx.dnssec.find(zoneId))) return 0;
    await moveSerial(tx, ctx, zoneId);
    return 1;
  });
}

/** Takes zone `zoneId` through every step of its flow that is due now; returns how many it took. */
export async function advanceZone(ctx: Ctx, zoneId: number): Promise<number> {
  let taken = 0;
  while (taken < MAX_STEPS_PER_PASS && (await stepOnce(ctx, zoneId))) taken++;
  return taken;
}

interface Loaded {
  zone: Zone;
  row: ZoneDnssec;
  keys: ZoneKey[];
  step: DnssecStep;
}

async function load(ctx: Ctx, store: Store, zoneId: number): Promise<Loaded | undefined> {
  const [zone, row] = await Promise.all([store.zones.findById(zoneId), store.dnssec.find(zoneId)]);
  if (!zone || !row) return undefined;
  const keys = await store.dnssec.keys(zoneId);
  return { zone, row, keys, step: nextStep(row, keys, await timersOf(ctx, store, zone, keys)) };
}

/** The flow's timers for `zone`; the zone's records are read only when a key waits on the propagation delay. */
export async function timersOf(ctx: Ctx, store: Store, zone: Zone, keys: ZoneKey[]): Promise<Timers> {
  const waits = keys.some((k) => k.state === 'served');
  return {
    propagationDelay: waits ? propagationDelaySeconds(zone, await store.records.listByZone(zone.id)) : 0,
    parentDsTtl: ctx.settings.dnssec.parentDsTtl,
    keyLifetimeDays: ctx.settings.dnssec.keyLifetimeDays,
  };
}

const sameStep = (a: DnssecStep, b: DnssecStep): boolean =>
  a.kind === b.kind && ('key' in a ? a.key.id : 0) === ('key' in b ? b.key.id : 0);

async function stepOnce(ctx: Ctx, zoneId: number): Promise<boolean> {
  const seen = await load(ctx, ctx.store, zoneId);
  if (!seen) return false;
  const now = ctx.clock.now();
  if (seen.step.kind === 'await-served') {
    if (!(await isServed(ctx, seen.zone.name, seen.step.key))) return false;
  } else if (!('at' in seen.step) || seen.step.at > now.getTime()) {
    return false;
  }
  return ctx.store.transaction(async (tx) => {
    await tx.zones.lock(zoneId);
    const current = await load(ctx, tx, zoneId);
    // Another worker took the step meanwhile (or the owner disabled DNSSEC): decided again next pass.
    if (!current || !sameStep(seen.step, current.step)) return false;
    await take(tx, ctx, current, isoTimestamp(now));
    await moveSerial(tx, ctx, zoneId);
    return true;
  });
}

/** Whether this process's provider serves `key` in zone `name` (its DS among what readSigning reports). */
async function isServed(ctx: Ctx, name: string, key: ZoneKey): Promise<boolean> {
  const provider = ctx.dns;
  if (!provider?.readSigning || !provider.capabilities.features.includes('dnssec')) return false;
  const served = await provider.readSigning(name);
  const digest = dsOfKey(name, key).digest;
  return served?.ds.some((d) => d.digest.toUpperCase() === digest) ?? false;
}

async function take(tx: Store, ctx: Ctx, { zone, row, keys, step }: Loaded, at: string): Promise<void> {
  switch (step.kind) {
    case 'await-served':
      await tx.dnssec.updateKey(step.key.id, { state: 'served', served_at: at, updated_at: at });
      return;
    case 'submit-ds': {
      const active = keys.filter((k) => k.state === 'active');
      if (row.parent === 'registry') {
        // One setDs replaces the active key's DS with the new one (the swap of a rollover).
        await tx.dnssec.updateKey(step.key.id, { state: 'submitted', submitted_at: at, updated_at: at });
        for (const k of active) await tx.dnssec.updateKey(k.id, { state: 'withdrawing', updated_at: at });
        await tx.jobs.enqueueUnlessPending(DS_JOB, { zone: zone.name }, at);
      } else {
        // The owner's registrar keeps the DS: from now on it is safe for them to add it, and it is shown.
        await tx.dnssec.updateKey(step.key.id, { state: 'active', submitted_at: at, active_at: at, updated_at: at });
        for (const k of active) await tx.dnssec.updateKey(k.id, { state: 'retired', retired_at: at, updated_at: at });
        if (row.state === 'enabling') await tx.dnssec.update(zone.id, { state: 'on', updated_at: at });
      }
      return;
    }
    case 'remove-key': {
      await tx.dnssec.deleteKey(step.key.id);
      const rest = keys.filter((k) => k.id !== step.key.id);
      if (row.state === 'rolling' && rest.every((k) => k.state === 'active')) await tx.dnssec.update(zone.id, { state: 'on', updated_at: at });
      return;
    }
    case 'unsign':
      await tx.dnssec.delete(zone.id);
      return;
    case 'roll-over':
      await startRollover(tx, ctx, zone, keys, at);
      return;
    default:
      return;
  }
}
