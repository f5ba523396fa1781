/**
 * The orchestrator does no I/O. Whoever runs it (the CLI, the language
 * server, a test) supplies a host that reads files and resolves includes.
 * File ids are opaque strings: absolute paths in the CLI, URIs in the server.
 */
export interface ProjectHost {
  /** The text of a file, or an explanation of why it cannot be read. */
  readFile(fileId: string): { text: string } | { error: string };
  /**
   * Resolves `include "path"` written in `fromFileId`. Returns the included
   * file's id, or an explanation when the path leaves the workspace (such a
   * file must never be read).
   */
  resolveInclude(fromFileId: string, includePath: string): { fileId: string } | { error: string };
  /** A short name for a file id in messages (for example a workspace-relative path). */
  displayName?(fileId: string): string;
}

/** A host over an in-memory map of file id -> text, with '/'-separated ids. For tests and benchmarks. */
export class MemoryHost implements ProjectHost {
  constructor(private readonly files: ReadonlyMap<string, string>, private readonly workspaceRoot = '/') {}

  readFile(fileId: string): { text: string } | { error: string } {
    const text = this.files.get(fileId);
    return text === undefined ? { error: 'no such file' } : { text };
  }

  resolveInclude(fromFileId: string, includePath: string): { fileId: string } | { error: string } {
    const folder = fromFileId.slice(0, fromFileId.lastIndexOf('/') + 1);
    const parts: string[] = [];
    for (const part of (includePath.startsWith('/') ? includePath : folder + includePath).split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length === 0) return { error: 'the path leaves the workspace' };
        parts.pop();
      } else {
        parts.push(part);
      }
    }
    const fileId = '/' + parts.join('/');
    const root = this.workspaceRoot.endsWith('/') ? this.workspaceRoot : this.workspaceRoot + '/';
    if (!fileId.startsWith(root)) return { error: 'the path leaves the workspace' };
    return { fileId };
  }
}
