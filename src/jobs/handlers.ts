import type { JobHandler } from './runner.js';

/** Every job kind and the handler that performs it. */
export const jobHandlers: Record<string, JobHandler> = {};
