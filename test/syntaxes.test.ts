/**
 * The editor-side syntax files: the TextMate grammar (`syntaxes/arc.tmLanguage.json`),
 * tokenized with the same engine VS Code uses (vscode-textmate + vscode-oniguruma),
 * the language configuration, and the `contributes` entries of package.json.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Both engines are CommonJS bundles: their exports are the default export.
import onig from 'vscode-oniguruma';
import textmate, { type IGrammar, type StateStack } from 'vscode-textmate';

interface Token {
  text: string;
  scopes: string[];
}

describe('syntaxes: Arc TextMate grammar and language configuration', function () {
  // Compiled to test/out/syntaxes.test.js; the repository root is two levels up.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const fromRoot = (relative: string): string => path.resolve(root, relative);
  const readJson = (relative: string): unknown => JSON.parse(readFileSync(fromRoot(relative), 'utf8'));

  let grammar: IGrammar;

  before(async function () {
    const wasm = readFileSync(fromRoot('node_modules/vscode-oniguruma/release/onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => onig.createOnigScanner(patterns),
        createOnigString: (s: string) => onig.createOnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== 'source.arc') return null;
        const file = fromRoot('syntaxes/arc.tmLanguage.json');
        return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
      },
    });
    const loaded = await registry.loadGrammar('source.arc');
    assert.ok(loaded, 'source.arc did not load');
    grammar = loaded;
  });

  /** Tokenizes consecutive lines; returns the tokens of each line and the final state. */
  function tokenize(source: string): { lines: Token[][]; state: StateStack } {
    let state: StateStack = textmate.INITIAL;
    const lines: Token[][] = [];
    for (const line of source.split('\n')) {
      const result = grammar.tokenizeLine(line, state);
      lines.push(result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
      state = result.ruleStack;
    }
    return { lines, state };
  }

  /** The `nth` token (0-based) of `line` whose text is exactly `text`. */
  function token(line: Token[], text: string, nth = 0): Token {
    const found = line.filter((t) => t.text === text);
    assert.ok(found.length > nth, `no token ${JSON.stringify(text)} #${nth} in ${JSON.stringify(line.map((t) => t.text))}`);
    return found[nth]!;
  }

  /** Tokenizes one line and returns the scopes of the `nth` token `text`. */
  function scopesOf(source: string, text: string, nth = 0): string[] {
    const { lines } = tokenize(source);
    return token(lines[lines.length - 1]!, text, nth).scopes;
  }

  function assertScope(scopes: string[], expected: string, what: string): void {
    assert.ok(scopes.includes(expected), `${what}: expected ${expected} in [${scopes.join(', ')}]`);
  }

  function assertNoKeyword(scopes: string[], what: string): void {
    const bad = scopes.filter((s) => /^(keyword|storage|constant\.language)\./.test(s));
    assert.deepEqual(bad, [], `${what} should be a name, not a keyword`);
  }

  describe('grammar', function () {
    it('has the scope name package.json declares', function () {
      const raw = readJson('syntaxes/arc.tmLanguage.json') as { scopeName: string };
      assert.equal(raw.scopeName, 'source.arc');
    });

    it('scopes declaration keywords, item keywords and scale, limit and severity words', function () {
      assertScope(scopesOf('event storm_begins @1 {', 'event'), 'keyword.declaration.event.arc', 'event');
      assertScope(scopesOf('story "S" {', 'story'), 'keyword.declaration.story.arc', 'story');
      assertScope(scopesOf('include "characters.arc"', 'include'), 'keyword.control.import.arc', 'include');
      assertScope(scopesOf('arc healing macro "Let go" {', 'macro'), 'storage.modifier.scale.arc', 'macro');

      const beat = 'event e @1 { at lighthouse  with mara, tom  intensity 4  causes x  requires a or b  warning "W" }';
      for (const kw of ['at', 'with', 'intensity', 'causes', 'requires', 'or', 'warning']) {
        assertScope(scopesOf(beat, kw), `keyword.other.${kw}.arc`, kw);
      }
      assertScope(scopesOf(beat, 'mara'), 'variable.other.arc', 'mara');
      assertScope(scopesOf(beat, ','), 'punctuation.separator.comma.arc', 'comma');
      assertScope(scopesOf(beat, '{'), 'punctuation.section.block.begin.arc', '{');
      assertScope(scopesOf(beat, '}'), 'punctuation.section.block.end.arc', '}');

      const story = 'story "S" { limits { max 7  calm 3 } themes calm, hint }';
      assertScope(scopesOf(story, 'limits'), 'keyword.other.limits.arc', 'limits');
      assertScope(scopesOf(story, 'max'), 'constant.language.limit.arc', 'max');
      assertScope(scopesOf(story, 'calm', 0), 'constant.language.limit.arc', 'calm as a limit');
      assertScope(scopesOf(story, '7'), 'constant.numeric.decimal.arc', 'limit value');
      // `calm` and `hint` as theme names are names, not keywords.
      assertNoKeyword(scopesOf(story, 'calm', 1), 'calm as a theme');
      assertScope(scopesOf(story, 'calm', 1), 'variable.other.arc', 'calm as a theme');
      assertNoKeyword(scopesOf(story, 'hint'), 'hint as a theme');
    });

    it('scopes the name after a declaration keyword as an entity name, even a keyword word', function () {
      const line = 'event warning @1 "Storm" {';
      assertScope(scopesOf(line, 'event'), 'keyword.declaration.event.arc', 'event');
      assertScope(scopesOf(line, 'warning'), 'entity.name.function.event.arc', 'warning as event name');
      assertNoKeyword(scopesOf(line, 'warning'), 'warning as event name');

      assertScope(scopesOf('event storm_begins @1', 'storm_begins'), 'entity.name.function.event.arc', 'event name');
      assertScope(scopesOf('place warning "The lighthouse"', 'warning'), 'entity.name.type.place.arc', 'place name');
      assertScope(scopesOf('character macro "M"', 'macro'), 'entity.name.class.character.arc', 'character name');
      assertScope(scopesOf('choice option @4 "?" {', 'option'), 'entity.name.function.choice.arc', 'choice name');
      const arcLine = 'arc arc micro {';
      assertScope(scopesOf(arcLine, 'arc', 0), 'keyword.declaration.arc.arc', 'arc keyword');
      assertScope(scopesOf(arcLine, 'arc', 1), 'entity.name.type.arc', 'arc name');
      assertScope(scopesOf(arcLine, 'micro'), 'storage.modifier.scale.arc', 'scale');
      const option = 'choice c @4 { option vigil "Keep watch" { event event @5 } }';
      assertScope(scopesOf(option, 'option'), 'keyword.declaration.option.arc', 'option keyword');
      assertScope(scopesOf(option, 'vigil'), 'entity.name.function.option.arc', 'option name');
      assertScope(scopesOf(option, 'event', 1), 'entity.name.function.event.arc', 'event named event');
      assertScope(scopesOf('story "S" { goal hint "Calm down" }', 'hint'), 'entity.name.constant.goal.arc', 'goal name');
    });

    it('finds the name on the line after the keyword', function () {
      const { lines } = tokenize('event\n  // the name follows\n  storm @1 { intensity 2 }');
      assertScope(token(lines[0]!, 'event').scopes, 'keyword.declaration.event.arc', 'event');
      assertScope(token(lines[2]!, 'storm').scopes, 'entity.name.function.event.arc', 'name on a later line');
      assertScope(token(lines[2]!, 'intensity').scopes, 'keyword.other.intensity.arc', 'intensity');
    });

    it('scopes times and numbers', function () {
      const line = 'arc a meso { span @1..@2.5  event e @-1 { intensity -3.5 } event f @7 { intensity 4 } }';
      assertScope(scopesOf(line, '2.5'), 'constant.numeric.time.arc', 'time value');
      assertScope(scopesOf(line, '@', 1), 'constant.numeric.time.arc', '@ of a time');
      assertScope(scopesOf(line, '@', 1), 'punctuation.definition.time.arc', '@ of a time');
      assertScope(scopesOf(line, '-1'), 'constant.numeric.time.arc', 'negative time');
      assertScope(scopesOf(line, '..'), 'keyword.operator.range.arc', 'range');
      assertScope(scopesOf(line, 'span'), 'keyword.other.span.arc', 'span');
      assertScope(scopesOf(line, '4'), 'constant.numeric.decimal.arc', 'number');
      assertScope(scopesOf(line, '-3.5'), 'constant.numeric.decimal.arc', 'negative decimal');
      assertScope(scopesOf('character m { stages denial -> anger }', '->'), 'keyword.operator.arrow.arc', 'arrow');
      assertScope(scopesOf('character m { stages denial -> anger }', 'anger'), 'variable.other.stage.arc', 'stage');
    });

    it('scopes strings, valid escapes and invalid escapes', function () {
      const line = String.raw`event e @1 "say \"hi\"\n\tor \\ \q" { with a }`;
      const scopes = (text: string, nth = 0) => scopesOf(line, text, nth);
      assertScope(scopes('say '), 'string.quoted.double.arc', 'string body');
      assertScope(scopes('"', 0), 'punctuation.definition.string.begin.arc', 'opening quote');
      assertScope(scopes('"', 1), 'punctuation.definition.string.end.arc', 'closing quote');
      for (const escape of ['\\"', '\\n', '\\t', '\\\\']) {
        assertScope(scopes(escape), 'constant.character.escape.arc', escape);
        assertScope(scopes(escape), 'string.quoted.double.arc', escape);
      }
      assertScope(scopes('\\q'), 'invalid.illegal.unrecognized-escape.arc', 'unknown escape');
      // The string closed where it should: the block after it is not string.
      assert.ok(!scopes('with').some((s) => s.startsWith('string.')), 'text after the string is not string');
      assertScope(scopes('with'), 'keyword.other.with.arc', 'with after the string');

      // An unterminated string ends at the end of its line, as in the lexer.
      const { lines } = tokenize('place p "open\nplace q');
      assertScope(token(lines[1]!, 'place').scopes, 'keyword.declaration.place.arc', 'line after an unterminated string');
    });

    it('scopes rule codes in allow and in rules { ... }', function () {
      const allow = 'event e @1 { allow T101, E003 }';
      assertScope(scopesOf(allow, 'allow'), 'keyword.other.allow.arc', 'allow');
      assertScope(scopesOf(allow, 'T101'), 'constant.other.rule-code.arc', 'code in allow');
      assertScope(scopesOf(allow, 'E003'), 'constant.other.rule-code.arc', 'second code in allow');
      assertScope(scopesOf('arc a macro { allow M302 }', 'M302'), 'constant.other.rule-code.arc', 'allow in an arc');

      const rules = 'story "S" { rules { M302 off  T101 warning } }';
      assertScope(scopesOf(rules, 'rules'), 'keyword.other.rules.arc', 'rules');
      assertScope(scopesOf(rules, 'M302'), 'constant.other.rule-code.arc', 'code in rules');
      assertScope(scopesOf(rules, 'off'), 'constant.language.severity.arc', 'off');
      assertScope(scopesOf(rules, 'warning'), 'constant.language.severity.arc', 'warning as a severity');
    });

    it('scopes line comments, but not `//` inside strings', function () {
      const line = 'place p "a // b" // the lighthouse { event';
      assertScope(scopesOf(line, '//', 0), 'comment.line.double-slash.arc', 'line comment');
      assertScope(scopesOf(line, ' the lighthouse { event'), 'comment.line.double-slash.arc', 'comment text');
      assertScope(scopesOf(line, 'a // b'), 'string.quoted.double.arc', '// inside a string');
      const { lines } = tokenize(line + '\nevent e @1');
      assertScope(token(lines[1]!, 'event').scopes, 'keyword.declaration.event.arc', 'line after a comment');
      assert.equal(tokenize('// a { comment').state.depth, tokenize('').state.depth, 'a line comment leaves no state open');
    });

    it('scopes a block comment across lines', function () {
      const { lines } = tokenize('/* a block\n   event inside @1 { with x }\n*/ event after @2');
      assertScope(token(lines[0]!, '/*').scopes, 'punctuation.definition.comment.begin.arc', '/*');
      const middle = lines[1]!;
      assert.equal(middle.length, 1, 'the middle line is one comment token');
      assert.deepEqual(middle[0]!.scopes, ['source.arc', 'comment.block.arc']);
      assertScope(token(lines[2]!, '*/').scopes, 'punctuation.definition.comment.end.arc', '*/');
      assertScope(token(lines[2]!, 'event').scopes, 'keyword.declaration.event.arc', 'after the comment');
      assertScope(token(lines[2]!, 'after').scopes, 'entity.name.function.event.arc', 'after the comment');
    });

    it('scopes a prose line to its end, comment markers and quotes included', function () {
      const { lines } = tokenize('event e @1 {\n  > The wind rose // before "dusk" {\n  intensity 2\n}');
      assertScope(token(lines[1]!, '>').scopes, 'punctuation.definition.prose.arc', '>');
      const text = token(lines[1]!, ' The wind rose // before "dusk" {').scopes;
      assertScope(text, 'string.unquoted.prose.arc', 'prose text');
      assert.ok(!text.some((s) => s.startsWith('comment.')), 'no comment inside prose');
      assertScope(token(lines[2]!, 'intensity').scopes, 'keyword.other.intensity.arc', 'item after prose');
    });

    it('scopes Unicode names whole (letters, combining marks, digits, _)', function () {
      assertScope(scopesOf('character Ünïcödé_1 "U"', 'Ünïcödé_1'), 'entity.name.class.character.arc', 'Latin');
      const line = 'event महाराज @3 { with मारा, 東京  stage मारा अंत }';
      assertScope(scopesOf(line, 'महाराज'), 'entity.name.function.event.arc', 'Devanagari event');
      assertScope(scopesOf(line, 'मारा'), 'variable.other.arc', 'Devanagari with combining marks');
      assertScope(scopesOf(line, '東京'), 'variable.other.arc', 'CJK');
      assertScope(scopesOf(line, 'अंत'), 'variable.other.stage.arc', 'stage name');
      // A keyword glued to letters is not a keyword.
      assertNoKeyword(scopesOf('event e @1 { with withé }', 'withé'), 'withé');
    });

    it('tokenizes the examples without invalid tokens and closes every block', function () {
      const dir = fromRoot('examples');
      const files = readdirSync(dir).filter((f) => f.endsWith('.arc'));
      assert.ok(files.length > 0, 'no examples');
      const initialDepth = tokenize('').state.depth;
      for (const file of files) {
        // The marker line closes any declaration still waiting for an optional title or block.
        const { lines, state } = tokenize(readFileSync(path.join(dir, file), 'utf8') + '\nevent end_marker @0 {}');
        const invalid = lines.flat().filter((t) => t.scopes.some((s) => s.startsWith('invalid.')));
        assert.deepEqual(invalid, [], `${file}: invalid tokens`);
        assert.equal(state.depth, initialDepth, `${file}: a block or declaration is left open`);
        // Every declaration keyword is followed by its name.
        const count = (scope: string) => lines.flat().filter((t) => t.scopes.includes(scope)).length;
        assert.equal(count('entity.name.function.event.arc'), count('keyword.declaration.event.arc'), `${file}: events`);
        assert.equal(count('entity.name.class.character.arc'), count('keyword.declaration.character.arc'), `${file}: characters`);
      }
    });
  });

  describe('language configuration', function () {
    interface LanguageConfiguration {
      comments: { lineComment: string; blockComment: [string, string] };
      brackets: [string, string][];
      autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
      surroundingPairs: [string, string][];
      folding: { markers: { start: string; end: string } };
      wordPattern: { pattern: string; flags: string };
      indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
      onEnterRules: { beforeText: string; afterText?: string; action: { indent: string } }[];
    }
    const config = (): LanguageConfiguration =>
      readJson('syntaxes/language-configuration.json') as LanguageConfiguration;

    it('declares comments, brackets, auto-closing and surrounding pairs', function () {
      const c = config();
      assert.deepEqual(c.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
      assert.deepEqual(c.brackets, [['{', '}']]);
      const pair = (open: string) => c.autoClosingPairs.find((p) => p.open === open);
      assert.equal(pair('{')?.close, '}');
      assert.equal(pair('"')?.close, '"');
      assert.ok(pair('"')?.notIn?.includes('string'), '" is not auto-closed inside strings');
      assert.equal(pair('/*')?.close.trim(), '*/');
      assert.deepEqual(c.surroundingPairs, [['{', '}'], ['"', '"']]);
    });

    it('folds // #region ... // #endregion', function () {
      const { start, end } = config().folding.markers;
      assert.match('  // #region characters', new RegExp(start));
      assert.match('// #endregion', new RegExp(end));
      assert.doesNotMatch('// #endregion', new RegExp(start));
      assert.doesNotMatch('event e @1 // #region', new RegExp(start));
    });

    it('has a word pattern that takes whole Unicode names', function () {
      const { pattern, flags } = config().wordPattern;
      const words = (text: string) => text.match(new RegExp(pattern, flags + 'g'));
      assert.deepEqual(words('with मारा, Ünïcödé_1 @2.5 -3'), ['with', 'मारा', 'Ünïcödé_1', '@2.5', '-3']);
      assert.deepEqual(words('stages a->b'), ['stages', 'a', 'b']);
    });

    it('indents after `{` and outdents at `}`', function () {
      const c = config();
      const increase = new RegExp(c.indentationRules.increaseIndentPattern);
      const decrease = new RegExp(c.indentationRules.decreaseIndentPattern);
      assert.match('  event e @1 "x" {', increase);
      assert.match('arc a macro { // comment', increase);
      assert.doesNotMatch('  event e @1 { with a }', increase);
      assert.doesNotMatch('  > prose ending in {', increase);
      assert.doesNotMatch('  // a comment {', increase);
      assert.match('  }', decrease);

      const between = c.onEnterRules.find((r) => r.afterText !== undefined && new RegExp(r.beforeText).test('event e @1 {'));
      assert.equal(between?.action.indent, 'indentOutdent');
      assert.match('}', new RegExp(between!.afterText!));
      const after = c.onEnterRules.find((r) => r.afterText === undefined && new RegExp(r.beforeText).test('event e @1 {'));
      assert.equal(after?.action.indent, 'indent');
      assert.ok(!c.onEnterRules.some((r) => new RegExp(r.beforeText).test('  > prose {')), 'no indent after prose');
    });
  });

  describe('package.json contributions', function () {
    interface Manifest {
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; scopeName: string; path: string }[];
      };
    }
    it('point at the syntax files, which exist', function () {
      const { contributes } = readJson('package.json') as Manifest;
      const arc = contributes.languages.find((l) => l.id === 'arc');
      assert.ok(arc, 'language arc');
      assert.ok(arc.extensions.includes('.arc'));
      assert.ok(existsSync(fromRoot(arc.configuration)), `${arc.configuration} exists`);
      assert.equal(path.resolve(root, arc.configuration), fromRoot('syntaxes/language-configuration.json'));

      const grammarEntry = contributes.grammars.find((g) => g.language === 'arc');
      assert.ok(grammarEntry, 'grammar for arc');
      assert.ok(existsSync(fromRoot(grammarEntry.path)), `${grammarEntry.path} exists`);
      const raw = JSON.parse(readFileSync(fromRoot(grammarEntry.path), 'utf8')) as { scopeName: string };
      assert.equal(grammarEntry.scopeName, raw.scopeName);
    });
  });
});
