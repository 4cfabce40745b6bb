import type { Ctx } from '../../context.js';
import type { Zone } from '../../../ports/store.js';
import type { DnssecParent, ZoneKeyState } from '../../../ports/store/dnssec.js';
import type { DsRecord } from './key-material.js';
import { timersOf } from './advance-dnssec.js';
import { dsOfKey, nextStep, wantedDs, type DnssecView } from './states.js';

export interface DnssecKeyView {
  keyTag: number;
  algorithm: number;
  flags: number;
  /** The DNSKEY public key field, base64. */
  publicKey: string;
  state: ZoneKeyState;
  ds: DsRecord;
  publishedAt: string;
  servedAt: string | null;
  activeAt: string | null;
  retiredAt: string | null;
}

export interface DnssecStatus {
  zone: string;
  /** off, or the flow the zone is in (states.ts). */
  state: DnssecView;
  /** Whether the zone is served signed (any state but off). */
  signed: boolean;
  /** Who keeps the DS: the registry we registered the name at, or the owner's registrar elsewhere; null when off. */
  parent: DnssecParent | null;
  /**
   * The DS records the parent holds or is being given: with an `external` parent, what the owner hands
   * their registrar (shown once it is safe to add, the key having propagated).
   */
  ds: DsRecord[];
  keys: DnssecKeyView[];
  /** What the flow waits for next, in words, and from when (null: an event, not a time). */
  next: { step: string; at: string | null } | null;
}

const NEXT_WORDS = {
  'await-served': 'the DNS servers serve the new key',
  'submit-ds': 'the DS goes to the parent',
  'await-parent': 'the registry takes the DS change',
  'remove-key': 'the old key is removed',
  unsign: 'the zone is served unsigned',
  'roll-over': 'the key is rolled over',
} as const;

/** DNSSEC of zone `zone`: its state, DS records and keys. The caller has checked access. */
export async function dnssecStatus(ctx: Ctx, zone: Zone): Promise<DnssecStatus> {
  const row = await ctx.store.dnssec.find(zone.id);
  if (!row) return { zone: zone.name, state: 'off', signed: false, parent: null, ds: [], keys: [], next: null };
  const keys = await ctx.store.dnssec.keys(zone.id);
  const step = nextStep(row, keys, await timersOf(ctx, ctx.store, zone, keys));
  return {
    zone: zone.name,
    state: row.state,
    signed: true,
    parent: row.parent,
    ds: wantedDs(zone.name, keys),
    keys: keys.map((k) => ({
      keyTag: k.key_tag,
      algorithm: k.algorithm,
      flags: k.flags,
      publicKey: k.public_key,
      state: k.state,
      ds: dsOfKey(zone.name, k),
      publishedAt: k.published_at,
      servedAt: k.served_at,
      activeAt: k.active_at,
      retiredAt: k.retired_at,
    })),
    next: step.kind === 'none' ? null : { step: NEXT_WORDS[step.kind], at: 'at' in step ? new Date(step.at).toISOString() : null },
  };
}

/** Whether zone `zoneId` is served signed: the partner API's IsSecure. */
export async function isZoneSigned(ctx: Ctx, zoneId: number): Promise<boolean> {
  return (await ctx.store.dnssec.find(zoneId)) !== undefined;
}
