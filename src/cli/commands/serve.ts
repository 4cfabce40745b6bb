import type { Command } from '../command.js';
import { positionalsExactly } from '../options.js';
import { loadConfig } from '../../config/config.js';
import { startServer } from '../../main.js';

export const serve: Command = {
  words: ['serve'],
  service: true,
  usage: 'hostplane serve [--no-worker]   migrate the database, then serve HTTP on HOST:PORT with a job worker\n'
    + '                                 (--no-worker: only queue jobs, for `hostplane worker` processes to run)',
  options: { 'no-worker': { type: 'boolean' } },
  async run({ values, positionals, io }) {
    positionalsExactly(positionals, []);
    const config = loadConfig(io.env);
    const server = await startServer(config, { worker: values['no-worker'] !== true });
    const stop = async (signal: string) => {
      console.error(`${signal}: shutting down`);
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  },
};
