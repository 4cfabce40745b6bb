import { Type, type TSchema } from '@sinclair/typebox';

/** `{"success": true, "message": "...", "data": ..., "customData": []}`: the document's usual success. */
export const PartnerEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({ success: Type.Literal(true), message: Type.String(), data, customData: Type.Array(Type.Unknown()) });

export const partnerOk = <T>(message: string, data: T) => ({ success: true as const, message, data, customData: [] as unknown[] });
