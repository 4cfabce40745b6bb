import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const common: Options = { allErrors: true, useDefaults: true, removeAdditional: true, strict: false };

/**
 * JSON bodies are validated as sent: `{"years": "1"}` or `{"username": ["x"]}` is a type error, not
 * something to guess at. Query strings and path parameters arrive as text, so there (only) types are
 * coerced ("limit=10" -> 10).
 */
const strict = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
const coercing = addFormats.default(new Ajv.default({ ...common, coerceTypes: true }));

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema);
