/**
 * Property tests: whatever the text, `parse` returns (never throws), every
 * error span lies within the text, and every name in the tree slices back to
 * its own text. Bounded so that the whole file runs in a few seconds.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, tokenize, KEYWORDS, MAX_SYNTAX_ERRORS } from '../src/index.js';
import { ArcParser } from '../src/parser.js';
import { LIGHTHOUSE, assertWellFormed } from './helpers.js';

const RUNS = 300;

/** Checks the invariants on one text, returning true so it can serve as a fast-check predicate. */
function holds(text: string): boolean {
  let result;
  try {
    result = parse(text);
  } catch (error) {
    assert.fail(`parse threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
  assertWellFormed(text, result);
  assert.ok(result.errors.length <= MAX_SYNTAX_ERRORS + 1);
  return true;
}

/** Pieces of Arc, well formed and not, to build plausible-looking inputs from. */
const PIECES = [
  ...KEYWORDS,
  '{', '}', '{', '}', ',', '->', '..', '@', '@1', '@2.5', '@-3', '3', '-1', '4.25', '-', '.', '>', '> prose line\n',
  '"title"', '"', '"esc \\" \\\\ \\n \\t"', '"bad \\q"', '"open\n', '//', '// comment\n', '/*', '*/', '/* block */',
  'mara', 'tom', 'Élodie', '名前', 'देवी', '𝒜', 'T101', 'W401', 'x1', '_', ';', '$', '\\', '\u00a0', '\ufeff', '\r\n', '\n', '\t', ' ',
  '\u0301', '\ud800', '\udc00',
];

const separator = fc.constantFrom(' ', ' ', ' ', '\n', '', '\t', '\r\n');
const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), separator), { maxLength: 80 })
  .map((parts) => parts.map(([piece, sep]) => piece + sep).join(''));

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; piece: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 5 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    switch (m.kind) {
      case 'delete':
        out = out.slice(0, at) + out.slice(at + m.length);
        break;
      case 'insert':
        out = out.slice(0, at) + m.piece + out.slice(at);
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'duplicate':
        out = out.slice(0, at + m.length) + out.slice(at, at + m.length) + out.slice(at + m.length);
        break;
    }
  }
  return out;
}

describe('grammar: properties', function () {
  this.timeout(30_000);

  it('arbitrary strings (UTF-16 code units, lone surrogates and NULs included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), holds), { numRuns: RUNS });
  });

  it('arbitrary printable strings (graphemes)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), holds), { numRuns: RUNS });
  });

  it('soups of Arc tokens and near-tokens', () => {
    fc.assert(fc.property(tokenSoup, holds), { numRuns: RUNS });
  });

  it('random mutations of the lighthouse story (deletions, insertions, duplications, truncations)', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => holds(mutate(LIGHTHOUSE, mutations))),
      { numRuns: RUNS },
    );
  });

  it('the shared parser keeps no state between calls', () => {
    const expected = parse(LIGHTHOUSE);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const mutated = mutate(LIGHTHOUSE, mutations);
        const first = parse(mutated);
        assert.deepEqual(parse(LIGHTHOUSE), expected);
        assert.deepEqual(parse(mutated), first);
      }),
      { numRuns: 50 },
    );
  });

  it('a parse given the tokens of its text (as the language server gives them) equals one that lexes it, and leaves the tokens as they were', () => {
    const same = (text: string): boolean => {
      const lexed = tokenize(text);
      // The server's token cache adds each token's end (for its prose fast path) before any parse reads them.
      for (const t of lexed.tokens) t.endOffset = t.startOffset + t.image.length - 1;
      const before = JSON.stringify(lexed, (key, value: unknown) => (key === 'tokenType' ? undefined : value));
      assert.deepEqual(parse(text, lexed), parse(text));
      assert.equal(JSON.stringify(lexed, (key, value: unknown) => (key === 'tokenType' ? undefined : value)), before);
      return true;
    };
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => same(mutate(LIGHTHOUSE, mutations))), { numRuns: RUNS });
    fc.assert(fc.property(tokenSoup, same), { numRuns: RUNS });
  });

  it('error recovery gives the same tree and errors with its remembered follows as without them', () => {
    const remembering = new ArcParser();
    const walking = new ArcParser({ rememberFollows: false });
    const outcome = (parser: ArcParser, text: string) => {
      const { nodes, errors } = parser.parseTopLevel(tokenize(text).tokens);
      return { nodes, errors: errors.map((e) => [e.name, e.message, e.token.startOffset, e.token.isInsertedInRecovery === true]) };
    };
    let errors = 0;
    const same = (text: string): boolean => {
      const expected = outcome(walking, text);
      errors += expected.errors.length;
      // Twice: the second parse reads what the first remembered.
      assert.deepEqual(outcome(remembering, text), expected);
      assert.deepEqual(outcome(remembering, text), expected);
      return true;
    };
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => same(mutate(LIGHTHOUSE, mutations))), { numRuns: RUNS });
    fc.assert(fc.property(tokenSoup, same), { numRuns: RUNS });
    assert.ok(errors > RUNS, `the inputs had syntax errors to recover from (${errors})`);
  });
});
