/**
 * Arc tokens. Keywords are contextual: every keyword token also belongs to the
 * `Name` category, so wherever the grammar expects a name a keyword is accepted
 * as an ordinary name (`themes calm`, `place warning`, `goal hint`).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Abstract category: anything that can stand where a name is expected. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });

/**
 * A Unicode letter or `_`, then letters, digits, combining marks and `_`.
 * (Combining marks are accepted so that names in scripts such as Devanagari
 * can be written; see docs/language.md.)
 */
const identifierStart = /[\p{L}_]/uy;
const identifierPart = /[\p{L}\p{M}\p{Nd}_]/uy;

/**
 * The length in code units of the character at `i` when `pattern` (one
 * character, sticky) matches it, else 0. Names are scanned one character at a
 * time: a regular expression repeating a Unicode class overflows the regular
 * expression stack on names of a few megabytes.
 */
function codePointLength(text: string, i: number, pattern: RegExp): number {
  pattern.lastIndex = i;
  return pattern.test(text) ? pattern.lastIndex - i : 0;
}
/** The first code unit of every character that can start an identifier's match attempt. */
function identifierStartHints(): number[] {
  const hints: number[] = [95];
  for (let c = 65; c <= 90; c++) hints.push(c, c + 32);
  // Chevrotain buckets code units above 255 by their high byte, so one code
  // unit per 256-block (surrogates included) lets every non-ASCII letter reach
  // the matcher, which then decides.
  for (let c = 0xc0; c <= 0xff; c++) hints.push(c);
  for (let block = 0x100; block <= 0xffff; block += 0x100) hints.push(block);
  return hints;
}

/** The result of a custom matcher: the text from `start` to `end`. */
function matched(text: string, start: number, end: number): RegExpExecArray {
  return [text.slice(start, end)] as unknown as RegExpExecArray;
}

/** Every code unit Chevrotain may see first; a matcher given these hints then decides. */
function anyStartHints(): number[] {
  const hints: number[] = [];
  for (let c = 0; c <= 0xff; c++) hints.push(c);
  for (let block = 0x100; block <= 0xffff; block += 0x100) hints.push(block);
  return hints;
}

/**
 * Whether some token other than Junk can start at `i` (mirrors the token
 * patterns below): where Chevrotain's own recovery would start lexing again.
 */
function tokenCanStartAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
  switch (c) {
    case 0x20: case 0x09: case 0x0a: case 0x0d: case 0x0c: case 0x0b: case 0xa0: case 0xfeff:
    case 0x22: case 0x3e: case 0x2c: case 0x7b: case 0x7d: // " > , { }
      return true;
    case 0x2f: return next === 0x2f || next === 0x2a; // // /*
    case 0x2d: return next === 0x3e || isDigit(next); // -> -1
    case 0x2e: return next === 0x2e; // ..
    case 0x40: return isDigit(next) || (next === 0x2d && isDigit(text.charCodeAt(i + 2))); // @1 @-1
    default:
      if (isDigit(c)) return true;
      identifierStart.lastIndex = i;
      return identifierStart.test(text);
  }
}

/**
 * Characters that start no token, in a run up to where a token can start.
 * Tried last, so only where nothing else matches. The parser entry point
 * reports each run as one error. Chevrotain's own recovery would find the
 * same runs, but by trying every pattern at every character, which takes
 * tens of seconds on megabytes of junk.
 */
export const Junk = createToken({
  name: 'Junk',
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      if (offset >= text.length) return null;
      let end = offset + 1;
      while (end < text.length && !tokenCanStartAt(text, end)) end++;
      return matched(text, offset, end);
    },
  },
  group: 'junk',
  line_breaks: false,
  start_chars_hint: anyStartHints(),
});

/**
 * A Unicode letter or `_`, then letters, digits, combining marks and `_`.
 * (Combining marks are accepted so that names in scripts such as Devanagari
 * can be written; see docs/language.md.) A custom matcher, because Chevrotain
 * drops a RegExp's `u` flag.
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      const first = codePointLength(text, offset, identifierStart);
      if (first === 0) return null;
      let end = offset + first;
      for (;;) {
        const c = text.charCodeAt(end);
        // ASCII at once; other characters one code point at a time.
        if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f) end++;
        else if (c < 0x80 || Number.isNaN(c)) break;
        else {
          const length = codePointLength(text, end, identifierPart);
          if (length === 0) break;
          end += length;
        }
      }
      return matched(text, offset, end);
    },
  },
  line_breaks: false,
  categories: [Name],
  label: 'a name',
  start_chars_hint: identifierStartHints(),
});

/** A rule code such as `T101`: also usable as a name. */
export const Code = createToken({
  name: 'Code',
  pattern: /[A-Z][0-9]{3}/,
  longer_alt: Identifier,
  categories: [Name],
  label: 'a rule code like `T101`',
});

