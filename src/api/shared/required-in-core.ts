import { Type, type TSchema } from '@sinclair/typebox';

/** The annotation docs.ts turns into the object's `required` list in the OpenAPI document. */
export const REQUIRED_IN_CORE = 'x-required-in-core';

/**
 * A body field the core command requires, not the schema. The validator takes it as optional, so a
 * request missing it reaches the command, which names every missing and malformed field in one
 * answer ("The domain is required" beside "The country must be ..."); the document lists it in
 * `required`, as the server enforces it. test/api/docs.test.ts holds each `required` list to the
 * server's answers.
 */
export const RequiredInCore = <T extends TSchema>(schema: T) =>
  Type.Optional({ ...schema, [REQUIRED_IN_CORE]: true } as T);
