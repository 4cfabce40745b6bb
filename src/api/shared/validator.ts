import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { mapSchema } from './schema-map.js';
import { laravelKeyword, laravelValidation } from './laravel-input.js';
import { lazily } from './schema-compilers.js';

const common: Options = { allErrors: true, useDefaults: true, removeAdditional: true, strict: false };

/**
 * JSON bodies are validated as the documents' Laravel servers take them (see laravel-input.ts):
 * integers and booleans in their Laravel forms, everything else as sent (`{"username": ["x"]}` is a
 * type error, not something to guess at). Query strings and path parameters arrive as text, so there
 * types are coerced the ordinary way ("limit=10" -> 10).
 */
const bodies = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
bodies.addKeyword(laravelKeyword);
const coercing = addFormats.default(new Ajv.default({ ...common, coerceTypes: true }));

/** The most items an array of a body may have where its schema sets no maxItems of its own. */
export const DEFAULT_MAX_ITEMS = 1000;

/**
 * An array's items are checked only when the array is within its maxItems: otherwise the answer is
 * that one error. With allErrors, Ajv checked every item of an over-long array anyway, so a 1 MB body
 * of 520,000 wrong items took 4.5 s and answered 33.6 MB of errors.
 */
function boundArray(node: Record<string | symbol, unknown>): Record<string | symbol, unknown> {
  if (node.type !== 'array') return node;
  const bound = { maxItems: (node.maxItems as number | undefined) ?? DEFAULT_MAX_ITEMS };
  const outer: Record<string, unknown> = { if: bound, then: { ...node, ...bound }, else: bound };
  // Ajv's useDefaults reads a property's default from the property's own schema: keep it there.
  if (node.default !== undefined) outer.default = node.default;
  return outer;
}

const bodySchema = (schema: unknown) => mapSchema(schema, (node) => boundArray(laravelValidation(node)));

type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/** Validators made, by route schema and by how its part is read (a body, or text to coerce). */
const made = { body: new WeakMap<object, Validate>(), coerced: new WeakMap<object, Validate>() };

/**
 * A route's validator, compiled at its first request and shared by the servers of the process (see
 * schema-compilers.ts). Fastify reads `errors` off the function it was given, so the wrapper carries
 * Ajv's.
 */
export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const kind = httpPart === 'body' ? 'body' : 'coerced';
  const known = made[kind].get(schema as object);
  if (known) return known;
  const compiled = lazily((): Validate => (kind === 'body' ? bodies.compile(bodySchema(schema) as object) : coercing.compile(schema as object)));
  const validate: Validate = (data) => {
    const ajv = compiled();
    const valid = ajv(data);
    validate.errors = ajv.errors as FastifySchemaValidationError[] | null | undefined;
    return valid;
  };
  made[kind].set(schema as object, validate);
  return validate;
};
