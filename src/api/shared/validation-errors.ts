import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { FieldErrors } from '../../core/errors.js';

/** At most this many fields are named in one answer, with at most this many messages each. */
export const MAX_ERROR_FIELDS = 50;
export const MAX_FIELD_MESSAGES = 5;

/**
 * Turns schema validation failures into per-field messages, in the plain wording both API documents
 * use ("The username is required"). Field keys are dotted paths: `registrantContact.firstName`,
 * `nameservers.0`. The answer is bounded (MAX_ERROR_FIELDS, MAX_FIELD_MESSAGES): the fields named
 * first are the ones a client fixes first, and a body cannot make an answer of megabytes.
 */
export function fieldErrorsFromValidation(errors: FastifySchemaValidationError[]): FieldErrors {
  const fields: FieldErrors = {};
  let named = 0;
  for (const e of errors) {
    // An array over its maxItems is checked no further (validator.ts); `if` adds nothing to that error.
    if (e.keyword === 'if') continue;
    const params = e.params as Record<string, any>;
    let path = e.instancePath.split('/').filter(Boolean).join('.');
    if (e.keyword === 'required') path = path ? `${path}.${params.missingProperty}` : String(params.missingProperty);
    const field = path || 'body';
    const message = messageFor(field, e.keyword, params, e.message);
    let list = Object.hasOwn(fields, field) ? fields[field] : undefined;
    if (!list) {
      if (named === MAX_ERROR_FIELDS) continue;
      named++;
      list = fields[field] = [];
    }
    if (list.length < MAX_FIELD_MESSAGES && !list.includes(message)) list.push(message);
  }
  // A union (anyOf) failing reports each branch; the specific messages above say enough.
  for (const [field, list] of Object.entries(fields)) {
    if (list.length > 1) fields[field] = list.filter((m) => !m.endsWith('is not valid'));
  }
  return fields;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function messageFor(field: string, keyword: string, params: Record<string, any>, fallback?: string): string {
  const name = field.split('.').pop() ?? field;
  const label = /^\d+$/.test(name) ? field : name;
  switch (keyword) {
    case 'required':
      return `The ${label} is required`;
    case 'type': {
      const types = String(params.type).split(',');
      return `The ${label} must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
    }
    case 'minLength':
      return params.limit === 1 ? `The ${label} is required` : `The ${label} must be at least ${params.limit} characters`;
    case 'maxLength':
      return `The ${label} may not be greater than ${params.limit} characters`;
    case 'minimum':
      return `The ${label} must be at least ${params.limit}`;
    case 'maximum':
      return `The ${label} may not be greater than ${params.limit}`;
    case 'minItems':
      return `The ${label} must have at least ${params.limit} items`;
    case 'maxItems':
      return `The ${label} may not have more than ${params.limit} items`;
    case 'enum':
      return `The selected ${label} is invalid (allowed: ${(params.allowedValues as unknown[]).join(', ')})`;
    case 'const':
      return `The selected ${label} is invalid (allowed: ${String(params.allowedValue)})`;
    case 'format':
      return `The ${label} must be a valid ${params.format === 'email' ? 'email address' : params.format}`;
    case 'pattern':
      return `The ${label} format is invalid`;
    case 'additionalProperties':
      return `The ${params.additionalProperty} field is not allowed`;
    case 'uniqueItems':
      return `The ${label} must not contain duplicates`;
    default:
      return `The ${label} is not valid${fallback ? ` (${fallback})` : ''}`;
  }
}
