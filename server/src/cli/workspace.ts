/**
 * From command-line arguments to story projects: checks that each FILE exists,
 * picks its workspace (the folder includes may not leave) and supplies a
 * file-system host per workspace.
 */
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_SIZE_ENV, notRegularReason, parseSize, isInsideOrSame } from '../read-text-file.js';
import { stringOption, UsageError, type Command, type OptionSpec, type ParsedArgs } from './command.js';
import { FileSystemHost, type FileSystemHostOptions } from './fs-host.js';
import type { CliIo } from './output.js';

export { isInsideOrSame };

/** The `--max-file-size SIZE` option shared by the commands that read stories. */
export const MAX_FILE_SIZE_OPTION: OptionSpec = {
  type: 'string', valueName: 'SIZE',
  description: `Largest file read, e.g. 64M (default), 512K, 1G or bytes; also ${MAX_FILE_SIZE_ENV}.`,
};

/** The size limit from `--max-file-size`, else NAO_MAX_FILE_SIZE, else undefined (the reader's 64 MB). */
export function maxFileSize(args: ParsedArgs, io: CliIo, command: Command): number | undefined {
  const option = stringOption(args, 'max-file-size');
  if (option !== undefined) {
    const bytes = parseSize(option);
    if (bytes === undefined) throw new UsageError(`--max-file-size ${option}: not a size (expected bytes, or a number with K, M or G, such as 64M)`, command);
    return bytes;
  }
  const env = io.env[MAX_FILE_SIZE_ENV];
  if (env === undefined || env === '') return undefined;
  const bytes = parseSize(env);
  if (bytes === undefined) throw new UsageError(`${MAX_FILE_SIZE_ENV}=${env}: not a size (expected bytes, or a number with K, M or G, such as 64M)`, command);
  return bytes;
}

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
    if (kind !== 'folder') throw new UsageError(`--root ${rootOption}: not a folder`, command);
  }
  return files.map((argument) => {
    const file = path.resolve(io.cwd, argument);
    const kind = fileKind(file);
    if (kind === 'missing') throw new UsageError(`${argument}: no such file`, command);
    if (kind === 'folder') throw new UsageError(`${argument}: is a folder; give the story's root .arc file`, command);
    if (kind !== 'file') throw new UsageError(`${argument}: ${kind}`, command);
    if (root !== undefined && !isInsideOrSame(root, file)) {
      throw new UsageError(`${argument}: outside the --root folder ${rootOption}`, command);
    }
    const workspaceRoot = root ?? path.dirname(file);
    // Symbolic links resolved, the file must still be inside the workspace.
    const real = realPath(file);
    if (real === undefined || !isInsideOrSame(realPath(workspaceRoot) ?? workspaceRoot, real)) {
      throw new UsageError(root !== undefined
        ? `${argument}: a symbolic link to ${real ?? 'a missing file'}, outside the --root folder ${rootOption}`
        : `${argument}: a symbolic link to ${real ?? 'a missing file'}, outside the file's folder (give --root to allow it)`, command);
    }
    return { file, workspaceRoot };
  });
}

function realPath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/** One FileSystemHost per workspace folder. */
export class Hosts {
  private readonly hosts = new Map<string, FileSystemHost>();

  constructor(private readonly options: FileSystemHostOptions = {}) {}

  for(workspaceRoot: string): FileSystemHost {
    let host = this.hosts.get(workspaceRoot);
    if (!host) {
      host = new FileSystemHost(workspaceRoot, this.options);
      this.hosts.set(workspaceRoot, host);
    }
    return host;
  }
}

/** 'file' for a regular file, else what it is (the reason a non-regular file is refused). */
function fileKind(file: string): 'file' | 'folder' | 'missing' | string {
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) return 'folder';
    return notRegularReason(stats) ?? 'file';
  } catch {
    return 'missing';
  }
}
