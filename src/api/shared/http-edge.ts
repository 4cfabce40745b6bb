import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorDialect } from './error-handler.js';

/** The longest path parameter routed (the client API's ids and names are path segments). */
export const MAX_PARAM_LENGTH = 300;

/** Which dialect answers a request that never reached a route, by its URL (raw, as sent). */
export type DialectOf = (url: string | undefined) => ErrorDialect;

/**
 * Fastify's `frameworkErrors`: a URL whose percent-encoding does not decode (400) or with a path
 * parameter over MAX_PARAM_LENGTH (414) fails before routing, so no dialect's error handler sees it;
 * Fastify's own answers were in its own shape, and the 414 echoed the whole path back.
 */
export function frameworkErrorsFor(dialectOf: DialectOf) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const dialect = dialectOf(request.url);
    if (error.code === 'FST_ERR_BAD_URL') return dialect.send(reply, 400, dialect.messages.badUrl);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return dialect.send(reply, 414, dialect.messages.uriTooLong);
    request.log.error({ err: error }, 'unhandled error');
    return dialect.send(reply, 500, dialect.messages.internal);
  };
}

/** The request target of the request line in the bytes the HTTP parser failed on, if they hold it. */
function requestTarget(raw: unknown): string | undefined {
  if (!Buffer.isBuffer(raw)) return undefined;
  return /^[A-Za-z]+ (\S+)/.exec(raw.toString('latin1', 0, 1024))?.[1];
}

/**
 * Node's `clientError`: the request could not be parsed as HTTP (a malformed request line or header,
 * a bad Content-Length), its headers are over Node's limit (431), or it did not arrive in time (408).
 * Answered in the dialect of the URL when the failed bytes hold the request line (otherwise the
 * partner API's, which owns the root), with `Connection: close`, since the parser cannot go on; and
 * only when no response is being written on the connection, which the answer would corrupt.
 */
export function clientErrorHandlerFor(dialectOf: DialectOf) {
  return (err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const dialect = dialectOf(requestTarget(err.rawPacket));
    const [status, message] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, dialect.messages.headersTooLarge]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, dialect.messages.timeout]
      : [400, dialect.messages.badRequest];
    // Node's own ServerResponse under way on this socket (internal, as Node's default handler reads it).
    const responding = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
    if (!socket.writable || responding) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(dialect.envelope(status, message));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      () => socket.destroy(),
    );
  };
}
