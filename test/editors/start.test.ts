/**
 * `npm start` as a writer meets it: scripts/start.mjs (what `npm start` runs
 * once it has installed and built) serves VS Code on a scratch copy of
 * examples/ with lighthouse.arc open, says where that copy is, and editing
 * and saving the story there leaves the repository's examples/ untouched.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { skipUnlessEditorTests } from './editors-enabled.js';
import {
  ensureTestOutput, launchChromium, makeRunFolder, missingForVSCode, NODE22, ProcessGroup, ROOT, runEnvironment, type RunFolder,
} from './launch.js';

const EXAMPLE = path.join(ROOT, 'examples', 'lighthouse.arc');

describe('npm start (scripts/start.mjs) in Chromium', function () {
  this.timeout(120_000);
  let run: RunFolder | undefined;
  let start: ProcessGroup | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let output = '';
  let url: string;
  let folder: string;
  const original = readFileSync(EXAMPLE, 'utf8');

  before(async function () {
    skipUnlessEditorTests(this);
    const missing = missingForVSCode();
    assert.equal(missing, undefined, missing);
    run = makeRunFolder('start');
    const state = path.join(run.dir, 'state');
    const child = spawn(NODE22, [path.join(ROOT, 'scripts', 'start.mjs'), '--state', state], {
      cwd: ROOT, env: runEnvironment(run.dir), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    start = new ProcessGroup(child, 'start.mjs');
    const printed = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (/^\s*code-server log: /m.test(output)) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void start!.exited.then((code) => reject(new Error(`start.mjs exited (${code}):\n${output}`)));
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([printed, new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`start.mjs printed no address within 60 s:\n${output}`)), 60_000);
    })]).finally(() => clearTimeout(timer));
    url = /^\s*(http:\/\/127\.0\.0\.1:\d+\/\S*)$/m.exec(output)?.[1] ?? '';
    folder = /^\s*folder: (.*)$/m.exec(output)?.[1]?.trim() ?? '';
    browser = await launchChromium(run.dir);
    page = browser.pages()[0] ?? await browser.newPage();
    page.setDefaultTimeout(30_000);
  });

  after(async function () {
    if (page && this.currentTest?.state === 'failed') {
      await page.screenshot({ path: path.join(ensureTestOutput(), 'start-failure.png') }).catch(() => undefined);
    }
    await browser?.close().catch(() => undefined);
    await start?.stop();
    run?.remove();
  });

  it('prints the address on 127.0.0.1 and a scratch folder outside the repository', () => {
    assert.ok(url, `no address in:\n${output}`);
    assert.ok(folder.startsWith(run!.dir + path.sep), `folder ${folder} is not in the state folder; output:\n${output}`);
    assert.match(output, /scratch copy of examples\//);
    assert.equal(readFileSync(path.join(folder, 'lighthouse.arc'), 'utf8'), original);
    assert.ok(existsSync(path.join(folder, 'characters.arc')));
  });

  it('opens the folder with lighthouse.arc in the editor', async () => {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.tabs-container .tab.active', { hasText: 'lighthouse.arc' }).waitFor();
    await page.locator('.monaco-editor .view-line', { hasText: 'The Lighthouse Keeper' }).waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'characters.arc' }).waitFor();
  });

  it('saves an edit to the copy, not to examples/', async () => {
    await page.locator('.monaco-editor .view-line', { hasText: 'The Lighthouse Keeper' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' // edited');
    await page.keyboard.press('Control+S');
    const copy = path.join(folder, 'lighthouse.arc');
    const deadline = Date.now() + 20_000;
    while (!readFileSync(copy, 'utf8').includes('// edited')) {
      assert.ok(Date.now() < deadline, 'the edit was not saved to the copy within 20 s');
      await page.waitForTimeout(100); // polling the file, with the deadline above
    }
    assert.equal(readFileSync(EXAMPLE, 'utf8'), original, 'examples/lighthouse.arc changed');
  });
});
