/**
 * Running `nao` as a real process in tests: bin/nao.js with this Node, on
 * small projects written to temporary folders.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled to server/out/test/.
export const serverFolder = path.resolve(here, '..', '..');
export const BIN = path.join(serverFolder, 'bin', 'nao.js');
export const REPOSITORY = path.resolve(serverFolder, '..');
export const LIGHTHOUSE = path.join(REPOSITORY, 'examples', 'lighthouse.arc');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NaoOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Options for Node itself, before bin/nao.js (e.g. `--require hook.cjs`). */
  readonly nodeArgs?: readonly string[];
  /**
   * Milliseconds after which the process is killed and the test fails: for
   * inputs that used to hang. Generous, so that only a hang trips it.
   */
  readonly timeout?: number;
}

export function nao(args: readonly string[], options: NaoOptions = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env || !('NO_COLOR' in options.env)) delete env.NO_COLOR;
  if (!options.env || !('FORCE_COLOR' in options.env)) delete env.FORCE_COLOR;
  if (!options.env || !('NAO_MAX_FILE_SIZE' in options.env)) delete env.NAO_MAX_FILE_SIZE;
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? REPOSITORY, env, encoding: 'utf8',
    ...(options.timeout !== undefined ? { timeout: options.timeout, killSignal: 'SIGKILL' as const } : {}),
  });
  if (result.error) {
    const timedOut = (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    throw timedOut ? new Error(`nao ${args.join(' ')} did not finish within ${options.timeout} ms (it hangs)`) : result.error;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporaryFolders: string[] = [];

/** Writes files (paths relative to a new temporary folder, `/`-separated) and returns the folder. */
export function project(files: Record<string, string | Buffer>): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nao-cli-'));
  temporaryFolders.push(folder);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(folder, ...name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return folder;
}

/** A one-file project: `story.arc` holding `text` in a new temporary folder; returns the file's path. */
export function story(text: string): string {
  return path.join(project({ 'story.arc': text }), 'story.arc');
}

/** Removes every folder `project` made (call from an `after` hook). */
export function removeProjects(): void {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}
