/**
 * The orchestrator as a package, the way an integrator gets it: `npm pack`
 * (through scripts/pack-orchestrator.mjs), installed into an empty project
 * outside the repository with registry packages only, used from plain Node
 * ESM on a multi-file story held in strings, and bundled for a browser. Its
 * answer must equal `nao check --format json` on the same files.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const NAO = path.join(REPOSITORY, 'server', 'bin', 'nao.js');

const STORY: Record<string, string> = {
  'main.arc': [
    'include "parts/cast.arc"',
    'include "parts/storm.arc"',
    'story "The Lighthouse Keeper" {',
    '  themes grief',
    '  goal grounding "Practise grounding"',
    '  limits { max 7  spike 3  peak 6  calm 3  within 2  warn 6 }',
    '}',
    'event letting_go @9 { with mara  addresses grounding  resolves storm }',
    '',
  ].join('\n'),
  'parts/cast.arc': 'character mara "The keeper"\ncharacter tom\nplace harbor\n',
  'parts/storm.arc': [
    'arc storm meso "The storm night" {',
    '  event lamp_fails @2 { with mara  intensity 2  causes ship_in_danger }',
    '  event ship_in_danger @1 { with tom  intensity 7 }',
    '  choice keep_watch @4 "What does Mara do?" {',
    '    option vigil "Keep the lamp lit" { event breathing @5 { with mara  intensity 3 } }',
    '    option search "Go down to the harbor" { event finds_boat @5 { with mara  kills tom  intensity 6 } }',
    '  }',
    '  event dawn @6 { with tom, marra  intensity 2 }',
    '}',
    '',
  ].join('\n'),
};

/** The environment of a clean npm: none of the outer npm's settings (npm test runs this under npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

interface Reported {
  file: string;
  range: unknown;
  severity: string;
  code: string;
  message: string;
  related: { file: string; range: unknown; message: string }[];
  path?: { choice: string; option: string }[];
}

function normalise(list: readonly Reported[]): unknown[] {
  return list.map((d) => ({
    file: d.file, range: d.range, severity: d.severity, code: d.code, message: d.message,
    related: d.related.map((r) => ({ file: r.file, range: r.range, message: r.message })),
    path: d.path ?? [],
  }));
}

describe('the orchestrator package', function () {
  this.timeout(180_000);
  let consumer: string;
  let storyDir: string;

  before(() => {
    const tarball = execFileSync(process.execPath, [path.join(REPOSITORY, 'scripts', 'pack-orchestrator.mjs')], { encoding: 'utf8' }).trim();
    consumer = mkdtempSync(path.join(tmpdir(), 'arc-library-consumer-'));
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = spawnSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel', 'error'], {
      cwd: consumer, encoding: 'utf8', env: cleanEnv(),
    });
    assert.equal(install.status, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`);
    storyDir = mkdtempSync(path.join(tmpdir(), 'arc-library-story-'));
    for (const [name, text] of Object.entries(STORY)) {
      mkdirSync(path.dirname(path.join(storyDir, name)), { recursive: true });
      writeFileSync(path.join(storyDir, name), text);
    }
  });

  after(() => {
    if (consumer) rmSync(consumer, { recursive: true, force: true });
    if (storyDir) rmSync(storyDir, { recursive: true, force: true });
  });

  it('installs with registry packages only, and analyses a story in strings exactly as `nao check --format json` does', () => {
    const script = [
      "import { analyse } from '@narrative-arc/orchestrator';",
      `const result = analyse({ files: ${JSON.stringify(STORY)}, root: 'main.arc' });`,
      'process.stdout.write(JSON.stringify(result.conflicts));',
    ].join('\n');
    writeFileSync(path.join(consumer, 'check.mjs'), script);
    const library = spawnSync(process.execPath, ['check.mjs'], { cwd: consumer, encoding: 'utf8' });
    assert.equal(library.status, 0, library.stderr);
    const fromLibrary = JSON.parse(library.stdout) as Reported[];

    const cli = spawnSync(process.execPath, [NAO, 'check', '--format', 'json', 'main.arc'], { cwd: storyDir, encoding: 'utf8' });
    assert.equal(cli.status, 1, cli.stderr);
    const fromCli = (JSON.parse(cli.stdout) as { diagnostics: Reported[] }).diagnostics;

    assert.ok(fromCli.length >= 4, `the story has conflicts in several files (${fromCli.map((d) => d.code).join(' ')})`);
    assert.ok(new Set(fromCli.map((d) => d.file)).size >= 2);
    assert.ok(fromCli.some((d) => (d.path ?? []).length > 0), 'one of them with a witness path');
    assert.deepEqual(normalise(fromLibrary), normalise(fromCli));
  });

  it('ships its types and nothing of the repository', () => {
    const listing = spawnSync('npm', ['ls', '--all', '--parseable'], { cwd: consumer, encoding: 'utf8', env: cleanEnv() });
    const installed = listing.stdout.split('\n').filter(Boolean).map((p) => path.relative(path.join(consumer, 'node_modules'), p)).filter((p) => !p.startsWith('..'));
    assert.deepEqual(installed.sort(), ['@narrative-arc/orchestrator', 'chevrotain', 'fastest-levenshtein'].concat(
      installed.filter((p) => p.startsWith('@chevrotain/') || p.startsWith('chevrotain/'))).sort());
    const typecheck = [
      "import { analyse, type AnalysisResult, type Conflict } from '@narrative-arc/orchestrator';",
      "const result: AnalysisResult = analyse({ files: { 'a.arc': 'event a @1' }, root: 'a.arc' });",
      'const first: Conflict | undefined = result.conflicts[0];',
      'export { first };',
    ].join('\n');
    writeFileSync(path.join(consumer, 'typed.ts'), typecheck);
    const tsc = spawnSync(process.execPath, [path.join(REPOSITORY, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', '--skipLibCheck', 'false', 'typed.ts'], { cwd: consumer, encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  it('bundles for a browser: no Node built-in in its import graph', async () => {
    writeFileSync(path.join(consumer, 'browser.mjs'), "import { analyse } from '@narrative-arc/orchestrator';\nglobalThis.arc = analyse;\n");
    const built = await esbuild.build({
      absWorkingDir: consumer, entryPoints: ['browser.mjs'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
    });
    assert.deepEqual(built.errors, []);
    assert.ok(built.outputFiles[0]!.text.length > 10_000);
  });
});
