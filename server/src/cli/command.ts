/**
 * What every `nao` subcommand is: a name, its options, its help and a `run`
 * function. Adding a command is one module under `commands/` plus one line in
 * `commands/index.ts`; parsing, help and usage errors are shared from here.
 */
import { parseArgs } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';
import type { CliIo } from './output.js';

/** Exit codes of every command (also listed in `nao --help` and docs/cli.md). */
export const EXIT = {
  /** Done; nothing of error severity was found. */
  ok: 0,
  /** Done; at least one error-severity problem was found (or a command's own failure, such as a fix that does not apply). */
  problems: 1,
  /** The command line was wrong: unknown command, option or format, missing or unreadable FILE. Nothing was written to stdout. */
  usage: 2,
  /** A bug in nao: an unexpected exception. */
  internal: 3,
  /** `nao fix` could not write the changed files (read-only, changed meanwhile, a failed write); nothing was changed. */
  notWritten: 4,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0  success: no problem of error severity
  1  at least one problem of error severity was reported
  2  usage problem (unknown command, option or format; missing FILE; no such
     file; a FILE that is not a regular file or is outside --root); the
     message is on stderr and nothing is written to stdout
  3  internal error: nao itself failed (a bug; please report it)
  4  nao fix could not write the changed files; nothing was changed`;

/**
 * A mistake on the command line. Reported on stderr with the command's usage
 * line; the process exits with EXIT.usage and writes nothing to stdout.
 */
export class UsageError extends Error {
  constructor(message: string, readonly command?: Command) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** For string options: the placeholder shown in help, e.g. `DIR`. */
  readonly valueName?: string;
  /** For string options: may be given several times (the values, in order: `stringsOption`). */
  readonly multiple?: boolean;
  readonly description: string;
}

export type OptionValues = Readonly<Record<string, string | readonly string[] | boolean | undefined>>;

export interface ParsedArgs {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

export interface Command {
  /** The word after `nao`. */
  readonly name: string;
  /** One line for the command list of `nao --help`. */
  readonly summary: string;
  /** The usage line without the leading `nao `, e.g. `check [--format text|json|sarif] FILE...`. */
  readonly usage: string;
  /** Paragraphs shown by `nao help NAME` between the usage line and the options. */
  readonly description: string;
  /** The command's options; `--help` is added to every command. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Extra help text shown after the options (formats, examples). */
  readonly notes?: string;
  /** The command's own `Exit codes:` section, when it differs from EXIT_CODES_HELP. */
  readonly exitCodesHelp?: string;
  /** Runs the command; returns the exit code. Throws UsageError for command-line mistakes. */
  run(args: ParsedArgs, io: CliIo): number | Promise<number>;
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

function allOptions(command: Command): Record<string, OptionSpec> {
  return { ...command.options, help: HELP_OPTION };
}

/**
 * Parses a command's arguments with `util.parseArgs`, turning its failures
 * into clear usage errors. Returns 'help' when `--help` was given.
 */
export function parseCommandArgs(command: Command, args: readonly string[]): ParsedArgs | 'help' {
  const specs = allOptions(command);
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  // Non-strict parsing with tokens, so that each mistake gets our own message.
  const { values, positionals, tokens } = parseArgs({
    args: [...args], options: config, strict: false, allowPositionals: true, tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    if (!spec) {
      const suggestion = suggestOption(token.name, Object.keys(specs));
      throw new UsageError(`unknown option '${token.rawName}'${suggestion ? ` (did you mean '--${suggestion}'?)` : ''}`, command);
    }
    if (spec.type === 'string') {
      const missing = token.value === undefined || token.value === '' ||
        (!token.inlineValue && token.value.startsWith('-') && token.value !== '-');
      if (missing) throw new UsageError(`option '${token.rawName}' needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`, command);
    } else if (token.value !== undefined) {
      throw new UsageError(`option '${token.rawName}' takes no value`, command);
    }
  }
  if (values.help === true) return 'help';
  return { values: values as OptionValues, positionals };
}

function suggestOption(name: string, known: readonly string[]): string | undefined {
  const best = closest(name, [...known]);
  return best !== undefined && distance(name, best) <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** A string option's value (validated by parseCommandArgs). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a string option that may be repeated (`multiple`), in order. */
export function stringsOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/**
 * Checks an enumerated option value such as `--format`: returns it, or throws
 * a usage error listing the choices.
 */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T, command?: Command): T {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${name} '${value}' (expected ${listWords(choices.map((c) => `'${c}'`), 'or')})`, command);
}

/** `a, b or c` */
export function listWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** The full help of a command, as printed by `nao help NAME` and `nao NAME --help`. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: nao ${command.usage}`, '', command.description.trimEnd(), '', 'Options:'];
  const entries = Object.entries(allOptions(command)).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length)) + 2;
  for (const [flag, description] of entries) lines.push(`  ${flag.padEnd(width)}${description}`);
  if (command.notes) lines.push('', command.notes.trimEnd());
  lines.push('', command.exitCodesHelp ?? EXIT_CODES_HELP);
  return lines.join('\n') + '\n';
}
