/**
 * What sql-log.mjs and pg-log.mjs share: the list a preload keeps the server's statements in, in the
 * order they ran. SIGUSR2 puts a mark in it (`['mark']`: the benchmark's measured run starts or ends),
 * and it is written to `$PROFILE_SQL_LOG` as JSON lines when the process exits (bigints as numbers).
 */
import { writeFileSync } from 'node:fs';

export function statementLog() {
  const log = [];
  process.on('SIGUSR2', () => log.push(['mark']));
  const file = process.env.PROFILE_SQL_LOG;
  if (file) {
    process.on('exit', () => {
      const line = (entry) => JSON.stringify(entry, (_, v) => (typeof v === 'bigint' ? Number(v) : v));
      writeFileSync(file, log.map(line).join('\n') + '\n');
    });
  }
  return log;
}
