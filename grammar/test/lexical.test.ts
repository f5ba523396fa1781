/** Lexical rules (docs/language.md, "Names and keywords" and "Strings, numbers, comments"), observed through `tokenize` and `parse`. */
import assert from 'node:assert/strict';
import { parse, tokenize, KEYWORDS } from '../src/index.js';
import { nth, parseClean, slice, texts } from './helpers.js';

/** `TokenName:image` for every token of `text`, and the number of lexer errors. */
function lex(text: string): { tokens: string[]; errors: number } {
  const result = tokenize(text);
  return { tokens: result.tokens.map((t) => `${t.tokenType.name}:${t.image}`), errors: result.errors.length };
}

describe('grammar: lexical rules', () => {
  describe('identifiers', () => {
    const names = [
      'Élodie',
      '名前',
      'देवी', // Devanagari: the vowel signs are combining marks
      'हिन्दी', // virama and vowel sign
      '_under_score9',
      'Ωμέγα',
      'Мара',
      'مارا',
      '𝒜stral', // a letter outside the Basic Multilingual Plane (a surrogate pair)
      'e\u0301clair', // a letter followed by a combining acute accent
    ];

    for (const name of names) {
      it(`${JSON.stringify(name)} is one identifier`, () => {
        assert.deepEqual(lex(name), { tokens: [`Identifier:${name}`], errors: 0 });
        const text = `character ${name} "x"\nevent e @1 { with ${name}, other }`;
        const { file } = parseClean(text);
        const character = nth(file.declarations, 'character');
        assert.equal(character.name.text, name);
        assert.equal(slice(text, character.name.span), name);
        const withItem = nth(nth(file.declarations, 'event').items, 'with');
        assert.deepEqual(texts(withItem.names), [name, 'other']);
        assert.equal(slice(text, withItem.names[0]!.span), name);
      });
    }

    it('digits may follow but not start an identifier', () => {
      assert.deepEqual(lex('a1 b22_c'), { tokens: ['Identifier:a1', 'Identifier:b22_c'], errors: 0 });
      assert.deepEqual(lex('9a').tokens, ['Number:9', 'Identifier:a']);
    });

    it('keywords followed by more letters are identifiers', () => {
      assert.deepEqual(lex('eventful storyteller witha goalsy goal_ arcé').tokens, [
        'Identifier:eventful', 'Identifier:storyteller', 'Identifier:witha', 'Identifier:goalsy', 'Identifier:goal_', 'Identifier:arcé',
      ]);
    });

    it('keywords are case-sensitive', () => {
      assert.deepEqual(lex('Event EVENT').tokens, ['Identifier:Event', 'Identifier:EVENT']);
    });
  });

  describe('comments', () => {
    const text = `// header comment
place a // trailing
/* block
   over lines */ place b
event e @1 {
  /* inside */ with mara // after an item
  > prose // is not a comment
}
place c "not // a comment /* either */"`;

    it('both forms are collected in file.comments, in order, with spans', () => {
      const { file } = parseClean(text);
      assert.deepEqual(file.comments.map((c) => [c.kind, c.text]), [
        ['line-comment', '// header comment'],
        ['line-comment', '// trailing'],
        ['block-comment', '/* block\n   over lines */'],
        ['block-comment', '/* inside */'],
        ['line-comment', '// after an item'],
      ]);
      for (const comment of file.comments) assert.equal(slice(text, comment.span), comment.text);
    });

    it('comments do not disturb the declarations around them', () => {
      const { file } = parseClean(text);
      assert.deepEqual(file.declarations.map((d) => d.kind === 'event' || d.kind === 'place' ? d.name.text : d.kind), ['a', 'b', 'e', 'c']);
      const event = nth(file.declarations, 'event');
      assert.deepEqual(event.items.map((i) => i.kind), ['with', 'prose']);
      assert.equal(nth(event.items, 'prose').text, 'prose // is not a comment');
      assert.equal(nth(file.declarations, 'place', 2).title!.value, 'not // a comment /* either */');
    });

    it('a block comment may sit between any two tokens', () => {
      const t = 'event/**/e/* x */@1/*y*/{/*z*/intensity/**/3/**/}';
      const event = nth(parseClean(t).file.declarations, 'event');
      assert.equal(event.name.text, 'e');
      assert.equal(nth(event.items, 'intensity').value!.value, 3);
      assert.equal(parse(t).file.comments.length, 6);
    });

    it('a block comment does not nest', () => {
      const t = '/* a /* b */ place p';
      const { file } = parseClean(t);
      assert.equal(file.comments[0]!.text, '/* a /* b */');
      assert.equal(nth(file.declarations, 'place').name.text, 'p');
    });

    it('a line comment ends at \\r\\n and at the end of the file', () => {
      const t = 'place a // one\r\nplace b // two';
      const { file } = parseClean(t);
      assert.deepEqual(file.comments.map((c) => c.text), ['// one', '// two']);
      assert.equal(file.declarations.length, 2);
    });
  });

  describe('strings', () => {
    it('unescapes \\", \\\\, \\n and \\t in the value and keeps the quotes in the span', () => {
      const literal = String.raw`"say \"hi\", a \\ backslash,\nnew line\tand tab"`;
      const text = `place p ${literal}`;
      const title = nth(parseClean(text).file.declarations, 'place').title!;
      assert.equal(title.value, 'say "hi", a \\ backslash,\nnew line\tand tab');
      assert.equal(slice(text, title.span), literal);
    });

    it('a string ending in an escaped backslash', () => {
      // Regression: `"a\\"` used to be read as unterminated, giving `a\"`.
      const text = String.raw`place p "a\\" place q "\\"`;
      const { file } = parseClean(text);
      assert.equal(nth(file.declarations, 'place', 0).title!.value, 'a\\');
      assert.equal(nth(file.declarations, 'place', 1).title!.value, '\\');
    });

    it('an empty string and Unicode content', () => {
      const text = 'place p ""\nplace q "Élodie — 名前 😀"';
      const { file } = parseClean(text);
      assert.equal(nth(file.declarations, 'place', 0).title!.value, '');
      assert.equal(nth(file.declarations, 'place', 1).title!.value, 'Élodie — 名前 😀');
    });

    it('keywords, braces and comment markers inside a string are text', () => {
      const text = 'event e @1 "event { } // /* @3 -> > x" { warning "}" }';
      const event = nth(parseClean(text).file.declarations, 'event');
      assert.equal(event.title!.value, 'event { } // /* @3 -> > x');
      assert.equal(nth(event.items, 'warning').text!.value, '}');
    });
  });

  describe('contextual keywords', () => {
    it('every keyword can be used as a name', () => {
      for (const word of KEYWORDS) {
        const text = `place ${word}\ncharacter ${word} { traits ${word}  stages ${word} -> ${word} }\nevent ${word} @1 { with ${word}, ${word}  at ${word}  requires ${word} or ${word} }`;
        const result = parse(text);
        assert.deepEqual(result.errors, [], `keyword ${word} as a name`);
        const place = nth(result.file.declarations, 'place');
        assert.equal(place.name.text, word);
        const event = nth(result.file.declarations, 'event');
        assert.equal(event.name.text, word);
        assert.deepEqual(texts(nth(event.items, 'with').names), [word, word]);
        assert.equal(nth(event.items, 'at').place!.text, word);
        assert.deepEqual(texts(nth(event.items, 'requires').alternatives), [word, word]);
      }
    });

    it('themes calm, goal hint, place warning, event event @1, character stage', () => {
      const text = `story "S" {
  themes calm, warning, max
  goal hint "use hints"
  limits { calm 3 }
}
place warning
character stage { stages stage -> stages }
event event @1 { at warning  with stage  stage stage stages  themes calm  warning "w" }`;
      const { file } = parseClean(text);
      const story = file.stories[0]!;
      assert.deepEqual(texts(nth(story.items, 'themes').names), ['calm', 'warning', 'max']);
      const goal = nth(story.items, 'goal');
      assert.equal(goal.name.text, 'hint');
      assert.equal(slice(text, goal.name.span), 'hint');
      assert.equal(nth(story.items, 'limits').entries[0]!.key, 'calm');
      assert.equal(nth(file.declarations, 'place').name.text, 'warning');
      const character = nth(file.declarations, 'character');
      assert.equal(character.name.text, 'stage');
      assert.deepEqual(texts(nth(character.items, 'stages').names), ['stage', 'stages']);
      const event = nth(file.declarations, 'event');
      assert.equal(event.name.text, 'event');
      assert.deepEqual(event.items.map((i) => i.kind), ['at', 'with', 'stage', 'themes', 'warning']);
      assert.equal(nth(event.items, 'at').place!.text, 'warning');
      const stage = nth(event.items, 'stage');
      assert.deepEqual([stage.character!.text, stage.stage!.text], ['stage', 'stages']);
      assert.equal(slice(text, stage.span), 'stage stage stages');
    });

    it('a keyword after a complete item starts the next item', () => {
      const text = 'event e @1 { with mara intensity 3 at home }';
      const event = nth(parseClean(text).file.declarations, 'event');
      assert.deepEqual(event.items.map((i) => i.kind), ['with', 'intensity', 'at']);
      assert.deepEqual(texts(nth(event.items, 'with').names), ['mara']);
    });
  });

  describe('numbers and times', () => {
    it('times: integers, decimals, negatives', () => {
      assert.deepEqual(lex('@1 @2.5 @0.25 @10 @-1 @-0.5').tokens, ['Time:@1', 'Time:@2.5', 'Time:@0.25', 'Time:@10', 'Time:@-1', 'Time:@-0.5']);
      const text = 'event a @2.5\nevent b @0.25\nevent c @100\nevent d @-3';
      const events = parseClean(text).file.declarations.map((d) => nth([d], 'event'));
      assert.deepEqual(events.map((e) => e.time!.value), [2.5, 0.25, 100, -3]);
      assert.deepEqual(events.map((e) => slice(text, e.time!.span)), ['@2.5', '@0.25', '@100', '@-3']);
    });

    it('numbers: integers, decimals, negatives', () => {
      assert.deepEqual(lex('3 3.75 -2 -0.5 007').tokens, ['Number:3', 'Number:3.75', 'Number:-2', 'Number:-0.5', 'Number:007']);
    });

    it('a number needs digits after its decimal point', () => {
      const result = tokenize('3.');
      assert.deepEqual(result.tokens.map((t) => t.image), ['3']);
      assert.equal(result.errors.length, 1);
    });

    it('a span: @1..@2 is two times around `..`', () => {
      assert.deepEqual(lex('@1..@2').tokens, ['Time:@1', 'DotDot:..', 'Time:@2']);
      assert.deepEqual(lex('@1.5..@2.5').tokens, ['Time:@1.5', 'DotDot:..', 'Time:@2.5']);
    });
  });

  describe('rule codes', () => {
    it('one capital letter and three digits', () => {
      assert.deepEqual(lex('T101 W401 E001').tokens, ['Code:T101', 'Code:W401', 'Code:E001']);
    });

    it('anything longer or differently cased is an identifier', () => {
      assert.deepEqual(lex('T1010 t101 TT101 T10 T101a').tokens, [
        'Identifier:T1010', 'Identifier:t101', 'Identifier:TT101', 'Identifier:T10', 'Identifier:T101a',
      ]);
    });

    it('codes in allow and rules', () => {
      const text = 'story "S" { rules { T101 off } }\narc a micro { allow S504, M302 }';
      const { file } = parseClean(text);
      const rules = nth(file.stories[0]!.items, 'rules');
      assert.equal(rules.entries[0]!.code.text, 'T101');
      assert.equal(slice(text, rules.entries[0]!.code.span), 'T101');
      assert.deepEqual(texts(nth(nth(file.declarations, 'arc').items, 'allow').codes), ['S504', 'M302']);
    });

    it('a code can also stand where a name is expected', () => {
      const text = 'place T101';
      assert.equal(nth(parseClean(text).file.declarations, 'place').name.text, 'T101');
    });
  });

  describe('goals vs goal', () => {
    it('lexes `goals` as one keyword, not `goal` + `s`', () => {
      assert.deepEqual(lex('goals goal').tokens, ['Kw_goals:goals', 'Kw_goal:goal']);
    });

    it('`goals` is an arc item and `goal` a story item', () => {
      const text = 'story "S" { goal goals }\narc a macro { goals goal, goals }';
      const { file } = parseClean(text);
      assert.equal(nth(file.stories[0]!.items, 'goal').name.text, 'goals');
      const goals = nth(nth(file.declarations, 'arc').items, 'goals');
      assert.deepEqual(texts(goals.names), ['goal', 'goals']);
      assert.equal(slice(text, goals.span), 'goals goal, goals');
    });

    it('`goal` is not an arc item', () => {
      const result = parse('arc a macro { goal g }');
      assert.equal(result.errors.length, 1);
      assert.match(result.errors[0]!.message, /unexpected `goal` in the arc/);
    });
  });

  describe('`->` vs negative numbers', () => {
    it('`->` is an arrow, `-3` a number, with or without spaces', () => {
      assert.deepEqual(lex('a->b').tokens, ['Identifier:a', 'Arrow:->', 'Identifier:b']);
      assert.deepEqual(lex('a -> -3').tokens, ['Identifier:a', 'Arrow:->', 'Number:-3']);
      assert.deepEqual(lex('->-1').tokens, ['Arrow:->', 'Number:-1']);
      assert.deepEqual(lex('x-1').tokens, ['Identifier:x', 'Number:-1']);
    });

    it('stages a->b->c and intensity -3 side by side', () => {
      const text = 'character c { stages a->b-> c }\nevent e @1 { intensity -3 }';
      const { file } = parseClean(text);
      assert.deepEqual(texts(nth(nth(file.declarations, 'character').items, 'stages').names), ['a', 'b', 'c']);
      const intensity = nth(nth(file.declarations, 'event').items, 'intensity');
      assert.equal(intensity.value!.value, -3);
      assert.equal(slice(text, intensity.value!.span), '-3');
    });

    it('a lone `-` is not part of the language', () => {
      const result = parse('event e @1 { intensity - 3 }');
      assert.ok(result.errors.length >= 1);
      assert.match(result.errors[0]!.message, /unexpected character `-`/);
    });
  });

  describe('whitespace', () => {
    it('any whitespace separates tokens, including \\r\\n, tabs, form feeds, NBSP and a BOM', () => {
      const text = '\ufeffplace\ta\r\nplace\u00a0b\fplace\vc';
      const { file } = parseClean(text);
      assert.deepEqual(file.declarations.map((d) => nth([d], 'place').name.text), ['a', 'b', 'c']);
    });

    it('tokens need no whitespace where they cannot merge', () => {
      const text = 'event e@1{with a,b intensity 2}';
      const event = nth(parseClean(text).file.declarations, 'event');
      assert.deepEqual(texts(nth(event.items, 'with').names), ['a', 'b']);
    });
  });
});
