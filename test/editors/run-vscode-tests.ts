/**
 * Runs the extension's tests inside the real VS Code extension host with the
 * standard runner, @vscode/test-electron's `runTests`:
 * extensionDevelopmentPath = this checkout, extensionTestsPath = the bundled
 * host tests (test/editors/out/host/index.cjs, the suites of
 * test/editors/host/), on a copy of the fixture project
 * (test/editors/workspace), with a fresh profile (--user-data-dir,
 * --extensions-dir) in a run folder.
 *
 * The VS Code it launches (NAO_VSCODE):
 *  - `desktop`: a desktop VS Code, NAO_VSCODE_EXECUTABLE or else the one
 *    runTests downloads (version NAO_VSCODE_VERSION, default stable) into
 *    .vscode-test/; on Linux it needs a display (e.g. xvfb-run);
 *  - `code-server`: test/editors/code-server-as-vscode, which takes VS
 *    Code's command line and runs it in code-server + headless Chromium
 *    (the path of machines without a desktop VS Code, like CI here);
 *  - unset: `desktop` when NAO_VSCODE_EXECUTABLE is set, or when a display
 *    is there and the download works; else `code-server`.
 *
 * As a command: node test/out/editors/run-vscode-tests.js [--grep TEXT] [--keep]
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import { copyWorkspace, HOST_TESTS_BUNDLE, makeRunFolder, missingForVSCode, ROOT } from './launch.js';

/** The adapter runTests launches when there is no desktop VS Code. */
export const CODE_SERVER_AS_VSCODE = path.join(ROOT, 'test', 'editors', 'code-server-as-vscode');

export interface ChosenVSCode {
  readonly kind: 'desktop' | 'code-server';
  readonly executable: string;
  /** Why this one. */
  readonly reason: string;
}

/** Which VS Code runTests launches (see the header). */
export async function chooseVSCode(env: NodeJS.ProcessEnv = process.env): Promise<ChosenVSCode> {
  const codeServer = (reason: string): ChosenVSCode => ({ kind: 'code-server', executable: CODE_SERVER_AS_VSCODE, reason });
  const wanted = env.NAO_VSCODE ?? '';
  if (!['', 'desktop', 'code-server'].includes(wanted)) throw new Error(`NAO_VSCODE must be desktop or code-server, not ${wanted}`);
  if (wanted === 'code-server') return codeServer('NAO_VSCODE=code-server');
  if (env.NAO_VSCODE_EXECUTABLE) return { kind: 'desktop', executable: env.NAO_VSCODE_EXECUTABLE, reason: 'NAO_VSCODE_EXECUTABLE' };
  const display = process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  if (wanted === '' && !display) return codeServer('no display for a desktop VS Code (DISPLAY is unset)');
  try {
    const executable = await downloadAndUnzipVSCode({ version: env.NAO_VSCODE_VERSION ?? 'stable', cachePath: path.join(ROOT, '.vscode-test'), timeout: 15_000 });
    return { kind: 'desktop', executable, reason: 'downloaded by @vscode/test-electron' };
  } catch (error) {
    if (wanted === 'desktop') throw error;
    return codeServer(`no desktop VS Code could be downloaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

export interface HostTestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: string;
}

export interface HostTestRun {
  /** The code VS Code's test run ended with (0 when every test passed). */
  readonly exitCode: number;
  readonly results: readonly HostTestResult[];
  /** What the extension host and the workbench logged during the run. */
  readonly log: readonly string[];
  readonly durationMs: number;
}

export interface HostTestOptions {
  readonly grep?: string;
  /** Copy what VS Code prints (the extension host's test output) to stdout as it comes. */
  readonly echo?: boolean;
  /** A VS Code to use instead of chooseVSCode()'s. */
  readonly vscode?: ChosenVSCode;
}

export interface HostTestRunWith extends HostTestRun {
  readonly vscode: ChosenVSCode;
}

export async function runExtensionHostTests(options: HostTestOptions = {}): Promise<HostTestRunWith> {
  if (!existsSync(HOST_TESTS_BUNDLE)) throw new Error(`${HOST_TESTS_BUNDLE} is missing; run npm run build:client`);
  const vscode = options.vscode ?? await chooseVSCode();
  if (vscode.kind === 'code-server') {
    const missing = missingForVSCode();
    if (missing) throw new Error(missing);
  }
  const started = Date.now();
  const run = makeRunFolder('vscode-host');
  const reportFile = path.join(run.dir, 'host-report.json');
  const workspace = copyWorkspace(run.dir);
  const log: string[] = [];
  const flushes: Array<() => void> = [];
  const capture = (forward: NodeJS.WritableStream | undefined): Writable => {
    let partial = '';
    flushes.push(() => { if (partial) log.push(partial); });
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        log.push(...lines);
        forward?.write(lines.map((line) => `    | ${line}\n`).join(''));
        done();
      },
    });
  };
  try {
    let exitCode: number;
    try {
      exitCode = await runTests({
        vscodeExecutablePath: vscode.executable,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: HOST_TESTS_BUNDLE,
        launchArgs: [
          workspace,
          `--user-data-dir=${path.join(run.dir, 'user-data')}`,
          `--extensions-dir=${path.join(run.dir, 'extensions')}`,
        ],
        extensionTestsEnv: {
          NAO_HOST_TEST_REPORT: reportFile,
          ...(options.grep ? { NAO_HOST_TEST_GREP: options.grep } : {}),
        },
        stdout: capture(options.echo ? process.stdout : undefined),
        stderr: capture(options.echo ? process.stderr : undefined),
      });
    } catch (error) {
      if (!(error instanceof TestRunFailedError)) throw error;
      exitCode = error.code ?? 1;
    }
    for (const flush of flushes) flush();
    const results: HostTestResult[] = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { results: HostTestResult[] }).results
      : [];
    return { exitCode, results, log, durationMs: Date.now() - started, vscode };
  } finally {
    run.remove();
  }
}

export function formatResults(run: HostTestRun): string {
  const mark = { passed: '✔', failed: '✗', pending: '-' } as const;
  const lines = run.results.map((result) => `${mark[result.state]} ${result.title}` +
    (result.durationMs !== undefined ? ` (${result.durationMs} ms)` : '') +
    (result.error ? `\n      ${result.error.split('\n').slice(0, 6).join('\n      ')}` : ''));
  const passed = run.results.filter((result) => result.state === 'passed').length;
  lines.push(`${passed}/${run.results.length} passed in the extension host; exit code ${run.exitCode}; ${(run.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const grepIndex = process.argv.indexOf('--grep');
  if (process.argv.includes('--keep')) process.env.NAO_KEEP_RUN_DIR = '1';
  runExtensionHostTests({ echo: true, ...(grepIndex > 0 ? { grep: process.argv[grepIndex + 1]! } : {}) })
    .then((run) => {
      console.log(`VS Code: ${run.vscode.kind} (${run.vscode.reason})`);
      console.log(formatResults(run));
      process.exitCode = run.exitCode === 0 ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
