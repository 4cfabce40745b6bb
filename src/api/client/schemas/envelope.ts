import { Type, type TSchema } from '@sinclair/typebox';
import { PageMeta } from '../../shared/pagination.js';

/** `{"message": "", "data": ...}`: every successful client API answer. */
export const Envelope = <T extends TSchema>(data: T) =>
  Type.Object({ message: Type.String({ description: 'Empty string when the request was successful' }), data });

/** `{"message": "", "data": [...], "meta": {...}}`: a page of a list. */
export const ListEnvelope = <T extends TSchema>(item: T) =>
  Type.Object({ message: Type.String(), data: Type.Array(item), meta: PageMeta });

/** `{"message": "...", "data": null}`: a command that returns nothing. */
export const MessageEnvelope = Type.Object({ message: Type.String(), data: Type.Null() });

export const ok = <T>(data: T, message = '') => ({ message, data });
export const done = (message: string) => ({ message, data: null });
