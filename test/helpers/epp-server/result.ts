import type { XNode } from './xml.js';

/** RFC 5730 section 3: the result codes this registry answers, with the standard messages. */
export const RESULT_MESSAGES: Record<number, string> = {
  1000: 'Command completed successfully',
  1001: 'Command completed successfully; action pending',
  1300: 'Command completed successfully; no messages',
  1301: 'Command completed successfully; ack to dequeue',
  1500: 'Command completed successfully; ending session',
  2001: 'Command syntax error',
  2002: 'Command use error',
  2003: 'Required parameter missing',
  2004: 'Parameter value range error',
  2005: 'Parameter value syntax error',
  2101: 'Unimplemented command',
  2102: 'Unimplemented option',
  2103: 'Unimplemented extension',
  2104: 'Billing failure',
  2106: 'Object is not eligible for transfer',
  2200: 'Authentication error',
  2201: 'Authorization error',
  2202: 'Invalid authorization information',
  2300: 'Object pending transfer',
  2301: 'Object not pending transfer',
  2302: 'Object exists',
  2303: 'Object does not exist',
  2304: 'Object status prohibits operation',
  2305: 'Object association prohibits operation',
  2306: 'Parameter value policy error',
  2307: 'Unimplemented object service',
  2308: 'Data management policy violation',
  2400: 'Command failed',
  2500: 'Command failed; server closing connection',
  2501: 'Authentication error; server closing connection',
  2502: 'Session limit exceeded; server closing connection',
};

/**
 * A refused command. `reason` goes to <extValue><reason> (RFC 5730 section 2.6: why, with the
 * offending element in <value>), so a client can show the registry's own words.
 */
export class EppError extends Error {
  constructor(
    readonly code: number,
    readonly reason?: string,
    /** The offending element, echoed in <extValue><value>. */
    readonly value?: XNode,
    /** Closes the session after answering (25xx). */
    readonly close = code >= 2500,
  ) {
    super(reason ?? RESULT_MESSAGES[code] ?? `EPP ${code}`);
  }
}

/** What a handler answers: a code, resData, extension elements, and a queued message's header. */
export interface Answer {
  code: number;
  /** Overrides the standard message. */
  msg?: string;
  resData?: XNode;
  extension?: XNode[];
  msgQ?: { count: number; id: string; qDate?: Date; msg?: string };
  /** Ends the session after the answer (logout, 25xx). */
  close?: boolean;
  /** The answer is a greeting, not a response (hello). */
  greeting?: boolean;
}
