/**
 * Writing the files `nao fix` changed, all or nothing: every new text goes to
 * a temporary file beside its file (same encoding, byte order mark and
 * permissions), and only when all of them are written, and no file changed
 * on disk since it was read, are they renamed over the originals. If anything
 * fails first, the temporary files are removed and nothing has changed.
 */
import { accessSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { encodeText, isInsideOrSame, type TextEncoding } from '../read-text-file.js';
import type { FileSystemHost } from './fs-host.js';

/** Why the files could not be written; the message is one line, and nothing was changed (unless it says otherwise). */
export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteError';
  }
}

interface Planned {
  readonly file: string;
  readonly shown: string;
  /** The real path (symbolic links resolved): what is replaced. */
  readonly real: string;
  readonly original: Buffer;
  readonly bytes: Buffer;
  readonly mode: number;
  readonly owner: { readonly uid: number; readonly gid: number };
  temporary?: string;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'ENOENT') return 'it no longer exists';
  return (error as Error).message.split('\n')[0]!;
}

function writeTemporary(planned: Planned): void {
  const temporary = path.join(path.dirname(planned.real), `.${path.basename(planned.real)}.nao-${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  planned.temporary = temporary;
  try {
    let offset = 0;
    while (offset < planned.bytes.length) offset += writeSync(fd, planned.bytes, offset, planned.bytes.length - offset);
    fchmodSync(fd, planned.mode);
    if (process.getuid?.() === 0) {
      try {
        fchownSync(fd, planned.owner.uid, planned.owner.gid); // run as root on someone's file: it stays theirs
      } catch {
        // Not permitted here (some file systems): the file is still written.
      }
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeTemporaries(plan: readonly Planned[]): void {
  for (const planned of plan) {
    if (planned.temporary === undefined) continue;
    try {
      unlinkSync(planned.temporary);
    } catch {
      // Already gone.
    }
    planned.temporary = undefined;
  }
}

/**
 * Writes `files` (file id → new text), all or nothing. `show` names a file in
 * messages. Throws WriteError, having changed nothing, when a file is outside
 * the workspace, read-only, not writable back byte for byte, changed on disk
 * since it was read, or a temporary file cannot be written.
 */
export function writeAllOrNothing(files: ReadonlyMap<string, string>, host: FileSystemHost, show: (file: string) => string): void {
  const plan: Planned[] = [];
  let workspace: string;
  try {
    workspace = realpathSync(host.workspaceRoot);
  } catch (error) {
    throw new WriteError(`cannot write: the workspace folder ${host.workspaceRoot}: ${reason(error)}; nothing was written`);
  }
  for (const [file, text] of files) {
    const shown = show(file);
    const record = host.readRecord(file);
    if (!record) throw new WriteError(`cannot write ${shown}: it was not read from disk; nothing was written`);
    const encoding: TextEncoding = record.encoding;
    if (!encodeText(record.text, encoding).equals(record.bytes)) {
      throw new WriteError(`cannot write ${shown}: it is not valid UTF-8 (nor UTF-16 with a byte order mark), so it cannot be written back unchanged; nothing was written`);
    }
    let real: string;
    let mode: number;
    let owner: { uid: number; gid: number };
    try {
      real = realpathSync(file);
      const stats = statSync(real);
      mode = stats.mode & 0o7777;
      owner = { uid: stats.uid, gid: stats.gid };
      if (!isInsideOrSame(workspace, real)) throw new WriteError(`cannot write ${shown}: it is outside the workspace (${host.workspaceRoot}); nothing was written`);
      if ((mode & 0o222) === 0) throw new WriteError(`cannot write ${shown}: it is read-only; nothing was written`);
      accessSync(real, constants.W_OK);
    } catch (error) {
      if (error instanceof WriteError) throw error;
      throw new WriteError(`cannot write ${shown}: ${reason(error)}; nothing was written`);
    }
    plan.push({ file, shown, real, original: record.bytes, bytes: encodeText(text, encoding), mode, owner });
  }

  for (const planned of plan) {
    try {
      writeTemporary(planned);
    } catch (error) {
      removeTemporaries(plan);
      throw new WriteError(`cannot write ${planned.shown}: ${reason(error)}; nothing was written`);
    }
  }

  // Last look before replacing anything: a file edited meanwhile is not overwritten.
  for (const planned of plan) {
    const now = host.currentBytes(planned.file);
    if (!('bytes' in now) || !now.bytes.equals(planned.original)) {
      removeTemporaries(plan);
      throw new WriteError(`${planned.shown} changed on disk while nao fix ran; nothing was written (run nao fix again)`);
    }
  }

  const renamed: Planned[] = [];
  for (const planned of plan) {
    try {
      renameSync(planned.temporary!, planned.real);
      planned.temporary = undefined;
      renamed.push(planned);
    } catch (error) {
      removeTemporaries(plan);
      const restored = restore(renamed);
      throw new WriteError(`cannot write ${planned.shown}: ${reason(error)}; ${restored ? 'nothing was changed' : `${renamed.map((p) => p.shown).join(', ')} could not be restored`}`);
    }
  }
}

/** Puts back the original bytes of files already replaced; true when all were restored. */
function restore(renamed: readonly Planned[]): boolean {
  let ok = true;
  for (const planned of renamed) {
    const back: Planned = { ...planned, bytes: planned.original };
    try {
      writeTemporary(back);
      renameSync(back.temporary!, planned.real);
    } catch {
      removeTemporaries([back]);
      ok = false;
    }
  }
  return ok;
}
