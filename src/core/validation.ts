import { ISO_COUNTRIES } from './countries.js';

/**
 * Field rules shared by both API dialects and the CLI. Each returns true when the value is acceptable.
 */

/** A pragmatic address check (WHATWG's input type=email rule): local@domain with a dot-separated domain. */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
export const isEmail = (v: string): boolean => v.length <= 254 && EMAIL.test(v);

/** ISO 3166-1 alpha-2, upper case, officially assigned. */
export const isCountryCode = (v: string): boolean => ISO_COUNTRIES.has(v);

/** The EPP / RFC 5733 phone form the client API uses: +CCC.NNNNNNNN (country code 1-3 digits, up to 14 more). */
export const isEppPhone = (v: string): boolean => /^\+[0-9]{1,3}\.[0-9]{1,14}$/.test(v);

export const BILLING_METHODS = ['email', 'post', 'e-invoice'] as const;
export type BillingMethod = (typeof BILLING_METHODS)[number];
