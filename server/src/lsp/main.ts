/**
 * Entry point of `nao-language-server`: `--stdio`, `--node-ipc` (the VS Code
 * client) or `--socket=PORT`.
 */
import { setFlagsFromString } from 'node:v8';
import {
  createConnection, createServerPipeTransport, createServerSocketTransport, IPCMessageReader, IPCMessageWriter, ProposedFeatures,
  StreamMessageReader, StreamMessageWriter, type MessageReader, type MessageWriter,
} from 'vscode-languageserver/node';
import { TrackedWriter } from './output.js';
import { ArcLanguageServer } from './server.js';

/**
 * After each full garbage collection, V8 lets the heap grow to as much as
 * four times what is live before it collects again. An analysis leaves
 * about as much garbage as it keeps, so a server that has analysed a big
 * project a few times would sit at several hundred megabytes, most of it
 * garbage. Growing by at most half of what is live keeps it near the live
 * size, for a few more collections (docs/lsp.md, "Memory"). The flag is read
 * at every collection, so setting it here, before any work, takes effect.
 */
export const HEAP_GROWING_PERCENT = 50;
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

const USAGE = `usage: nao-language-server --stdio | --node-ipc | --socket=PORT

The Arc story-script language server (Language Server Protocol). Start it from
an editor's LSP client; see docs/lsp.md.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stderr.write(USAGE);
  process.exit(0);
}
if (args.includes('--version')) {
  process.stderr.write('nao-language-server 0.1.0\n');
  process.exit(0);
}
/**
 * A message that cannot be framed (a missing, negative or wrong
 * `Content-Length`, a body that is not JSON, a message left incomplete) leaves
 * the stream unreadable: rather than stay alive and deaf, the server says so
 * on stderr and exits with 1, so that the client restarts it.
 */
const PARTIAL_MESSAGE_TIMEOUT_MS = 5000;

function exitOnFramingErrors(reader: MessageReader): void {
  reader.onError((error) => {
    process.stderr.write(`nao-language-server: cannot read the protocol stream (${error.message.split('\n')[0]}); exiting\n`);
    process.exit(1);
  });
  reader.onPartialMessage((info) => {
    process.stderr.write(`nao-language-server: a message has been incomplete for ${info.waitingTime} ms (wrong Content-Length?); exiting\n`);
    process.exit(1);
  });
}

/** Where the command line names `name` (`--name VALUE` or `--name=VALUE`), or -1. */
function optionIndex(name: string): number {
  return args.findIndex((a) => a === name || a.startsWith(`${name}=`));
}

/** The value of `--name=VALUE` or `--name VALUE`. */
function option(name: string): string | undefined {
  const i = optionIndex(name);
  if (i < 0) return undefined;
  return args[i] === name ? args[i + 1] : args[i]!.slice(name.length + 1);
}

/** The reader and writer of the transport the command line names (as `createConnection` would pick them). */
function transport(): [MessageReader, MessageWriter] {
  if (args.includes('--stdio')) {
    const reader = new StreamMessageReader(process.stdin);
    reader.partialMessageTimeout = PARTIAL_MESSAGE_TIMEOUT_MS;
    exitOnFramingErrors(reader);
    return [reader, new StreamMessageWriter(process.stdout)];
  }
  if (args.includes('--node-ipc')) return [new IPCMessageReader(process), new IPCMessageWriter(process)];
  const port = Number(option('--socket'));
  if (Number.isInteger(port) && port > 0) return createServerSocketTransport(port);
  const pipe = option('--pipe');
  if (pipe) return createServerPipeTransport(pipe);
  const named = optionIndex('--socket') >= 0 || optionIndex('--pipe') >= 0;
  process.stderr.write(`nao-language-server: ${named ? '--socket takes a port and --pipe a name' : 'choose a transport'}.\n${USAGE}`);
  process.exit(2);
}

const [reader, writer] = transport();
// The analysis waits for messages on their way out before each step, so that answers are not held back (output.ts).
const output = new TrackedWriter(writer);
new ArcLanguageServer(createConnection(ProposedFeatures.all, reader, output), output).listen();
