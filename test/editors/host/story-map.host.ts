/**
 * The story map in the real extension host: the command that opens the map,
 * and the code action "Show on the story map" on a conflict. (What the map draws is tested in the
 * workbench, vscode-story-map.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openStory, waitFor, waitForDiagnostic, withTimeout } from './helpers.js';

interface MapState { open: boolean; nodes: number; renders: number; version: number | undefined }

export function defineStoryMapTests(): void {
  describe('Arc story map in VS Code', () => {
    let state: () => MapState | undefined;
    let changed: vscode.Event<void>;

    before(async () => {
      await openStory('story.arc');
      const api = await activateExtension();
      await withTimeout(api.ready, 'the language server to answer initialize');
      const mapApi = api as unknown as { storyMap: () => MapState | undefined; onDidChangeStoryMap: vscode.Event<void> };
      state = mapApi.storyMap;
      changed = mapApi.onDidChangeStoryMap;
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('opens the map of the project with Arc: Open story map, and the webview draws it', async () => {
      await openStory('story.arc');
      await vscode.commands.executeCommand('arc.openStoryMap');
      const drawn = await waitFor('the map view to draw the map', () => {
        const current = state();
        return current && current.renders > 0 ? current : undefined;
      }, [changed, vscode.window.tabGroups.onDidChangeTabs], 30_000, () => JSON.stringify(state()));
      assert.equal(drawn.open, true);
      assert.equal(drawn.nodes, 6, 'the five beats of story.arc and the one of people.arc');
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview);
      assert.ok(tab, 'a webview tab');
      assert.equal(tab.label, 'Story map: The Ferry');
    });

    it('offers Show on the story map for a conflict, carrying its id', async () => {
      const uri = (await openStory('story.arc')).document.uri;
      const diagnostic = await waitForDiagnostic(uri, 'T101');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const show = actions.find((a) => a.title === 'Show on the story map');
      assert.ok(show?.command, actions.map((a) => a.title).join(', '));
      assert.equal(show.command.command, 'arc.showOnStoryMap');
      const argument = show.command.arguments?.[0] as { uri: string; conflictId: string };
      assert.match(argument.conflictId, /^T101:late_news:causes:early_call/);
      const result = await vscode.commands.executeCommand<MapState>(show.command.command, ...(show.command.arguments ?? []));
      assert.equal(result.open, true);
    });
  });
}
