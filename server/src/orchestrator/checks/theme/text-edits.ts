/**
 * Edits the theme and therapeutic repairs need beyond the shared helpers of
 * ../../edits.ts (which add an item to a beat, remove a list name, insert into
 * an arc, format times and invent fresh names): append a name to a list, add a
 * name to an event's list item of a kind, add an item at the start of an arc
 * or of the story header, append a declaration to a file; and finding the
 * event or arc a conflict is anchored in.
 */
import type { Name, Span } from '@nao/grammar';
import type { TextEdit } from '../check.js';
import { addBeatItem, formatTime } from '../../edits.js';
import type { ArcSymbol, BeatSymbol, OptionSymbol, Project } from '../../project.js';

/** An item that is a comma-separated list of names (`themes a, b`, `tags x`, `setup y`…). */
export interface NameListItem {
  readonly span: Span;
  readonly names: readonly Name[];
}

/** `3`, `2.5`: an intensity or time as a writer would type it (kept for the therapeutic modules). */
export function formatNumber(value: number): string {
  return formatTime(value);
}

function fileText(project: Project, file: string): string {
  return project.files.get(file)?.text ?? '';
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The indentation of an item on its own line like the item starting at `itemStart`. */
function itemIndent(text: string, itemStart: number): string {
  const lineStart = text.lastIndexOf('\n', itemStart - 1) + 1;
  const before = text.slice(lineStart, itemStart);
  const indent = /^[ \t]*/.exec(before)?.[0] ?? '';
  return before.trim() === '' ? indent : `${indent}  `;
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

/** Inserts `itemText` as the first item of the block opening at `open` (before `first`, if any). */
function insertFirst(file: string, text: string, open: number, first: Span | undefined, itemText: string): TextEdit {
  if (first && text.slice(open + 1, first.start).includes('\n')) {
    return { file, span: { start: open + 1, end: open + 1 }, newText: `${newlineOf(text)}${itemIndent(text, first.start)}${itemText}` };
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

/** Adds a top-level declaration at the end of a file, on its own line. */
export function appendToFile(project: Project, file: string, declText: string): TextEdit {
  const text = fileText(project, file);
  const newline = newlineOf(text);
  const lead = text.length === 0 ? '' : text.endsWith('\n') ? newline : newline + newline;
  return { file, span: { start: text.length, end: text.length }, newText: `${lead}${declText}${newline}` };
}

/** Whether `inner` lies within `outer`. */
function within(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Whether two spans are the same range. */
export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The event whose declaration holds `span` in `file` (events do not nest, so there is at most one). */
export function eventHolding(project: Project, file: string, span: Span): BeatSymbol | undefined {
  return project.beats.find((beat) => beat.kind === 'event' && beat.file === file && within(span, beat.decl.span));
}

/** The innermost arc whose declaration holds `span` in `file`. */
export function arcHolding(project: Project, file: string, span: Span): ArcSymbol | undefined {
  let best: ArcSymbol | undefined;
  for (const arc of project.arcs) {
    if (arc.file !== file || !within(span, arc.decl.span)) continue;
    if (!best || arc.depth > best.depth) best = arc;
  }
  return best;
}

/** Inserts a declaration (a new event) on its own line at the end of an option's block. */
export function insertIntoOption(project: Project, option: OptionSymbol, declaration: string): TextEdit | undefined {
  const body = option.decl.body;
  const text = fileText(project, option.file);
  if (!body || text[body.end - 1] !== '}') return undefined;
  const close = body.end - 1;
  const closeLineStart = text.lastIndexOf('\n', close - 1) + 1;
  const closeIndent = /^[ \t]*/.exec(text.slice(closeLineStart, close))?.[0] ?? '';
  const first = option.decl.children[0];
  const indent = first && text.slice(body.start + 1, first.span.start).includes('\n') ? itemIndent(text, first.span.start) : `${closeIndent}  `;
  const newline = newlineOf(text);
  const inner = text.slice(body.start + 1, close);
  if (!inner.includes('\n')) {
    // One-line block: `{ event a @3 }` -> `{ event a @3  event b @2 { … } }`
    const kept = inner.replace(/\s+$/, '');
    const start = body.start + 1 + kept.length;
    return { file: option.file, span: { start, end: close }, newText: `${kept.trim() === '' ? ' ' : '  '}${declaration} ` };
  }
  if (text.slice(closeLineStart, close).trim() === '') {
    return { file: option.file, span: { start: closeLineStart, end: closeLineStart }, newText: `${indent}${declaration}${newline}` };
  }
  return { file: option.file, span: { start: close, end: close }, newText: `${newline}${indent}${declaration}${newline}${closeIndent}` };
}
