import { Type, type StringOptions } from '@sinclair/typebox';

/**
 * A value of several JSON types as one schema (`"type": ["string", "null"]`, OpenAPI 3.1) rather than
 * an anyOf, so that a bad value gets one message ("The ns2 may not be greater than 100 characters")
 * instead of one per branch. String keywords such as maxLength apply to the string case only.
 */
export const stringOrNull = (options: StringOptions = {}) => Type.Unsafe<string | null>({ ...options, type: ['string', 'null'] });

/** Text, or a JSON number the way the document's examples send postcode and phone. */
export const stringOrNumber = (options: StringOptions = {}) => Type.Unsafe<string | number>({ ...options, type: ['string', 'number'] });

/** An id as a JSON integer, or as the string the lists show it; null for none. */
export const idOrNull = (options: StringOptions = {}) => Type.Unsafe<number | string | null>({ ...options, type: ['integer', 'string', 'null'] });
