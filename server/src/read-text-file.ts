/** Reading a story file from disk, with the reasons a writer understands when it fails (E004). */
import { readFileSync } from 'node:fs';

export function readTextFile(filePath: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(filePath, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'no such file' };
    if (code === 'EISDIR') return { error: 'it is a folder, not a file' };
    if (code === 'EACCES') return { error: 'permission denied' };
    return { error: (error as Error).message };
  }
}
