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
import { applyEdits, CLIENT_CAPABILITIES, createWorkspace, LspTestClient, messageOf, positionOf, type TempWorkspace } from './lsp-client.js';
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

    it('shows a character\'s timeline: every involvement in time order, with the place and the branch', async () => {
      const text = await hover('with mara, tom', 'with mara, '.length + 1);
      assert.match(text, /\*\*character\*\* `tom` “Tom”/);
      assert.match(text, /Involved in 3 beats\./);
      const timeline = text.split('\n').filter((line) => line.startsWith('- '));
      assert.deepEqual(timeline, [
        '- @1 `storm` at `harbor`: with `mara`',
        '- @3 `finds_boat`: killed (only when keep_watch → search)',
        '- @4 `rescue`: present',
      ]);
      const mara = await hover('character mara', 'character '.length, 0, CHARACTERS, characters);
      assert.match(mara, /stages denial → anger → acceptance/);
      assert.match(mara, /Involved in 4 beats\./);
      assert.match(mara, /- @3 `breathing`: present \(only when keep_watch → vigil\)/);
      assert.match(mara, /- @3 `finds_boat`: present \(only when keep_watch → search\)/);
      assert.match(mara, /- @4 `rescue`: stage `acceptance`/);
    });

    it('shows an arc\'s scale, span and resolution status', async () => {
      const text = await hover('healing macro', 1);
      assert.match(text, /\*\*arc\*\* `healing` “Healing” · macro/);
      assert.match(text, /no `span` \(beats @1..@4\)/);
      assert.match(text, /resolution: resolved on every path by `rescue`/);
    });

    it('shows the repairs and related beats of a diagnostic, not its message again', async () => {
      const published = client.latestDiagnostics(main)!.diagnostics.find((d) => d.code === 'C201')!;
      const text = await hover('with tom  stage', 'with '.length + 1);
      assert.match(text, /\*\*C201\*\* · Repairs:\n- .*\(preferred\)/);
      assert.match(text, new RegExp(`Related: \`finds_boat\` @3 \\(main\\\\.arc:${positionOf(MAIN, 'event finds_boat').line + 1}\\)`));
      assert.ok(!text.includes(messageOf(published)), `the hover repeats the message: ${text}`);
      assert.doesNotMatch(text, /is involved in/);
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
    it('lists the document hierarchically: arcs, then beats, then options, with details a writer reads', async () => {
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: main } });
      assert.deepEqual(symbols.map((s) => s.name), ['Test', 'healing']);
      const healing = symbols[1]!;
      assert.deepEqual(healing.children!.map((s) => s.name), ['storm', 'keep_watch', 'rescue']);
      const choice = healing.children![1]!;
      assert.deepEqual(choice.children!.map((s) => s.name), ['vigil', 'search']);
      assert.deepEqual(choice.children![1]!.children!.map((s) => s.name), ['finds_boat']);
      assert.deepEqual(healing.selectionRange.start, positionOf(MAIN, 'healing macro'));
      assert.equal(symbols[0]!.children![0]!.detail, 'goal · Breathe');
      assert.equal(healing.detail, 'macro arc · Healing');
      assert.deepEqual(healing.children!.map((s) => s.detail), ['event @1 · The storm', 'choice @2 · What now?', 'event @4']);
      assert.deepEqual(choice.children!.map((s) => s.detail), ['option of keep_watch · Stay', 'option of keep_watch · Search']);
      const people = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: characters } });
      assert.deepEqual(people.map((s) => s.detail), ['character · Mara', 'character · Tom', 'place · The harbor']);
      assert.deepEqual(people[0]!.children!.map((s) => s.detail), ['stage of mara', 'stage of mara', 'stage of mara']);
    });

    it('gives the flat list (no hierarchy support) the details as container names', async () => {
      const flatClient = await LspTestClient.start({
        folders: [ws.folder],
        capabilities: { ...CLIENT_CAPABILITIES, textDocument: { ...CLIENT_CAPABILITIES.textDocument, documentSymbol: {} } },
      });
      try {
        await flatClient.open(main, MAIN, 1);
        await flatClient.diagnosticsFor(main, 1);
        const flat = await flatClient.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: main } });
        const container = new Map(flat.map((s) => [s.name, s.containerName]));
        assert.equal(container.get('healing'), 'macro arc');
        assert.equal(container.get('storm'), 'event @1 in healing');
        assert.equal(container.get('keep_watch'), 'choice @2 in healing');
        assert.equal(container.get('search'), 'option of keep_watch');
        assert.equal(container.get('finds_boat'), 'event @3 in search');
        assert.equal(container.get('grounding'), 'goal in Test');
      } finally {
        await flatClient.stop();
      }
    });

    it('finds declarations across the workspace, their details as container names', async () => {
      const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'kpw' });
      assert.equal(found[0]!.name, 'keep_watch');
      assert.equal(found[0]!.containerName, 'choice @2 in healing');
      assert.ok(found.every((s) => s.name.startsWith('keep_watch')), found.map((s) => s.name).join(' '));
      assert.equal(found.find((s) => s.name === 'keep_watch.search')?.containerName, 'option of keep_watch');
      const people = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'mara' });
      assert.equal(people[0]!.location.uri, characters);
      assert.equal(people[0]!.containerName, 'character');
      const arcs = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'healing' });
      assert.equal(arcs.find((s) => s.name === 'healing')?.containerName, 'macro arc');
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

    it('offers at most 500 beats, those of this file first, then by time, and filters them by the word typed when there are more', async () => {
      // 620 beats after main.arc's own (@1 to @4), the first written last in time.
      const many = Array.from({ length: 620 }, (_, i) => `event b${String(i).padStart(3, '0')} @${1620 - i} "Beat ${i}"`).join('\n');
      const request = async (typed: string): Promise<CompletionList> => {
        const text = `${MAIN}\n${many}\nevent here @1000 {\n  causes ${typed}\n}\n`;
        await setMain(text);
        return client.request<CompletionList>('textDocument/completion', { textDocument: { uri: main }, position: positionOf(text, `causes ${typed}\n}`, 7 + typed.length) });
      };
      const all = await request('');
      assert.equal(all.items.length, 500);
      assert.equal(all.isIncomplete, true);
      assert.ok(!all.items.some((item) => item.label === 'here'), 'not the beat being written');
      assert.deepEqual(all.items.slice(0, 8).map((item) => item.label), ['storm', 'keep_watch', 'breathing', 'finds_boat', 'rescue', 'b619', 'b618', 'b617'], 'the earliest first');
      assert.equal(all.items[5]!.detail, 'event @1001 · macro');
      const sortTexts = all.items.map((item) => item.sortText!);
      assert.deepEqual([...sortTexts].sort(), sortTexts, 'sort texts follow the order');
      assert.ok(all.items.every((item) => (item.textEdit as TextEdit).newText === item.label));
      const typed = await request('b61');
      assert.deepEqual(typed.items.map((item) => item.label), ['b619', 'b618', 'b617', 'b616', 'b615', 'b614', 'b613', 'b612', 'b611', 'b610']);
      assert.equal(typed.isIncomplete, false);
      assert.equal(typed.items[0]!.sortText, all.items[5]!.sortText, 'the same place in the order as without the word');
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

    /** The impact and resolution lenses ("Play from here" is tested with the player, lsp-player.test.ts). */
    const impactLenses = async (uri = main): Promise<CodeLens[]> =>
      (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).filter((l) => l.command?.command !== 'arc.playFromHere');

    const resolvedLenses = async (uri = main): Promise<Map<number, CodeLens>> => {
      const lenses = await impactLenses(uri);
      const resolved = new Map<number, CodeLens>();
      for (const lens of lenses) {
        const full = await client.request<CodeLens>('codeLens/resolve', lens);
        resolved.set(full.range.start.line, full);
      }
      return resolved;
    };

    it('shows impact lenses that peek at the downstream beats, and resolution lenses that peek at the resolvers', async () => {
      const lenses = await resolvedLenses();
      assert.deepEqual([...lenses.keys()].sort((a, b) => a - b), [positionOf(MAIN, 'arc healing').line, positionOf(MAIN, 'event storm').line],
        'the arc and the one beat with something downstream; beats with nothing downstream have no lens');
      const storm = lenses.get(positionOf(MAIN, 'event storm').line)!;
      assert.equal(storm.command!.title, '1 downstream · macro 1');
      assert.equal(storm.command!.command, 'arc.peekLocations');
      const [uri, position, locations] = storm.command!.arguments as [string, { line: number; character: number }, Location[]];
      assert.equal(uri, main);
      assert.deepEqual(position, positionOf(MAIN, 'event storm'));
      assert.deepEqual(locations.map((l) => [l.uri, l.range.start]), [[main, positionOf(MAIN, 'rescue @4')]]);
      const healing = lenses.get(positionOf(MAIN, 'arc healing').line)!;
      assert.equal(healing.command!.title, 'macro arc · resolved on every path by rescue');
      assert.equal(healing.command!.command, 'arc.peekLocations');
      assert.deepEqual((healing.command!.arguments![2] as Location[]).map((l) => l.range.start), [positionOf(MAIN, 'rescue @4')]);
    });

    it('brings the empty lenses back with codeLens.showEmpty; they open the impact; an unresolved arc opens its status', async () => {
      const unresolved = MAIN.replace('  resolves healing }', ' }');
      await setMain(unresolved);
      await client.setSettings({ analysisDelay: 10, codeLens: { enabled: true, showEmpty: true } });
      try {
        const lenses = await waitForLensCount(6);
        const rescue = lenses.get(positionOf(unresolved, 'event rescue').line)!;
        assert.equal(rescue.command!.title, 'no downstream beats');
        assert.equal(rescue.command!.command, 'arc.showMarkdown');
        const [title, markdown] = rescue.command!.arguments as [string, string];
        assert.equal(title, 'Impact of rescue');
        assert.match(markdown, /\*\*event\*\* `rescue`/);
        assert.match(markdown, /nothing downstream/);
        const healing = lenses.get(positionOf(unresolved, 'arc healing').line)!;
        assert.equal(healing.command!.title, 'macro arc · never resolved');
        assert.equal(healing.command!.command, 'arc.showMarkdown');
        assert.equal(healing.command!.arguments![0], 'Status of arc healing');
        assert.match(healing.command!.arguments![1] as string, /resolution: never resolved/);
      } finally {
        await client.setSettings({ analysisDelay: 10 });
        await setMain(MAIN);
      }
      assert.equal((await waitForLensCount(2)).size, 2, 'and the setting off hides them again');
    });

    /** Lenses, resolved, once the server lists `count` of them (settings arrive asynchronously). */
    const waitForLensCount = async (count: number): Promise<Map<number, CodeLens>> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const lenses = await impactLenses();
        if (lenses.length === count) return resolvedLenses();
        if (Date.now() > deadline) throw new Error(`expected ${count} lenses, the server lists ${lenses.length}`);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
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

describe('language server: configuration registration', () => {
  let ws: TempWorkspace;

  before(() => {
    ws = createWorkspace({ 'main.arc': MAIN, 'characters.arc': CHARACTERS });
  });

  after(() => {
    ws.remove();
  });

  /** Starts a client with `workspace` capabilities, opens main.arc, and returns it with main.arc's first diagnostics. */
  const start = async (workspace: NonNullable<typeof CLIENT_CAPABILITIES.workspace>) => {
    const client = await LspTestClient.start({
      folders: [ws.folder], settings: { analysisDelay: 10 }, capabilities: { ...CLIENT_CAPABILITIES, workspace },
    });
    await client.open(ws.uri('main.arc'), MAIN, 1);
    const first = await client.diagnosticsFor(ws.uri('main.arc'), 1);
    return { client, first };
  };
  const registered = (client: LspTestClient) => client.registrations.filter((r) => r.method === 'workspace/didChangeConfiguration');

  it('registers workspace/didChangeConfiguration when the client supports dynamic registration', async () => {
    const { client } = await start({ ...CLIENT_CAPABILITIES.workspace, didChangeConfiguration: { dynamicRegistration: true } });
    try {
      assert.deepEqual(registered(client).map((r) => r.registerOptions), [{ section: 'arc' }]);
    } finally {
      await client.stop();
    }
  });

  for (const [label, workspace] of [
    ['a client that pulls settings but cannot take the registration', { ...CLIENT_CAPABILITIES.workspace, didChangeConfiguration: { dynamicRegistration: false } }],
    ['a client that only pushes settings', { applyEdit: true, workspaceFolders: true }],
  ] as const) {
    it(`does not register it for ${label}, and applies the settings it pushes`, async () => {
      const { client, first } = await start(workspace);
      try {
        assert.ok(first.diagnostics.some((d) => d.code === 'C201'), 'C201 before the change');
        assert.deepEqual(registered(client), []);
        const since = client.diagnostics.length;
        await client.setSettings({ analysisDelay: 10, rules: { C201: 'off' } });
        await client.waitForDiagnostics((p) => p.uri === ws.uri('main.arc') && !p.diagnostics.some((d) => d.code === 'C201'), 10_000, since);
        assert.deepEqual(registered(client), []);
      } finally {
        await client.stop();
      }
    });
  }
});
