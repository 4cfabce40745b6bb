import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';

/**
 * The route schemas' validators (validator.ts) and serializers (below) are compiled when a route
 * first uses them, not when it is registered, and shared by every server of the process that
 * registers the same schema object. Compiling every route's schemas at registration took most of a
 * second of each start (fast-json-stringify and Ajv code generation), for routes a process mostly
 * never serves: a CLI command's runtime, a test file's servers, a server's first seconds.
 *
 * The price is that a schema neither library accepts fails at its route's first request instead of
 * at start; compileEverySchema() compiles whatever is still waiting, and the API reference test calls
 * it over the whole route table so that such a schema fails the suite.
 */
const unbuilt = new Set<() => unknown>();

/** `build` run once, at the first call of the function returned, which then answers its result. */
export function lazily<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  const get = (): T => {
    if (!built) {
      built = { value: build() };
      unbuilt.delete(get);
    }
    return built.value;
  };
  unbuilt.add(get);
  return get;
}

/**
 * Compiles every validator and serializer made so far that has not been used yet, and returns how
 * many it compiled; throws the first failure.
 */
export function compileEverySchema(): number {
  let compiled = 0;
  for (const compile of unbuilt) {
    compile();
    compiled++;
  }
  return compiled;
}

type Serialize = (data: unknown) => string;
const serializers = new WeakMap<object, Serialize>();

/** Fastify's own response serializer (fast-json-stringify, no shared schemas), compiled at first use. */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  const known = serializers.get(schema as object);
  if (known) return known;
  const compiled = lazily(() => fastJsonStringify(schema as object) as Serialize);
  const serialize: Serialize = (data) => compiled()(data);
  serializers.set(schema as object, serialize);
  return serialize;
};
