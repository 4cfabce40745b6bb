import { Type, type Static } from '@sinclair/typebox';
import type { Page } from '../../ports/store.js';

/** `limit` 1-100 (default 100) and `offset` (default 0), as the client API's lists take them. */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'Number of items to return (1-100)' }),
  offset: Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0, description: 'Number of items to skip' }),
});
export type PageQuery = Static<typeof PageQuery>;

export const PageMeta = Type.Object({
  limit: Type.Integer({ description: 'The limit of results returned' }),
  offset: Type.Integer({ description: 'The current offset of returned results' }),
  count: Type.Integer({ description: 'Number of items in the response' }),
  total: Type.Integer({ description: 'Total number of items' }),
});

export const toPage = (q: PageQuery): Page => ({ limit: q.limit, offset: q.offset });

export const pageMeta = (q: PageQuery, count: number, total: number) => ({ limit: q.limit, offset: q.offset, count, total });
