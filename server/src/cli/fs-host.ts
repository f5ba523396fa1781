/**
 * A ProjectHost over the real file system, for the command line and tests.
 * File ids are absolute paths. Includes may not leave `workspaceRoot`, nor
 * may the real path of any file read (symbolic links resolved). Files are
 * read by the guarded reader (read-text-file.ts): regular files only, up to
 * a size limit.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { ProjectHost } from '@narrative-arc/orchestrator';
import { readTextFile, type TextEncoding } from '../read-text-file.js';

/** What was read from a file: its bytes and how they were decoded (for `nao fix` to write back safely). */
export interface ReadRecord {
  readonly text: string;
  readonly bytes: Buffer;
  readonly encoding: TextEncoding;
}

export interface FileSystemHostOptions {
  /** The largest file read, in bytes (default: the reader's, 64 MB or NAO_MAX_FILE_SIZE). */
  readonly maxFileSize?: number;
  /** Keep the bytes of every file read (see readRecord): for `nao fix`, which writes files back. */
  readonly recordReads?: boolean;
}

export class FileSystemHost implements ProjectHost {
  private readonly root: string;
  private readonly records = new Map<string, ReadRecord>();

  constructor(workspaceRoot: string, private readonly options: FileSystemHostOptions = {}) {
    this.root = path.resolve(workspaceRoot);
  }

  /** The workspace folder. */
  get workspaceRoot(): string {
    return this.root;
  }

  readFile(fileId: string): { text: string } | { error: string } {
    const read = this.read(fileId, this.options.recordReads === true);
    if ('text' in read && read.bytes) {
      this.records.set(fileId, { text: read.text, bytes: read.bytes, encoding: read.encoding });
      return { text: read.text };
    }
    return read;
  }

  /** What the last successful read of `fileId` returned, when the host records reads. */
  readRecord(fileId: string): ReadRecord | undefined {
    return this.records.get(fileId);
  }

  /** The bytes of `fileId` as they are now (read with the same guards), or why they cannot be read. */
  currentBytes(fileId: string): { bytes: Buffer } | { error: string } {
    const read = this.read(fileId, true);
    return 'error' in read ? read : { bytes: read.bytes! };
  }

  private read(fileId: string, keepBytes: boolean): ReturnType<typeof readTextFile> {
    return readTextFile(fileId, {
      insideFolder: this.root,
      keepBytes,
      ...(this.options.maxFileSize !== undefined ? { maxBytes: this.options.maxFileSize } : {}),
    });
  }

  resolveInclude(fromFileId: string, includePath: string): { fileId: string } | { error: string } {
    const target = path.resolve(path.dirname(fromFileId), includePath);
    if (!isInside(this.root, target)) {
      return { error: `the path leaves the workspace (${this.root})` };
    }
    // A symbolic link inside the workspace must not lead outside it either.
    try {
      const real = realpathSync(target);
      if (!isInside(realpathSync(this.root), real)) return { error: `the path leads outside the workspace (${this.root})` };
    } catch {
      // Missing files are reported when read.
    }
    return { fileId: target };
  }

  displayName(fileId: string): string {
    const relative = path.relative(this.root, fileId);
    return relative && !leavesFolder(relative) ? relative.split(path.sep).join('/') : fileId;
  }
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !leavesFolder(relative) && !path.isAbsolute(relative);
}

/** `..` or `../x`, but not a name that merely starts with two dots (`..notes.arc`). */
function leavesFolder(relative: string): boolean {
  return relative === '..' || relative.startsWith('..' + path.sep);
}
