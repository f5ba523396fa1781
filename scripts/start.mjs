#!/usr/bin/env node
// Serves VS Code (code-server, installed by scripts/editor-install.sh) on
// 127.0.0.1 with this checkout's extension loaded through a symlink in the
// extensions folder, and a folder of stories open: by default a scratch copy
// of examples/ (.vscode-test/start/examples/, made on the first start and
// kept after; the tracked examples/ stay untouched) with lighthouse.arc open
// in the editor, or the folder given with --folder, as it is.
// State (settings, window layout, logs) lives in .vscode-test/start/ (--state DIR).
// Run through `npm start` (scripts/start.sh), which installs and builds first.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '0' },
    folder: { type: 'string' },
    state: { type: 'string' },
  },
});

const launch = await import('../test/out/editors/launch.js').catch((error) => {
  console.error('[start] test/out/editors/launch.js is missing: run `npm run build` first.');
  throw error;
});
const { ROOT, EXTENSION_ID, missingForVSCode, remoteUri, startCodeServer, workbenchUrl } = launch;

const missing = missingForVSCode();
if (missing) {
  console.error(`[start] ${missing}`);
  process.exit(1);
}
const runDir = path.resolve(values.state ?? path.join(ROOT, '.vscode-test', 'start'));
mkdirSync(runDir, { recursive: true });
// VS Code may save as soon as a key is pressed (files.autoSave), so the
// examples are served from a copy: trying the editor never changes the
// repository. The copy is kept across starts, with the writer's edits;
// deleting it gives a fresh one.
let folder;
let openFile;
let folderNote;
if (values.folder) {
  folder = path.resolve(values.folder);
  folderNote = 'your folder, as it is';
} else {
  folder = path.join(runDir, 'examples');
  const fresh = !existsSync(folder);
  if (fresh) cpSync(path.join(ROOT, 'examples'), folder, { recursive: true });
  openFile = path.join(folder, 'lighthouse.arc');
  folderNote = `${fresh ? 'a fresh' : 'your'} scratch copy of examples/; edits stay there, not in the repository; delete it for a fresh copy`;
}
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const server = await startCodeServer({
  runDir,
  port: Number(values.port),
  folder,
  extensionLinks: { [`${EXTENSION_ID}-${version}`]: ROOT },
});
const url = workbenchUrl(server, folder, openFile ? [['openFile', remoteUri(server, openFile)]] : undefined);
console.log('');
console.log('  Narrative Arc Orchestrator: VS Code in the browser');
console.log(`  ${url}`);
console.log(`  folder: ${folder}`);
console.log(`          (${folderNote})`);
if (openFile) console.log(`  open:   ${path.basename(openFile)}`);
console.log(`  code-server log: ${server.logFile}`);
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
