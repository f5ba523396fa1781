/**
 * The `nao` command line: parses the command word and global options, then
 * hands over to a subcommand of the registry (commands/index.ts). Usage
 * mistakes exit 2 with a message on stderr and nothing on stdout; an
 * unexpected exception exits 3 ("internal error").
 */
import { closest, distance } from 'fastest-levenshtein';
import { parseArgs } from 'node:util';
import { COMMANDS, findCommand } from './commands/index.js';
import { commandHelp, EXIT, EXIT_CODES_HELP, parseCommandArgs, UsageError, type Command } from './command.js';
import { naoVersion, processIo, type CliIo } from './output.js';

export function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 'help'.length) + 2;
  return [
    'nao — checks Arc story scripts (*.arc): conflicts on every path of a branching story.',
    '',
    'Usage: nao <command> [options] [arguments]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}Show the help of a command: nao help <command>`,
    '',
    'Options:',
    '  -h, --help     Show this help.',
    '  -v, --version  Print the version of nao.',
    '',
    EXIT_CODES_HELP,
    '',
    "Run 'nao help <command>' (or 'nao <command> --help') for a command's options.",
  ].join('\n') + '\n';
}

/** Runs `nao` with the arguments after the program name; returns the exit code. Never throws. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.writeErr(usageMessage(error));
      return EXIT.usage;
    }
    // One line; the stack trace only on request (NAO_DEBUG=1).
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.writeErr(`nao: internal error: ${detail.replace(/\s*\n\s*/g, ' ')}. This is a bug in nao: please report it ` +
      'with the command line and, if you can, the story files (NAO_DEBUG=1 shows where it happened).\n');
    if (io.env.NAO_DEBUG && error instanceof Error && error.stack) io.writeErr(`${error.stack}\n`);
    return EXIT.internal;
  }
}

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) throw new UsageError('no command given');
  if (first.startsWith('-') && first !== '-') return globalOptions(args, io);
  if (first === 'help') {
    if (rest.length > 1) throw new UsageError(`'help' takes one command name, got ${rest.length}`);
    if (rest.length === 0) {
      io.writeOut(globalHelp());
      return EXIT.ok;
    }
    io.writeOut(commandHelp(commandNamed(rest[0]!)));
    return EXIT.ok;
  }
  const command = commandNamed(first);
  const parsed = parseCommandArgs(command, rest);
  if (parsed === 'help') {
    io.writeOut(commandHelp(command));
    return EXIT.ok;
  }
  return command.run(parsed, io);
}

/** `nao --help`, `nao --help check`, `nao --version`. */
function globalOptions(args: readonly string[], io: CliIo): number {
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    strict: false, allowPositionals: true, tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name !== 'help' && token.name !== 'version') {
      const owner = COMMANDS.find((c) => token.name in c.options);
      throw new UsageError(owner
        ? `option '${token.rawName}' belongs after the command, as in 'nao ${owner.name} ${token.rawName} …'`
        : `unknown option '${token.rawName}'`);
    }
    if (token.value !== undefined) throw new UsageError(`option '${token.rawName}' takes no value`);
  }
  if (values.help === true) {
    if (positionals.length > 1) throw new UsageError(`'--help' takes at most one command name, got ${positionals.length}`);
    io.writeOut(positionals.length === 1 ? commandHelp(commandNamed(positionals[0]!)) : globalHelp());
    return EXIT.ok;
  }
  if (values.version === true) {
    if (positionals.length > 0) throw new UsageError(`'--version' takes no arguments`);
    io.writeOut(`${naoVersion()}\n`);
    return EXIT.ok;
  }
  throw new UsageError('no command given');
}

function commandNamed(name: string): Command {
  const command = findCommand(name);
  if (command) return command;
  const names = COMMANDS.map((c) => c.name);
  const best = closest(name, names);
  const hint = best !== undefined && distance(name, best) <= 2 ? ` (did you mean '${best}'?)` : '';
  throw new UsageError(`unknown command '${name}'${hint}; the commands are ${names.map((n) => `'${n}'`).join(', ')} and 'help'`);
}

function usageMessage(error: UsageError): string {
  if (error.command) {
    return `nao ${error.command.name}: ${error.message}\n` +
      `Usage: nao ${error.command.usage}\n` +
      `Run 'nao help ${error.command.name}' for details.\n`;
  }
  return `nao: ${error.message}\n` +
    'Usage: nao <command> [options] [arguments]\n' +
    "Run 'nao --help' for the commands.\n";
}

/** The entry point of bin/nao.js. */
export async function main(): Promise<void> {
  // `nao check … | head`: a closed pipe is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
