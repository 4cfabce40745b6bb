import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { mapSchema } from './schema-map.js';

/**
 * Both API documents come from Laravel applications, whose `integer` and `boolean` rules take more
 * than JSON's own types, and programs written against them send what those servers took: ids as the
 * strings the lists hand out (`"catalog_id": "6"`), flags as 1 and "0". JSON bodies of both APIs
 * therefore take, and hand the route the converted value of:
 * - an integer field: an integer, or a string of decimal digits with an optional minus sign
 *   ("123", "-5"; the schema's own bounds then apply), not "1.5", "abc", "", " 1", "+1", "007" or true;
 * - a boolean field: true, false, 1, 0, "1" or "0" (Laravel's list), not "true", "yes" or null.
 * Strings stay strict: a number is not a string (Laravel's `string` rule refuses it too), except where
 * a schema says so (`stringOrNumber`). Query strings and path parameters keep their own coercion.
 */
export type LaravelKind = 'integer' | 'boolean';

/** The schema keyword that marks a field so, and the Ajv keyword that checks and converts it. */
export const LARAVEL_KEYWORD = 'x-laravel';

const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const BOOLEAN_FORMS: Array<boolean | number | string> = [true, false, 1, 0, '1', '0'];

type Node = Record<string | symbol, unknown>;

const kindOf = (node: Node): LaravelKind | undefined => {
  const marked = node[LARAVEL_KEYWORD];
  if (marked === 'integer' || marked === 'boolean') return marked;
  return node.type === 'integer' || node.type === 'boolean' ? node.type : undefined;
};

/**
 * A body schema as the OpenAPI document shows it: each integer field typed `integer` or a string of
 * digits (with the pattern), each boolean field with its six accepted values, and marked with
 * LARAVEL_KEYWORD so that the validator knows them (see laravelValidation).
 */
export function documentLaravelInput(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    const kind = kindOf(node);
    if (kind === 'integer') return { ...node, type: ['integer', 'string'], pattern: INTEGER_TEXT.source, [LARAVEL_KEYWORD]: kind };
    if (kind === 'boolean') return { ...node, type: ['boolean', 'integer', 'string'], enum: BOOLEAN_FORMS, [LARAVEL_KEYWORD]: kind };
    return node;
  });
}

/**
 * One subschema as the body validator compiles it: a Laravel field leaves its type check (and the
 * documented pattern and values) to LARAVEL_KEYWORD, which runs before the type-specific keywords
 * (Ajv runs untyped keywords first), so `minimum` and `maximum` then see the converted number.
 */
export function laravelValidation(node: Node): Node {
  const kind = kindOf(node);
  if (!kind) return node;
  const { type: _type, pattern: _pattern, enum: _enum, ...rest } = node;
  return { ...rest, [LARAVEL_KEYWORD]: kind };
}

function convert(kind: LaravelKind, value: unknown): number | boolean | undefined {
  if (kind === 'integer') {
    if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
    if (typeof value !== 'string' || !INTEGER_TEXT.test(value)) return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1') return true;
  if (value === 0 || value === '0') return false;
  return undefined;
}

const validate: SchemaValidateFunction = function laravel(kind: LaravelKind, data: unknown, _schema, cxt) {
  const value = convert(kind, data);
  if (value === undefined) {
    // Reported as a type error, so the answer reads as any other ("The quantity must be an integer").
    (laravel as SchemaValidateFunction).errors = [{ keyword: 'type', params: { type: kind }, message: `must be ${kind}` }];
    return false;
  }
  if (value !== data && cxt?.parentData !== undefined) (cxt.parentData as Record<string | number, unknown>)[cxt.parentDataProperty] = value;
  return true;
};

/** The Ajv keyword: checks the value as Laravel's rule would and puts the converted value in its place. */
export const laravelKeyword: FuncKeywordDefinition = {
  keyword: LARAVEL_KEYWORD,
  schemaType: 'string',
  modifying: true,
  errors: true,
  validate,
};
