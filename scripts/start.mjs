#!/usr/bin/env node
// Serves VS Code (code-server, installed by scripts/editor-install.sh) on
// 127.0.0.1 with a folder of stories (examples/ by default) open and this
// checkout's extension loaded through a symlink in the extensions folder.
// State (settings, window layout, logs) lives in .vscode-test/start/.
// Run through `npm start` (scripts/start.sh), which installs and builds first.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '0' },
    folder: { type: 'string' },
  },
});

const launch = await import('../test/out/editors/launch.js').catch((error) => {
  console.error('[start] test/out/editors/launch.js is missing: run `npm run build` first.');
  throw error;
});
const { ROOT, EXTENSION_ID, missingForVSCode, startCodeServer, workbenchUrl } = launch;

const missing = missingForVSCode();
if (missing) {
  console.error(`[start] ${missing}`);
  process.exit(1);
}
const folder = path.resolve(values.folder ?? path.join(ROOT, 'examples'));
const runDir = path.join(ROOT, '.vscode-test', 'start');
mkdirSync(runDir, { recursive: true });
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const server = await startCodeServer({
  runDir,
  port: Number(values.port),
  folder,
  extensionLinks: { [`${EXTENSION_ID}-${version}`]: ROOT },
});
const url = workbenchUrl(server, folder);
console.log('');
console.log('  Narrative Arc Orchestrator: VS Code in the browser');
console.log(`  ${url}`);
console.log(`  (folder ${folder}; code-server log ${server.logFile})`);
console.log('  Press Ctrl-C to stop.');
console.log('');

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n[start] ${signal}: stopping code-server`);
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
server.group.exited.then((code) => {
  if (stopping) return;
  console.error(`[start] code-server exited (${code}); see ${server.logFile}`);
  process.exit(1);
});
