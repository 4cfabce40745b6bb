import { DomainError } from '../core/errors.js';
import type { Translator } from './i18n/index.js';
import type { FormErrors } from './layout.js';

/**
 * A core refusal as a form's messages, in the page's language: `invalid`'s messages at their fields
 * (every message of a field, joined; `rename` maps a core field to the form's id, and one it maps to
 * undefined goes to `whole`), and a `rejected`, or an `invalid` naming no field, as one message at
 * `whole`. Undefined for any other error, which is not a form's to show (404, 503: the error pages).
 */
export function formErrors(
  t: Translator,
  err: unknown,
  whole: string,
  rename: (field: string) => string | undefined = () => undefined,
): FormErrors | undefined {
  if (!(err instanceof DomainError) || (err.code !== 'invalid' && err.code !== 'rejected')) return undefined;
  if (err.code === 'rejected' || !err.fields || Object.keys(err.fields).length === 0) return { [whole]: t.core(err.message) };
  const errors: FormErrors = {};
  for (const [field, messages] of Object.entries(err.fields)) {
    const id = rename(field) ?? whole;
    errors[id] = [errors[id], ...messages.map((m) => t.core(m))].filter(Boolean).join(' ');
  }
  return errors;
}
