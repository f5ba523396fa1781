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
const identifierPattern = /[\p{L}_][\p{L}\p{M}\p{Nd}_]*/uy;
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
      identifierPattern.lastIndex = offset;
      return identifierPattern.exec(text);
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
export const BlockComment = createToken({
  name: 'BlockComment',
  // An unclosed block comment runs to the end of the file; the parser entry
  // point reports it.
  pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/,
  group: 'comments',
  line_breaks: true,
  start_chars_hint: ['/'],
});
/** `> prose` to the end of the line. */
export const Prose = createToken({ name: 'Prose', pattern: />[^\r\n]*/, label: 'a prose line (`> ...`)' });
/**
 * A string; an unterminated one (no closing quote on its line) is still a string, reported by the parser entry point.
 * A backslash at the end of the line belongs to the (unterminated) string, so it costs one error, not two.
 */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n]?)*"?/,
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
  Name,
];
