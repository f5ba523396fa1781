/**
 * Protocol tests of the editor features against the real server process, on
 * the two-file project of lsp-stories.ts: hover, navigation across files,
 * rename, symbols, completion, semantic tokens, folding, formatting, code
 * lenses, quick fixes, fix-all and the commands.
 */
import assert from 'node:assert/strict';
import type {
  CodeAction, CodeLens, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Location, MarkupContent, Range,
  SemanticTokens, SymbolInformation, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver/node';
import { applyEdits, createWorkspace, LspTestClient, messageOf, positionOf, type TempWorkspace } from './lsp-client.js';
import { CHARACTERS, MAIN } from './lsp-stories.js';

describe('language server: features', () => {
  let ws: TempWorkspace;
  let client: LspTestClient;
  let main: string;
  let characters: string;
  let version = 1;

  const hover = async (needle: string, delta = 0, occurrence = 0, text = MAIN, uri = main) => {
    const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, delta, occurrence) });
    return result ? (result.contents as MarkupContent).value : '';
  };

  /** Replaces main.arc's text and waits for its diagnostics. */
  const setMain = async (text: string): Promise<Diagnostic[]> => {
    version++;
    const since = client.diagnostics.length;
    await client.change(main, version, [{ text }]);
    return (await client.diagnosticsFor(main, version, 10_000, since)).diagnostics;
  };

  before(async () => {
    ws = createWorkspace({ 'main.arc': MAIN, 'characters.arc': CHARACTERS });
    main = ws.uri('main.arc');
    characters = ws.uri('characters.arc');
    client = await LspTestClient.start({ folders: [ws.folder], settings: { analysisDelay: 10 } });
    await client.open(main, MAIN, version);
    await client.diagnosticsFor(main, version);
  });

  after(async () => {
    await client.stop();
    ws.remove();
  });

  describe('hover', () => {
    it('shows a beat\'s impact preview, headed "Impact", with its time and scale', async () => {
      const text = await hover('storm @1', 1);
      assert.match(text, /\*\*event\*\* `storm`/);
      assert.match(text, /@1/);
      assert.match(text, /macro/);
      assert.match(text, /\*\*Impact\*\*/);
      assert.match(text, /ripple score 9/);
      assert.match(text, /1 downstream: micro 0 · meso 0 · macro 1/);
      assert.match(text, /arcs touched: `healing`/);
      assert.match(text, /if removed:/);
    });

    it('shows the same impact on a use of the beat (`causes rescue`)', async () => {
      const text = await hover('causes rescue', 'causes '.length + 2);
      assert.match(text, /\*\*event\*\* `rescue`/);
      assert.match(text, /Impact/);
      assert.match(text, /nothing downstream/);
    });

    it('shows each option\'s consequences on a choice', async () => {
      const text = await hover('keep_watch @2', 2);
      assert.match(text, /\*\*choice\*\* `keep_watch`/);
      assert.match(text, /\*\*Options\*\*/);
      assert.match(text, /`vigil` “Stay”: 1 beat \(`breathing`\).*addresses `grounding`/);
      assert.match(text, /`search` “Search”: 1 beat \(`finds_boat`\).*kills `tom`/);
    });

    it('shows a character\'s timeline in time order, naming the branch', async () => {
      const text = await hover('with mara, tom', 'with mara, '.length + 1);
      assert.match(text, /\*\*character\*\* `tom` “Tom”/);
      assert.match(text, /@3 `finds_boat`: killed \(only when keep_watch → search\)/);
      const mara = await hover('character mara', 'character '.length, 0, CHARACTERS, characters);
      assert.match(mara, /stages denial → anger → acceptance/);
      assert.match(mara, /@4 `rescue`: stage `acceptance`/);
    });

    it('shows an arc\'s scale, span and resolution status', async () => {
      const text = await hover('healing macro', 1);
      assert.match(text, /\*\*arc\*\* `healing` “Healing” · macro/);
      assert.match(text, /no `span` \(beats @1..@4\)/);
      assert.match(text, /resolution: resolved on every path by `rescue`/);
    });

    it('shows the conflicts and the titles of their verified repairs on a diagnostic\'s range', async () => {
      const text = await hover('with tom  stage', 'with '.length + 1);
      assert.match(text, /\*\*C201\*\* \(warning\) `tom` is involved in `rescue`/);
      assert.match(text, /Repairs:\n- .*\(preferred\)/);
      assert.match(text, /\*\*character\*\* `tom`/, 'and the symbol under the cursor');
    });

    it('answers null where there is nothing to say', async () => {
      const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: main }, position: positionOf(MAIN, 'The wind', 2) });
      assert.equal(result, null);
    });
  });

  describe('navigation', () => {
    it('goes to a definition in another file', async () => {
      const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: main }, position: positionOf(MAIN, 'with mara', 6) });
      assert.equal(locations.length, 1);
      assert.equal(locations[0]!.uri, characters);
      assert.deepEqual(locations[0]!.range.start, positionOf(CHARACTERS, 'mara'));
      const stage = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: main }, position: positionOf(MAIN, 'acceptance', 2) });
      assert.equal(stage[0]!.uri, characters);
      assert.deepEqual(stage[0]!.range.start, positionOf(CHARACTERS, 'acceptance'));
      const include = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: main }, position: positionOf(MAIN, 'characters.arc', 3) });
      assert.equal(include[0]!.uri, characters);
    });

    it('finds references across files, with or without the declaration', async () => {
      const params = { textDocument: { uri: characters }, position: positionOf(CHARACTERS, 'mara', 1) };
      const all = await client.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: true } });
      const uses = MAIN.split('mara').length - 1;
      assert.equal(all.length, uses + 1);
      assert.equal(all.filter((l) => l.uri === characters).length, 1);
      const withoutDeclaration = await client.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: false } });
      assert.equal(withoutDeclaration.length, uses);
      assert.ok(withoutDeclaration.every((l) => l.uri === main));
    });

    it('prepares a rename on a name and rejects keyword-only positions', async () => {
      const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: main }, position: positionOf(MAIN, 'finds_boat', 3) });
      assert.equal(prepared.placeholder, 'finds_boat');
      assert.deepEqual(prepared.range.start, positionOf(MAIN, 'finds_boat'));
      await assert.rejects(
        client.request('textDocument/prepareRename', { textDocument: { uri: main }, position: positionOf(MAIN, 'event storm', 2) }),
        /Nothing to rename here/,
      );
    });

    it('renames a character across files', async () => {
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: main }, position: positionOf(MAIN, 'with mara', 6), newName: 'marta' });
      const changes = edit.changes!;
      assert.deepEqual(Object.keys(changes).sort(), [characters, main].sort());
      const renamedMain = applyEdits(MAIN, changes[main]!);
      const renamedCharacters = applyEdits(CHARACTERS, changes[characters]!);
      assert.equal(renamedMain, MAIN.replaceAll('mara', 'marta'));
      assert.equal(renamedCharacters, CHARACTERS.replace('character mara', 'character marta'));
    });

    it('renames a beat, its links included', async () => {
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: main }, position: positionOf(MAIN, 'event rescue', 7), newName: 'the_rescue' });
      assert.equal(applyEdits(MAIN, edit.changes![main]!), MAIN.replaceAll('rescue', 'the_rescue'));
    });

    it('refuses invalid names and clashes', async () => {
      const at = { textDocument: { uri: main }, position: positionOf(MAIN, 'with mara', 6) };
      await assert.rejects(client.request('textDocument/rename', { ...at, newName: '9lives' }), /not a valid name/);
      await assert.rejects(client.request('textDocument/rename', { ...at, newName: 'two words' }), /not a valid name/);
      await assert.rejects(client.request('textDocument/rename', { ...at, newName: 'tom' }), /a character named `tom` already exists/);
      await assert.rejects(
        client.request('textDocument/rename', { textDocument: { uri: main }, position: positionOf(MAIN, 'event storm', 7), newName: 'healing' }),
        /an arc named `healing` already exists/,
      );
    });
  });

  describe('symbols', () => {
    it('lists the document hierarchically: arcs, then beats, then options', async () => {
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: main } });
      assert.deepEqual(symbols.map((s) => s.name), ['Test', 'healing']);
      const healing = symbols[1]!;
      assert.deepEqual(healing.children!.map((s) => s.name), ['storm', 'keep_watch', 'rescue']);
      const choice = healing.children![1]!;
      assert.deepEqual(choice.children!.map((s) => s.name), ['vigil', 'search']);
      assert.deepEqual(choice.children![1]!.children!.map((s) => s.name), ['finds_boat']);
      assert.deepEqual(healing.selectionRange.start, positionOf(MAIN, 'healing macro'));
    });

    it('finds declarations across the workspace', async () => {
      const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'kpw' });
      assert.equal(found[0]!.name, 'keep_watch');
      assert.ok(found.every((s) => s.name.startsWith('keep_watch')), found.map((s) => s.name).join(' '));
      const people = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'mara' });
      assert.equal(people[0]!.location.uri, characters);
    });
  });

  describe('completion', () => {
    /** Completion labels at the `|` of a variant of main.arc. */
    const complete = async (edited: string): Promise<string[]> => {
      const cursor = edited.indexOf('|');
      const text = edited.replace('|', '');
      await setMain(text);
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: main }, position: positionOf(text, text.slice(cursor), 0) });
      return list.items.map((i) => i.label);
    };
    const at = (before: string, insertion: string) => MAIN.replace(before, `${insertion}|${before}`);

    after(async () => {
      await setMain(MAIN);
    });

    it('offers characters after `with`, also after a comma, leaving out those listed', async () => {
      assert.deepEqual((await complete(MAIN.replace('with mara, tom', 'with |'))).sort(), ['mara', 'tom']);
      assert.deepEqual(await complete(MAIN.replace('with mara, tom', 'with mara, |')), ['tom']);
    });

    it('offers places after `at`, beats after `causes`, arcs after `resolves`, goals after `addresses`', async () => {
      assert.deepEqual(await complete(MAIN.replace('at harbor', 'at |')), ['harbor']);
      const beats = await complete(MAIN.replace('causes rescue', 'causes |'));
      assert.deepEqual([...beats].sort(), ['breathing', 'finds_boat', 'keep_watch', 'rescue'], 'every beat but `storm` itself');
      assert.deepEqual(await complete(MAIN.replace('resolves healing', 'resolves |')), ['healing']);
      assert.deepEqual(await complete(MAIN.replace('addresses grounding', 'addresses |')), ['grounding']);
    });

    it('offers stages after `stage mara` and rule codes after `allow`', async () => {
      assert.deepEqual(await complete(MAIN.replace('stage mara acceptance', 'stage mara |')), ['denial', 'anger', 'acceptance']);
      const codes = await complete(at('resolves healing', 'allow '));
      assert.ok(['C201', 'T101', 'E002', 'U601'].every((c) => codes.includes(c)), codes.join(' '));
      assert.ok(codes.every((c) => /^[A-Z]\d{3}$/.test(c)), codes.join(' '));
    });

    it('offers the keywords of the block at an item position, and a partial word keeps its range', async () => {
      const eventItems = await complete(MAIN.replace('resolves healing }', 'resolves healing  | }'));
      assert.ok(eventItems.includes('causes') && eventItems.includes('warning') && !eventItems.includes('option'), eventItems.join(' '));
      const arcItems = await complete(MAIN.replace('  goals grounding\n', '  goals grounding\n  |\n'));
      assert.deepEqual(arcItems, ['themes', 'goals', 'span', 'allow', 'arc', 'event', 'choice']);
      const topLevel = await complete(`${MAIN}\n|`);
      assert.deepEqual(topLevel, ['include', 'story', 'character', 'place', 'arc', 'event', 'choice']);
      const partial = MAIN.replace('with mara, tom', 'with mara, t');
      await setMain(partial);
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: main }, position: positionOf(partial, 'mara, t', 7) });
      const item = list.items.find((i) => i.label === 'tom')!;
      assert.deepEqual((item.textEdit as TextEdit).range.start, positionOf(partial, 'mara, t', 6));
    });

    it('offers nothing inside comments, strings and prose', async () => {
      assert.deepEqual(await complete(MAIN.replace('// The healing arc.', '// The healing | arc.')), []);
      assert.deepEqual(await complete(MAIN.replace('"The storm"', '"The | storm"')), []);
      assert.deepEqual(await complete(MAIN.replace('> The wind rose.', '> The wind | rose.')), []);
    });
  });

  describe('presentation', () => {
    it('classifies tokens semantically, declarations marked', async () => {
      const legend = client.initializeResult!.capabilities.semanticTokensProvider!.legend;
      const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: characters } });
      const decoded: Array<{ line: number; character: number; length: number; type: string; modifiers: string[] }> = [];
      let line = 0;
      let character = 0;
      for (let i = 0; i < tokens.data.length; i += 5) {
        const [dl, dc, length, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
        line += dl;
        character = dl === 0 ? character + dc : dc;
        decoded.push({ line, character, length, type: legend.tokenTypes[type]!, modifiers: legend.tokenModifiers.filter((_, b) => (mods >> b) & 1) });
      }
      const at = (needle: string) => {
        const p = positionOf(CHARACTERS, needle);
        return decoded.find((t) => t.line === p.line && t.character === p.character);
      };
      assert.deepEqual(at('// The people'), { ...positionOf(CHARACTERS, '// The people'), length: 32, type: 'comment', modifiers: [] });
      assert.equal(at('character mara')!.type, 'keyword');
      assert.deepEqual(at('mara "Mara"')!, { ...positionOf(CHARACTERS, 'mara "Mara"'), length: 4, type: 'class', modifiers: ['declaration'] });
      assert.equal(at('"Mara"')!.type, 'string');
      assert.deepEqual(at('anger')!.modifiers, ['declaration']);
      assert.equal(at('harbor')!.type, 'type');
      const inMain = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: main } });
      assert.ok(inMain.data.length > 0 && inMain.data.length % 5 === 0);
    });

    it('folds blocks, comment runs and prose runs', async () => {
      const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: main } });
      const line = (needle: string) => positionOf(MAIN, needle).line;
      const has = (start: number, end: number, kind?: string) => ranges.some((r) => r.startLine === start && r.endLine === end && r.kind === kind);
      assert.ok(has(line('arc healing'), line('  event rescue')), 'the arc block, its `}` left visible');
      assert.ok(has(line('story "Test"'), line('  goal grounding')), 'the story block');
      assert.ok(has(line('// The healing'), line('// It spans'), 'comment'), 'the comment run');
      assert.ok(has(line('> The wind'), line('> The lamp'), 'region'), 'the prose run');
      assert.ok(has(line('choice keep_watch'), line('    }\n  }')), 'the choice block');
    });

    it('shows impact lenses above beats and resolution lenses above arcs', async () => {
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: main } });
      assert.equal(lenses.length, 6, 'one arc and five beats');
      const titles = new Map<number, string>();
      for (const lens of lenses) {
        const resolved = await client.request<CodeLens>('codeLens/resolve', lens);
        titles.set(resolved.range.start.line, resolved.command!.title);
      }
      assert.equal(titles.get(positionOf(MAIN, 'event storm').line), '1 downstream · macro 1');
      assert.equal(titles.get(positionOf(MAIN, 'event rescue').line), 'no downstream beats');
      assert.equal(titles.get(positionOf(MAIN, 'arc healing').line), 'macro arc · resolved on every path by rescue');
    });
  });

  describe('formatting', () => {
    const messy = [
      'include "characters.arc"',
      'story "Test" {',
      'themes grief,hope',
      '      goal grounding "Breathe"   // keep this',
      '}',
      '/* a block',
      '   comment */',
      'arc healing macro "Healing" { goals grounding',
      '  event storm @1 { with mara , tom   intensity 2 }',
      'event rescue @4 {',
      '> Prose   stays   as written.',
      '        with mara  resolves healing }',
      '}',
    ].join('\n');
    const expected = [
      'include "characters.arc"',
      'story "Test" {',
      '  themes grief, hope',
      '  goal grounding "Breathe" // keep this',
      '}',
      '/* a block',
      '   comment */',
      'arc healing macro "Healing" {',
      '  goals grounding',
      '  event storm @1 { with mara, tom  intensity 2 }',
      '  event rescue @4 {',
      '    > Prose   stays   as written.',
      '    with mara',
      '    resolves healing',
      '  }',
      '}',
      '',
    ].join('\n');

    after(async () => {
      await setMain(MAIN);
    });

    it('indents by block, one item per line in multi-line blocks, keeping comments and prose', async () => {
      await setMain(messy);
      const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: main }, options: { tabSize: 4, insertSpaces: true } });
      const formatted = applyEdits(messy, edits);
      assert.equal(formatted, expected);
      await setMain(formatted);
      const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: main }, options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(again, [], 'idempotent');
    });

    it('leaves a document with syntax errors alone', async () => {
      const broken = `${MAIN}\nevent broken @ {\n`;
      const diagnostics = await setMain(broken);
      assert.ok(diagnostics.some((d) => d.code === 'E001'));
      const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: main }, options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(edits, []);
    });
  });

  describe('quick fixes and commands', () => {
    after(async () => {
      await setMain(MAIN);
    });

    it('offers the verified resolutions of a diagnostic as quick fixes, the best preferred', async () => {
      const diagnostics = await setMain(MAIN);
      const c201 = diagnostics.find((d) => d.code === 'C201')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: main }, range: c201.range, context: { diagnostics: [c201] } });
      const fixes = actions.filter((a) => a.kind === 'quickfix');
      assert.ok(fixes.length >= 1, JSON.stringify(actions));
      assert.equal(fixes.filter((a) => a.isPreferred).length, 1);
      assert.ok(fixes.every((a) => a.diagnostics?.[0]?.code === 'C201'));
      // Applying the preferred fix removes the conflict and adds no error.
      const preferred = fixes.find((a) => a.isPreferred)!;
      const fixed = applyEdits(MAIN, preferred.edit!.changes![main]!);
      const after = await setMain(fixed);
      assert.ok(!after.some((d) => d.code === 'C201'), messageOf(c201));
      assert.ok(!after.some((d) => d.severity === 1), JSON.stringify(after));
    });

    it('offers "Fix all conflicts" as source.fixAll.arc, which leaves no fixable conflict and no new error', async () => {
      await setMain(MAIN);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: main }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
      });
      assert.equal(actions.length, 1);
      assert.equal(actions[0]!.kind, 'source.fixAll.arc');
      assert.match(actions[0]!.title, /Fix all conflicts/);
      const fixed = applyEdits(MAIN, actions[0]!.edit!.changes![main]!);
      const after = await setMain(fixed);
      assert.ok(after.length < 3, `fewer conflicts: ${after.map((d) => d.code).join(', ')}`);
      assert.ok(!after.some((d) => /^E/.test(String(d.code))), 'no syntax or reference error');
    });

    it('offers fix-all lazily (resolved on demand) next to quick fixes', async () => {
      const diagnostics = await setMain(MAIN);
      const c201 = diagnostics.find((d) => d.code === 'C201')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: main }, range: c201.range, context: { diagnostics: [c201] } });
      const lazy = actions.find((a) => a.kind === 'source.fixAll.arc')!;
      assert.equal(lazy.edit, undefined);
      const resolved = await client.request<CodeAction>('codeAction/resolve', lazy);
      assert.ok(resolved.edit?.changes?.[main]?.length);
    });

    it('runs arc.showImpact and arc.fixAll', async () => {
      await setMain(MAIN);
      const impact = await client.request<string>('workspace/executeCommand', { command: 'arc.showImpact', arguments: [{ uri: main, position: positionOf(MAIN, 'storm @1', 1) }] });
      assert.match(impact, /\*\*Impact\*\*/);
      const before = client.appliedEdits.length;
      const result = await client.request<{ applied: boolean; repairs: string[]; remaining: number }>('workspace/executeCommand', { command: 'arc.fixAll', arguments: [main] });
      assert.equal(result.applied, true);
      assert.ok(result.repairs.length >= 1);
      assert.equal(client.appliedEdits.length, before + 1, 'the edit went to the client with workspace/applyEdit');
    });

    it('reports its memory on `arc/memoryUsage`', async () => {
      const usage = await client.request<{ process: { rss: number; heapUsed: number }; analyses: { finished: number } }>('arc/memoryUsage', {});
      assert.ok(usage.process.rss > 0 && usage.process.heapUsed > 0);
      assert.ok(usage.analyses.finished > 0, 'it counts the analyses it finished');
    });
  });
});
