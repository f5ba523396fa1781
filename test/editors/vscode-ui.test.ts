/**
 * A UI test of the workbench, as a writer uses it: VS Code (code-server) with
 * the extension installed from the packaged .vsix named by $NAO_TEST_VSIX
 * (`npm run test:editors` packages it), or else linked from this checkout into
 * the extensions folder (as `npm start` does), driven in headless Chromium by
 * playwright-core. Opens the story by
 * double-clicking it in the Explorer, waits for the squiggles and the status
 * bar count, reads the Problems panel, hovers a beat, and saves screenshots
 * under test-output/.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { skipUnlessEditorTests } from './editors-enabled.js';
import {
  copyWorkspace, ensureTestOutput, EXTENSION_ID, installVsix, launchChromium, makeRunFolder, missingForVSCode, ROOT,
  startCodeServer, workbenchUrl, type CodeServer, type RunFolder,
} from './launch.js';

const UI_TIMEOUT_MS = 30_000;
/** The part of a DOM element used here (the test project has no DOM types). */
interface Animatable {
  getAnimations(options: { subtree: boolean }): { readonly finished: Promise<unknown> }[];
}
/** The extension's status bar item (VS Code gives it the id `<extension id>.<item id>`). */
const STATUS_ITEM = `[id="${EXTENSION_ID}.arc.conflicts"]`;

describe('VS Code (code-server) workbench UI in Chromium', function () {
  this.timeout(120_000);
  let run: RunFolder | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let shots: string;

  before(async function () {
    skipUnlessEditorTests(this);
    const missing = missingForVSCode();
    assert.equal(missing, undefined, missing);
    shots = ensureTestOutput();
    run = makeRunFolder('vscode-ui');
    const workspace = copyWorkspace(run.dir);
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const vsix = process.env.NAO_TEST_VSIX;
    if (vsix) await installVsix(run.dir, path.resolve(vsix));
    server = await startCodeServer({
      runDir: run.dir,
      ...(vsix ? {} : { extensionLinks: { [`${EXTENSION_ID}-${version}`]: ROOT } }),
      settings: { 'editor.hover.delay': 150, 'workbench.editor.enablePreview': false },
    });
    browser = await launchChromium(run.dir);
    page = browser.pages()[0] ?? await browser.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench').waitFor();
  });

  after(async function () {
    if (page && this.currentTest?.state === 'failed') {
      await page.screenshot({ path: path.join(shots, 'vscode-ui-failure.png') }).catch(() => undefined);
    }
    await browser?.close().catch(() => undefined);
    await server?.stop();
    run?.remove();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await page.screenshot({ path: path.join(shots, `vscode-ui-failed-${name}.png`) }).catch(() => undefined);
    }
  });

  it('opens a story from the Explorer as an Arc document', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'story.arc' });
    await row.dblclick();
    await page.locator('.tabs-container .tab.active', { hasText: 'story.arc' }).waitFor();
    await page.locator('.monaco-editor .view-line', { hasText: 'event boarding' }).waitFor();
    // The language mode indicator names the language of the active editor.
    await page.locator('#status\\.editor\\.mode', { hasText: 'Arc story script' }).waitFor();
  });

  it('shows the conflicts as squiggles and in the status bar', async () => {
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    const status = page.locator(STATUS_ITEM, { hasText: /[1-9]/ });
    await status.waitFor();
    const text = (await status.innerText()).trim();
    assert.match(text, /^[1-9]\d*\s+\d+\s+\d+\s+Arc$/, `status bar item: ${text}`);
    await page.screenshot({ path: path.join(shots, 'vscode-ui-squiggles.png') });
  });

  it('lists the expected conflicts in the Problems panel', async () => {
    // The status bar item opens the Problems panel.
    await page.locator(STATUS_ITEM).click();
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    const e002 = panel.locator('.monaco-list-row', { hasText: 'bnn' });
    await e002.first().waitFor();
    const text = await e002.first().innerText();
    assert.match(text, /E002/, `Problems row: ${text}`);
    assert.match(text, /did you mean `?ben`?/, `Problems row: ${text}`);
    await panel.locator('.monaco-list-row', { hasText: 'T101' }).first().waitFor();
    await panel.locator('.monaco-list-row', { hasText: 'harbour' }).first().waitFor();
  });

  it('hovers a beat and shows its impact', async () => {
    const token = page.locator('.monaco-editor .view-line span', { hasText: /^boarding$/ }).first();
    await token.hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'Impact' });
    await hover.first().waitFor();
    const text = await hover.first().innerText();
    assert.match(text, /boarding/, `hover: ${text}`);
    // Let the hover's fade-in finish so that the screenshot shows it drawn.
    await page.locator('.monaco-hover:not(.hidden)').first()
      .evaluate((element: Animatable) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    await page.screenshot({ path: path.join(shots, 'vscode-ui-hover.png') });
  });
});
