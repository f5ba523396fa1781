/**
 * A ProjectHost over the real file system, for the command line and tests.
 * File ids are absolute paths. Includes may not leave `workspaceRoot`.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { ProjectHost } from '@narrative-arc/orchestrator';
import { readTextFile } from '../read-text-file.js';

export class FileSystemHost implements ProjectHost {
  private readonly root: string;

  constructor(workspaceRoot: string) {
    this.root = path.resolve(workspaceRoot);
  }

  readFile(fileId: string): { text: string } | { error: string } {
    return readTextFile(fileId);
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
