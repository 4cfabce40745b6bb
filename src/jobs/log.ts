import Fastify from 'fastify';

/** The slice of a pino logger the worker and its handlers use (Fastify's app.log is one). */
export interface Log {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

/** For a runtime nobody listens to (tests that pass no logger). */
export const quietLog: Log = { info() {}, warn() {}, error() {} };

/**
 * A pino logger at `level` writing JSON lines to `stream`, for processes without an HTTP app (the
 * worker, CLI commands). Taken from Fastify, which configures pino for the server too, so both write
 * the same lines and pino need not be a dependency of its own.
 */
export function createLog(level: string, stream: NodeJS.WritableStream = process.stdout): Log {
  return Fastify({ logger: { level, stream } }).log;
}
