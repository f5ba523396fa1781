/**
 * Building blocks for repairs: well-formed text edits on the project's files.
 * Every helper keeps the surrounding layout (indentation, one-line blocks) so
 * that a repair reads as if the writer had typed it.
 */
import type { Name, Span } from '@nao/grammar';
import type { TextEdit } from './checks/check.js';
import type { ArcSymbol, BeatSymbol, Project } from './project.js';

/** A time as written after `@`: integers plain, decimals without trailing zeros. */
export function formatTime(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

/**
 * A short time strictly between `low` and `high` (low < high), preferring
 * halves, then tenths, then finer, so that `@2`..`@3` gives `@2.5`.
 */
export function timeBetween(low: number, high: number): number {
  for (const step of [1, 0.5, 0.25, 0.1, 0.05, 0.01, 0.001, 0.0001]) {
    const candidate = Math.floor(low / step + 1) * step;
    const rounded = Number(candidate.toFixed(4));
    if (rounded > low && rounded < high) return rounded;
  }
  return (low + high) / 2;
}

/** The time just after `time` that lies before every later beat of the project (within `limit`, if given). */
export function timeJustAfter(project: Project, time: number, limit = Number.POSITIVE_INFINITY): number {
  let next = limit;
  for (const beat of project.beats) {
    if (beat.time > time && beat.time < next) next = beat.time;
  }
  return next === Number.POSITIVE_INFINITY ? time + 1 : timeBetween(time, next);
}

/** The time just before `time`, after every earlier beat. */
export function timeJustBefore(project: Project, time: number): number {
  let previous = Number.NEGATIVE_INFINITY;
  for (const beat of project.beats) {
    if (beat.time < time && beat.time > previous) previous = beat.time;
  }
  return previous === Number.NEGATIVE_INFINITY ? time - 1 : timeBetween(previous, time);
}

function textOf(project: Project, file: string): string {
  return project.files.get(file)?.text ?? '';
}

function lineStart(text: string, offset: number): number {
  const newline = text.lastIndexOf('\n', offset - 1);
  return newline + 1;
}

function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  const match = /^[ \t]*/.exec(text.slice(start, offset + 1));
  return match ? match[0] : '';
}

/** Replaces a beat's `@time`. */
export function setTime(beat: BeatSymbol, time: number): TextEdit | undefined {
  const literal = beat.decl.time;
  if (!literal) return undefined;
  return { file: beat.file, span: literal.span, newText: `@${formatTime(time)}` };
}

/**
 * Adds an item (e.g. `enters tom`) to a beat: before the closing brace of its
 * block, on its own line when the block spans lines, or as a new `{ item }`
 * block when the beat has none.
 */
export function addBeatItem(project: Project, beat: BeatSymbol, item: string): TextEdit {
  const decl = beat.decl;
  const text = textOf(project, beat.file);
  const body = decl.body;
  if (body && text[body.end - 1] === '}') {
    const close = body.end - 1;
    const inner = text.slice(body.start + 1, close);
    if (!inner.includes('\n')) {
      // One-line block: `{ with mara }` -> `{ with mara  enters tom }`
      const trimmedEnd = inner.replace(/\s+$/, '');
      const start = body.start + 1 + trimmedEnd.length;
      const separator = trimmedEnd.trim() === '' ? ' ' : '  ';
      return { file: beat.file, span: { start, end: close }, newText: `${separator}${item} ` };
    }
    // Multi-line block: a new line with the items' indentation, before the line of `}`.
    const closeLineStart = lineStart(text, close);
    const closeIndent = indentationAt(text, close);
    const onOwnLine = text.slice(closeLineStart, close).trim() === '';
    const itemIndent = firstItemIndentation(text, body) ?? `${closeIndent}  `;
    if (onOwnLine) {
      return { file: beat.file, span: { start: closeLineStart, end: closeLineStart }, newText: `${itemIndent}${item}\n` };
    }
    return { file: beat.file, span: { start: close, end: close }, newText: `\n${itemIndent}${item}\n${closeIndent}` };
  }
  // No block: after the title, or the time, or the name.
  const anchor = decl.title?.span.end ?? decl.time?.span.end ?? decl.name.span.end;
  return { file: beat.file, span: { start: anchor, end: anchor }, newText: ` { ${item} }` };
}

function firstItemIndentation(text: string, body: Span): string | undefined {
  const inner = text.slice(body.start + 1, body.end - 1);
  const match = /\n([ \t]*)\S/.exec(inner);
  return match ? match[1] : undefined;
}

/**
 * Removes one name from a comma-separated list item (`causes a, b`), or the
 * whole item with its keyword when it is the only name.
 */
export function removeListName(project: Project, file: string, item: { span: Span; names?: readonly Name[]; alternatives?: readonly Name[] }, name: Name): TextEdit {
  const names = item.names ?? item.alternatives ?? [];
  const text = textOf(project, file);
  if (names.length <= 1) return removeItem(text, file, item.span);
  const index = names.findIndex((n) => n.span.start === name.span.start);
  if (index <= 0) {
    // First name: remove it and the separator after it.
    const next = names[1]!;
    return { file, span: { start: name.span.start, end: next.span.start }, newText: '' };
  }
  // Later name: remove the separator before it and the name.
  const previous = names[index - 1]!;
  return { file, span: { start: previous.span.end, end: name.span.end }, newText: '' };
}

/** Removes an item, with the blank space it leaves (a whole line when it stood alone on one). */
export function removeItem(text: string, file: string, span: Span): TextEdit {
  const start = lineStart(text, span.start);
  const lineEnd = text.indexOf('\n', span.end);
  const end = lineEnd === -1 ? text.length : lineEnd;
  const before = text.slice(start, span.start);
  const after = text.slice(span.end, end);
  if (before.trim() === '' && after.trim() === '') {
    return { file, span: { start, end: lineEnd === -1 ? end : end + 1 }, newText: '' };
  }
  // Inline: swallow the spaces after the item (or before it, at the end of a block).
  let removeEnd = span.end;
  while (text[removeEnd] === ' ' || text[removeEnd] === '\t') removeEnd++;
  let removeStart = span.start;
  if (text[removeEnd] === '}' || removeEnd === end) {
    while (removeStart > start && (text[removeStart - 1] === ' ' || text[removeStart - 1] === '\t')) removeStart--;
    if (text[removeEnd] === '}') return { file, span: { start: removeStart, end: span.end }, newText: '' };
  }
  return { file, span: { start: removeStart, end: removeEnd }, newText: '' };
}

/** Inserts a declaration (e.g. a new event) on its own line just before an arc's closing brace. */
export function insertIntoArc(project: Project, arc: ArcSymbol, declaration: string): TextEdit | undefined {
  const body = arc.decl.body;
  const text = textOf(project, arc.file);
  if (!body || text[body.end - 1] !== '}') return undefined;
  const close = body.end - 1;
  const closeIndent = indentationAt(text, close);
  const itemIndent = firstItemIndentation(text, body) ?? `${closeIndent}  `;
  const closeLineStart = lineStart(text, close);
  if (text.slice(closeLineStart, close).trim() === '') {
    return { file: arc.file, span: { start: closeLineStart, end: closeLineStart }, newText: `${itemIndent}${declaration}\n` };
  }
  return { file: arc.file, span: { start: close, end: close }, newText: `\n${itemIndent}${declaration}\n${closeIndent}` };
}

/** A name not yet used in the beats-and-arcs namespace, based on `base`. */
export function freshName(project: Project, base: string): string {
  if (!project.nodes.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!project.nodes.has(candidate)) return candidate;
  }
}
