/**
 * The one library of text edits repairs are made of: well-formed edits on the
 * project's files. Every helper keeps the surrounding layout (indentation,
 * one-line blocks) and the file's own line ending (CRLF, CR or LF), so that a
 * repair reads as if the writer had typed it.
 */
import type { IntensityItem, Name, Span } from '@nao/grammar';
import type { ArcSymbol, BeatSymbol, OptionSymbol, Project } from './project.js';

/** A text replacement in one file: `span` (offsets in the current text) becomes `newText`. */
export interface TextEdit {
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
}

/** A time or intensity as a writer types it: integers plain, decimals without trailing zeros (`3`, `2.5`). */
export function formatNumber(value: number): string {
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

/** The current text of a project file ('' for a file the project did not load). */
export function fileText(project: Project, file: string): string {
  return project.files.get(file)?.text ?? '';
}

/** The line ending a text uses: its first one (CRLF, CR or LF), LF for a text of one line. */
export function lineEndingOf(text: string): string {
  const match = /\r\n|\r|\n/.exec(text);
  return match ? match[0] : '\n';
}

/** Where the line holding `offset` starts (after the previous CR, LF or CRLF). */
function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** Where the line holding `offset` ends (before its CR, LF or CRLF; the text's length on the last line). */
function lineEnd(text: string, offset: number): number {
  const match = /\r|\n/.exec(text.slice(offset));
  return match ? offset + match.index : text.length;
}

/** The length of the line break at `offset` (0 at the end of the text). */
function lineBreakLength(text: string, offset: number): number {
  if (text.startsWith('\r\n', offset)) return 2;
  return text[offset] === '\r' || text[offset] === '\n' ? 1 : 0;
}

function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  const match = /^[ \t]*/.exec(text.slice(start, offset + 1));
  return match ? match[0] : '';
}

/** The indentation of the first item on its own line inside a block, if any item starts a line. */
function firstItemIndentation(text: string, body: Span): string | undefined {
  const inner = text.slice(body.start + 1, body.end - 1);
  const match = /[\r\n]([ \t]*)[^\s]/.exec(inner);
  return match ? match[1] : undefined;
}

/** Whether a text has a line break. */
function spansLines(text: string): boolean {
  return /[\r\n]/.test(text);
}

/** Replaces a beat's `@time`. */
export function setTime(beat: BeatSymbol, time: number): TextEdit | undefined {
  const literal = beat.decl.time;
  if (!literal) return undefined;
  return { file: beat.file, span: literal.span, newText: `@${formatNumber(time)}` };
}

/** Replaces the number of an intensity item. */
export function setIntensity(beat: BeatSymbol, item: IntensityItem, value: number): TextEdit | undefined {
  if (!item.value) return undefined;
  return { file: beat.file, span: item.value.span, newText: formatNumber(value) };
}

/**
 * Inserts `itemText` before the closing brace of the block `body`: on its own
 * line when the block spans lines, otherwise inside the one-line block.
 */
function insertBeforeClose(file: string, text: string, body: Span, itemText: string): TextEdit {
  const close = body.end - 1;
  const inner = text.slice(body.start + 1, close);
  if (!spansLines(inner)) {
    // One-line block: `{ with mara }` -> `{ with mara  enters tom }`
    const trimmedEnd = inner.replace(/\s+$/, '');
    const start = body.start + 1 + trimmedEnd.length;
    const separator = trimmedEnd.trim() === '' ? ' ' : '  ';
    return { file, span: { start, end: close }, newText: `${separator}${itemText} ` };
  }
  // Multi-line block: a new line with the items' indentation, before the line of `}`.
  const newline = lineEndingOf(text);
  const closeLineStart = lineStart(text, close);
  const closeIndent = indentationAt(text, close);
  const itemIndent = firstItemIndentation(text, body) ?? `${closeIndent}  `;
  if (text.slice(closeLineStart, close).trim() === '') {
    return { file, span: { start: closeLineStart, end: closeLineStart }, newText: `${itemIndent}${itemText}${newline}` };
  }
  return { file, span: { start: close, end: close }, newText: `${newline}${itemIndent}${itemText}${newline}${closeIndent}` };
}

/**
 * Adds an item (e.g. `enters tom`) to a beat: before the closing brace of its
 * block, on its own line when the block spans lines, or as a new `{ item }`
 * block when the beat has none.
 */
export function addBeatItem(project: Project, beat: BeatSymbol, item: string): TextEdit {
  const decl = beat.decl;
  const text = fileText(project, beat.file);
  const body = decl.body;
  if (body && text[body.end - 1] === '}') return insertBeforeClose(beat.file, text, body, item);
  // No block: after the title, or the time, or the name.
  const anchor = decl.title?.span.end ?? decl.time?.span.end ?? decl.name.span.end;
  return { file: beat.file, span: { start: anchor, end: anchor }, newText: ` { ${item} }` };
}

/** Inserts a declaration (e.g. a new event) on its own line just before an arc's closing brace. */
export function insertIntoArc(project: Project, arc: ArcSymbol, declaration: string): TextEdit | undefined {
  const body = arc.decl.body;
  const text = fileText(project, arc.file);
  if (!body || text[body.end - 1] !== '}') return undefined;
  const close = body.end - 1;
  const newline = lineEndingOf(text);
  const closeIndent = indentationAt(text, close);
  const itemIndent = firstItemIndentation(text, body) ?? `${closeIndent}  `;
  const closeLineStart = lineStart(text, close);
  if (text.slice(closeLineStart, close).trim() === '') {
    return { file: arc.file, span: { start: closeLineStart, end: closeLineStart }, newText: `${itemIndent}${declaration}${newline}` };
  }
  return { file: arc.file, span: { start: close, end: close }, newText: `${newline}${itemIndent}${declaration}${newline}${closeIndent}` };
}

/** Inserts a declaration (a new event) at the end of an option's block, keeping one-line blocks on one line. */
export function insertIntoOption(project: Project, option: OptionSymbol, declaration: string): TextEdit | undefined {
  const body = option.decl.body;
  const text = fileText(project, option.file);
  if (!body || text[body.end - 1] !== '}') return undefined;
  return insertBeforeClose(option.file, text, body, declaration);
}

/**
 * Inserts a declaration just before a beat, in the same block (so on exactly
 * the paths that hold the beat): on its own line with the beat's indentation
 * when the beat starts its line, otherwise on the same line.
 */
export function insertBefore(project: Project, beat: BeatSymbol, declaration: string): TextEdit {
  const text = fileText(project, beat.file);
  const start = beat.decl.span.start;
  const begin = lineStart(text, start);
  const before = text.slice(begin, start);
  if (/^[ \t]*$/.test(before)) {
    return { file: beat.file, span: { start: begin, end: begin }, newText: `${before}${declaration}${lineEndingOf(text)}` };
  }
  return { file: beat.file, span: { start, end: start }, newText: `${declaration}  ` };
}

/**
 * Inserts a declaration just after a beat, in the same block: on a new line
 * with the beat's indentation when nothing but a line comment follows the
 * beat on its line, otherwise on the same line.
 */
export function insertAfter(project: Project, beat: BeatSymbol, declaration: string): TextEdit {
  const text = fileText(project, beat.file);
  const end = beat.decl.span.end;
  const stop = lineEnd(text, end);
  const rest = text.slice(end, stop).trim();
  if (rest === '' || rest.startsWith('//')) {
    const indent = indentationAt(text, beat.decl.span.start);
    return { file: beat.file, span: { start: stop, end: stop }, newText: `${lineEndingOf(text)}${indent}${declaration}` };
  }
  return { file: beat.file, span: { start: end, end }, newText: `  ${declaration}` };
}

/** An item that is a comma-separated list of names (`themes a, b`, `tags x`, `setup y`…). */
export interface NameListItem {
  readonly span: Span;
  readonly names: readonly Name[];
}

/** Appends `, name` to a name list. */
export function appendName(file: string, item: NameListItem, name: string): TextEdit {
  const end = item.names[item.names.length - 1]!.span.end;
  return { file, span: { start: end, end }, newText: `, ${name}` };
}

/**
 * Adds `name` to an event's list item of the given kind (`themes`, `setup`,
 * `payoff`, `addresses`…): appended to its first such item when it has one,
 * otherwise as a new item (creating the `{ }` block if needed).
 */
export function addNameToEvent(project: Project, beat: BeatSymbol, kind: string, name: string): TextEdit {
  if (beat.decl.kind === 'event') {
    for (const item of beat.decl.items) {
      if (item.kind === kind && 'names' in item && item.names.length > 0) return appendName(beat.file, item, name);
    }
  }
  return addBeatItem(project, beat, `${kind} ${name}`);
}

/** The indentation of an item on its own line like the item starting at `itemStart`. */
function itemIndent(text: string, itemStart: number): string {
  const before = text.slice(lineStart(text, itemStart), itemStart);
  const indent = /^[ \t]*/.exec(before)?.[0] ?? '';
  return before.trim() === '' ? indent : `${indent}  `;
}

/** Inserts `itemText` as the first item of the block opening at `open` (before `first`, if any). */
function insertFirst(file: string, text: string, open: number, first: Span | undefined, itemText: string): TextEdit {
  if (first && spansLines(text.slice(open + 1, first.start))) {
    return { file, span: { start: open + 1, end: open + 1 }, newText: `${lineEndingOf(text)}${itemIndent(text, first.start)}${itemText}` };
  }
  if (first) return { file, span: { start: first.start, end: first.start }, newText: `${itemText}  ` };
  return { file, span: { start: open + 1, end: open + 1 }, newText: text.charAt(open + 1) === '}' ? ` ${itemText} ` : ` ${itemText}` };
}

/** Adds an item at the start of an arc's block (`themes t`); undefined when the arc has no block (a syntax error). */
export function addArcItemFirst(project: Project, arc: ArcSymbol, itemText: string): TextEdit | undefined {
  const body = arc.decl.body;
  if (!body) return undefined;
  return insertFirst(arc.file, fileText(project, arc.file), body.start, arc.decl.items[0]?.span, itemText);
}

/** Adds an item at the start of the story header's block; undefined without a header (or its `{`). */
export function addStoryItemFirst(project: Project, itemText: string): TextEdit | undefined {
  const story = project.story;
  if (!story) return undefined;
  const text = fileText(project, story.file);
  const open = text.indexOf('{', story.decl.title?.span.end ?? story.decl.keywordSpan.end);
  if (open < 0 || open >= story.decl.span.end) return undefined;
  return insertFirst(story.file, text, open, story.decl.items[0]?.span, itemText);
}

/** Adds an item on its own line just before the story header's closing brace; undefined without a header (or its `}`). */
export function addStoryItemLast(project: Project, itemText: string): TextEdit | undefined {
  const story = project.story;
  if (!story) return undefined;
  const text = fileText(project, story.file);
  const close = story.decl.span.end - 1;
  if (text[close] !== '}') return undefined;
  const open = text.indexOf('{', story.decl.title?.span.end ?? story.decl.keywordSpan.end);
  if (open < 0 || open >= close) return undefined;
  return insertBeforeClose(story.file, text, { start: open, end: close + 1 }, itemText);
}

/** Adds a top-level declaration at the end of a file, on its own line. */
export function appendToFile(project: Project, file: string, declText: string): TextEdit {
  const text = fileText(project, file);
  const newline = lineEndingOf(text);
  const endsWithBreak = text.endsWith('\n') || text.endsWith('\r');
  const lead = text.length === 0 ? '' : endsWithBreak ? newline : newline + newline;
  return { file, span: { start: text.length, end: text.length }, newText: `${lead}${declText}${newline}` };
}

/** Adds a line at the end of a file (after a line break, when the file does not end with one). */
export function appendLine(project: Project, file: string, line: string): TextEdit {
  const text = fileText(project, file);
  const newline = lineEndingOf(text);
  const lead = text === '' || text.endsWith('\n') || text.endsWith('\r') ? '' : newline;
  return { file, span: { start: text.length, end: text.length }, newText: `${lead}${line}${newline}` };
}

/** Adds a top-level declaration on its own line just after the declaration ending at `end`. */
export function insertLineAfter(project: Project, file: string, end: number, declText: string): TextEdit {
  return { file, span: { start: end, end }, newText: `${lineEndingOf(fileText(project, file))}${declText}` };
}

/**
 * Removes one name from a comma-separated list item (`causes a, b`), or the
 * whole item with its keyword when it is the only name.
 */
export function removeListName(project: Project, file: string, item: { span: Span; names?: readonly Name[]; alternatives?: readonly Name[] }, name: Name): TextEdit {
  const names = item.names ?? item.alternatives ?? [];
  const text = fileText(project, file);
  if (names.length <= 1) return removeItem(text, file, item.span);
  const index = names.indexOf(name);
  if (index <= 0) {
    // First name: remove it and the separator after it.
    const next = names[1]!;
    return { file, span: { start: name.span.start, end: next.span.start }, newText: '' };
  }
  // Later name: remove the separator before it and the name.
  const previous = names[index - 1]!;
  return { file, span: { start: previous.span.end, end: name.span.end }, newText: '' };
}

/** Removes an item, with the blank space it leaves (a whole line, with its line break, when it stood alone on one). */
export function removeItem(text: string, file: string, span: Span): TextEdit {
  const start = lineStart(text, span.start);
  const end = lineEnd(text, span.end);
  const before = text.slice(start, span.start);
  const after = text.slice(span.end, end);
  if (before.trim() === '' && after.trim() === '') {
    return { file, span: { start, end: end + lineBreakLength(text, end) }, newText: '' };
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

/** A name not yet used in the beats-and-arcs namespace, based on `base`. */
export function freshName(project: Project, base: string): string {
  if (!project.nodes.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!project.nodes.has(candidate)) return candidate;
  }
}

/** Applies edits to texts, returning the new text of every touched file. */
export function applyEdits(files: ReadonlyMap<string, string>, edits: readonly TextEdit[]): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file) ?? [];
    list.push(edit);
    byFile.set(edit.file, list);
  }
  const result = new Map<string, string>();
  for (const [file, list] of byFile) {
    let text = files.get(file) ?? '';
    for (const edit of [...list].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end)) {
      text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    }
    result.set(file, text);
  }
  return result;
}
