/**
 * VS Code for @vscode/test-electron on a machine without a desktop VS Code:
 * an executable (test/editors/code-server-as-vscode, which runs this file on
 * the project's Node 22) that takes the command line `runTests` gives the
 * VS Code it launches (its `vscodeExecutablePath`) and runs it in code-server
 * (VS Code in the browser, from npm) and headless Chromium instead:
 *
 *   --extensionTestsPath=P  --extensionDevelopmentPath=P  (also `--name P`)
 *   --user-data-dir=D  --extensions-dir=E                 (VS Code's profile)
 *   FOLDER                                                (the workspace)
 *   --no-sandbox --disable-gpu-sandbox --disable-updates --skip-welcome
 *   --skip-release-notes --no-cached-data --disable-workspace-trust
 *                         (Electron and desktop flags: nothing to do here;
 *                          code-server runs without workspace trust anyway)
 *
 * code-server starts on 127.0.0.1 with that profile and every other state
 * folder in a temporary run folder; Chromium opens the workbench on FOLDER
 * with the payload extensionDevelopmentPath + extensionTestsPath, which runs
 * the tests in the real extension host, with this process's environment
 * (runTests' `extensionTestsEnv` included). What the extension host logs
 * goes to stdout; the test run's exit code arrives through
 * `codeAutomationExit` and becomes this process's exit code. Anything else
 * on the command line is refused (exit 2), so that a change in what runTests
 * passes is noticed.
 *
 * NAO_VSCODE_ADAPTER_TIMEOUT_MS (default 240000) bounds the test run.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import {
  ensureTestOutput, launchChromium, makeRunFolder, missingForVSCode, remoteUri, startCodeServer, workbenchUrl,
} from './launch.js';

export interface VSCodeCommandLine {
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
  readonly folder?: string;
  /** Flags accepted and ignored (desktop-only). */
  readonly ignored: readonly string[];
}

const VALUE_OPTIONS = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir']);
const IGNORED_FLAGS = new Set([
  'no-sandbox', 'disable-gpu-sandbox', 'disable-updates', 'skip-welcome', 'skip-release-notes', 'no-cached-data',
  'disable-workspace-trust',
]);

export class UsageError extends Error {}

/** Reads VS Code's command line as @vscode/test-electron's runTests writes it. */
export function parseVSCodeCommandLine(argv: readonly string[]): VSCodeCommandLine {
  const values = new Map<string, string[]>();
  const ignored: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      positional.push(arg);
      continue;
    }
    const [, name, inline] = match as unknown as [string, string, string | undefined];
    if (IGNORED_FLAGS.has(name) && inline === undefined) {
      ignored.push(arg);
    } else if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unsupported VS Code option for code-server: ${arg}`);
    }
  }
  const one = (name: string, required: boolean): string | undefined => {
    const given = values.get(name) ?? [];
    if (given.length > 1) throw new UsageError(`--${name} given ${given.length} times; code-server takes one`);
    if (required && given.length === 0) throw new UsageError(`--${name} is required`);
    return given[0];
  };
  if (positional.length > 1) throw new UsageError(`one folder to open, not ${positional.length}: ${positional.join(' ')}`);
  const userDataDir = one('user-data-dir', false);
  const extensionsDir = one('extensions-dir', false);
  return {
    extensionDevelopmentPath: path.resolve(one('extensionDevelopmentPath', true)!),
    extensionTestsPath: path.resolve(one('extensionTestsPath', true)!),
    ...(userDataDir ? { userDataDir: path.resolve(userDataDir) } : {}),
    ...(extensionsDir ? { extensionsDir: path.resolve(extensionsDir) } : {}),
    ...(positional[0] ? { folder: path.resolve(positional[0]) } : {}),
    ignored,
  };
}

/** Runs the extension tests of `command` in code-server + Chromium; resolves to their exit code. */
export async function runInCodeServer(command: VSCodeCommandLine, timeoutMs: number): Promise<number> {
  const missing = missingForVSCode();
  if (missing) throw new Error(missing);
  const run = makeRunFolder('vscode-adapter');
  const server = await startCodeServer({
    runDir: run.dir,
    ...(command.userDataDir ? { userDataDir: command.userDataDir } : {}),
    ...(command.extensionsDir ? { extensionsDir: command.extensionsDir } : {}),
  });
  const say = (line: string): void => { process.stdout.write(`${line}\n`); };
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let exitCode = 1;
  try {
    browser = await launchChromium(run.dir);
    const page = browser.pages()[0] ?? await browser.newPage();
    let resolveExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
    // The workbench forwards what the extension host logs during a test run.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (type === 'error' || type === 'warn') process.stderr.write(`${text}\n`);
      else say(text);
    });
    page.on('pageerror', (error) => process.stderr.write(`[workbench] ${error.message}\n`));
    const folder = command.folder ?? run.dir;
    await page.goto(workbenchUrl(server, folder, [
      ['extensionDevelopmentPath', remoteUri(server, command.extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(server, command.extensionTestsPath)],
    ]));
    let timer: NodeJS.Timeout | undefined;
    exitCode = await Promise.race([
      exit,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the extension tests did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).catch(async (error: Error) => {
      const shot = path.join(ensureTestOutput(), 'vscode-host-timeout.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${error.message} (screenshot: ${shot})`);
    }).finally(() => clearTimeout(timer));
    return exitCode;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    if (exitCode !== 0) {
      // Keep the server's log where a failing run can be read.
      const kept = path.join(ensureTestOutput(), 'vscode-host-code-server.log');
      writeFileSync(kept, server.log());
      process.stderr.write(`code-server's log: ${kept}\n`);
    }
    run.remove();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let command: VSCodeCommandLine;
  try {
    command = parseVSCodeCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`code-server-as-vscode: ${(error as Error).message}\n`);
    process.exit(2);
  }
  // runTests ends VS Code with SIGINT on Ctrl-C: end code-server and Chromium too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  runInCodeServer(command, Number(process.env.NAO_VSCODE_ADAPTER_TIMEOUT_MS ?? 240_000))
    .then((code) => { process.exitCode = code; })
    .catch((error: unknown) => {
      process.stderr.write(`code-server-as-vscode: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
