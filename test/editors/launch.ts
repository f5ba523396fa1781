/**
 * Starting and stopping the real editors for the editor tests and `npm start`:
 * code-server (VS Code in the browser, installed by scripts/editor-install.sh
 * into test/editors/vscode) and headless Debian Chromium through
 * playwright-core. Everything listens on 127.0.0.1 only and keeps its state in
 * a run folder; servers run in their own process group and are ended by it.
 * docs/editors.md ("The real-editor tests") says why each flag is there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'narrative-arc-orchestrator') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no narrative-arc-orchestrator package.json above ${start}`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const NODE22 = path.join(ROOT, 'node_modules', '.bin', 'node');
export const CODE_SERVER_DIR = path.join(ROOT, 'test', 'editors', 'vscode', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'editors', 'workspace');
export const TEST_OUTPUT = path.join(ROOT, 'test-output');
export const EXTENSION_ID = 'narrative-arc.narrative-arc-orchestrator';
export const HOST_TESTS_BUNDLE = path.join(ROOT, 'test', 'editors', 'out', 'host', 'index.cjs');

/** Why an editor test cannot run here, or undefined when it can. */
export function missingForVSCode(): string | undefined {
  if (!existsSync(CODE_SERVER_ENTRY)) return `code-server is not installed (${CODE_SERVER_ENTRY}); run scripts/editor-install.sh`;
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing; run scripts/editor-install.sh (apt-get install chromium)`;
  if (!existsSync(path.join(ROOT, 'client', 'out', 'extension.cjs'))) return 'the extension is not built; run npm run build:client';
  return undefined;
}

export interface RunFolder {
  readonly dir: string;
  /** Deletes the folder (keeps it when NAO_KEEP_RUN_DIR is set). */
  readonly remove: () => void;
}

/** A fresh folder for one run's state (TMPDIR, XDG dirs, profiles, a copy of the fixture). */
export function makeRunFolder(prefix: string): RunFolder {
  const dir = mkdtempSync(path.join(tmpdir(), `nao-${prefix}-`));
  return {
    dir,
    remove: () => {
      if (process.env.NAO_KEEP_RUN_DIR) console.log(`  (run folder kept: ${dir})`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Copies the fixture project into the run folder (the tests edit it). */
export function copyWorkspace(runDir: string, from = FIXTURE_WORKSPACE): string {
  const target = path.join(runDir, 'workspace');
  cpSync(from, target, { recursive: true });
  return target;
}

/** Environment for processes of a run: Node 22 first on PATH, all state inside the run folder. */
export function runEnvironment(runDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const tmp = path.join(runDir, 'tmp');
  const home = path.join(runDir, 'home');
  for (const dir of [tmp, home]) mkdirSync(dir, { recursive: true });
  return {
    ...process.env,
    PATH: `${path.dirname(NODE22)}${path.delimiter}${process.env.PATH ?? ''}`,
    TMPDIR: tmp,
    HOME: home,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
    ...extra,
  };
}

/** A process started in its own process group, ended with the whole group. */
export class ProcessGroup {
  readonly exited: Promise<number | null>;
  private ended = false;
  private readonly onExit = (): void => this.killNow('SIGKILL');

  constructor(readonly child: ChildProcess, readonly name: string) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      this.ended = true;
      resolve(code);
    }));
    process.once('exit', this.onExit);
  }

  private killNow(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: nothing left in the group.
    }
  }

  /** SIGTERM to the group, SIGKILL to whatever is left after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    process.removeListener('exit', this.onExit);
    this.killNow('SIGTERM');
    if (!this.ended) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exited, new Promise((resolve) => { timer = setTimeout(resolve, graceMs); })]);
      clearTimeout(timer);
    }
    // Extension hosts and the pty host can outlive the server process.
    this.killNow('SIGKILL');
  }
}

export interface CodeServer {
  readonly origin: string;
  readonly authority: string;
  readonly logFile: string;
  readonly group: ProcessGroup;
  readonly log: () => string;
  readonly stop: () => Promise<void>;
}

export interface CodeServerOptions {
  readonly runDir: string;
  /** Extra environment for the server and its extension hosts. */
  readonly env?: Record<string, string>;
  /** 0 (default) lets the system pick a free port. */
  readonly port?: number;
  /** User settings merged over the test defaults. */
  readonly settings?: Record<string, unknown>;
  /** Extensions to load from the extensions dir: symlinks name -> folder. */
  readonly extensionLinks?: Record<string, string>;
  readonly startTimeoutMs?: number;
  /** The folder the workbench opens when the URL names none. */
  readonly folder?: string;
  /** Also copy the server's output to this stream (for `npm start`). */
  readonly echo?: NodeJS.WritableStream;
  /** VS Code's profile folders; by default `user-data` and `extensions` in the run folder. */
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
}

export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'files.hotExit': 'off',
};

/** Starts code-server on 127.0.0.1 with every state folder inside `runDir`. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { runDir } = options;
  const userDataDir = options.userDataDir ?? path.join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(runDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // A run folder that is used again (`npm start`) keeps the writer's own settings.
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  for (const [name, target] of Object.entries(options.extensionLinks ?? {})) {
    const link = path.join(extensionsDir, name);
    rmSync(link, { force: true, recursive: false });
    symlinkSync(target, link, 'dir');
  }
  const configFile = path.join(runDir, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const logFile = path.join(runDir, 'code-server.log');
  const logStream = createWriteStream(logFile);

  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config', configFile,
    ...(options.folder ? [options.folder] : []),
  ];
  const child = spawn(NODE22, args, {
    cwd: runDir,
    env: runEnvironment(runDir, options.env),
    detached: true, // its own process group, like setsid
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const group = new ProcessGroup(child, 'code-server');
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      logStream.write(text);
      options.echo?.write(text);
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    void group.exited.then((code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  try {
    const origin = await Promise.race([
      listening,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`code-server did not listen within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      }),
    ]);
    const health = await fetch(`${origin}/healthz`);
    if (!health.ok) throw new Error(`code-server /healthz answered ${health.status}`);
    return {
      origin,
      authority: new URL(origin).host,
      logFile,
      group,
      log: () => output,
      stop: async () => {
        await group.stop();
        logStream.end();
      },
    };
  } catch (error) {
    await group.stop();
    logStream.end();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Installs a .vsix into the run folder's extensions dir with code-server's
 * own `--install-extension` (as a user would), before the server starts.
 */
export async function installVsix(runDir: string, vsix: string, timeoutMs = 60_000): Promise<string> {
  const child = spawn(NODE22, [
    CODE_SERVER_ENTRY,
    '--user-data-dir', path.join(runDir, 'user-data'),
    '--extensions-dir', path.join(runDir, 'extensions'),
    '--install-extension', vsix,
  ], { cwd: runDir, env: runEnvironment(runDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const { code, output } = await runToExit(new ProcessGroup(child, 'code-server --install-extension'), timeoutMs);
  if (code !== 0 || !/successfully installed/i.test(output)) throw new Error(`--install-extension ${vsix} failed (${code}):\n${output}`);
  return output;
}

/**
 * Waits for a process group (started with piped stdout and stderr) to exit,
 * collecting its output; fails after `timeoutMs` with what it printed. The
 * group is ended either way.
 */
export async function runToExit(group: ProcessGroup, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  let output = '';
  group.child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  group.child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      group.exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${group.name} did not finish within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      }),
    ]);
    return { code, output };
  } finally {
    clearTimeout(timer);
    await group.stop();
  }
}

/** The workbench URL for a folder, optionally with a development extension and its tests. */
export function workbenchUrl(server: CodeServer, folder: string, payload?: ReadonlyArray<readonly [string, string]>): string {
  const query = [`folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`];
  if (payload) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.origin}/?${query.join('&')}`;
}

/** A vscode-remote URI for a path on the code-server machine. */
export function remoteUri(server: CodeServer, absolutePath: string): string {
  return `vscode-remote://${server.authority}${absolutePath}`;
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Debian Chromium with a fresh profile in the run folder. */
export async function launchChromium(runDir: string): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const profile = path.join(runDir, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: runEnvironment(runDir) as Record<string, string>,
    viewport: { width: 1400, height: 900 },
    timeout: 30_000,
  });
}

export function ensureTestOutput(): string {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return TEST_OUTPUT;
}