export const KEYWORDS = [
  'include', 'story', 'themes', 'goal', 'limits', 'max', 'spike', 'peak', 'calm', 'within', 'warn',
  'avoid', 'rules', 'off', 'error', 'warning', 'info', 'hint', 'character', 'traits', 'stages',
  'place', 'arc', 'macro', 'meso', 'micro', 'goals', 'span', 'event', 'choice', 'option', 'at',
  'with', 'intensity', 'tags', 'causes', 'requires', 'or', 'prevents', 'kills', 'exits', 'enters',
  'stage', 'regress', 'addresses', 'setup', 'payoff', 'resolves', 'allow',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** Keyword token types by their word. */
export const Kw = {} as Record<Keyword, TokenType>;
for (const word of KEYWORDS) {
  Kw[word] = createToken({
    name: `Kw_${word}`,
    pattern: word,
    longer_alt: Identifier,
    categories: [Name],
    label: `\`${word}\``,
  });
}

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
/**
 * A block comment; an unclosed one runs to the end of the file (the parser
 * entry point reports it). A scan, not a regular expression: an alternation
 * repeated once per character overflows the regular expression stack on
 * comments of several megabytes.
 */
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      if (text.charCodeAt(offset) !== 0x2f || text.charCodeAt(offset + 1) !== 0x2a) return null;
      const close = text.indexOf('*/', offset + 2);
      return matched(text, offset, close < 0 ? text.length : close + 2);
    },
  },
  group: 'comments',
  line_breaks: true,
  start_chars_hint: ['/'],
});
/** `> prose` to the end of the line. */
export const Prose = createToken({ name: 'Prose', pattern: />[^\r\n]*/, label: 'a prose line (`> ...`)' });
/**
 * A string; an unterminated one (no closing quote on its line) is still a string, reported by the parser entry point.
 * A backslash at the end of the line belongs to the (unterminated) string, so it costs one error, not two.
 * A scan rather than a regular expression, for the same reason as BlockComment.
 */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      if (text.charCodeAt(offset) !== 0x22) return null;
      let i = offset + 1;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c === 0x22) return matched(text, offset, i + 1);
        if (c === 0x0a || c === 0x0d) break;
        if (c === 0x5c) {
          const next = text.charCodeAt(i + 1);
          i += next === 0x0a || next === 0x0d || Number.isNaN(next) ? 1 : 2;
        } else {
          i++;
        }
      }
      return matched(text, offset, i);
    },
  },
  line_breaks: false,
  start_chars_hint: ['"'],
  label: 'a string in double quotes',
});
export const Time = createToken({ name: 'Time', pattern: /@-?[0-9]+(?:\.[0-9]+)?/, label: 'a time like `@3`' });
export const NumberLiteral = createToken({ name: 'Number', pattern: /-?[0-9]+(?:\.[0-9]+)?/, label: 'a number' });
export const Arrow = createToken({ name: 'Arrow', pattern: '->', label: '`->`' });
export const DotDot = createToken({ name: 'DotDot', pattern: '..', label: '`..`' });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: '`,`' });
export const LCurly = createToken({ name: 'LCurly', pattern: '{', label: '`{`' });
export const RCurly = createToken({ name: 'RCurly', pattern: '}', label: '`}`' });

/** Longest keywords first, so that `goals` is not lexed as `goal` + `s`. */
const keywordTokensLongestFirst = [...KEYWORDS].sort((a, b) => b.length - a.length).map((w) => Kw[w]);

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  Arrow, // before Number: `->` is not a negative number
  Prose,
  StringLiteral,
  Time,
  NumberLiteral,
  DotDot,
  Comma,
  LCurly,
  RCurly,
  Code,
  ...keywordTokensLongestFirst,
  Identifier,
  Junk,
  Name,
];
