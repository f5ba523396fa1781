/**
 * The front end's entry points: `tokenize` and `parse`. Parsing never throws:
 * whatever the input, it returns a tree of everything readable plus syntax
 * errors (E001) with exact spans and messages a writer understands.
 */
import { Lexer, type ILexingResult, type IToken } from 'chevrotain';
import type { ArcFile, ParseResult, Span, SyntaxError } from './ast.js';
import { buildFile, tokenSpan } from './build-ast.js';
import { ArcParser } from './parser.js';
import { allTokens, BlockComment, LCurly, RCurly, StringLiteral } from './tokens.js';

/** Blocks may nest this deep; the contents of deeper blocks are skipped with one error. */
export const MAX_NESTING = 128;
/** At most this many syntax errors are reported per file. */
export const MAX_SYNTAX_ERRORS = 100;

const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true });

let sharedParser: ArcParser | undefined;
/** The one parser instance, created on first use and reused by resetting `input`. */
function parser(): ArcParser {
  sharedParser ??= new ArcParser();
  return sharedParser;
}

/** Lexes `text`. Exposed for benchmarks and tools; `parse` calls it itself. */
export function tokenize(text: string): ILexingResult {
  return lexer.tokenize(text);
}

const EMPTY_FILE: ArcFile = { kind: 'file', includes: [], stories: [], declarations: [], children: [], comments: [] };

/** Whether `text` looks like binary data rather than a story (a NUL among its first 8000 characters). */
function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

export function parse(text: string): ParseResult {
  try {
    return parseUnguarded(text);
  } catch (error) {
    // Parsing must never take its caller down; a crash here is a bug, reported
    // as a syntax error on the whole file so the writer still sees something.
    const message = error instanceof Error ? error.message : String(error);
    return {
      file: EMPTY_FILE,
      errors: [{ message: `internal error while parsing this file (${message}); please report it`, span: { start: 0, end: 0 } }],
    };
  }
}

function parseUnguarded(text: string): ParseResult {
  if (looksBinary(text)) {
    return {
      file: EMPTY_FILE,
      errors: [{ message: 'this file is not text (it contains NUL bytes), so it was not read as a story', span: { start: 0, end: 0 } }],
    };
  }
  const errors: SyntaxError[] = [];
  const lexed = lexer.tokenize(text);
  setEndOffsets(lexed.tokens);
  for (const error of lexed.errors) errors.push(lexerError(text, error.offset, error.length));
  const comments = lexed.groups['comments'] ?? [];
  setEndOffsets(comments);
  for (const comment of comments) {
    if (comment.tokenType === BlockComment && !comment.image.endsWith('*/')) {
      errors.push({ message: 'this comment is not closed: `/*` needs a matching `*/`', span: { start: comment.startOffset, end: comment.startOffset + 2 } });
    }
  }
  for (const t of lexed.tokens) {
    if (t.tokenType === StringLiteral) checkString(t, errors);
  }
  const tokens = limitNesting(lexed.tokens, errors);

  const p = parser();
  p.input = tokens;
  const cst = p.file();
  // The end of the file as the writer sees it: the last token of the text,
  // not of what `limitNesting` kept (which may stop far earlier).
  const endOfText = lastTokenEnd(lexed.tokens, text);
  for (const error of p.errors) {
    const t = error.token;
    const span: Span = Number.isNaN(t.startOffset) || t.startOffset < 0 || t.tokenType.name === 'EOF'
      ? endOfText
      : tokenSpan(t);
    errors.push({ message: error.message, span });
  }
  const file = buildFile(cst, comments);
  return { file, errors: capErrors(errors) };
}

/** The lexer runs with offset-only tracking, which leaves `endOffset` unset; node locations need it. */
function setEndOffsets(tokens: IToken[]): void {
  for (const t of tokens) t.endOffset = t.startOffset + t.image.length - 1;
}

function lexerError(text: string, offset: number, length: number): SyntaxError {
  const span = { start: offset, end: offset + Math.max(1, length) };
  const ch = text[offset];
  if (ch === '@') {
    return { message: 'a time is `@` directly followed by a number, like `@3` or `@2.5`', span };
  }
  const shown = text.slice(offset, offset + Math.min(Math.max(1, length), 20)).replace(/\s+/g, ' ');
  return { message: `unexpected character${length > 1 ? 's' : ''} \`${shown}\`: this is not part of the Arc language`, span };
}

const VALID_ESCAPES = new Set(['"', '\\', 'n', 't']);

function checkString(t: IToken, errors: SyntaxError[]): void {
  const image = t.image;
  let i = 1;
  for (; i < image.length; i++) {
    const c = image[i];
    if (c === '\\') {
      const next = image[i + 1];
      if (next !== undefined && !VALID_ESCAPES.has(next)) {
        errors.push({
          message: `unknown escape \`\\${next}\` in a string: use \`\\"\`, \`\\\\\`, \`\\n\` or \`\\t\``,
          span: { start: t.startOffset + i, end: t.startOffset + i + 2 },
        });
      }
      i++;
    } else if (c === '"') {
      return;
    }
  }
  errors.push({ message: 'this string is not closed: add `"` before the end of the line', span: tokenSpan(t) });
}

/**
 * Drops the contents of blocks nested deeper than MAX_NESTING (keeping their
 * braces), so that neither the parser nor any later pass recurses without
 * bound. One error marks the first brace that goes too deep.
 */
function limitNesting(tokens: IToken[], errors: SyntaxError[]): IToken[] {
  let depth = 0;
  let maxDepth = 0;
  for (const t of tokens) {
    if (t.tokenType === LCurly) maxDepth = Math.max(maxDepth, ++depth);
    else if (t.tokenType === RCurly && depth > 0) depth--;
  }
  if (maxDepth <= MAX_NESTING) return tokens;

  const kept: IToken[] = [];
  depth = 0;
  let reported = false;
  for (const t of tokens) {
    if (t.tokenType === LCurly) {
      depth++;
      if (depth === MAX_NESTING + 1) {
        kept.push(t);
        if (!reported) {
          errors.push({
            message: `blocks are nested more than ${MAX_NESTING} deep here; what is inside this block is skipped`,
            span: tokenSpan(t),
          });
          reported = true;
        }
      } else if (depth <= MAX_NESTING) {
        kept.push(t);
      }
    } else if (t.tokenType === RCurly) {
      if (depth <= MAX_NESTING + 1) kept.push(t);
      if (depth > 0) depth--;
    } else if (depth <= MAX_NESTING) {
      kept.push(t);
    }
  }
  return kept;
}

function lastTokenEnd(tokens: IToken[], text: string): Span {
  const last = tokens[tokens.length - 1];
  const end = last ? last.endOffset! + 1 : text.length;
  return { start: Math.max(0, end - 1), end };
}

function capErrors(errors: SyntaxError[]): SyntaxError[] {
  errors.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const unique: SyntaxError[] = [];
  for (const error of errors) {
    const previous = unique[unique.length - 1];
    if (previous && previous.span.start === error.span.start && previous.message === error.message) continue;
    unique.push(error);
  }
  if (unique.length <= MAX_SYNTAX_ERRORS) return unique;
  const kept = unique.slice(0, MAX_SYNTAX_ERRORS);
  kept.push({
    message: `too many syntax errors: only the first ${MAX_SYNTAX_ERRORS} are shown`,
    span: unique[MAX_SYNTAX_ERRORS]!.span,
  });
  return kept;
}
