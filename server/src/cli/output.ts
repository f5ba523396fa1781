/**
 * Shared output helpers of the `nao` commands: the process streams, colour,
 * how file names and positions are shown, and the tool's version.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { styleText } from 'node:util';
import { LineIndex, type Position, type Span } from '@nao/grammar';
import type { Severity } from '@narrative-arc/orchestrator';

/** Where a command reads its environment and writes its output. */
export interface CliIo {
  /** The current directory: file names inside it are shown relative to it. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour is used only then). */
  readonly stdoutIsTTY: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    writeOut: (text) => { process.stdout.write(text); },
    writeErr: (text) => { process.stderr.write(text); },
  };
}

/**
 * Colour on stdout: only when it is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org). FORCE_COLOR (other than `0`/`false`) turns it on
 * anywhere, as it does for Node itself. TERM=dumb turns it off.
 */
export function wantsColour(io: CliIo): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR) return false;
  if (io.env.TERM === 'dumb') return false;
  return io.stdoutIsTTY;
}

type StyleFormat = Parameters<typeof styleText>[0];

/** Applies ANSI styles, or nothing when colour is off. */
export interface Styler {
  (format: StyleFormat, text: string): string;
}

export function styler(colour: boolean): Styler {
  // The decision is ours (see wantsColour), so styleText must not second-guess it.
  return colour ? (format, text) => styleText(format, text, { validateStream: false }) : (_format, text) => text;
}

export const SEVERITY_STYLE: Record<Severity, StyleFormat> = {
  error: ['bold', 'red'],
  warning: ['bold', 'yellow'],
  information: ['bold', 'blue'],
  hint: ['bold', 'gray'],
};

/** A file as shown to the user: relative to the current directory when inside it, else absolute. */
export function displayPath(fileId: string, cwd: string): string {
  const relative = path.relative(cwd, fileId);
  if (relative === '') return path.basename(fileId);
  if (relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) return fileId;
  return relative;
}

/** 0-based LSP-style range (UTF-16 code units). */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Converts offsets to positions, one LineIndex per file, built on first use. */
export class Positions {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly textOf: (fileId: string) => string | undefined) {}

  range(fileId: string, span: Span): Range {
    const index = this.index(fileId);
    return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
  }

  private index(fileId: string): LineIndex {
    let index = this.indexes.get(fileId);
    if (!index) {
      index = new LineIndex(this.textOf(fileId) ?? '');
      this.indexes.set(fileId, index);
    }
    return index;
  }
}

interface PackageJson {
  readonly version?: string;
  readonly homepage?: string;
}

let packageJson: PackageJson | undefined;

function serverPackage(): PackageJson {
  // Compiled to server/out/src/cli/output.js: the package file is three folders up.
  packageJson ??= JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as PackageJson;
  return packageJson;
}

/** nao's version (that of the @nao/server package). */
export function naoVersion(): string {
  return serverPackage().version ?? '0.0.0';
}

/**
 * Where to read about nao: the package's `homepage` when it has one, else the
 * command line reference (docs/cli.md) of this installation.
 */
export function naoInformationUri(): string {
  return serverPackage().homepage ?? new URL('../../../../docs/cli.md', import.meta.url).href;
}
