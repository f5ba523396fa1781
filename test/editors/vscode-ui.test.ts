/**
 * A UI test of the workbench, as a writer uses it: VS Code (code-server) with
 * the extension installed from the packaged .vsix named by $NAO_TEST_VSIX
 * (`npm run test:editors` packages it), or else linked from this checkout into
 * the extensions folder (as `npm start` does), driven in headless Chromium by
 * playwright-core, on a scratch copy of the lighthouse example (examples/).
 * Opens the story by double-clicking it in the Explorer, sees it clean, types
 * an edit that brings Tom back at dawn although one path kills him, waits for
 * the squiggle and the status bar count, reads the Problems panel, hovers the
 * choice, and saves screenshots under test-output/. The last one is the
 * README's picture: with NAO_UPDATE_SCREENSHOT=1 it is also written to
 * docs/images/vscode.png.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { skipUnlessEditorTests } from './editors-enabled.js';
import {
  copyWorkspace, ensureTestOutput, EXTENSION_ID, installVsix, launchChromium, makeRunFolder, missingForVSCode, ROOT,
  startCodeServer, workbenchUrl, type CodeServer, type RunFolder,
} from './launch.js';

const UI_TIMEOUT_MS = 30_000;
const EXAMPLES = path.join(ROOT, 'examples');
/** The screenshot the README shows. */
const README_SCREENSHOT = path.join(ROOT, 'docs', 'images', 'vscode.png');
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
    const workspace = copyWorkspace(run.dir, EXAMPLES);
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const vsix = process.env.NAO_TEST_VSIX;
    if (vsix) await installVsix(run.dir, path.resolve(vsix));
    server = await startCodeServer({
      runDir: run.dir,
      ...(vsix ? {} : { extensionLinks: { [`${EXTENSION_ID}-${version}`]: ROOT } }),
      settings: { 'editor.hover.delay': 150, 'workbench.editor.enablePreview': false, 'files.autoSave': 'off' },
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

  /** Moves the cursor to a line with Go to Line (Ctrl+G), which scrolls it into view. */
  async function goToLine(line: number): Promise<void> {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}`);
    await input.press('Enter');
    await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` }).waitFor();
  }

  it('opens the lighthouse story from the Explorer as an Arc document', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lighthouse.arc' });
    await row.dblclick();
    await page.locator('.tabs-container .tab.active', { hasText: 'lighthouse.arc' }).waitFor();
    await page.locator('.monaco-editor .view-line', { hasText: 'The Lighthouse Keeper' }).waitFor();
    // The language mode indicator names the language of the active editor.
    await page.locator('#status\\.editor\\.mode', { hasText: 'Arc story script' }).waitFor();
  });

  it('finds no conflicts in the example', async () => {
    await page.locator(STATUS_ITEM, { hasText: 'no conflicts' }).waitFor();
  });

  it('underlines a conflict as the writer types, and counts it in the status bar', async () => {
    // Tom comes back at dawn, but on the path through `search` he died in `finds_boat`.
    const mara = page.locator('.monaco-editor .view-line', { hasText: 'event dawn' }).locator('span span', { hasText: /^mara$/ });
    await mara.dblclick();
    await page.keyboard.type('mara, tom');
    await page.locator('.monaco-editor .view-line', { hasText: 'with mara, tom' }).waitFor();
    await goToLine(35);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    const status = page.locator(STATUS_ITEM, { hasText: /^\s*0\s+1\s+0\s+Arc\s*$/ });
    await status.waitFor();
    const text = (await status.innerText()).trim();
    assert.match(text, /^0\s+1\s+0\s+Arc$/, `status bar item: ${text}`);
    await page.screenshot({ path: path.join(shots, 'vscode-ui-squiggles.png') });
  });

  it('lists the conflict with its path in the Problems panel', async () => {
    // The status bar item opens the Problems panel.
    await page.locator(STATUS_ITEM).click();
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    const c201 = panel.locator('.monaco-list-row', { hasText: 'C201' });
    await c201.first().waitFor();
    const text = await c201.first().innerText();
    assert.match(text, /`?tom`? is involved in `?dawn`? after being killed in `?finds_boat`?/, `Problems row: ${text}`);
    assert.match(text, /on path keep_watch → search/, `Problems row: ${text}`);
  });

  it('hovers the choice and shows the impact of each option (the README screenshot)', async () => {
    // The Problems panel took half the editor: bring the choice, its options
    // and the squiggle at dawn into view.
    await goToLine(33);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    const token = page.locator('.monaco-editor .view-line span', { hasText: /^keep_watch$/ }).first();
    await token.hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'Impact' });
    await hover.first().waitFor();
    const text = await hover.first().innerText();
    assert.match(text, /keep_watch/, `hover: ${text}`);
    assert.match(text, /kills\W+tom/, `hover: ${text}`);
    // Let the hover's fade-in finish so that the screenshot shows it drawn.
    await page.locator('.monaco-hover:not(.hidden)').first()
      .evaluate((element: Animatable) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)));
    const shot = path.join(shots, 'vscode-ui-hover.png');
    await page.screenshot({ path: shot });
    if (process.env.NAO_UPDATE_SCREENSHOT === '1') copyFileSync(shot, README_SCREENSHOT);
  });
});
