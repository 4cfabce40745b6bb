import { commands } from './commands/index.js';
import { describeError, parse, processIo, usageError, type CliIo, type Command, type Output } from './command.js';
import { SYSTEM, type Actor } from '../core/events/actor.js';

/**
 * hostplane's command line, as a function: runs one command line and answers its exit code, writing
 * only to `io` (the process's streams, or a test's). Every command reads DATABASE_URL like the server
 * and takes --json, which prints one JSON document (errors too: {"error": {"message", "fields"?}}).
 * Exit codes: 0 success, 1 failure, 2 usage or invalid input.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const print = (stream: NodeJS.WritableStream, text: string) => stream.write(`${text}\n`);
  const json = argv.includes('--json');
  const fail = (err: unknown): number => {
    const { message, fields } = describeError(err);
    if (json) print(io.stdout, JSON.stringify({ error: fields ? { message, fields } : { message } }));
    else {
      print(io.stderr, `error: ${message}`);
      for (const [field, msgs] of Object.entries(fields ?? {})) for (const m of msgs) if (m !== message) print(io.stderr, `  ${field}: ${m}`);
    }
    return (err as { code?: string }).code === 'invalid' ? 2 : 1;
  };

  // `hostplane`, `hostplane help`, `hostplane --help`: every command. `hostplane help users create`: one.
  const topHelp = argv.length === 0 || argv[0] === 'help' || HELP.includes(argv[0]!);
  const words = topHelp && argv[0] === 'help' ? argv.slice(1).filter((a) => !a.startsWith('-')) : argv;
  const command = commands
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
  const group = commands.filter((c) => c.words[0] === words[0]);

  if (topHelp && !command && group.length === 0) {
    print(io.stdout, `usage: hostplane COMMAND [options] [--json]   (--help after a command: its options)\n\n${list(commands)}`);
    return 0;
  }
  if (!command) {
    // `hostplane users --help` lists the users commands; `hostplane users` alone names the choice.
    if (group.length > 0 && (topHelp || argv.some((a) => HELP.includes(a)))) {
      print(io.stdout, list(group));
      return 0;
    }
    const typed = argv.filter((a) => !a.startsWith('-')).slice(0, 2);
    const choices = group.map((c) => c.words.slice(1).join(' ')).join(', ');
    return fail(
      group.length === 0
        ? usageError('command', `unknown command "${argv[0]}": \`hostplane help\` lists the commands`)
        : typed.length < 2
          ? usageError('command', `hostplane ${words[0]} needs a command: ${choices}`)
          : usageError('command', `unknown command "${typed.join(' ')}": hostplane ${words[0]} takes ${choices}`),
    );
  }
  if (topHelp || argv.some((a) => HELP.includes(a))) {
    print(io.stdout, command.usage);
    return 0;
  }

  const out: Output = {
    result(data, text) {
      print(io.stdout, json ? JSON.stringify(data) : typeof text === 'function' ? text() : text);
    },
  };
  try {
    const { values, positionals } = parse(command, argv.slice(command.words.length));
    await command.run({ values, positionals, json, out, io, actor: command.service ? SYSTEM : operator(io) });
    return 0;
  } catch (err) {
    return fail(err);
  }
}

const HELP = ['--help', '-h'];

/** The operator running a command, by the login name the shell gives (sudo's caller first), for the event log. */
function operator(io: CliIo): Actor {
  return { kind: 'operator', id: io.env.SUDO_USER || io.env.USER || io.env.LOGNAME || null };
}

const list = (cmds: Command[]): string => cmds.map((c) => `  ${c.usage}`).join('\n');
