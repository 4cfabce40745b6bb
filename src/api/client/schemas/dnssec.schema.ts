import { Type, type Static } from '@sinclair/typebox';

/**
 * DNSSEC of a domain's zone: not in the original document (GET, PUT and DELETE
 * /domain/domains/{domain}/dnssec are additions), in the document's manner: camelCase fields in the
 * usual `{"message", "data"}` envelope.
 */
const NOTE = 'Not in the original document.';

export const DsRecordSchema = Type.Object({
  keyTag: Type.Integer({ description: 'Key tag of the DNSKEY the DS names (RFC 4034 5.1.1)' }),
  algorithm: Type.Integer({ description: 'DNSSEC algorithm: 13, ECDSA P-256 with SHA-256' }),
  digestType: Type.Integer({ description: 'Digest type: 2, SHA-256' }),
  digest: Type.String({ description: 'The digest, upper-case hex' }),
});

export const DnssecKeySchema = Type.Object({
  keyTag: Type.Integer(),
  flags: Type.Integer({ description: '257: a combined signing key (CSK)' }),
  algorithm: Type.Integer(),
  publicKey: Type.String({ description: 'The DNSKEY public key, base64' }),
  state: Type.String({ description: 'published, served, submitted, active, withdrawing or retired (the DS at the parent: submitted, active)' }),
});

export const DnssecSchema = Type.Object(
  {
    domain: Type.String(),
    state: Type.String({ description: 'off, enabling, on, rolling (a key rollover) or disabling' }),
    signed: Type.Boolean({ description: 'Whether the zone is served signed' }),
    parent: Type.Union([Type.Literal('registry'), Type.Literal('external'), Type.Null()], {
      description: 'Who keeps the DS: registry (set by us at the registry), external (another registrar: hand it the dsRecords), null when off',
    }),
    dsRecords: Type.Array(DsRecordSchema, { description: 'The DS records the parent holds or is being given' }),
    keys: Type.Array(DnssecKeySchema),
    next: Type.Union([Type.Object({ step: Type.String(), at: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], {
      description: 'What the zone\'s DNSSEC waits for next, and from when',
    }),
  },
  { description: `DNSSEC of the domain's zone. ${NOTE}` },
);
export type DnssecWire = Static<typeof DnssecSchema>;
