/**
 * The extension's tests inside the real VS Code extension host, run by
 * @vscode/test-electron's runTests with a desktop VS Code or, without one,
 * code-server + headless Chromium (see run-vscode-tests.ts). The tests
 * themselves are in test/editors/host/; this reports each of them and fails
 * if any failed.
 */
import * as assert from 'node:assert/strict';
import { skipUnlessEditorTests } from './editors-enabled.js';
import { missingForVSCode } from './launch.js';
import { chooseVSCode, formatResults, runExtensionHostTests } from './run-vscode-tests.js';

describe('VS Code extension host, through @vscode/test-electron', function () {
  this.timeout(300_000);

  it('passes the extension tests in the real extension host', async function () {
    skipUnlessEditorTests(this);
    const vscode = await chooseVSCode();
    console.log(`      VS Code: ${vscode.kind} (${vscode.reason})`);
    if (vscode.kind === 'code-server') {
      const missing = missingForVSCode();
      assert.equal(missing, undefined, missing);
    }
    const run = await runExtensionHostTests({ vscode });
    const summary = formatResults(run);
    console.log(summary.split('\n').map((line) => `      ${line}`).join('\n'));
    assert.ok(run.results.length > 0, `no test results came back from the extension host:\n${run.log.join('\n')}`);
    const failed = run.results.filter((result) => result.state === 'failed').map((result) => result.title);
    assert.deepEqual(failed, [], `failed in the extension host:\n${summary}`);
    assert.equal(run.exitCode, 0);
  });
});
