/**
 * Language features of the Arc server, seen through the real `vscode` API on
 * the two-file fixture project (test/editors/workspace: story.arc includes
 * people.arc). The tests run in order on one copy of the project: the later
 * ones edit it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension, codeOf, hoverText, openStory, positionOf, waitFor, waitForDiagnostic,
  waitForNoDiagnostic, withTimeout, workspaceFile,
} from './helpers.js';

const mentions = (word: string) => (diagnostic: vscode.Diagnostic): boolean => diagnostic.message.includes(word);

/** What the extension's "Arc: Show impact of beat" returns (client/src/commands.ts). */
type ShowImpactResult =
  | { readonly shown: 'impact'; readonly title: string; readonly uri: string; readonly markdown: string }
  | { readonly shown: 'message'; readonly message: string };

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

/** A tab whose label names `title` (the markdown preview's is "Preview <title>"). */
function findTab(title: string): vscode.Tab | undefined {
  return allTabs().find((tab) => tab.label.includes(title));
}

function waitForTab(title: string): Promise<vscode.Tab> {
  return waitFor(`a tab titled ${title}`, () => findTab(title), [vscode.window.tabGroups.onDidChangeTabs], undefined,
    () => `tabs: ${allTabs().map((tab) => tab.label).join(' | ')}`);
}

/** The tab is the markdown preview of the view, or (without the preview) the read-only document itself. */
function assertImpactView(tab: vscode.Tab, uri: vscode.Uri): void {
  const input = tab.input;
  const preview = input instanceof vscode.TabInputWebview && /markdown\.preview/.test(input.viewType);
  const document = input instanceof vscode.TabInputText && input.uri.toString() === uri.toString();
  assert.ok(preview || document, `the tab "${tab.label}" is neither the markdown preview nor the impact document`);
}

function assertNoUntitledDocuments(): void {
  const untitled = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled');
  assert.deepEqual(untitled.map((d) => d.uri.toString()), [], 'an untitled document was opened');
}

function describeLenses(lenses: readonly vscode.CodeLens[]): string {
  return lenses.map((lens) => `${lens.range.start.line + 1}: ${lens.command?.title ?? '(unresolved)'}`).join(' | ') || '(none)';
}

/**
 * The document's resolved impact and resolution lenses (not "Play from
 * here", which player.host.ts tests) once `ready` holds for them. Lenses
 * change without an event the API exposes, so this polls, with a deadline.
 */
