/**
 * URIs are the server's file ids. Every URI that enters the server (from the
 * client or from the file system) is normalised here, so that two spellings
 * of one file (`file:///c%3A/x` and `file:///C:/x`) are one id.
 */
import { realpathSync } from 'node:fs';
import { URI, Utils } from 'vscode-uri';

/** The canonical string form of a URI. */
export function normaliseUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

export function uriFromPath(fsPath: string): string {
  return URI.file(fsPath).toString();
}

/** The file-system path of a `file:` URI, or undefined for other schemes. */
export function fsPathOf(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function dirnameUri(uri: string): string {
  return Utils.dirname(URI.parse(uri)).toString();
}

/** Resolves `include "path"` against the including file's folder (`..` and `.` resolved). */
export function resolveRelative(fromUri: string, relativePath: string): string {
  return Utils.resolvePath(Utils.dirname(URI.parse(fromUri)), relativePath.replace(/\\/g, '/')).toString();
}

function withSlash(folder: string): string {
  return folder.endsWith('/') ? folder : `${folder}/`;
}

/** Whether `uri` lies strictly inside `folder` (both normalised URIs). */
export function isInsideFolder(folder: string, uri: string): boolean {
  return uri.startsWith(withSlash(folder));
}

/** The workspace folder holding `uri`, the innermost when folders nest. */
export function folderOf(folders: readonly string[], uri: string): string | undefined {
  let best: string | undefined;
  for (const folder of folders) {
    if (isInsideFolder(folder, uri) && (!best || folder.length > best.length)) best = folder;
  }
  return best;
}

/** A short name for messages: the path relative to its workspace folder, or the file name. */
export function displayNameOf(folders: readonly string[], uri: string): string {
  const folder = folderOf(folders, uri);
  const tail = folder ? uri.slice(withSlash(folder).length) : uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(tail);
  } catch {
    return tail;
  }
}

/**
 * Whether a file that is inside `folder` by its URI really is (a symbolic link
 * inside the workspace must not lead outside it). Files that do not exist are
 * judged by their URI alone; the read reports them missing.
 */
export function realPathInside(folder: string, uri: string): boolean {
  const folderPath = fsPathOf(folder);
  const filePath = fsPathOf(uri);
  if (!folderPath || !filePath) return true;
  let real: string;
  try {
    real = realpathSync(filePath);
  } catch {
    return true;
  }
  try {
    return isInsideFolder(uriFromPath(realpathSync(folderPath)), uriFromPath(real));
  } catch {
    return true;
  }
}
