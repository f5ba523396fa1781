/**
 * Recovery (E001): whatever the input, `parse` returns a tree of everything it
 * could read plus errors with exact spans and messages a writer understands.
 */
import assert from 'node:assert/strict';
import { parse, MAX_NESTING, MAX_SYNTAX_ERRORS, type ArcDecl, type ParseResult, type Span } from '../src/index.js';
import { LIGHTHOUSE, allNodes, assertWellFormed, messages, namedKeys, nth, slice, texts } from './helpers.js';

/** The span of the `occurrence`-th `needle` in `text`. */
function spanOf(text: string, needle: string, occurrence = 0): Span {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(needle, start + 1);
    assert.ok(start >= 0, `${JSON.stringify(needle)} #${occurrence} not in the text`);
  }
  return { start, end: start + needle.length };
}

/** Parses and asserts that there is exactly one error, with this message fragment and span. */
function oneError(text: string, fragment: string, span: Span): ParseResult {
  const result = parse(text);
  assertWellFormed(text, result);
  assert.equal(result.errors.length, 1, `expected one error, got ${JSON.stringify(result.errors)}`);
  const [error] = result.errors;
  assert.ok(error!.message.includes(fragment), `message ${JSON.stringify(error!.message)} lacks ${JSON.stringify(fragment)}`);
  assert.deepEqual(error!.span, span, `span of ${JSON.stringify(error!.message)} covers ${JSON.stringify(slice(text, error!.span))}`);
  return result;
}

/** The last character of the last token: where "the file ended" errors point. */
function lastChar(text: string): Span {
  const end = text.trimEnd().length;
  return { start: end - 1, end };
}

