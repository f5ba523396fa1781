#!/usr/bin/env node
// The Arc language server: `nao-language-server --stdio` (or `--node-ipc`, `--socket=PORT`).
// Runs on Node 20 or newer, whichever `node` the editor finds on PATH. Nothing
// but protocol may go to stdout, so problems are reported on stderr.
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(`nao-language-server needs Node.js 20 or newer; this is Node.js ${process.versions.node} (${process.execPath}).\n`);
  process.exit(1);
}

// Node 20 lacks Object.groupBy and Map.groupBy (ES2024), which the parser
// library calls: add them first. Newer Nodes skip this.
async function supportNode20() {
  if (typeof Object.groupBy === 'function' && typeof Map.groupBy === 'function') return;
  await import(new URL('./es2024-polyfills.js', import.meta.url).href);
}

supportNode20()
  .then(() => import('../out/src/lsp/main.js'))
  .catch((error) => {
    process.stderr.write(`nao-language-server failed to start: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  });
