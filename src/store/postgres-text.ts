import {
  type KyselyPlugin, OperationNodeTransformer, type PluginTransformQueryArgs, type PluginTransformResultArgs,
  type PrimitiveValueListNode, type QueryResult, type RootOperationNode, type UnknownRow, type ValueNode,
} from 'kysely';

/**
 * PostgreSQL's text cannot hold U+0000 (a parameter with one fails the whole statement with SQLSTATE
 * 22021), while SQLite stores it like any other character. So that odd input (`?keyword=%00`) is
 * never a 500 on one store and fine on the other, every string parameter sent to PostgreSQL has
 * U+0000 replaced by U+FFFD, the replacement character. A lookup with it finds nothing, as it would
 * on SQLite; a written value keeps every other character. Validation, not the store, is what keeps
 * control characters out of the data.
 */
export class PostgresTextPlugin implements KyselyPlugin {
  readonly #transformer = new NulTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A value as PostgresTextPlugin sends it: a string's U+0000 replaced (for values bound outside the plugin: prepared.ts). */
export const pgTextValue = (value: unknown): unknown =>
  typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;

class NulTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return { ...super.transformValue(node), value: pgTextValue(node.value) };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...super.transformPrimitiveValueList(node), values: node.values.map(pgTextValue) };
  }
}
