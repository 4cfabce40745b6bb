import type { FastifyRequest } from 'fastify';
import { errorCodes } from 'fastify';
import { invalid } from '../../core/errors.js';
import { parseJsonBody } from '../shared/json-body.js';

/** A JSON body on a GET is a few fields; more than this is refused (413) rather than read. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * preValidation hook for a GET route whose documented request sends its parameters as a JSON body
 * (`curl --get ... --data '{"tenant_name": "x"}'`; GET products/m365/check-tenant). HTTP gives a
 * GET body no meaning and Fastify does not read one, so this reads it and copies the named fields
 * into the query before the query schema validates them: a program written to the document works,
 * and so does one that sends a query string. A field in both takes the body's value (the documented
 * place). A body that is not JSON answers 400 as on any other route (the same parser); a field that
 * is not a string answers 422. One over the limit answers 413: by its Content-Length before any of
 * it is read (Node then discards it, and the connection goes on), or once read past the limit (the
 * error handler then closes the connection, whose rest of the body nobody will read).
 */
export function queryFromJsonBody(fields: string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const { headers } = request;
    const chunked = headers['transfer-encoding'] !== undefined;
    if (!chunked && (headers['content-length'] === undefined || headers['content-length'] === '0')) return;
    const type = headers['content-type'];
    if (type !== undefined && !/json/i.test(type)) return;
    if (Number(headers['content-length']) > MAX_BODY_BYTES) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    const text = await readBody(request);
    if (text.trim() === '') return;
    const body = parseJsonBody(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalid({ body: ['The request body must be a JSON object'] });
    }
    const query = request.query as Record<string, unknown>;
    for (const field of fields) {
      const value = (body as Record<string, unknown>)[field];
      if (value === undefined) continue;
      if (typeof value !== 'string') throw invalid({ [field]: [`The ${field} must be a string`] });
      query[field] = value;
    }
  };
}

async function readBody(request: FastifyRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