async function lensesOf(document: vscode.TextDocument, ready: (lenses: vscode.CodeLens[]) => boolean, timeoutMs = 20_000): Promise<vscode.CodeLens[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lenses = (await withTimeout(vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider', document.uri, 100), 'code lenses'))?.filter((lens) => lens.command?.command !== 'arc.playFromHere') ?? [];
    if (ready(lenses)) return lenses;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the lenses; they are: ${describeLenses(lenses)}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 100));
  }
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export function defineFeatureTests(): void {
  describe('Arc language server in VS Code', () => {
    const story = (): vscode.Uri => workspaceFile('story.arc');
    const people = (): vscode.Uri => workspaceFile('people.arc');

    before(async () => {
      await openStory('story.arc');
      const api = await activateExtension();
      await withTimeout(api.ready, 'the language server to answer initialize');
    });

    it('reports E002 with a did-you-mean in the root file, at the misspelt name', async () => {
      const diagnostic = await waitForDiagnostic(story(), 'E002', mentions('bnn'));
      assert.match(diagnostic.message, /did you mean `?ben`?/);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      const document = await vscode.workspace.openTextDocument(story());
      assert.equal(document.getText(diagnostic.range), 'bnn');
    });

    it('reports E002 in the included file too', async () => {
      const diagnostic = await waitForDiagnostic(people(), 'E002', mentions('harbour'));
      assert.match(diagnostic.message, /did you mean `?harbor`?/);
    });

    it('reports T101 for a cause that comes after its effect', async () => {
      const diagnostic = await waitForDiagnostic(story(), 'T101');
      assert.match(diagnostic.message, /late_news/);
    });

    it('shows the conflict counts in the status bar item', async () => {
      await waitForDiagnostic(people(), 'E002');
      const api = await activateExtension();
      const counts = await waitFor('the status counts to match the diagnostics', () => {
        let errors = 0;
        for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
          if (!uri.path.endsWith('.arc')) continue;
          errors += diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
        }
        const current = api.conflictCounts();
        return current.errors === errors && errors >= 3 ? current : undefined;
      }, [vscode.languages.onDidChangeDiagnostics]);
      assert.equal(counts.files, 2);
    });

    it('applies the arc.severity setting (E002 off, then back)', async () => {
      await waitForDiagnostic(people(), 'E002', mentions('harbour'));
      const config = vscode.workspace.getConfiguration('arc');
      await config.update('severity', { E002: 'off' }, vscode.ConfigurationTarget.Workspace);
      try {
        await waitForNoDiagnostic(people(), 'E002');
        await waitForNoDiagnostic(story(), 'E002');
      } finally {
        await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitForDiagnostic(people(), 'E002', mentions('harbour'));
    });

    it('hovers a beat with its impact', async () => {
      const document = await vscode.workspace.openTextDocument(story());
      const hovers = await withTimeout(vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider', document.uri, positionOf(document, 'event boarding', 'event '.length + 2),
      ), 'hover');
      const text = hoverText(hovers ?? []);
      assert.match(text, /Impact/, `hover text was: ${text || '(no hover)'}`);
      assert.match(text, /boarding/, `hover text was: ${text}`);
    });

    it('completes character names after `with`', async () => {
      const document = await vscode.workspace.openTextDocument(story());
      const list = await withTimeout(vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider', document.uri, positionOf(document, 'with ana\n', 'with '.length),
      ), 'completion');
      const labels = (list?.items ?? []).map(labelOf);
      assert.ok(labels.includes('ana') && labels.includes('ben'), `completion labels: ${labels.join(', ') || '(none)'}`);
      assert.ok(!labels.includes('harbor'), 'a place is not offered where a character is expected');
    });

    it('"Arc: Show impact of beat" opens a read-only view titled after the beat, which closes without a save prompt', async () => {
      const editor = await openStory('story.arc');
      const position = positionOf(editor.document, 'event boarding', 'event '.length + 1);
      editor.selection = new vscode.Selection(position, position);
      const result = await withTimeout(
        vscode.commands.executeCommand<ShowImpactResult | undefined>('arc.showImpactOfBeat'), 'arc.showImpactOfBeat');
      assert.ok(result?.shown === 'impact', `the command did not show an impact: ${JSON.stringify(result)}`);
      assert.equal(result.title, 'Impact of boarding');
      assert.match(result.markdown, /Impact/);
      const uri = vscode.Uri.parse(result.uri);
      assert.equal(uri.scheme, 'arc-impact');
      const tab = await waitForTab('Impact of boarding');
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
        ?? await vscode.workspace.openTextDocument(uri);
      assert.equal(document.getText(), result.markdown);
      assert.equal(document.languageId, 'markdown');
      assert.equal(document.isDirty, false);
      assertNoUntitledDocuments();
      assertImpactView(tab, uri);
      // Tab objects are replaced as the view loads: close the current one.
      assert.ok(await withTimeout(vscode.window.tabGroups.close(findTab('Impact of boarding') ?? tab), 'closing the impact view (a save prompt would block it)'));
      await waitFor('the impact view to close', () => (findTab('Impact of boarding') ? undefined : true), [vscode.window.tabGroups.onDidChangeTabs]);
      await vscode.window.showTextDocument(editor.document);
    });

    it('"Arc: Show impact of beat" off a beat says to place the cursor on a beat', async () => {
      const editor = await openStory('story.arc');
      const position = positionOf(editor.document, '// T101', 3);
      editor.selection = new vscode.Selection(position, position);
      const tabsBefore = allTabs().length;
      const result = await withTimeout(
        vscode.commands.executeCommand<ShowImpactResult | undefined>('arc.showImpactOfBeat'), 'arc.showImpactOfBeat');
      assert.deepEqual(result, { shown: 'message', message: 'Place the cursor on a beat (an event or a choice) to see its impact.' });
      assert.equal(allTabs().length, tabsBefore, 'nothing opened');
      assertNoUntitledDocuments();
    });

    it('lenses open what they count: the downstream beats, the resolvers; lenses with nothing to say are hidden', async () => {
      const document = (await openStory('story.arc')).document;
      const lenses = await lensesOf(document, (list) => list.length > 0);
      const at = (text: string) => lenses.find((lens) => lens.range.start.line === positionOf(document, text).line);
      const boarding = at('event boarding');
      assert.ok(boarding?.command, `no lens above boarding among: ${describeLenses(lenses)}`);
      assert.equal(boarding.command.title, '1 downstream · meso 1');
      assert.equal(boarding.command.command, 'arc.peekLocations');
      const peeked = await withTimeout(vscode.commands.executeCommand<vscode.Location[]>(
        boarding.command.command, ...(boarding.command.arguments ?? [])), 'the lens command');
      assert.deepEqual(peeked.map((l) => [l.uri.toString(), l.range.start.line]), [[story().toString(), positionOf(document, 'event storm').line]]);
      await vscode.commands.executeCommand('closeReferenceSearch').then(undefined, () => undefined);
      const crossing = at('arc crossing');
      assert.ok(crossing?.command, `no lens above the arc among: ${describeLenses(lenses)}`);
      assert.match(crossing.command.title, /^meso arc · /);
      assert.equal(crossing.command.command, 'arc.peekLocations');
      const resolvers = await withTimeout(vscode.commands.executeCommand<vscode.Location[]>(
        crossing.command.command, ...(crossing.command.arguments ?? [])), 'the arc lens command');
      assert.deepEqual(resolvers.map((l) => l.range.start.line), [positionOf(document, 'event landing').line]);
      await vscode.commands.executeCommand('closeReferenceSearch').then(undefined, () => undefined);
      assert.equal(at('event landing'), undefined, 'no lens above a beat with nothing downstream');
      assert.equal(at('event early_call'), undefined, 'no lens above a beat with nothing downstream');
    });

    it('arc.codeLens.showEmpty brings the empty lenses back, and one opens the beat\'s impact', async () => {
      const document = (await openStory('story.arc')).document;
      const config = vscode.workspace.getConfiguration('arc');
      await config.update('codeLens.showEmpty', true, vscode.ConfigurationTarget.Workspace);
      try {
        const landingLine = positionOf(document, 'event landing').line;
        const lenses = await lensesOf(document, (list) => list.some((lens) => lens.range.start.line === landingLine));
        const landing = lenses.find((lens) => lens.range.start.line === landingLine)!;
        assert.equal(landing.command?.title, 'no downstream beats');
        assert.equal(landing.command?.command, 'arc.showMarkdown');
        const uri = await withTimeout(vscode.commands.executeCommand<string>(
          landing.command.command, ...(landing.command.arguments ?? [])), 'the empty lens command');
        assert.equal(vscode.Uri.parse(uri).scheme, 'arc-impact');
        assertImpactView(await waitForTab('Impact of landing'), vscode.Uri.parse(uri));
        assertNoUntitledDocuments();
        await withTimeout(vscode.window.tabGroups.close(findTab('Impact of landing')!), 'closing the impact view');
      } finally {
        await config.update('codeLens.showEmpty', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await lensesOf(document, (list) => !list.some((lens) => lens.range.start.line === positionOf(document, 'event landing').line));
    });

    it('applies the quick fix for E002 and the conflict disappears', async () => {
      const diagnostic = await waitForDiagnostic(story(), 'E002', mentions('bnn'));
      const document = await vscode.workspace.openTextDocument(story());
      const actions = await withTimeout(vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 100,
      ), 'code actions');
      const titles = (actions ?? []).map((action) => action.title);
      const fix = (actions ?? []).find((action) => /\bben\b/.test(action.title) && action.edit);
      assert.ok(fix?.edit, `no quick fix replacing bnn with ben among: ${titles.join(' | ') || '(none)'}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the workspace edit applied');
      assert.match(document.getText(), /with ben {2}intensity 2 {2}resolves crossing/);
      await waitForNoDiagnostic(story(), 'E002', mentions('bnn'));
    });

    it('"Arc: Fix all conflicts" fixes the included file', async () => {
      const editor = await openStory('people.arc');
      await waitForDiagnostic(people(), 'E002', mentions('harbour'));
      const applied = await withTimeout(
        vscode.commands.executeCommand<number>('arc.fixAllConflicts'), 'arc.fixAllConflicts');
      assert.ok(applied >= 1, 'no fix-all action was applied');
      await waitForNoDiagnostic(people(), 'E002', mentions('harbour'));
      assert.match(editor.document.getText(), /at harbor\b/);
    });

    it('renames a character across both files', async () => {
      const peopleDocument = await vscode.workspace.openTextDocument(people());
      const storyDocument = await vscode.workspace.openTextDocument(story());
      const edit = await withTimeout(vscode.commands.executeCommand<vscode.WorkspaceEdit>(
        'vscode.executeDocumentRenameProvider', peopleDocument.uri, positionOf(peopleDocument, 'character ben', 'character '.length), 'benedict',
      ), 'rename');
      assert.ok(edit, 'no rename edit');
      const files = edit.entries().map(([uri]) => uri.path.split('/').pop());
      assert.ok(files.includes('story.arc') && files.includes('people.arc'), `rename touched: ${files.join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the rename edit applied');
      for (const document of [peopleDocument, storyDocument]) {
        const code = document.getText().replace(/\/\/.*$/gm, '');
        assert.doesNotMatch(code, /\bben\b/, `${document.uri.path} still says ben:\n${document.getText()}`);
        assert.match(code, /\bbenedict\b/);
      }
      await waitFor('no E002 after the rename', () => {
        const all = [...vscode.languages.getDiagnostics(story()), ...vscode.languages.getDiagnostics(people())];
        return all.some((d) => codeOf(d) === 'E002') ? undefined : true;
      }, [vscode.languages.onDidChangeDiagnostics]);
    });
  });
}
