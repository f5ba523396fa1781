/**
 * The code-server adapter (test/editors/code-server-as-vscode) reads the
 * command line that @vscode/test-electron's runTests really gives the VS Code
 * it launches: runTests here launches a recorder in its place, and the
 * recorded arguments must parse into the paths, the profile and the folder
 * that were asked for (an argument it does not know would fail the parse,
 * as it fails the adapter).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { parseVSCodeCommandLine, UsageError } from './editors/code-server-as-vscode.js';

describe('the code-server adapter for @vscode/test-electron', () => {
  it('understands the command line runTests launches VS Code with', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nao-adapter-'));
    try {
      const recorder = path.join(dir, 'record-args');
      writeFileSync(recorder, '#!/bin/sh\nprintf \'%s\\n\' "$@" > "$NAO_RECORDED_ARGS"\n');
      chmodSync(recorder, 0o755);
      const recorded = path.join(dir, 'args.txt');
      const workspace = path.join(dir, 'workspace');
      const code = await runTests({
        vscodeExecutablePath: recorder,
        extensionDevelopmentPath: path.join(dir, 'ext'),
        extensionTestsPath: path.join(dir, 'ext', 'tests', 'index.cjs'),
        launchArgs: [workspace, `--user-data-dir=${path.join(dir, 'user')}`, `--extensions-dir=${path.join(dir, 'exts')}`],
        extensionTestsEnv: { NAO_RECORDED_ARGS: recorded },
        stdout: new PassThrough(), // runTests prints "Exit code: 0"
      });
      assert.equal(code, 0);
      const argv = readFileSync(recorded, 'utf8').split('\n').slice(0, -1);
      const command = parseVSCodeCommandLine(argv);
      assert.equal(command.extensionDevelopmentPath, path.join(dir, 'ext'));
      assert.equal(command.extensionTestsPath, path.join(dir, 'ext', 'tests', 'index.cjs'));
      assert.equal(command.userDataDir, path.join(dir, 'user'));
      assert.equal(command.extensionsDir, path.join(dir, 'exts'));
      assert.equal(command.folder, workspace);
      assert.ok(command.ignored.includes('--no-sandbox'), `ignored: ${command.ignored.join(' ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what it cannot do in code-server', () => {
    assert.throws(() => parseVSCodeCommandLine(['--extensionTestsPath=/t', '--extensionDevelopmentPath=/e', '--disable-extensions']), UsageError);
    assert.throws(() => parseVSCodeCommandLine(['--extensionDevelopmentPath=/e']), /--extensionTestsPath is required/);
    assert.throws(() => parseVSCodeCommandLine(['--extensionTestsPath=/t', '--extensionDevelopmentPath=/a', '--extensionDevelopmentPath=/b']), /given 2 times/);
  });
});
