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

    it('"Arc: Show impact of beat" shows the impact of the beat at the cursor', async () => {
      const editor = await openStory('story.arc');
      const position = positionOf(editor.document, 'event boarding', 'event '.length + 1);
      editor.selection = new vscode.Selection(position, position);
      const markdown = await withTimeout(
        vscode.commands.executeCommand<string | undefined>('arc.showImpactOfBeat'), 'arc.showImpactOfBeat');
      assert.ok(markdown, 'the command returned no markdown');
      assert.match(markdown, /Impact/);
      assert.match(markdown, /boarding/);
      await vscode.window.showTextDocument(editor.document);
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
