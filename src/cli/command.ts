import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createRuntime, type Runtime } from '../main.js';
import { DomainError } from '../core/errors.js';

/** One CLI command: its words ("users create"), its options, and what it does. */
export interface Command {
  words: string[];
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Positional arguments after the command's words. */
  positionals?: string[];
  run(args: CommandArgs): Promise<void>;
}

export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  out: Output;
}

export interface Output {
  /** Writes `data` as one JSON document with --json, or `text` otherwise. */
  result(data: unknown, text: string | (() => string)): void;
}

export function parse(command: Command, argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...command.options },
    allowPositionals: true,
    strict: true,
  });
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

/** Runs `fn` with the runtime over DATABASE_URL (migrated), and closes it afterwards. */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await createRuntime(loadConfig());
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** The message to print for an error: per-field messages for invalid input. */
export function describeError(err: unknown): { message: string; fields?: Record<string, string[]> } {
  if (err instanceof DomainError) return { message: err.message, fields: err.fields };
  return { message: err instanceof Error ? err.message : String(err) };
}

export function requireString(values: CommandArgs['values'], name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new DomainError('invalid', `--${name} is required`, { [name]: [`--${name} is required`] });
  return v;
}
