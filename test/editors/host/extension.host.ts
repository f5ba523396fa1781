/**
 * The extension itself, inside the real extension host: it activates on an
 * Arc story, registers the `arc` language, its commands, settings, and starts
 * the language server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, openStory, withTimeout } from './helpers.js';

export function defineExtensionTests(): void {
  describe('Arc extension (real VS Code extension host)', () => {
    it('registers the arc language and activates on a story', async () => {
      const languages = await vscode.languages.getLanguages();
      assert.ok(languages.includes('arc'), `'arc' not among the registered languages`);
      const editor = await openStory('story.arc');
      assert.equal(editor.document.languageId, 'arc');
      const api = await activateExtension();
      assert.ok(api, 'activate() returns the extension API');
      assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    });

    it('registers its commands and settings', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const command of ['arc.showImpactOfBeat', 'arc.fixAllConflicts', 'arc.restartServer', 'arc.peekLocations', 'arc.showMarkdown', 'arc.openStoryMap', 'arc.playFromHere', 'arc.playConflictPath']) {
        assert.ok(commands.includes(command), `command ${command} is not registered`);
      }
      const config = vscode.workspace.getConfiguration('arc');
      assert.equal(config.get('analysisDelay'), 0);
      assert.deepEqual(config.get('severity'), {});
      assert.equal(config.get('trace.server'), 'off');
      assert.equal(config.get('codeLens.enabled'), true);
      assert.equal(config.get('codeLens.showEmpty'), false);
    });

    it('starts the language server', async () => {
      const api = await activateExtension();
      await withTimeout(api.ready, 'the language server to answer initialize');
      assert.ok(api.client(), 'a language client exists');
    });
  });
}
