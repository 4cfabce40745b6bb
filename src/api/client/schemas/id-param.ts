import { Type } from '@sinclair/typebox';

/**
 * `{id}` in a path: a positive integer within the store's integer range, so "abc", "0" or a
 * 30-digit number answer 422 before any lookup.
 */
export const IdParam = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
