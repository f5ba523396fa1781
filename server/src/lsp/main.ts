/**
 * Entry point of `nao-language-server`: `--stdio`, `--node-ipc` (the VS Code
 * client) or `--socket=PORT`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ArcLanguageServer } from './server.js';

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
const transport = args.some((a) => a === '--stdio' || a === '--node-ipc' || a === '--socket' || a.startsWith('--socket=') || a === '--pipe' || a.startsWith('--pipe='));
if (!transport) {
  process.stderr.write(`nao-language-server: choose a transport.\n${USAGE}`);
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
new ArcLanguageServer(connection).listen();
