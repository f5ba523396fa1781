/**
 * Entry point of the tests that run inside the real VS Code extension host
 * (what @vscode/test-electron calls `extensionTestsPath`). Bundled by
 * scripts/editor-build.mjs into test/editors/out/host/index.cjs and loaded by
 * the workbench when test/editors/run-vscode-tests.ts opens it with an
 * `extensionTestsPath` payload. VS Code calls `run()`; a rejection makes the
 * test run exit with a non-zero code (delivered to `codeAutomationExit`).
 *
 * Results are also written as JSON to $NAO_HOST_TEST_REPORT when set.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { defineExtensionTests } from './extension.host.js';
import { defineFeatureTests } from './features.host.js';
import { defineStoryMapTests } from './story-map.host.js';

interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  if (process.env.NAO_HOST_TEST_GREP) mocha.grep(process.env.NAO_HOST_TEST_GREP);
  // Installs describe/it/before... as globals, as `mocha` does before loading spec files.
  mocha.suite.emit('pre-require', globalThis, 'arc-host-tests', mocha);
  defineExtensionTests();
  defineStoryMapTests();
  defineFeatureTests();

  const results: TestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending' }));
    runner.on('fail', (test, error: Error) => results.push({
      title: test.fullTitle(), state: 'failed', error: error?.stack ?? String(error),
    }));
  });

  const reportPath = process.env.NAO_HOST_TEST_REPORT;
  if (reportPath) {
    writeFileSync(reportPath, JSON.stringify({ failures, results, node: process.version }, null, 2));
  }
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
