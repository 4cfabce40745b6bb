import { redactPassword, type Command } from '../command.js';
import { positionalsExactly } from '../options.js';
import { loadConfig } from '../../config/config.js';
import { createRuntime } from '../../main.js';
import { createLog } from '../../jobs/log.js';

export const migrate: Command = {
  words: ['migrate'],
  usage: 'hostplane migrate [--json]   create the store at DATABASE_URL, or bring it up to date (serve does this too)',
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const { env, stderr } = io;
    const config = loadConfig(env);
    // Creating the runtime migrates the store; nothing else is done with it.
    const runtime = await createRuntime(config, { log: createLog(config.logLevel, stderr), actor });
    await runtime.close();
    const url = redactPassword(config.databaseUrl);
    out.result({ database_url: url, migrated: true }, `store ready at DATABASE_URL=${url}`);
  },
};
