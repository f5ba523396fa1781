/**
 * A generated project (`GeneratedProject`'s files and workspace) written to a fresh temporary folder, for the sections
 * that run a real process on it (the language server, `nao check`). The
 * caller removes the folder when done.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempProject {
  readonly dir: string;
  /** The path in `dir` of a file id of the project. */
  pathOf(id: string): string;
}

export function writeTempProject(project: { readonly files: ReadonlyMap<string, string>; readonly workspace: string }, prefix: string): TempProject {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const pathOf = (id: string): string => join(dir, id.slice(project.workspace.length + 1));
  for (const [id, text] of project.files) {
    const path = pathOf(id);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { dir, pathOf };
}
