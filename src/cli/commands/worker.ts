import type { Command } from '../command.js';
import { positionalsExactly } from '../options.js';
import { loadConfig } from '../../config/config.js';
import { createRuntime, mailLine } from '../../main.js';
import { createLog } from '../../jobs/log.js';
import { Worker } from '../../jobs/worker.js';

export const worker: Command = {
  words: ['worker'],
  service: true,
  usage: 'hostplane worker [--once]   run the job worker (outbox and lifecycle schedule) without HTTP; --once: one pass, then exit',
  options: { once: { type: 'boolean' } },
  async run({ values, positionals, json, out, io }) {
    positionalsExactly(positionals, []);
    const config = loadConfig(io.env);
    // Log lines on stdout, as `serve` writes them; with --json stdout is the result's alone.
    const { stdout, stderr } = io;
    const log = createLog(config.logLevel, json ? stderr : stdout);
    const runtime = await createRuntime(config, { log });
    const w = new Worker(runtime.ctx, runtime.runner, { log });
    if (values.once === true) {
      try {
        const steps = await w.tick();
        out.result({ steps }, () => steps.map((s) => `${s.step}: ${s.done}${s.errors.length ? ` (${s.errors.length} failed)` : ''}`).join('\n'));
      } finally {
        await runtime.close();
      }
      return;
    }
    w.start();
    log.info({ pid: process.pid }, 'worker started');
    log.info({ mail: runtime.ctx.mailer.kind }, mailLine(runtime.ctx.mailer, config));
    // Runs until stopped; the CLI's exit after a command is reached once the worker has stopped.
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log.info({ signal }, 'worker shutting down');
        void w.stop().then(() => runtime.close()).finally(resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  },
};
