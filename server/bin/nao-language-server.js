#!/usr/bin/env node
// The Arc language server: `nao-language-server --stdio` (or `--node-ipc`, `--socket=PORT`).
// Nothing but protocol may go to stdout, so problems are reported on stderr.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`nao-language-server needs Node.js 22 or newer; this is Node.js ${process.versions.node} (${process.execPath}).\n`);
  process.exit(1);
}
import('../out/src/lsp/main.js').catch((error) => {
  process.stderr.write(`nao-language-server failed to start: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
