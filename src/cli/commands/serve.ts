import type { Command } from '../command.js';
import { loadConfig } from '../../config/config.js';
import { startServer } from '../../main.js';

export const serve: Command = {
  words: ['serve'],
  usage: 'hostplane serve            migrate the database, then serve HTTP on HOST:PORT',
  async run() {
    const config = loadConfig();
    const server = await startServer(config);
    const stop = async (signal: string) => {
      console.error(`${signal}: shutting down`);
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  },
};
