/**
 * The editor set-ups documented in docs/editors.md, as the tests run them:
 * each is the fenced code block right after a marker comment
 * (`<!-- nvim-setup: 0.7 -->`, `<!-- emacs-setup -->`).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './launch.js';

export const EDITORS_DOC = path.join(ROOT, 'docs', 'editors.md');

/** The code block after `<!-- marker -->` in docs/editors.md; throws when there is none. */
export function documentedSetup(marker: string): string {
  const lines = readFileSync(EDITORS_DOC, 'utf8').split('\n');
  const at = lines.findIndex((line) => line.trim() === `<!-- ${marker} -->`);
  if (at < 0) throw new Error(`docs/editors.md has no <!-- ${marker} --> marker`);
  if (!/^```\w+$/.test(lines[at + 1]?.trim() ?? '')) throw new Error(`no code block right after <!-- ${marker} --> in docs/editors.md`);
  const end = lines.findIndex((line, index) => index > at + 1 && line.trim() === '```');
  if (end < 0) throw new Error(`the code block after <!-- ${marker} --> in docs/editors.md is not closed`);
  return lines.slice(at + 2, end).join('\n') + '\n';
}

/** Every marker of a kind (`nvim-setup`) with its code block, in the order of the page. */
export function documentedSetups(kind: string): Array<{ readonly marker: string; readonly code: string }> {
  const markers = [...readFileSync(EDITORS_DOC, 'utf8').matchAll(new RegExp(`^<!-- (${kind}(?:: [^ ]+)?) -->$`, 'gm'))].map((match) => match[1]!);
  return markers.map((marker) => ({ marker, code: documentedSetup(marker) }));
}
