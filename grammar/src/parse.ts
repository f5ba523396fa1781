/**
 * The front end's entry points: `tokenize` and `parse`. Parsing never throws:
 * whatever the input, it returns a tree of everything readable plus syntax
 * errors (E001) with exact spans and messages a writer understands.
 */
import { createTokenInstance, Lexer, type ILexingResult, type IToken, type TokenType } from 'chevrotain';
import type { ArcFile, ParseResult, Span, SyntaxError, UnrepresentableNumber } from './ast.js';
import { numericValue, present, tokenSpan } from './literals.js';
import { ArcParser, fileOf, MAX_RECOVERED_ERRORS } from './parser.js';
import { allTokens, BlockComment, Kw, LCurly, NumberLiteral, RCurly, StringLiteral, Time } from './tokens.js';

/** Blocks may nest this deep; the contents of deeper blocks are skipped with one error. */
export const MAX_NESTING = 128;
/** At most this many syntax errors are reported per file. */
export const MAX_SYNTAX_ERRORS = 100;

const LEXER_CONFIG = { positionTracking: 'onlyOffset', ensureOptimizations: true } as const;
/** Without Chevrotain's validations of the token definitions: `checkGrammarDefinition` runs them (see ArcParser's `validate`). */
const lexer = new Lexer(allTokens, { ...LEXER_CONFIG, skipValidations: true });

/**
 * Builds the lexer and the parser once more with all of Chevrotain's
 * validations, which throw when a token or a rule is defined wrongly. For the
 * grammar's tests: the lexer and parser in use skip them.
 */
export function checkGrammarDefinition(): void {
  new Lexer(allTokens, LEXER_CONFIG);
  new ArcParser({ validate: true });
}

let sharedParser: ArcParser | undefined;
/** The one parser instance, created on first use and reused by resetting `input`. */
function parser(): ArcParser {
  sharedParser ??= new ArcParser();
  return sharedParser;
}

/**
 * Lexes `text`. Exposed for benchmarks and tools; `parse` calls it itself.
 * Runs of characters that are not part of the language are `errors`, as
 * Chevrotain reports them (they are lexed as Junk tokens, which is faster).
 */
export function tokenize(text: string): ILexingResult {
  const result = lexer.tokenize(text);
  const junk = result.groups['junk'];
  if (junk === undefined || junk.length === 0) return result;
  const errors = [...result.errors, ...junk.map((t) => ({
    offset: t.startOffset, length: t.image.length, line: undefined, column: undefined,
    message: `unexpected character(s) ${JSON.stringify(t.image.slice(0, 20))} at offset ${t.startOffset}`,
  }))].sort((a, b) => a.offset - b.offset);
  const groups = { ...result.groups };
  delete groups['junk'];
  return { ...result, groups, errors };
}

const EMPTY_FILE: ArcFile = { kind: 'file', includes: [], stories: [], declarations: [], children: [], comments: [], unrepresentable: [] };

/** Whether `text` looks like binary data rather than a story (a NUL among its first 8000 characters). */
function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

/**
 * Parses `text`. `lexed`, when the caller has it, is `tokenize(text)` (the
 * language server lexes an edited file for its prose fast path): it is read,
 * never changed, and saves lexing the text again.
 */
