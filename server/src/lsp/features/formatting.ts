/**
 * Document formatting. Stable and idempotent; keeps every comment and prose
 * line verbatim and keeps the writer's line structure, except that:
 *
 * - every line is indented by two spaces per enclosing block (one level more
 *   when it continues an item begun on an earlier line);
 * - in a block that spans lines (and at the top level), each item starts its
 *   own line, and the closing `}` stands on its own line;
 * - within a line, tokens are separated by one space (none before `,` and
 *   around `..`), and items of a one-line block by two (`{ with mara  intensity 5 }`);
 * - trailing spaces go, blank lines stay, and the file ends with one line break.
 *
 * A document with syntax errors is not formatted (no edits), and neither is
 * one whose formatted text would not read back to the very same tokens.
 */
import { parse, tokenize, type ArcFile, type BeatItem, type Declaration, type OptionChild, type Span } from '@nao/grammar';
import type { TextEdit } from 'vscode-languageserver/node';
import { documentText, rangeIn, type FeatureContext } from './context.js';

interface Lexeme {
  readonly start: number;
  readonly end: number;
  readonly type: string;
  readonly image: string;
}

const INDENT = '  ';

function isComment(lexeme: Lexeme): boolean {
  return lexeme.type === 'LineComment' || lexeme.type === 'BlockComment';
}

function lexemes(text: string): { list: Lexeme[]; errors: number } {
  const lexed = tokenize(text);
  const list: Lexeme[] = [];
  for (const t of lexed.tokens) list.push({ start: t.startOffset, end: t.startOffset + t.image.length, type: t.tokenType.name, image: t.image });
  for (const t of lexed.groups['comments'] ?? []) list.push({ start: t.startOffset, end: t.startOffset + t.image.length, type: t.tokenType.name, image: t.image });
  list.sort((a, b) => a.start - b.start);
  return { list, errors: lexed.errors.length };
}