describe('grammar: recovery (E001)', () => {
  describe('missing tokens', () => {
    it('intensity without a number', () => {
      const text = 'event e @1 { intensity }';
      const { file } = oneError(text, 'expected a number after `intensity`, but found `}`', spanOf(text, '}'));
      const event = nth(file.declarations, 'event');
      const intensity = nth(event.items, 'intensity');
      assert.equal(intensity.value, undefined);
      assert.equal(slice(text, intensity.span), 'intensity');
    });

    it('intensity followed by another item: the item is kept', () => {
      const text = 'event e @1 { intensity with mara }';
      const { file } = oneError(text, 'expected a number after `intensity`, but found `with`', spanOf(text, 'with'));
      const event = nth(file.declarations, 'event');
      assert.deepEqual(event.items.map((i) => i.kind), ['intensity', 'with']);
      assert.deepEqual(texts(nth(event.items, 'with').names), ['mara']);
    });

    it('intensity with a word instead of a number', () => {
      const text = 'event e @1 { intensity high  at home }';
      const { file } = oneError(text, 'expected a number after `intensity`, but found `high`', spanOf(text, 'high'));
      assert.equal(nth(nth(file.declarations, 'event').items, 'at').place!.text, 'home');
    });

    it('event without a time', () => {
      const text = 'event e { with a }\nplace p';
      const { file } = oneError(text, 'expected a time like `@3` after `e`, but found `{`', spanOf(text, '{'));
      const event = nth(file.declarations, 'event');
      assert.equal(event.name.text, 'e');
      assert.equal(event.time, undefined);
      assert.deepEqual(texts(nth(event.items, 'with').names), ['a']);
      assert.equal(nth(file.declarations, 'place').name.text, 'p');
    });

    it('choice without a time', () => {
      const text = 'choice c "Pick" { option a "A" { } }';
      const { file } = oneError(text, 'expected a time like `@3` after `c`, but found `"Pick"`', spanOf(text, '"Pick"'));
      const choice = nth(file.declarations, 'choice');
      assert.equal(choice.time, undefined);
      assert.deepEqual(choice.options.map((o) => o.name.text), ['a']);
    });

    it('option without a title', () => {
      const text = 'choice c @1 { option o { event e @2 } option p "P" { } }';
      const { file } = oneError(text, 'expected a string in double quotes after `o`, but found `{`', spanOf(text, '{', 1));
      const choice = nth(file.declarations, 'choice');
      assert.deepEqual(choice.options.map((o) => [o.name.text, o.title?.value]), [['o', undefined], ['p', 'P']]);
      assert.equal(nth(choice.options[0]!.children, 'event').name.text, 'e');
    });

    it('option without a name is dropped, the choice is kept', () => {
      const text = 'choice c @1 { option "t" { } }';
      const { file } = oneError(text, 'expected a name after `option`, but found `"t"`', spanOf(text, '"t"'));
      assert.deepEqual(nth(file.declarations, 'choice').options, []);
    });

    it('event without a name is dropped, what follows is kept', () => {
      const text = 'event @1 { }\nplace p';
      const { file } = oneError(text, 'expected a name after `event`, but found `@1`', spanOf(text, '@1'));
      assert.deepEqual(file.declarations.map((d) => d.kind), ['place']);
    });

    it('include without a path', () => {
      const text = 'include\nplace p';
      const { file } = oneError(text, 'expected a string in double quotes after `include`, but found `place`', spanOf(text, 'place'));
      assert.equal(file.includes.length, 1);
      assert.equal(file.includes[0]!.path, undefined);
      assert.equal(nth(file.declarations, 'place').name.text, 'p');
    });

    it('story without a title', () => {
      const text = 'story { themes a }';
      const { file } = oneError(text, 'expected a string in double quotes after `story`', spanOf(text, '{'));
      assert.equal(file.stories[0]!.title, undefined);
      assert.deepEqual(file.stories[0]!.items.map((i) => i.kind), ['themes']);
    });

    it('arc without a scale, and with an unknown scale', () => {
      const text = 'arc a { }';
      const { file } = oneError(text, 'expected a scale (`macro`, `meso` or `micro`) after `a`, but found `{`', spanOf(text, '{'));
      assert.equal(nth(file.declarations, 'arc').scale, undefined);
      const huge = 'arc a huge { event e @1 }';
      const result = oneError(huge, 'expected a scale (`macro`, `meso` or `micro`) after `a`, but found `huge`', spanOf(huge, 'huge'));
      const arc = nth(result.file.declarations, 'arc') as ArcDecl;
      assert.equal(arc.scale, undefined);
      assert.equal(nth(arc.items, 'event').name.text, 'e');
    });

    it('a limit without its number', () => {
      const text = 'story "s" { limits { max  spike 3 } themes a }';
      const { file } = oneError(text, 'expected a number after `max`, but found `spike`', spanOf(text, 'spike'));
      const limits = nth(file.stories[0]!.items, 'limits');
      assert.deepEqual(limits.entries.map((e) => [e.key, e.value?.value]), [['max', undefined], ['spike', 3]]);
      assert.deepEqual(file.stories[0]!.items.map((i) => i.kind), ['limits', 'themes']);
    });

    it('a rule code without its severity', () => {
      const text = 'story "s" { rules { T101  W401 off } }';
      const { file } = oneError(text, 'expected a severity (`off`, `error`, `warning`, `info`, `hint`) after `T101`, but found `W401`', spanOf(text, 'W401'));
      const rules = nth(file.stories[0]!.items, 'rules');
      assert.deepEqual(rules.entries.map((e) => [e.code.text, e.level]), [['T101', undefined], ['W401', 'off']]);
    });

    it('span without `..`', () => {
      const text = 'arc a macro { span @1 @2 }';
      const { file } = oneError(text, 'expected `..` after `@1`, but found `@2`', spanOf(text, '@2'));
      const span = nth(nth(file.declarations, 'arc').items, 'span');
      assert.equal(span.from!.value, 1);
    });

    it('missing names after `->`, `or`, `,`, `at`, `stage mara`, `allow`; missing string after `warning`', () => {
      const cases: Array<[string, string]> = [
        ['character c { stages x -> }', 'expected a name after `->`, but found `}`'],
        ['event e @1 { requires a or }', 'expected a name after `or`, but found `}`'],
        ['event e @1 { with a, }', 'expected a name after `,`, but found `}`'],
        ['event e @1 { at }', 'expected a name after `at`, but found `}`'],
        ['event e @1 { stage mara }', 'expected a name after `mara`, but found `}`'],
        ['event e @1 { allow }', 'expected a name after `allow`, but found `}`'],
        ['event e @1 { warning }', 'expected a string in double quotes after `warning`, but found `}`'],
      ];
      for (const [text, message] of cases) {
        const { file } = oneError(text, message, { start: text.length - 1, end: text.length });
        assert.equal(file.declarations.length, 1, text);
      }
    });
  });

  describe('unclosed blocks', () => {
    it('an unclosed arc: one error at the end of the file, earlier declarations kept', () => {
      const text = 'place p\narc a macro {\n  event e @1 { with x }\n';
      const { file } = oneError(text, 'the arc is not closed: expected `}` before the end of the file', lastChar(text));
      assert.deepEqual(file.declarations.map((d) => d.kind), ['place', 'arc']);
      const arc = nth(file.declarations, 'arc');
      assert.equal(nth(arc.items, 'event').name.text, 'e');
      assert.equal(slice(text, arc.span), text.slice(text.indexOf('arc a')).trimEnd());
    });

    it('an unclosed story, event, character, choice and option', () => {
      const cases: Array<[string, string]> = [
        ['place p\nstory "s" { themes a', 'the story header is not closed'],
        ['place p\nevent e @1 { with a', 'the event\'s block is not closed'],
        ['place p\ncharacter c { traits a', 'the character\'s block is not closed'],
        ['place p\nchoice c @1 { option o "O" { } ', 'the choice is not closed'],
        ['place p\nstory "s" { limits { max 3', 'the `limits` block is not closed'],
        ['place p\nstory "s" { rules { T101 off', 'the `rules` block is not closed'],
      ];
      for (const [text, fragment] of cases) {
        const result = parse(text);
        assertWellFormed(text, result);
        assert.ok(result.errors.length >= 1, text);
        for (const error of result.errors) {
          assert.ok(error.message.endsWith('is not closed: expected `}` before the end of the file'), error.message);
          assert.deepEqual(error.span, lastChar(text), text);
        }
        assert.ok(messages(result).some((m) => m.startsWith(fragment)), `${text}: ${messages(result).join(' | ')}`);
        assert.equal(nth(result.file.declarations, 'place').name.text, 'p');
        assert.equal(result.file.children.length, 2, text);
      }
    });

    it('blocks left open inside each other: one error, for the innermost', () => {
      const nested = 'arc a macro { arc b meso { event e @1 { with x';
      const one = oneError(nested, 'the event\'s block is not closed: expected `}` before the end of the file', lastChar(nested));
      const a = nth(one.file.declarations, 'arc');
      assert.equal(nth(nth(nth(a.items, 'arc').items, 'event').items, 'with').names[0]!.text, 'x');

      const text = 'choice c @1 {\n  option o "O" {\n    event e @2\n';
      const result = oneError(text, 'the option is not closed: expected `}` before the end of the file', lastChar(text));
      const choice = nth(result.file.declarations, 'choice');
      assert.equal(nth(choice.options[0]!.children, 'event').name.text, 'e');
    });

    it('a block left open before the next declaration: the declaration is kept', () => {
      const text = 'arc a macro {\n  event e @1\nplace p\nevent f @2';
      const result = oneError(text, 'unexpected `place` in the arc: expected an arc item', spanOf(text, 'place'));
      assert.deepEqual(result.file.children.map((c) => c.kind), ['arc', 'place', 'event']);
    });
  });

  describe('garbage and stray words', () => {
    it('garbage lines between declarations: the declarations after it are kept', () => {
      const text = 'place a\nthe lamp flickers, oh no\n; %% !!\nplace b\n}}} ))) \ncharacter c\nevent e @1 { intensity 2 }';
      const result = parse(text);
      assertWellFormed(text, result);
      assert.deepEqual(result.file.declarations.map((d) => `${d.kind}:${d.name.text}`), ['place:a', 'place:b', 'character:c', 'event:e']);
      const first = result.errors[0]!;
      assert.equal(first.message, 'unexpected `the`: expected an `include`, a `story` header or a declaration (`character`, `place`, `arc`, `event`, `choice`)');
      assert.deepEqual(first.span, spanOf(text, 'the'));
      assert.ok(messages(result).includes('unexpected character `;`: this is not part of the Arc language'));
      assert.ok(messages(result).includes('unexpected characters `%%`: this is not part of the Arc language'));
      const percent = result.errors.find((e) => e.message.includes('%%'))!;
      assert.deepEqual(percent.span, spanOf(text, '%%'));
    });

    it('a stray word inside an event: the items after it are kept', () => {
      const text = 'event e @1 { with a  blah  intensity 3  at home }';
      const { file } = oneError(text, 'unexpected `blah` in the event\'s block: expected a beat item', spanOf(text, 'blah'));
      assert.deepEqual(nth(file.declarations, 'event').items.map((i) => i.kind), ['with', 'intensity', 'at']);
    });

    it('an extra name in a list', () => {
      const text = 'event e @1 { with a b  intensity 3 }';
      const { file } = oneError(text, 'unexpected `b` in the event\'s block', spanOf(text, 'b'));
      const event = nth(file.declarations, 'event');
      assert.deepEqual(texts(nth(event.items, 'with').names), ['a']);
      assert.equal(nth(event.items, 'intensity').value!.value, 3);
    });

    it('stray words in every kind of block', () => {
      const cases: Array<[string, string, string]> = [
        ['story "s" { junk themes a }', 'unexpected `junk` in the story header: expected a story item (`themes`, `goal`, `limits`, `avoid`, `rules`) or `}`', 'themes'],
        ['story "s" { limits { max 3 junk 4 } themes a }', 'unexpected `junk` in the `limits` block: expected a limit', 'themes'],
        ['character c { traits a  junk  stages x -> y }', 'unexpected `junk` in the character\'s block: expected `traits` or `stages` or `}`', 'stages'],
        ['arc a macro { junk event e @1 }', 'unexpected `junk` in the arc: expected an arc item', 'event'],
        ['choice c @1 { junk option o "O" { } }', 'unexpected `junk` in the choice: expected an `option` or `}`', 'option'],
        ['choice c @1 { option o "O" { junk event e @2 } }', 'unexpected `junk` in the option: expected an `arc`, `event` or `choice` or `}`', 'event'],
      ];
      for (const [text, fragment, keptKind] of cases) {
        const result = oneError(text, fragment, spanOf(text, 'junk'));
        assert.ok(allNodes(result.file).some((n) => n.kind === keptKind), `${keptKind} kept in ${text}`);
      }
    });

    it('a prose line outside an event', () => {
      const text = '> prose outside\nplace p';
      const { file } = oneError(text, 'unexpected `> prose outside`: expected an `include`', spanOf(text, '> prose outside'));
      assert.equal(nth(file.declarations, 'place').name.text, 'p');
    });

    it('an extra `}`', () => {
      const text = 'event e @1 { } }\nplace p';
      const { file } = oneError(text, 'unexpected `}`: expected an `include`', spanOf(text, '}', 1));
      assert.deepEqual(file.declarations.map((d) => d.kind), ['event', 'place']);
    });

    it('long stray tokens are shortened in messages', () => {
      const word = 'x'.repeat(100);
      const text = `event e @1 { ${word} }`;
      const result = parse(text);
      assert.equal(result.errors.length, 1);
      assert.ok(result.errors[0]!.message.includes(`\`${'x'.repeat(40)}…\``), result.errors[0]!.message);
      assert.deepEqual(result.errors[0]!.span, spanOf(text, word));
    });
  });

  describe('lexical errors', () => {
    it('an unterminated string: one error from the quote to the end of the line; the next line is read', () => {
      const text = 'event e @1 "The storm\nplace p';
      const { file } = oneError(text, 'this string is not closed: add `"` before the end of the line', spanOf(text, '"The storm'));
      const event = nth(file.declarations, 'event');
      assert.equal(event.title!.value, 'The storm');
      assert.equal(nth(file.declarations, 'place').name.text, 'p');
    });

    it('an unterminated string ending in a backslash or an escaped quote', () => {
      const backslash = 'place p "abc\\\nplace q';
      const result = oneError(backslash, 'this string is not closed', spanOf(backslash, '"abc\\'));
      assert.equal(nth(result.file.declarations, 'place', 0).title!.value, 'abc\\');
      assert.equal(nth(result.file.declarations, 'place', 1).name.text, 'q');
      const quote = 'place p "abc\\"\nplace q';
      const second = oneError(quote, 'this string is not closed', spanOf(quote, '"abc\\"'));
      assert.equal(nth(second.file.declarations, 'place', 0).title!.value, 'abc"');
    });

    it('an unterminated string at the end of the file', () => {
      const text = 'place p "';
      const { file } = oneError(text, 'this string is not closed', { start: 8, end: 9 });
      assert.equal(nth(file.declarations, 'place').title!.value, '');
    });

    it('an unclosed block comment: one error on `/*`; declarations before it are kept', () => {
      const text = 'place p\n/* never closed\nplace q';
      const { file } = oneError(text, 'this comment is not closed: `/*` needs a matching `*/`', spanOf(text, '/*'));
      assert.deepEqual(file.declarations.map((d) => d.kind === 'place' && d.name.text), ['p']);
      assert.equal(file.comments.length, 1);
      assert.equal(file.comments[0]!.text, '/* never closed\nplace q');
    });

    it('an invalid escape: one error on the escape, the value keeps it as written', () => {
      const text = 'place p "a\\qb\\n"';
      const { file } = oneError(text, 'unknown escape `\\q` in a string: use `\\"`, `\\\\`, `\\n` or `\\t`', spanOf(text, '\\q'));
      assert.equal(nth(file.declarations, 'place').title!.value, 'a\\qb\n');
    });

    it('`@` without a number', () => {
      const text = 'event e @ { intensity 2 }';
      const result = parse(text);
      assertWellFormed(text, result);
      assert.deepEqual(result.errors, [
        { message: 'a time is `@` directly followed by a number, like `@3` or `@2.5`', span: spanOf(text, '@') },
        { message: 'expected a time like `@3` after `e`, but found `{`', span: spanOf(text, '{') },
      ]);
      const event = nth(result.file.declarations, 'event');
      assert.equal(event.time, undefined);
      assert.equal(nth(event.items, 'intensity').value!.value, 2);
    });

    it('`@` separated from its number', () => {
      const text = 'event e @ 3';
      const result = parse(text);
      assert.equal(result.errors[0]!.message, 'a time is `@` directly followed by a number, like `@3` or `@2.5`');
      assert.deepEqual(result.errors[0]!.span, spanOf(text, '@'));
      assert.equal(nth(result.file.declarations, 'event').name.text, 'e');
    });

    it('a run of unknown characters is one error', () => {
      const text = 'place p $$$ place q';
      const { file } = oneError(text, 'unexpected characters `$$$`: this is not part of the Arc language', spanOf(text, '$$$'));
      assert.equal(file.declarations.length, 2);
    });
  });

  describe('truncated files', () => {
    /** Named nodes that lie wholly before `cut` in the complete parse of the lighthouse story. */
    const full = parse(LIGHTHOUSE);
    const fullNamed = allNodes(full.file).filter((n) => n.name !== undefined);

    it('every prefix of the lighthouse story parses, keeping every declaration before the cut', () => {
      for (let cut = 0; cut <= LIGHTHOUSE.length; cut++) {
        const text = LIGHTHOUSE.slice(0, cut);
        const result = parse(text);
        assertWellFormed(text, result);
        const kept = new Set(namedKeys(result.file));
        for (const node of fullNamed) {
          if (node.span.end <= cut) {
            const key = `${node.kind}:${node.name!.text}@${node.name!.span.start}`;
            assert.ok(kept.has(key), `cut at ${cut} (…${JSON.stringify(text.slice(-30))}) lost ${key}`);
          }
        }
      }
    });

    const cuts: Array<[string, string, RegExp]> = [
      ['mid-string', 'story "The Lighth', /this string is not closed/],
      ['mid-keyword', 'place lighthouse "The lighthouse"\n\narc heal', /expected a scale/],
      ['after a keyword', 'arc healing macro "Learning to let go" {\n  themes', /expected a name after `themes`, but the file ended/],
      ['mid-block', 'event storm_begins @1 "The storm begins" {\n      at lighthouse', /the event\'s block is not closed/],
      ['mid-prose', '> The wind ro', /is not closed/],
      ['mid-time', 'event lamp_fails @', /a time is `@` directly followed by a number/],
      ['mid-choice', 'option search "Go down to the harbor" {', /the option is not closed/],
    ];
    for (const [label, through, expected] of cuts) {
      it(`cut ${label}`, () => {
        const cut = LIGHTHOUSE.indexOf(through) + through.length;
        assert.ok(cut >= through.length);
        const text = LIGHTHOUSE.slice(0, cut);
        const result = parse(text);
        assertWellFormed(text, result);
        assert.ok(messages(result).some((m) => expected.test(m)), `${label}: ${messages(result).join(' | ')}`);
        assert.ok(result.errors.every((e) => e.span.end <= cut));
        assert.equal(result.file.includes[0]!.path!.value, 'characters.arc');
      });
    }
  });

  describe('degenerate inputs', () => {
    it('an empty file', () => {
      assert.deepEqual(parse(''), { file: { kind: 'file', includes: [], stories: [], declarations: [], children: [], comments: [], unrepresentable: [] }, errors: [] });
    });

    it('a whitespace-only file', () => {
      const result = parse('  \n\t\r\n \f\v\u00a0\ufeff \n');
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.file.children, []);
    });

    it('a comment-only file', () => {
      const result = parse('// nothing here\n/* nor here */');
      assert.deepEqual(result.errors, []);
      assert.equal(result.file.comments.length, 2);
    });

    it('a binary file: one clear error and an empty tree', () => {
      // Deterministic pseudo-random bytes with NULs among them, read as Latin-1.
      let seed = 12345;
      const bytes: number[] = [];
      for (let i = 0; i < 4096; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        bytes.push(seed >> 23);
      }
      bytes[100] = 0;
      const text = Buffer.from(bytes).toString('latin1');
      const result = parse(text);
      assert.equal(result.errors.length, 1);
      assert.match(result.errors[0]!.message, /not text \(it contains NUL bytes\)/);
      assert.deepEqual(result.errors[0]!.span, { start: 0, end: 0 });
      assert.deepEqual(result.file.children, []);
    });

    it('a story with a NUL byte in it is binary too', () => {
      const result = parse(`${LIGHTHOUSE.slice(0, 50)}\u0000${LIGHTHOUSE.slice(50)}`);
      assert.equal(result.errors.length, 1);
      assert.match(result.errors[0]!.message, /not text/);
    });

    it('control characters without NUL are lexical errors, not a crash', () => {
      const text = 'place p \u0001\u0002 place q';
      const result = parse(text);
      assertWellFormed(text, result);
      assert.equal(result.errors.length, 1);
      assert.match(result.errors[0]!.message, /unexpected characters/);
      assert.equal(result.file.declarations.length, 2);
    });
  });

  describe('limits', () => {
    const N = 10_000;
    const opening = Array.from({ length: N }, (_, i) => `arc a${i} micro {\n`).join('');

    /** The depth of the chain of first-item arcs under `arc`. */
    function depth(arc: ArcDecl | undefined): number {
      let d = 0;
      for (let node: ArcDecl | undefined = arc; node; node = node.items.find((i): i is ArcDecl => i.kind === 'arc')) d++;
      return d;
    }

    it(`arcs nested ${N} deep: a tree plus one nesting error`, () => {
      const text = `place p\n${opening}${'}'.repeat(N)}\nplace q`;
      const result = parse(text);
      assertWellFormed(text, result);
      assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
      const [error] = result.errors;
      assert.equal(error!.message, `blocks are nested more than ${MAX_NESTING} deep here; what is inside this block is skipped`);
      // The first brace that goes too deep: that of arc number MAX_NESTING (0-based).
      assert.deepEqual(error!.span, spanOf(text, '{', MAX_NESTING));
      assert.deepEqual(result.file.declarations.map((d) => d.name.text), ['p', 'a0', 'q']);
      const outer = nth(result.file.declarations, 'arc');
      assert.equal(depth(outer), MAX_NESTING + 1);
      assert.equal(slice(text, outer.span), text.slice(text.indexOf('arc a0'), text.lastIndexOf('}') + 1));
    });

    it(`arcs nested ${N} deep with the closing braces missing`, () => {
      const text = `place p\n${opening}`;
      const result = parse(text);
      assertWellFormed(text, result);
      assert.deepEqual(messages(result), [
        `blocks are nested more than ${MAX_NESTING} deep here; what is inside this block is skipped`,
        'the arc is not closed: expected `}` before the end of the file',
      ]);
      assert.deepEqual(result.errors[0]!.span, spanOf(text, '{', MAX_NESTING));
      assert.deepEqual(result.errors[1]!.span, lastChar(text));
      assert.deepEqual(result.file.declarations.map((d) => d.name.text), ['p', 'a0']);
      assert.equal(depth(nth(result.file.declarations, 'arc')), MAX_NESTING + 1);
    });

    it('blocks nested exactly MAX_NESTING deep are fine', () => {
      const text = Array.from({ length: MAX_NESTING }, (_, i) => `arc a${i} micro {`).join('\n') + '}'.repeat(MAX_NESTING);
      const result = parse(text);
      assert.deepEqual(result.errors, []);
      assert.equal(depth(nth(result.file.declarations, 'arc')), MAX_NESTING);
    });

    it('100,000 unmatched `{` and 100,000 unmatched `}`', () => {
      const opens = '{'.repeat(100_000);
      const a = parse(opens);
      assertWellFormed(opens, a);
      assert.ok(a.errors.length >= 1 && a.errors.length <= MAX_SYNTAX_ERRORS + 1);
      const text = `place p\n${'}'.repeat(100_000)}\nplace q`;
      const result = parse(text);
      assertWellFormed(text, result);
      assert.ok(result.errors.length >= 1 && result.errors.length <= MAX_SYNTAX_ERRORS + 1);
      assert.equal(result.errors[0]!.message, 'unexpected `}`: expected an `include`, a `story` header or a declaration (`character`, `place`, `arc`, `event`, `choice`)');
      assert.deepEqual(result.errors[0]!.span, spanOf(text, '}'));
      assert.deepEqual(result.file.declarations.map((d) => d.name.text), ['p', 'q']);
    });

    it('very long lines', () => {
      const title = 'x'.repeat(1_000_000);
      const longString = `place p "${title}"`;
      assert.equal(nth(parse(longString).file.declarations, 'place').title!.value, title);

      const names = Array.from({ length: 50_000 }, (_, i) => `n${i}`);
      const longList = `event e @1 { with ${names.join(', ')}  intensity 3 }`;
      const list = parse(longList);
      assert.deepEqual(list.errors, []);
      const event = nth(list.file.declarations, 'event');
      assert.equal(nth(event.items, 'with').names.length, names.length);
      assert.equal(slice(longList, nth(event.items, 'with').names.at(-1)!.span), 'n49999');

      const longName = `place ${'n'.repeat(500_000)}`;
      assert.equal(nth(parse(longName).file.declarations, 'place').name.text.length, 500_000);

      const longProse = `event e @1 {\n> ${'word '.repeat(100_000)}\n}`;
      assert.equal(nth(nth(parse(longProse).file.declarations, 'event').items, 'prose').text, 'word '.repeat(100_000));

      const manyOnOneLine = Array.from({ length: 20_000 }, (_, i) => `place p${i}`).join(' ');
      const many = parse(manyOnOneLine);
      assert.deepEqual(many.errors, []);
      assert.equal(many.file.declarations.length, 20_000);

      const backslashes = `place p "${'\\'.repeat(100_001)}\nplace q`;
      const slashes = parse(backslashes);
      assert.deepEqual(messages(slashes), ['this string is not closed: add `"` before the end of the line']);
      assert.equal(nth(slashes.file.declarations, 'place', 0).title!.value, '\\'.repeat(50_001));
      assert.equal(nth(slashes.file.declarations, 'place', 1).name.text, 'q');

      const garbageLine = `place a ${'?'.repeat(200_000)} place b`;
      const garbage = parse(garbageLine);
      assertWellFormed(garbageLine, garbage);
      assert.equal(garbage.file.declarations.length, 2);
      assert.ok(garbage.errors[0]!.message.length < 200, 'a long run of bad characters is shown shortened');
    });

    it(`at most ${MAX_SYNTAX_ERRORS} errors plus one "too many"`, () => {
      const text = Array.from({ length: 300 }, (_, i) => `event e${i} { }`).join('\n');
      const result = parse(text);
      assertWellFormed(text, result);
      assert.equal(result.errors.length, MAX_SYNTAX_ERRORS + 1);
      for (const error of result.errors.slice(0, MAX_SYNTAX_ERRORS)) assert.match(error.message, /^expected a time like `@3` after `e\d+`, but found `\{`$/);
      const last = result.errors.at(-1)!;
      assert.equal(last.message, `too many syntax errors: only the first ${MAX_SYNTAX_ERRORS} are shown`);
      // The "too many" error points at the first error that is not shown.
      assert.deepEqual(last.span, spanOf(text, '{', MAX_SYNTAX_ERRORS));
      // The tree still has every event.
      assert.equal(result.file.declarations.length, 300);
    });

    it('errors come sorted by position, mixing lexical and syntax errors', () => {
      const text = 'event e { } ; event f @1 { intensity } $ "open';
      const result = parse(text);
      const starts = result.errors.map((e) => e.span.start);
      assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
      // `"open` is both an unclosed string and a string where a declaration should start.
      assert.deepEqual(result.errors.map((e) => slice(text, e.span)), ['{', ';', '}', '$', '"open', '"open']);
    });

    it(`exactly ${MAX_SYNTAX_ERRORS} errors are all shown`, () => {
      const text = Array.from({ length: MAX_SYNTAX_ERRORS }, (_, i) => `event e${i} { }`).join('\n');
      const result = parse(text);
      assert.equal(result.errors.length, MAX_SYNTAX_ERRORS);
      assert.ok(!messages(result).some((m) => m.startsWith('too many')));
    });
  });
});
