/**
 * The fast path for the most common edits while writing: an edit that
 * changes no token but prose content, comments or layout. The previous
 * analysis' conflicts stay exactly what a full analysis would give (no check
 * reads prose, comments or layout), with their ranges moved to the new text.
 */
import type { Diagnostic } from '@narrative-arc/orchestrator';
import type { TextCache, Tokens } from './files.js';
import type { ProjectSnapshot } from './snapshot.js';

/**
 * The conflicts of `previous` (an analysed snapshot) moved to the files'
 * texts now (`textOf`), when every file it read differs from then only in
 * prose, comments and layout; undefined otherwise. Runs before the new
 * version is linked: it reads tokens only.
 */
export function shiftConflicts(previous: ProjectSnapshot, textOf: (uri: string) => string | undefined, texts: TextCache): Diagnostic[] | undefined {
  const analysis = previous.analysis;
  if (!analysis) return undefined;
  const maps = new Map<string, OffsetMap>();
  for (const uri of previous.dependencies.keys()) {
    const oldFile = previous.project.files.get(uri);
    const newText = textOf(uri);
    if (!oldFile) {
      // A file the project could not read must still be unreadable.
      if (newText !== undefined) return undefined;
      continue;
    }
    if (newText === undefined) return undefined;
    if (newText === oldFile.text) continue;
    if (oldFile.parse.errors.length > 0) return undefined;
    const map = offsetMapping(texts.tokens(uri, oldFile.text, 'analysed'), newText, texts.tokens(uri, newText));
    if (!map) return undefined;
    maps.set(uri, map);
  }
  if (maps.size === 0) return [...analysis.diagnostics];
  const moveSpan = (file: string, span: { start: number; end: number }): { start: number; end: number } | undefined => {
    const map = maps.get(file);
    if (!map) return span;
    const start = map(span.start, 'start');
    const end = span.end === span.start ? start : map(span.end, 'end');
    return start === undefined || end === undefined ? undefined : { start, end };
  };
  const diagnostics: Diagnostic[] = [];
  for (const diagnostic of analysis.diagnostics) {
    const span = moveSpan(diagnostic.file, diagnostic.span);
    if (!span) return undefined;
    const related = [];
    for (const r of diagnostic.related) {
      const relatedSpan = moveSpan(r.file, r.span);
      if (!relatedSpan) return undefined;
      related.push({ ...r, span: relatedSpan });
    }
    diagnostics.push({ ...diagnostic, span, related });
  }
  return diagnostics;
}

const PROSE = 'Prose';

/**
 * When `newText` has the same tokens as the old text, except for prose
 * content, comments and layout, and reads without error: a map from token
 * boundaries in the old text to the same boundaries in the new one.
 */
export type OffsetMap = (offset: number, side: 'start' | 'end') => number | undefined;

export function offsetMapping(oldTokens: Tokens, newText: string, newTokens: Tokens): OffsetMap | undefined {
  if (newTokens.errors.length > 0) return undefined;
  if (newText.slice(0, 8000).includes('\u0000')) return undefined;
  for (const comment of newTokens.groups['comments'] ?? []) {
    if (comment.image.startsWith('/*') && (comment.image.length < 4 || !comment.image.endsWith('*/'))) return undefined;
  }
  const a = oldTokens.tokens;
  const b = newTokens.tokens;
  if (a.length !== b.length) return undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.tokenType !== y.tokenType) return undefined;
    if (x.image !== y.image && x.tokenType.name !== PROSE) return undefined;
  }
  const find = (offset: number, side: 'start' | 'end'): number | undefined => {
    let low = 0;
    let high = a.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const token = a[mid]!;
      const key = side === 'start' ? token.startOffset : token.startOffset + token.image.length;
      if (key === offset) {
        const moved = b[mid]!;
        return side === 'start' ? moved.startOffset : moved.startOffset + moved.image.length;
      }
      if (offset < key) high = mid - 1;
      else low = mid + 1;
    }
    return undefined;
  };
  return (offset: number, side: 'start' | 'end'): number | undefined => {
    if (offset === 0) return 0;
    return find(offset, side) ?? find(offset, side === 'start' ? 'end' : 'start');
  };
}
