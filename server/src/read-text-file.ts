/**
 * Reading a story file from disk, for the command line (cli/fs-host.ts) and
 * the language server (lsp/files.ts): the one guarded reader. It reads
 * regular files only (a FIFO, device, socket or folder is refused with a
 * reason, never opened in a way that could block), at most a size limit, and
 * when asked, only files whose real path (symbolic links resolved) lies
 * inside a folder. Failures are reasons a writer understands: the project
 * loader turns them into E004 "cannot include ...: <reason>".
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';

/** The default size limit: 64 MB. */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
/** The environment variable that changes the default limit (bytes, or with a K, M or G suffix). */
export const MAX_FILE_SIZE_ENV = 'NAO_MAX_FILE_SIZE';

/** How a file's bytes became its text, so that it can be written back the same way. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export interface ReadOptions {
  /** The largest file read, in bytes; default: NAO_MAX_FILE_SIZE, else 64 MB. */
  readonly maxBytes?: number;
  /** When given, the file's real path must lie inside this folder's real path. */
  readonly insideFolder?: string;
  /** Also return the bytes read (for writing back safely); off by default, so that callers caching results keep only the text. */
  readonly keepBytes?: boolean;
}

export type ReadResult =
  | { readonly text: string; readonly encoding: TextEncoding; readonly bytes?: Buffer }
  | { readonly error: string };

/**
 * A size such as `1048576`, `512K`, `64M` or `1G` (powers of 1024), in bytes;
 * undefined when it is not one.
 */
export function parseSize(value: string): number | undefined {
  const match = /^\s*([0-9]+)\s*([kmg]?)b?\s*$/i.exec(value);
  if (!match) return undefined;
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Number(match[1]) * scale;
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** The default limit: NAO_MAX_FILE_SIZE when it is set to a valid size, else 64 MB. */
export function defaultMaxFileSize(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = env[MAX_FILE_SIZE_ENV];
  return (value !== undefined && parseSize(value)) || DEFAULT_MAX_FILE_SIZE;
}

/** `64 MB`, `512 KB`, or in bytes when not a whole number of those (`2000 bytes`). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** Why a file that exists is not a regular file, or undefined when it is one. */
export function notRegularReason(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'it is a folder, not a file';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}

function tooLarge(bytes: number, limit: number): string {
  return `it is larger than the limit of ${formatSize(limit)} (${bytes} bytes; see NAO_MAX_FILE_SIZE or --max-file-size)`;
}

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return (error as Error).message;
}

/** Whether `file` is `folder` or lies inside it (both absolute). */
export function isInsideOrSame(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative);
}

/** Decodes a file's bytes: UTF-16 when it starts with a UTF-16 byte order mark, else UTF-8 (a UTF-8 BOM stays in the text). */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.toString('utf16le'), encoding: 'utf16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    return { text: swapped.swap16().toString('utf16le'), encoding: 'utf16be' };
  }
  return { text: bytes.toString('utf8'), encoding: 'utf8' };
}

/** The bytes of `text` in `encoding` (the inverse of decodeText for text it produced). */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const bytes = Buffer.from(text, 'utf16le');
  return encoding === 'utf16be' ? bytes.swap16() : bytes;
}

export function readTextFile(filePath: string, options: ReadOptions = {}): ReadResult {
  const limit = options.maxBytes ?? defaultMaxFileSize();
  let fd: number | undefined;
  try {
    if (options.insideFolder !== undefined) {
      const real = realpathSync(filePath);
      const folder = realpathSync(options.insideFolder);
      if (!isInsideOrSame(folder, real)) return { error: `the path leads outside the workspace (${options.insideFolder})` };
    }
    // Look before opening: opening a FIFO for reading blocks until a writer comes.
    const before = notRegularReason(statSync(filePath));
    if (before) return { error: before };
    // O_NONBLOCK: should the file have been swapped for a FIFO since, opening it still returns at once.
    fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
    const stats = fstatSync(fd);
    const after = notRegularReason(stats);
    if (after) return { error: after };
    if (stats.size > limit) return { error: tooLarge(stats.size, limit) };
    // Read up to one byte past the limit: the file may be growing.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total, 0) + 65536, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return { error: tooLarge(total, limit) };
    }
    const bytes = Buffer.concat(chunks, total);
    return options.keepBytes === true ? { ...decodeText(bytes), bytes } : decodeText(bytes);
  } catch (error) {
    return { error: errorReason(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