interface Layout {
  /** Offsets where an item starts, with whether its block spans lines. */
  readonly itemStarts: Map<number, boolean>;
  /** `{` and `}` offsets of blocks that span lines. */
  readonly multilineBraces: Set<number>;
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

function layoutOf(text: string, file: ArcFile, lexed: readonly Lexeme[]): Layout {
  const itemStarts = new Map<number, boolean>();
  const multilineBraces = new Set<number>();
  /** Registers a block by its braces and its items. */
  const block = (open: number, close: number, items: ReadonlyArray<{ span: Span }>): void => {
    const multiline = hasLineBreak(text, open, close);
    if (multiline) {
      multilineBraces.add(open);
      multilineBraces.add(close);
    }
    for (const item of items) itemStarts.set(item.span.start, multiline);
  };
  const bodyBlock = (body: Span | undefined, items: ReadonlyArray<{ span: Span }>): void => {
    if (!body || text[body.start] !== '{' || text[body.end - 1] !== '}') return;
    block(body.start, body.end - 1, items);
  };
  /** A block known by its item's span (story, limits, rules): the first `{` inside and the final `}`. */
  const spanBlock = (span: Span, after: number, items: ReadonlyArray<{ span: Span }>): void => {
    const open = lexed.find((l) => l.type === 'LCurly' && l.start >= after && l.start < span.end);
    if (!open || text[span.end - 1] !== '}') return;
    block(open.start, span.end - 1, items);
  };
  const beatItems = (items: readonly BeatItem[]): ReadonlyArray<{ span: Span }> => items;
  const declaration = (decl: Declaration | OptionChild): void => {
    switch (decl.kind) {
      case 'character': bodyBlock(decl.body, decl.items); break;
      case 'place': break;
      case 'arc':
        bodyBlock(decl.body, decl.items);
        for (const item of decl.items) if (item.kind === 'arc' || item.kind === 'event' || item.kind === 'choice') declaration(item);
        break;
      case 'event': bodyBlock(decl.body, beatItems(decl.items)); break;
      case 'choice':
        bodyBlock(decl.body, decl.options);
        for (const option of decl.options) {
          bodyBlock(option.body, option.children);
          for (const child of option.children) declaration(child);
        }
        break;
    }
  };
  for (const top of file.children) itemStarts.set(top.span.start, true);
  for (const story of file.stories) {
    spanBlock(story.span, story.title?.span.end ?? story.keywordSpan.end, story.items);
    for (const item of story.items) {
      if (item.kind === 'limits' || item.kind === 'rules') spanBlock(item.span, item.keywordSpan.end, item.entries);
    }
  }
  for (const decl of file.declarations) declaration(decl);
  return { itemStarts, multilineBraces };
}

function lineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/** The formatted text, or undefined when the text must not be formatted (syntax errors). */
export function formatText(text: string): string | undefined {
  const parsed = parse(text);
  if (parsed.errors.length > 0) return undefined;
  const { list, errors } = lexemes(text);
  if (errors > 0) return undefined;
  const layout = layoutOf(text, parsed.file, list);
  const eol = /\r\n/.test(text.slice(0, text.search(/[\r\n]/) + 2)) ? '\r\n' : '\n';
  const out: string[] = [];
  let depth = 0;
  let previous: Lexeme | undefined;
  for (const lexeme of list) {
    if (lexeme.type === 'RCurly') depth = Math.max(0, depth - 1);
    if (!previous) {
      out.push(INDENT.repeat(depth), lexeme.image);
    } else {
      const breaks = lineBreaks(text, previous.end, lexeme.start);
      let newLine = breaks > 0;
      if (!newLine && !isComment(lexeme)) {
        newLine = layout.itemStarts.get(lexeme.start) === true
          || (previous.type === 'LCurly' && layout.multilineBraces.has(previous.start))
          || (lexeme.type === 'RCurly' && layout.multilineBraces.has(lexeme.start));
      }
      if (newLine) {
        // A line that continues an item (`causes a,` / `  b`) is indented one level more.
        const continuation = !layout.itemStarts.has(lexeme.start) && !isComment(lexeme)
          && lexeme.type !== 'RCurly' && lexeme.type !== 'LCurly';
        out.push(eol.repeat(Math.max(1, breaks)), INDENT.repeat(depth + (continuation ? 1 : 0)), lexeme.image);
      } else {
        out.push(spacing(previous, lexeme, layout), lexeme.image);
      }
    }
    if (lexeme.type === 'LCurly') depth++;
    previous = lexeme;
  }
  if (out.length > 0) out.push(eol);
  return out.join('');
}

function spacing(previous: Lexeme, lexeme: Lexeme, layout: Layout): string {
  if (lexeme.type === 'Comma') return '';
  if (previous.type === 'Comma') return ' ';
  if (lexeme.type === 'DotDot' || previous.type === 'DotDot') return '';
  if (isComment(lexeme) || isComment(previous)) return ' ';
  if (previous.type === 'LCurly') return ' ';
  if (layout.itemStarts.get(lexeme.start) === false) return '  ';
  return ' ';
}

/** Whether two texts read as the same tokens and comments. */
function sameTokens(a: string, b: string): boolean {
  const x = lexemes(a).list;
  const y = lexemes(b).list;
  return x.length === y.length && x.every((l, i) => l.type === y[i]!.type && l.image === y[i]!.image);
}

export function formatDocument(context: FeatureContext, uri: string): TextEdit[] {
  const text = documentText(context, uri);
  if (text === undefined) return [];
  const formatted = formatText(text);
  if (formatted === undefined || formatted === text) return [];
  if (!sameTokens(text, formatted) || parse(formatted).errors.length > 0) {
    context.logger.error(`formatting ${uri} would change its tokens; the document was left alone (please report this)`);
    return [];
  }
  // One edit over the changed region.
  let prefix = 0;
  const max = Math.min(text.length, formatted.length);
  while (prefix < max && text.charCodeAt(prefix) === formatted.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && text.charCodeAt(text.length - 1 - suffix) === formatted.charCodeAt(formatted.length - 1 - suffix)) suffix++;
  return [{
    range: rangeIn(context, uri, text, { start: prefix, end: text.length - suffix }),
    newText: formatted.slice(prefix, formatted.length - suffix),
  }];
}