export function parse(text: string, lexed?: ILexingResult): ParseResult {
  try {
    return parseUnguarded(text, lexed);
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

function parseUnguarded(text: string, lexed: ILexingResult | undefined): ParseResult {
  // Chevrotain reports each syntax error with an exception; their stack traces are never used, and capturing them
  // was half the cost of a broken file.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseText(text, lexed);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseText(text: string, given: ILexingResult | undefined): ParseResult {
  if (looksBinary(text)) {
    return {
      file: EMPTY_FILE,
      errors: [{ message: 'this file is not text (it contains NUL bytes), so it was not read as a story', span: { start: 0, end: 0 } }],
    };
  }
  const errors: SyntaxError[] = [];
  const lexed = given ?? tokenize(text);
  for (const error of lexed.errors) errors.push(lexerError(text, error.offset, error.length));
  const comments = lexed.groups['comments'] ?? [];
  for (const comment of comments) {
    if (comment.tokenType === BlockComment && !comment.image.endsWith('*/')) {
      errors.push({ message: 'this comment is not closed: `/*` needs a matching `*/`', span: { start: comment.startOffset, end: comment.startOffset + 2 } });
    }
  }
  const unrepresentable: UnrepresentableNumber[] = [];
  // One pass over the tokens checks strings and numbers and follows the blocks (how deep they nest, which stay open).
  // An indexed loop: a `for…of` that is not optimized (a loop run once per file seldom is) allocates an iterator
  // result per token, a third of a million in a 4 MB file.
  const lexedTokens = lexed.tokens;
  const open: number[] = [];
  let depth = 0;
  let maxDepth = 0;
  for (let i = 0; i < lexedTokens.length; i++) {
    const t = lexedTokens[i]!;
    const type = t.tokenType;
    if (type === LCurly) {
      open.push(i);
      if (++depth > maxDepth) maxDepth = depth;
    } else if (type === RCurly) {
      open.pop();
      if (depth > 0) depth--;
    } else if (type === StringLiteral) {
      checkString(t, errors);
    } else if (type === NumberLiteral) {
      if (t.image.length > SAFE_LITERAL_LENGTH && numericValue(t.image) === undefined) unrepresentable.push({ kind: 'number', text: t.image, span: tokenSpan(t) });
    } else if (type === Time) {
      if (t.image.length > SAFE_LITERAL_LENGTH + 1 && numericValue(t.image.slice(1)) === undefined) unrepresentable.push({ kind: 'time', text: t.image, span: tokenSpan(t) });
    }
  }
  const tokens = maxDepth <= MAX_NESTING ? lexedTokens : limitNesting(lexedTokens, errors);

  const p = parser();
  const endOfText = lastTokenEnd(lexed.tokens, text);
  // The braces left open were found above, unless too deep a nesting dropped tokens.
  const closed = closeOpenBlocks(tokens, text, tokens === lexedTokens ? open : undefined);
  const { nodes: children, errors: parseErrors, stoppedAt } = p.parseTopLevel(closed.tokens);
  let strayClosers = 0;
  for (const error of parseErrors) {
    const t = error.token;
    const invented = t.isInsertedInRecovery === true || t.startOffset >= text.length;
    if (invented && t.tokenType === RCurly && (error.name === 'NotAllInputParsedException' || error.message.startsWith('unexpected `}`'))) {
      // An invented `}` left over at top level: the parser already closed that block
      // (and reported the missing `}`) earlier in the file.
      strayClosers++;
      continue;
    }
    const span: Span = invented || Number.isNaN(t.startOffset) || t.startOffset < 0 || t.tokenType.name === 'EOF'
      ? endOfText
      : tokenSpan(t);
    errors.push({ message: error.message, span });
  }
  if (closed.unclosed && strayClosers < closed.added) {
    errors.push({ message: `${closed.unclosed} is not closed: expected \`}\` before the end of the file`, span: endOfText });
  }
  const file = fileOf(children, comments.map((t) => ({
    kind: t.image.startsWith('//') ? 'line-comment' as const : 'block-comment' as const,
    text: t.image,
    span: tokenSpan(t),
  })), unrepresentable);
  const reported = capErrors(errors);
  if (stoppedAt) {
    const span = present(stoppedAt) && stoppedAt.startOffset < text.length ? tokenSpan(stoppedAt) : endOfText;
    reported.push({ message: `more than ${MAX_RECOVERED_ERRORS} syntax errors: the rest of the file, from here, is not read`, span });
    reported.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }
  return { file, errors: reported };
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
  // Without a backslash, the first `"` after the opening one ends the token: closed when it is the last character.
  if (image.length >= 2 && image.charCodeAt(image.length - 1) === 0x22 && !image.includes('\\')) return;
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
 * A number of at most this many characters (digits, sign and point) has at
 * most 15 digits, so its value is below Number.MAX_SAFE_INTEGER: no need to
 * read it to know that it is representable.
 */
const SAFE_LITERAL_LENGTH = 15;

/**
 * Drops the contents of blocks nested deeper than MAX_NESTING (keeping their
 * braces), so that neither the parser nor any later pass recurses without
 * bound. One error marks the first brace that goes too deep. Called only
 * when blocks do nest deeper.
 */
function limitNesting(tokens: IToken[], errors: SyntaxError[]): IToken[] {
  const kept: IToken[] = [];
  let depth = 0;
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

/** How an unclosed block is named, by the keyword that opened it. */
const OPENERS: readonly [TokenType, number[], string][] = [
  [Kw.limits, [1], 'the `limits` block'],
  [Kw.rules, [1], 'the `rules` block'],
  [Kw.story, [2], 'the story header'],
  [Kw.character, [2, 3], "the character's block"],
  [Kw.option, [3], 'the option'],
  [Kw.event, [3, 4], "the event's block"],
  [Kw.choice, [3, 4], 'the choice'],
  [Kw.arc, [3, 4], 'the arc'],
];

function blockName(tokens: readonly IToken[], open: number): string {
  for (const [keyword, distances, name] of OPENERS) {
    if (distances.some((d) => tokens[open - d]?.tokenType === keyword)) return name;
  }
  return 'this block';
}

/**
 * Blocks still open at the end of the file are closed with invented `}`
 * tokens (which the tree treats as missing), so that the parser keeps
 * everything it read. `unclosed` names the innermost such block.
 */
function closeOpenBlocks(tokens: IToken[], text: string, open = openBraces(tokens)): { tokens: IToken[]; added: number; unclosed?: string } {
  if (open.length === 0) return { tokens, added: 0 };
  const closing = open.map(() => {
    const t = createTokenInstance(RCurly, '}', text.length, text.length, NaN, NaN, NaN, NaN);
    t.isInsertedInRecovery = true;
    return t;
  });
  return { tokens: [...tokens, ...closing], added: closing.length, unclosed: blockName(tokens, open[open.length - 1]!) };
}

/** The indices of the `{` that no `}` closes. */
function openBraces(tokens: readonly IToken[]): number[] {
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === LCurly) open.push(i);
    else if (type === RCurly) open.pop();
  }
  return open;
}

function lastTokenEnd(tokens: IToken[], text: string): Span {
  const last = tokens[tokens.length - 1];
  const end = last ? last.startOffset + last.image.length : text.length;
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
