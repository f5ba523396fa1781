/**
 * Another independent LSP client: Emacs 28 in batch mode with Debian's eglot,
 * configured with the set-up documented in docs/editors.md (taken from the
 * page, loaded as a user's init file), opens a story of a copy of the
 * fixture project (a git folder: eglot's project root) and must receive its
 * diagnostics from the linked `nao-language-server` on PATH.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { documentedSetup } from './doc-snippets.js';
import { skipUnlessEditorTests } from './editors-enabled.js';
import { copyWorkspace, makeRunFolder, ProcessGroup, ROOT, runEnvironment, runToExit } from './launch.js';
import { linkedServer, systemPath } from './servers.js';

const CLIENT_EL = path.join(ROOT, 'test', 'editors', 'emacs', 'client.el');

interface EmacsResult {
  readonly mode: string;
  readonly server: { command: string[]; root: string; name: string | null } | null;
  readonly diagnostics: Array<{ line: number; type: string; code: string | null; message: string }>;
  readonly errors: string[];
}

describe('Emacs (batch) with eglot and its set-up from docs/editors.md', function () {
  this.timeout(90_000);
  let result: EmacsResult;
  let workspace: string;

  before(async function () {
    skipUnlessEditorTests(this);
    assert.equal(spawnSync('emacs', ['--version']).status, 0, 'emacs is not installed; run scripts/editor-install.sh');
    const run = makeRunFolder('emacs');
    try {
      workspace = copyWorkspace(run.dir);
      execFileSync('git', ['init', '-q', workspace]);
      const bin = path.join(run.dir, 'bin');
      mkdirSync(bin);
      linkedServer(bin);
      const setup = path.join(run.dir, 'init.el');
      writeFileSync(setup, documentedSetup('emacs-setup'));
      const outFile = path.join(run.dir, 'emacs-result.json');
      const timeoutMs = 20_000;
      const child = spawn('emacs', ['--batch', '-Q', '-l', CLIENT_EL], {
        cwd: workspace,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...runEnvironment(run.dir, {
            NAO_EMACS_SETUP: setup,
            NAO_EMACS_STORY: path.join(workspace, 'story.arc'),
            NAO_EMACS_OUT: outFile,
            NAO_EMACS_TIMEOUT_MS: String(timeoutMs),
          }),
          PATH: `${bin}${path.delimiter}${systemPath()}`,
        },
      });
      const { code, output } = await runToExit(new ProcessGroup(child, 'emacs'), 3 * timeoutMs);
      assert.ok(existsSync(outFile), `emacs exited (${code}) without a result:\n${output}`);
      result = JSON.parse(readFileSync(outFile, 'utf8')) as EmacsResult;
      assert.deepEqual(result.errors, [], `emacs output:\n${output}`);
    } finally {
      run.remove();
    }
  });

  it('opens .arc files in arc-mode and starts nao-language-server with eglot at the git root', () => {
    assert.equal(result.mode, 'arc-mode');
    assert.ok(result.server, 'no eglot server');
    assert.deepEqual(result.server.command, ['nao-language-server', '--stdio']);
    assert.equal(result.server.root.replace(/\/$/, ''), workspace);
    assert.equal(result.server.name, 'nao-language-server');
  });

  it('shows the diagnostics through flymake: E002 with its did-you-mean, and T101', () => {
    const e002 = result.diagnostics.find((d) => d.code === 'E002' && d.message.includes('bnn'));
    assert.ok(e002, `diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`);
    assert.match(e002.message, /did you mean `?ben`?/);
    assert.equal(e002.type, 'eglot-error');
    assert.ok(result.diagnostics.some((d) => d.code === 'T101'), `diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`);
  });
});
