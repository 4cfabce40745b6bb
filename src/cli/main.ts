import { commands } from './commands/index.js';
import { describeError, parse, type Output } from './command.js';

/**
 * hostplane's command line. Every command reads DATABASE_URL like the server and takes --json, which
 * prints one JSON document (errors too: {"error": {"message", "fields"?}}) for scripts.
 * Exit codes: 0 success, 1 failure, 2 usage or invalid input.
 */
async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const command = commands
    .filter((c) => c.words.every((w, i) => argv[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
  if (!command || argv.includes('--help') || argv.includes('-h')) {
    const usage = command ? command.usage : commands.map((c) => `  ${c.usage}`).join('\n');
    (command || argv.length === 0 || argv[0] === 'help' ? console.log : console.error)(
      command ? usage : `usage:\n${usage}`,
    );
    return command || argv.length === 0 || argv[0] === 'help' ? 0 : 2;
  }
  const out: Output = {
    result(data, text) {
      console.log(json ? JSON.stringify(data) : typeof text === 'function' ? text() : text);
    },
  };
  try {
    const { values, positionals } = parse(command, argv.slice(command.words.length));
    await command.run({ values, positionals, json, out });
    return 0;
  } catch (err) {
    const { message, fields } = describeError(err);
    if (json) console.log(JSON.stringify({ error: fields ? { message, fields } : { message } }));
    else {
      console.error(`error: ${message}`);
      for (const [field, msgs] of Object.entries(fields ?? {})) for (const m of msgs) console.error(`  ${field}: ${m}`);
    }
    const usageError = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') || (err as { code?: string }).code === 'invalid';
    return usageError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // serve keeps running; every other command ends here.
    if (process.argv[2] !== 'serve') process.exit(code);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
