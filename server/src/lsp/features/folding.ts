/**
 * Folding ranges: blocks, block comments, runs of line comments, runs of
 * prose lines and runs of includes.
 */
import type { ArcFile, BeatItem, Declaration, LineIndex, OptionChild, Span } from '@nao/grammar';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver/node';
import { documentText, type FeatureContext } from './context.js';

export function foldingRanges(context: FeatureContext, uri: string): FoldingRange[] {
  const text = documentText(context, uri);
  if (text === undefined) return [];
  const parsed = context.workspace.parses.parse(uri, text);
  const index = context.workspace.texts.lineIndex(uri, text);
  const comments = parsed.file.comments;
  return computeFoldingRanges(text, parsed.file, index, comments);
}

export function computeFoldingRanges(text: string, file: ArcFile, index: LineIndex, comments: ArcFile['comments']): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const line = (offset: number) => index.positionAt(offset).line;

  /** A `{ ... }` block: from the line of `{` to the line before `}` (so that `}` stays visible). */
  const block = (body: Span | undefined): void => {
    if (!body || text[body.end - 1] !== '}') return;
    const startLine = line(body.start);
    const closeLine = line(body.end - 1);
    if (closeLine <= startLine) return;
    const endLine = closeLine - 1 > startLine ? closeLine - 1 : closeLine;
    ranges.push({ startLine, endLine });
  };
  /** A block known only by its item span: from its first `{` to its end. */
  const itemBlock = (span: Span): void => {
    const open = text.indexOf('{', span.start);
    if (open < 0 || open >= span.end) return;
    block({ start: open, end: span.end });
  };
  const proseRuns = (items: readonly BeatItem[]): void => {
    let runStart = -1;
    let runEnd = -1;
    const flush = (): void => {
      if (runStart >= 0 && runEnd > runStart) ranges.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Region });
      runStart = runEnd = -1;
    };
    for (const item of items) {
      if (item.kind !== 'prose') {
        flush();
        continue;
      }
      const l = line(item.span.start);
      if (runStart >= 0 && l === runEnd + 1) runEnd = l;
      else {
        flush();
        runStart = runEnd = l;
      }
    }
    flush();
  };
  const declaration = (decl: Declaration | OptionChild): void => {
    switch (decl.kind) {
      case 'character': block(decl.body); break;
      case 'place': break;
      case 'arc':
        block(decl.body);
        for (const item of decl.items) {
          if (item.kind === 'arc' || item.kind === 'event' || item.kind === 'choice') declaration(item);
        }
        break;
      case 'event':
        block(decl.body);
        proseRuns(decl.items);
        break;
      case 'choice':
        block(decl.body);
        for (const option of decl.options) {
          block(option.body);
          for (const child of option.children) declaration(child);
        }
        break;
    }
  };

  for (const story of file.stories) {
    itemBlock(story.span);
    for (const item of story.items) if (item.kind === 'limits' || item.kind === 'rules') itemBlock(item.span);
  }
  for (const decl of file.declarations) declaration(decl);

  // Runs of includes on consecutive lines.
  let includeStart = -1;
  let includeEnd = -1;
  const flushIncludes = (): void => {
    if (includeStart >= 0 && includeEnd > includeStart) ranges.push({ startLine: includeStart, endLine: includeEnd, kind: FoldingRangeKind.Imports });
    includeStart = includeEnd = -1;
  };
  for (const include of file.includes) {
    const l = line(include.span.start);
    if (includeStart >= 0 && l === includeEnd + 1) includeEnd = l;
    else {
      flushIncludes();
      includeStart = includeEnd = l;
    }
  }
  flushIncludes();

  // Block comments over several lines, and runs of whole-line line comments.
  let runStart = -1;
  let runEnd = -1;
  const flushComments = (): void => {
    if (runStart >= 0 && runEnd > runStart) ranges.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
    runStart = runEnd = -1;
  };
  for (const comment of comments) {
    const first = line(comment.span.start);
    if (comment.kind === 'block-comment') {
      flushComments();
      const last = line(Math.max(comment.span.start, comment.span.end - 1));
      if (last > first) ranges.push({ startLine: first, endLine: last, kind: FoldingRangeKind.Comment });
      continue;
    }
    const lineStart = index.offsetAt({ line: first, character: 0 });
    const wholeLine = text.slice(lineStart, comment.span.start).trim() === '';
    if (!wholeLine) {
      flushComments();
      continue;
    }
    if (runStart >= 0 && first === runEnd + 1) runEnd = first;
    else {
      flushComments();
      runStart = runEnd = first;
    }
  }
  flushComments();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
