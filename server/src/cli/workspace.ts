/**
 * From command-line arguments to story projects: checks that each FILE exists,
 * picks its workspace (the folder includes may not leave) and supplies a
 * file-system host per workspace.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError, type Command } from './command.js';
import { FileSystemHost } from './fs-host.js';
import type { CliIo } from './output.js';

/** A project root given on the command line. */
export interface RootFile {
  /** Absolute path: the file id used by the host and the orchestrator. */
  readonly file: string;
  /** The folder its includes must stay inside: `--root DIR`, else the file's own folder. */
  readonly workspaceRoot: string;
}

/**
 * Resolves FILE arguments against the current directory. Throws a UsageError
 * (before anything is analysed or printed) when a FILE is missing, a folder,
 * or outside `--root`, or when `--root` is not a folder.
 */
export function resolveRootFiles(files: readonly string[], rootOption: string | undefined, io: CliIo, command: Command): RootFile[] {
  if (files.length === 0) throw new UsageError('no FILE given: name the root .arc file of each story to check', command);
  let root: string | undefined;
  if (rootOption !== undefined) {
    root = path.resolve(io.cwd, rootOption);
    const kind = fileKind(root);
    if (kind === 'missing') throw new UsageError(`--root ${rootOption}: no such folder`, command);
    if (kind === 'file') throw new UsageError(`--root ${rootOption}: not a folder`, command);
  }
  return files.map((argument) => {
    const file = path.resolve(io.cwd, argument);
    const kind = fileKind(file);
    if (kind === 'missing') throw new UsageError(`${argument}: no such file`, command);
    if (kind === 'folder') throw new UsageError(`${argument}: is a folder; give the story's root .arc file`, command);
    if (root !== undefined && !isInsideOrSame(root, file)) {
      throw new UsageError(`${argument}: outside the --root folder ${rootOption}`, command);
    }
    return { file, workspaceRoot: root ?? path.dirname(file) };
  });
}

/** One FileSystemHost per workspace folder. */
export class Hosts {
  private readonly hosts = new Map<string, FileSystemHost>();

  for(workspaceRoot: string): FileSystemHost {
    let host = this.hosts.get(workspaceRoot);
    if (!host) {
      host = new FileSystemHost(workspaceRoot);
      this.hosts.set(workspaceRoot, host);
    }
    return host;
  }
}

function fileKind(file: string): 'file' | 'folder' | 'missing' {
  try {
    return statSync(file).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

export function isInsideOrSame(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative);
}
