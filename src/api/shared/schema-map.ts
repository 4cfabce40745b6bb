type Node = Record<string | symbol, unknown>;

const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_VALUES = ['items', 'not', 'if', 'then', 'else', 'additionalProperties', 'contains'] as const;
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;

const isSchema = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of a JSON schema with `fn` applied to every subschema, innermost first (so `fn` sees its
 * children already mapped). The original is left as it was: TypeBox schemas are shared between
 * request bodies, responses and the OpenAPI document. Symbol keys (TypeBox's Kind) are kept.
 */
export function mapSchema(schema: unknown, fn: (node: Node) => Node): unknown {
  if (!isSchema(schema)) return schema;
  const node: Node = { ...schema };
  for (const key of SCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) node[key] = list.map((s) => mapSchema(s, fn));
  }
  for (const key of SCHEMA_VALUES) {
    if (isSchema(node[key])) node[key] = mapSchema(node[key], fn);
    else if (key === 'items' && Array.isArray(node[key])) node[key] = (node[key] as unknown[]).map((s) => mapSchema(s, fn));
  }
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (isSchema(map)) node[key] = Object.fromEntries(Object.entries(map).map(([k, s]) => [k, mapSchema(s, fn)]));
  }
  return fn(node);
}
