import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { databaseUrlOf, loadConfig, type Env } from '../config/config.js';
import { createRuntime, type Runtime } from '../main.js';
import { DomainError } from '../core/errors.js';
import type { Actor } from '../core/events/actor.js';
import { createLog } from '../jobs/log.js';
import { hasHostplaneTables, sqlitePathOf } from '../store/db.js';

/** One CLI command: its words ("users create"), its options, and what it does. */
export interface Command {
  words: string[];
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Positional arguments after the command's words. */
  positionals?: string[];
  run(args: CommandArgs): Promise<void>;
  /**
   * A command that runs the service (serve, worker): what it changes is done by the system and by the
   * requests it serves, each naming their own actor, not by the operator who started it.
   */
  service?: boolean;
}

export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  out: Output;
  /** This invocation's settings and streams (several invocations share one process in the CLI's tests). */
  io: CliIo;
  /**
   * Who the command acts as, for the events it records: the operator, or the system for a service
   * command (whose requests and jobs each name their own). withRuntime puts it on the runtime's ctx.
   */
  actor: Actor;
}

export interface Output {
  /** Writes `data` as one JSON document with --json, or `text` otherwise. */
  result(data: unknown, text: string | (() => string)): void;
}

/** Where one CLI invocation reads its settings and writes: the process's, or a caller's (tests). */
export interface CliIo {
  env: Env;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const processIo = (): CliIo => ({ env: process.env, stdout: process.stdout, stderr: process.stderr });

/** A usage error: exit code 2, with the option or argument it names. */
export const usageError = (field: string, message: string): DomainError => new DomainError('invalid', message, { [field]: [message] });

/**
 * Parses a command's options with messages an operator reads ("unknown option --foo", "--user needs a
 * value") rather than parseArgs's, which explain its own API.
 */
export function parse(command: Command, argv: string[]) {
  const options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...command.options } as const satisfies ParseArgsConfig['options'];
  const { values, positionals, tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = (options as ParseArgsConfig['options'])![token.name];
    const name = token.rawName.startsWith('--') ? token.rawName : `--${token.name}`;
    if (!spec) throw usageError(token.name, `unknown option ${token.rawName}`);
    if (spec.type === 'string' && token.value === undefined) throw usageError(token.name, `${name} needs a value`);
    if (spec.type === 'string' && token.inlineValue === false && token.value!.startsWith('--') && token.value!.length > 2) {
      // "--user --json": the next option was taken as the value; the value is what is missing.
      throw usageError(token.name, `${name} needs a value`);
    }
    if (spec.type === 'boolean' && token.inlineValue) throw usageError(token.name, `${name} takes no value`);
    if (spec.type === 'string' && !spec.multiple && tokens.filter((t) => t.kind === 'option' && t.name === token.name).length > 1) {
      throw usageError(token.name, `${name} is given twice`);
    }
  }
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

/**
 * Runs `fn` with the runtime over DATABASE_URL (migrated), and closes it afterwards: the invocation's
 * (its env and stderr, `io`), with the command's actor on its ctx. The store must exist: an operator
 * command run from the wrong folder, or with DATABASE_URL unset, would otherwise create an empty store
 * and report "no such user" from it. `serve`, `dns`, `worker` and `migrate` create it.
 */
export async function withRuntime<T>({ io, actor }: Pick<CommandArgs, 'io' | 'actor'>, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const { env, stderr } = io;
  await requireStore(databaseUrlOf(env));
  const config = loadConfig(env);
  const runtime = await createRuntime(config, { log: createLog(config.logLevel, stderr), actor });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** No store there yet: exit code 1, naming where the CLI looked. */
export class NoStoreError extends Error {}

async function requireStore(databaseUrl: string): Promise<void> {
  const path = sqlitePathOf(databaseUrl);
  const missing = path === ':memory:' ? false : path !== undefined ? !existsSync(path) : !(await hasHostplaneTables(databaseUrl));
  if (!missing) return;
  throw new NoStoreError(
    `no hostplane store at DATABASE_URL=${redactPassword(databaseUrl)}` +
      (path !== undefined ? ` (${resolve(path)} does not exist)` : ' (the schema has no hostplane tables)') +
      '\nhint: run the command where the server runs or set DATABASE_URL to its store; ' +
      '`hostplane migrate` (or `hostplane serve`) creates a new one',
  );
}

/** A connection string as it may be printed: the password replaced by "***". */
export const redactPassword = (url: string): string => url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/, '$1:***@');

/** The message to print for an error: per-field messages for invalid input. */
export function describeError(err: unknown): { message: string; fields?: Record<string, string[]> } {
  if (err instanceof DomainError) return { message: err.message, fields: err.fields };
  return { message: err instanceof Error ? err.message : String(err) };
}

export function requireString(values: CommandArgs['values'], name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw usageError(name, `--${name} is required`);
  return v;
}
