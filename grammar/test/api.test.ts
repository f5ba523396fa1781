/** The smaller parts of the public API: tokenize, the helpers for strings and prose, LineIndex, the constants. */
import assert from 'node:assert/strict';
import { checkGrammarDefinition, tokenize, unescapeString, proseText, LineIndex, KEYWORDS, MAX_NESTING, MAX_SYNTAX_ERRORS, LIMIT_KEYS, RULE_LEVELS, SCALES, NAME_LIST_BEAT_ITEMS } from '../src/index.js';
import { LIGHTHOUSE } from './helpers.js';

describe('grammar: public API', () => {
  it('tokenize: tokens with offsets, comments in their own group, errors for unknown characters', () => {
    const result = tokenize('place p // note\n$');
    assert.deepEqual(result.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]), [['Kw_place', 'place', 0], ['Identifier', 'p', 6]]);
    assert.deepEqual(result.groups['comments']!.map((t) => t.image), ['// note']);
    assert.deepEqual(result.errors.map((e) => [e.offset, e.length]), [[16, 1]]);
  });

  it('the token and rule definitions pass all of Chevrotain\'s validations (which the lexer and parser in use skip)', () => {
    assert.doesNotThrow(() => checkGrammarDefinition());
  });

  it('tokenize: the lighthouse story lexes without errors', () => {
    const result = tokenize(LIGHTHOUSE);
    assert.deepEqual(result.errors, []);
    assert.equal(result.tokens.filter((t) => t.tokenType.name === 'Prose').length, 1);
  });

  it('unescapeString', () => {
    assert.equal(unescapeString('"plain"'), 'plain');
    assert.equal(unescapeString('""'), '');
    assert.equal(unescapeString(String.raw`"a\"b\\c\nd\te"`), 'a"b\\c\nd\te');
    assert.equal(unescapeString(String.raw`"end\\"`), 'end\\');
    assert.equal(unescapeString(String.raw`"bad \q"`), 'bad \\q');
    // Unterminated literals, as the lexer produces them.
    assert.equal(unescapeString('"open'), 'open');
    assert.equal(unescapeString('"'), '');
    assert.equal(unescapeString(String.raw`"open\"`), 'open"');
    assert.equal(unescapeString('"open\\'), 'open\\');
  });

  it('proseText', () => {
    assert.equal(proseText('> text'), 'text');
    assert.equal(proseText('>text'), 'text');
    assert.equal(proseText('>  two'), ' two');
    assert.equal(proseText('>'), '');
  });

  it('constants', () => {
    assert.equal(MAX_NESTING, 128);
    assert.equal(MAX_SYNTAX_ERRORS, 100);
    assert.equal(new Set(KEYWORDS).size, KEYWORDS.length);
    for (const word of [...LIMIT_KEYS, ...RULE_LEVELS, ...SCALES, ...NAME_LIST_BEAT_ITEMS]) assert.ok((KEYWORDS as readonly string[]).includes(word), word);
  });

  describe('LineIndex', () => {
    const text = 'ab\r\ncd\ne\rf';
    const index = new LineIndex(text);

    it('counts \\n, \\r\\n and \\r as line breaks', () => {
      assert.equal(index.lineCount, 4);
      assert.equal(new LineIndex('').lineCount, 1);
      assert.equal(new LineIndex('x\n').lineCount, 2);
    });

    it('positionAt', () => {
      assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
      assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
      assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
      assert.deepEqual(index.positionAt(7), { line: 2, character: 0 });
      assert.deepEqual(index.positionAt(9), { line: 3, character: 0 });
      assert.deepEqual(index.positionAt(10), { line: 3, character: 1 });
      // Clamped to the text.
      assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
      assert.deepEqual(index.positionAt(99), { line: 3, character: 1 });
    });

    it('offsetAt is the inverse of positionAt on every offset outside a line break', () => {
      for (let offset = 0; offset <= text.length; offset++) {
        if (offset === 3) continue; // between \r and \n
        assert.equal(index.offsetAt(index.positionAt(offset)), offset);
      }
    });

    it('offsetAt clamps a character past the end of a line to the end of that line, before its line break', () => {
      // Regression: this used to land on the next line.
      assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
      assert.equal(index.offsetAt({ line: 1, character: 99 }), 6);
      assert.equal(index.offsetAt({ line: 2, character: 99 }), 8);
      assert.equal(index.offsetAt({ line: 3, character: 99 }), 10);
      assert.equal(index.offsetAt({ line: 1, character: -3 }), 4);
      assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
      assert.equal(index.offsetAt({ line: 9, character: 0 }), text.length);
    });

    it('counts characters in UTF-16 code units', () => {
      const astral = new LineIndex('𝒜x\ny');
      assert.deepEqual(astral.positionAt(2), { line: 0, character: 2 });
      assert.equal(astral.offsetAt({ line: 1, character: 0 }), 4);
    });
  });
});
