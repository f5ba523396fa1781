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
import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, ROOT } from './launch.js';
import { goToLine, useWorkbench } from './workbench.js';

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
  const workbench = useWorkbench({ name: 'vscode-ui', settings: { 'editor.hover.delay': 150 } });
  let page: Page;
  before(() => { page = workbench.page; });

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
    await goToLine(page, 35);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    const status = page.locator(STATUS_ITEM, { hasText: /^\s*0\s+1\s+0\s+Arc\s*$/ });
    await status.waitFor();
    const text = (await status.innerText()).trim();
    assert.match(text, /^0\s+1\s+0\s+Arc$/, `status bar item: ${text}`);
    await page.screenshot({ path: path.join(workbench.shots, 'vscode-ui-squiggles.png') });
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
    await goToLine(page, 33);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    const token = page.locator('.monaco-editor .view-line span', { hasText: /^keep_watch$/ }).first();
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: 'Impact' });
    // When the lines under the mouse move (code lenses drawn late), the
    // workbench may not open the hover, or close it before it is drawn (its
    // fade-in is then cancelled: AbortError): then the mouse leaves and
    // hovers the token where it is now, up to three times. Only the
    // workbench's timeouts and cancelled fade-ins are retried, never an
    // assertion.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.mouse.move(0, 0);
        await token.hover();
        const text = await hover.first().innerText({ timeout: 10_000 });
        assert.match(text, /keep_watch/, `hover: ${text}`);
        assert.match(text, /kills\W+tom/, `hover: ${text}`);
        // Let the hover's fade-in finish so that the screenshot shows it drawn.
        await page.locator('.monaco-hover:not(.hidden)').first()
          .evaluate((element: Animatable) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)), undefined, { timeout: 10_000 });
        break;
      } catch (error) {
        const retried = error instanceof Error && (error.name === 'TimeoutError' || /\bAbortError\b/.test(error.message));
        if (attempt === 3 || !retried) throw error;
      }
    }
    const shot = path.join(workbench.shots, 'vscode-ui-hover.png');
    await page.screenshot({ path: shot });
    if (process.env.NAO_UPDATE_SCREENSHOT === '1') copyFileSync(shot, README_SCREENSHOT);
  });
});
