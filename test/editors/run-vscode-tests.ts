/**
 * Runs the extension's tests inside the real VS Code extension host, the way
 * @vscode/test-electron's `extensionTestsPath` does, with VS Code from
 * code-server (npm) and headless Debian Chromium:
 *
 *  1. copy the fixture project (test/editors/workspace) into a run folder;
 *  2. start code-server on 127.0.0.1 with all its state in that folder;
 *  3. open the workbench on the copy with the payload
 *     extensionDevelopmentPath = this checkout, extensionTestsPath = the
 *     bundled host tests (test/editors/out/host/index.cjs);
 *  4. receive the test run's exit code through `codeAutomationExit`;
 *  5. end Chromium and code-server's whole process group.
 *
 * As a command: node test/out/editors/run-vscode-tests.js [--grep TEXT] [--keep]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import {
  copyWorkspace, ensureTestOutput, HOST_TESTS_BUNDLE, launchChromium, makeRunFolder, missingForVSCode,
  remoteUri, ROOT, startCodeServer, workbenchUrl,
} from './launch.js';

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
  readonly timeoutMs?: number;
  /** Copy the lines logged by the extension host to stdout as they come. */
  readonly echo?: boolean;
}

export async function runExtensionHostTests(options: HostTestOptions = {}): Promise<HostTestRun> {
  const missing = missingForVSCode();
  if (missing) throw new Error(missing);
  if (!existsSync(HOST_TESTS_BUNDLE)) throw new Error(`${HOST_TESTS_BUNDLE} is missing; run npm run build:client`);
  const started = Date.now();
  const run = makeRunFolder('vscode-host');
  const reportFile = path.join(run.dir, 'host-report.json');
  const workspace = copyWorkspace(run.dir);
  const log: string[] = [];
  const note = (line: string): void => {
    log.push(line);
    if (options.echo) console.log(`    | ${line}`);
  };
  const timeoutMs = options.timeoutMs ?? 240_000;

  const server = await startCodeServer({
    runDir: run.dir,
    env: {
      NAO_HOST_TEST_REPORT: reportFile,
      ...(options.grep ? { NAO_HOST_TEST_GREP: options.grep } : {}),
    },
  });
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let failed = true;
  try {
    browser = await launchChromium(run.dir);
    const page = browser.pages()[0] ?? await browser.newPage();
    let resolveExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      note(`[workbench] codeAutomationExit(${code})`);
      resolveExit(Number(code));
    });
    // The workbench forwards what the extension host logs during a test run.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) note(type === 'info' || type === 'log' ? line : `[${type}] ${line}`);
    });
    page.on('pageerror', (error) => note(`[pageerror] ${error.message}`));

    const url = workbenchUrl(server, workspace, [
      ['extensionDevelopmentPath', remoteUri(server, ROOT)],
      ['extensionTestsPath', remoteUri(server, HOST_TESTS_BUNDLE)],
    ]);
    await page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exit,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the extension-host tests did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).catch(async (error: Error) => {
      const shot = path.join(ensureTestOutput(), 'vscode-host-timeout.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${error.message} (screenshot: ${shot})\n${log.join('\n')}\n--- code-server log ---\n${server.log()}`);
    }).finally(() => clearTimeout(timer));

    const results: HostTestResult[] = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { results: HostTestResult[] }).results
      : [];
    failed = exitCode !== 0;
    return { exitCode, results, log, durationMs: Date.now() - started };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    if (failed) {
      // Keep the server's log where a failing run can be read.
      const kept = path.join(ensureTestOutput(), 'vscode-host-code-server.log');
      writeFileSync(kept, server.log());
    }
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
      console.log(formatResults(run));
      process.exitCode = run.exitCode === 0 ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
