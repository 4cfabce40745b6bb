import { errorCodes } from 'fastify';

/** The largest request body read (Fastify's bodyLimit): a JSON body of either API is a few kilobytes. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * How deeply a request body may nest arrays and objects. Every body of both documents nests three
 * levels at most; 64 leaves room for any honest client, and keeps everything that walks a body
 * (validation, the Idempotency-Key's canonical JSON, mappers) far from the stack's limit: 5,000 levels
 * overflowed it (a 500 on every authenticated POST).
 */
export const MAX_BODY_DEPTH = 64;

/** A JSON body nested deeper than MAX_BODY_DEPTH: refused with a 400 before anything walks it. */
export class BodyTooDeep extends Error {
  readonly code = 'HP_BODY_TOO_DEEP';
  readonly statusCode = 400;
  constructor() {
    // Each dialect answers in its own words (ErrorDialect.messages.tooDeep); this one is for logs.
    super(`JSON body nested over ${MAX_BODY_DEPTH} levels`);
  }
}

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_BRACE = 0x7b, OPEN_BRACKET = 0x5b, CLOSE_BRACE = 0x7d, CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of `text` read as JSON, counted in one pass without recursion (brackets inside
 * strings do not count). Stops as soon as `limit` is passed, so a deep body costs no more than a flat one.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * A `__proto__` key is an ordinary, unknown field to the documents' servers (PHP has no prototypes),
 * so it is dropped like any unknown field rather than refusing valid JSON; dropping it here means no
 * code can ever merge it into an object's prototype. Any spelling of it needs the name itself or a
 * \u escape, so other bodies skip the (slower) reviver.
 */
const dropProto = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);

/**
 * Parses a JSON request body as both APIs take it: the nesting is checked first (BodyTooDeep), then
 * the text is parsed (Fastify's invalid or empty JSON errors, answered 400 by each dialect), with any
 * `__proto__` key dropped. A byte order mark is ignored, as Fastify's own parser does.
 */
export function parseJsonBody(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  if (jsonDepthExceeds(text, MAX_BODY_DEPTH)) throw new BodyTooDeep();
  try {
    return text.includes('__proto__') || text.includes('\\u') ? JSON.parse(text, dropProto) : JSON.parse(text);
  } catch {
    throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
}
