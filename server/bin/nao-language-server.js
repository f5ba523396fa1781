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
// library calls: add them here, and in the worker thread that runs the
// analysis (a thread has globals of its own), by loading the same file first
// in every worker (`--import`). Newer Nodes skip all of this.
async function supportNode20() {
  if (typeof Object.groupBy === 'function' && typeof Map.groupBy === 'function') return;
  const polyfills = new URL('./es2024-polyfills.js', import.meta.url).href;
  await import(polyfills);
  const { createRequire, syncBuiltinESMExports } = await import('node:module');
  const workerThreads = createRequire(import.meta.url)('node:worker_threads');
  const { Worker } = workerThreads;
  workerThreads.Worker = class extends Worker {
    constructor(filename, options = {}) {
      super(filename, { ...options, execArgv: [...(options.execArgv ?? process.execArgv), '--import', polyfills] });
    }
  };
  syncBuiltinESMExports(); // `import { Worker } from 'node:worker_threads'` sees the class above
}

supportNode20()
  .then(() => import('../out/src/lsp/main.js'))
  .catch((error) => {
    process.stderr.write(`nao-language-server failed to start: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  });
