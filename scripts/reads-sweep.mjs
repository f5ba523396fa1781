// `npm run sweep:reads -- [CHECK | CHECK:ASPECT]...`
//
// How far the incremental analysis' tests reach (test/incremental.test.ts:
// its property tests comparing incremental and full analyses, and its
// cases): for each aspect a check reads (`Check.reads`), the tests are run
// with that aspect left out of the check's list, so that an edit of that
// aspect alone reuses the check's previous result. A test must then fail:
// each line says whether one did ("caught") or not ("NOT CAUGHT": the
// tests never make an edit of that aspect change that check's verdict, so
// an omission from its `reads` would pass unseen). The aspect is left out
// as the compiled module is loaded (scripts/reads-sweep-hook.mjs); no file
// changes.
//
// With no argument every check and aspect is swept (about half a minute
// each); `c201` sweeps one check's aspects, `t104:order` one aspect.
// Exit 0 when every omission was caught, 1 when one was not, 2 for a bad
// command line.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readsList } from './reads-sweep-hook.mjs';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checksDir = path.join(repository, 'orchestrator', 'out', 'src', 'checks');
const mocha = path.join(repository, 'node_modules', 'mocha', 'bin', 'mocha.js');
const hook = pathToFileURL(path.join(repository, 'scripts', 'reads-sweep-hook.mjs')).href;
const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hook)});`;

/** Every compiled check module with a `reads` list: its file name, its short name (`c201`) and the aspects. */
function checkModules() {
  const modules = [];
  for (const family of readdirSync(checksDir, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    for (const file of readdirSync(path.join(checksDir, family.name))) {
      if (!file.endsWith('.js')) continue;
      const reads = readsList(readFileSync(path.join(checksDir, family.name, file), 'utf8'));
      if (reads) modules.push({ file, name: file.split('-')[0], aspects: reads.aspects });
    }
  }
  return modules.sort((a, b) => a.name.localeCompare(b.name));
}

const modules = checkModules();
if (modules.length === 0) {
  process.stderr.write('sweep:reads: no compiled check module found; build first (tsc -b)\n');
  process.exit(2);
}
const wanted = process.argv.slice(2);
const runs = [];
for (const module of modules) {
  for (const aspect of module.aspects) {
    if (wanted.length === 0 || wanted.some((w) => w === module.name || w === `${module.name}:${aspect}`)) runs.push({ module, aspect });
  }
}
const unknown = wanted.filter((w) => !runs.some((r) => w === r.module.name || w === `${r.module.name}:${r.aspect}`));
if (unknown.length > 0) {
  process.stderr.write(`sweep:reads: no check or aspect read: ${unknown.join(', ')}\nUsage: npm run sweep:reads -- [CHECK | CHECK:ASPECT]...\n`);
  process.exit(2);
}

let missed = 0;
for (const { module, aspect } of runs) {
  // One failing test is enough (--bail); the JSON report names it.
  const result = spawnSync(
    process.execPath,
    ['--import', register, mocha, '--no-config', '--timeout', '600000', '--bail', '--reporter', 'json', 'test/out/incremental.test.js'],
    { cwd: repository, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NAO_READS_SWEEP: `${module.file}:${aspect}` } },
  );
  let report;
  try {
    // The reporter's JSON comes last (a test may have printed before it).
    report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{\n  "stats"')));
  } catch {
    report = undefined;
  }
  let verdict;
  if (report && report.failures.length > 0) verdict = `caught by "${report.failures[0].fullTitle}"`;
  else if (report && result.status === 0) verdict = 'NOT CAUGHT';
  else verdict = `could not run the tests (exit ${result.status}): ${(result.stderr || result.stdout || '').trim().split('\n')[0]}`;
  if (!report || report.failures.length === 0) missed++;
  process.stdout.write(`${module.name} without ${aspect}: ${verdict}\n`);
}
process.exit(missed > 0 ? 1 : 0);
