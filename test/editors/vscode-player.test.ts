/**
 * The player in the real workbench (code-server in headless Chromium, the
 * extension from the packaged .vsix when $NAO_TEST_VSIX names it, else
 * linked from this checkout), on a scratch copy of the lighthouse example:
 * plays it from the start through both options of its choice and sees the
 * state panel change (tom killed on one branch only), goes back, follows a
 * prose edit without losing the run, opens from a beat's "Play from here"
 * lens, plays a conflict's witness path from its code action and stops at
 * its beat, draws the pacing curve, and shows a hostile story's text as
 * text. Screenshots go to test-output/; with NAO_UPDATE_SCREENSHOT=1 the
 * lighthouse player is also written to docs/images/player.png.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './launch.js';
import { goToLine, openFromExplorer, runCommand, takeQuickFix, useWorkbench, webviewFrame } from './workbench.js';

const README_SCREENSHOT = path.join(ROOT, 'docs', 'images', 'player.png');

/** A story whose titles and prose hold markup and script. */
const HOSTILE = [
  'story "<img src=x onerror=alert(\'story\')>" { }',
  'character mara "<script>alert(\'character\')</script>"',
  'event one @1 "<script>alert(\'title\')</script>" { with mara',
  '  > <img src=x onerror=alert(\'prose\')><b>bold</b>',
  '}',
  'choice pick @2 "<i>which</i>" {',
  '  option a "<img src=x onerror=alert(\'option\')>" { event two @3 { with mara } }',
  '  option b "plain" { event three @3 { with mara } }',
  '}',
  '',
].join('\n');

/** The parts of DOM types used inside page.waitForFunction (the test project has no DOM types). */
interface Box { top: number; bottom: number; left: number; width: number; height: number }
interface Dom { querySelectorAll(selector: string): Iterable<{ textContent: string | null; getBoundingClientRect(): Box }> }

interface Found { img: number; b: number; i: number; alerts: number; bundles: number }

describe('VS Code (code-server) player in Chromium', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ name: 'player', settings: { 'editor.minimap.enabled': false } });
  let page: Page;
  before(() => { page = workbench.page; });

  const player = () => webviewFrame(page);
  const step = (beat: string) => player().locator(`article.step[data-beat="${beat}"]`);
  const option = (name: string) => player().locator(`#next button.option[data-option="${name}"]`);

  async function steps(): Promise<string[]> {
    return player().locator('article.step').evaluateAll((elements) => elements.map((e) => (e as unknown as { dataset: { beat: string } }).dataset.beat));
  }

  /**
   * Clicks the code lens `title` drawn just above the editor line holding
   * `lineText`. After an edit the workbench asks for the lenses again and
   * draws them anew, more than once, so this waits, in the page, until such a
   * lens sits right above that line, and clicks where it is drawn (a lens
   * drawn again in between stands at the same place).
   */
  async function clickLensAbove(lineText: string, title: string): Promise<void> {
    const found = await page.waitForFunction(([text, label]) => {
      const { document } = globalThis as unknown as { document: Dom };
      // The editor draws spaces as no-break spaces: compare with white space folded.
      const has = (element: { textContent: string | null }, wanted: string) => (element.textContent ?? '').replace(/\s+/g, ' ').includes(wanted);
      const line = [...document.querySelectorAll('.monaco-editor .view-line')].find((e) => has(e, text));
      if (!line) return null;
      const lineBox = line.getBoundingClientRect();
      for (const lens of document.querySelectorAll('.monaco-editor .codelens-decoration a')) {
        if (!has(lens, label)) continue;
        const box = lens.getBoundingClientRect();
        if (box.height > 0 && box.bottom <= lineBox.top + 1 && lineBox.top - box.bottom < lineBox.height) {
          return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        }
      }
      return null;
    }, [lineText, title] as const, { timeout: 30_000 }).catch(() => undefined);
    const at = (await found?.jsonValue()) as { x: number; y: number } | undefined;
    assert.ok(at, `a "${title}" lens is drawn above ${lineText}`);
    await page.mouse.click(at.x, at.y);
  }

  it('plays the lighthouse story from the start up to its choice, with the prose and the options', async () => {
    await openFromExplorer(page, 'lighthouse.arc');
    await page.locator('.monaco-editor .view-line', { hasText: 'The Lighthouse Keeper' }).waitFor();
    await goToLine(page, 3, 1); // the story header: outside every beat, so from the start
    await runCommand(page, 'Arc: Play from here');
    await page.locator('.tab', { hasText: 'Play: The Lighthouse Keeper' }).first().waitFor();
    await option('search').waitFor();
    assert.deepEqual(await steps(), ['storm_begins', 'lamp_fails', 'ship_in_danger', 'keep_watch']);
    assert.equal(await step('storm_begins').locator('.prose').textContent(), 'The wind rose before dusk.');
    assert.equal(await option('vigil').textContent(), 'Keep the lamp lit');
    assert.equal(await option('search').textContent(), 'Go down to the harbor');
    assert.equal(await player().locator('#next .question').textContent(), 'What does Mara do?');
    assert.equal(await player().locator('#back').isDisabled(), true, 'nothing to go back to');
    await player().locator('#state tr[data-character="tom"] .status', { hasText: 'in' }).waitFor();
  });

  it('takes an option: the path is named, the rest is played, and the state shows tom killed', async () => {
    await option('search').click();
    await step('letting_go').waitFor();
    assert.deepEqual(await steps(), ['storm_begins', 'lamp_fails', 'ship_in_danger', 'keep_watch', 'finds_boat', 'dawn', 'letting_go']);
    await player().locator('#path .path-name', { hasText: 'Path: keep_watch → search' }).waitFor();
    await player().locator('#state tr.killed[data-character="tom"] .status', { hasText: 'killed' }).waitFor();
    await player().locator('#state .entry-name', { hasText: 'storm' }).waitFor();
    await player().locator('p.the-end', { hasText: 'The end: 7 beats played.' }).waitFor();
    // The pacing curve is drawn.
    await player().locator('#chart canvas, #chart svg').first().waitFor();
    const shot = path.join(workbench.shots, 'player-lighthouse.png');
    await page.screenshot({ path: shot });
    if (process.env.NAO_UPDATE_SCREENSHOT === '1') copyFileSync(shot, README_SCREENSHOT);
  });

  it('shows the state after a beat when the beat is selected, and selects the beat at the cursor', async () => {
    await step('ship_in_danger').click();
    await player().locator('#state h2', { hasText: 'After ship_in_danger' }).waitFor();
    await player().locator('#state tr[data-character="tom"] .status', { hasText: 'in' }).waitFor();
    await page.locator('.tab', { hasText: 'lighthouse.arc' }).first().click();
    await goToLine(page, 35, 10); // in `dawn`
    await player().locator('article.step.selected[data-beat="dawn"]').waitFor();
    await player().locator('#state h2', { hasText: 'After dawn' }).waitFor();
  });

  it('goes back one choice and takes the other option: tom is never killed', async () => {
    await player().locator('#back').click();
    await option('vigil').waitFor();
    assert.deepEqual(await steps(), ['storm_begins', 'lamp_fails', 'ship_in_danger', 'keep_watch']);
    await option('vigil').click();
    await step('breathing').waitFor();
    await player().locator('#path .path-name', { hasText: 'Path: keep_watch → vigil' }).waitFor();
    assert.equal(await step('finds_boat').count(), 0);
    await player().locator('#state tr[data-character="tom"] .status', { hasText: 'in' }).waitFor();
    await player().locator('#state .entry-name', { hasText: 'grounding' }).waitFor();
  });

  it('keeps the run when the story is edited, and shows the new prose', async () => {
    await page.locator('.tab', { hasText: 'lighthouse.arc' }).first().click();
    await goToLine(page, 22, 20); // in "The wind rose before dusk."
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await page.keyboard.insertText(' The sea turned grey.');
    await step('storm_begins').locator('.prose', { hasText: 'The wind rose before dusk. The sea turned grey.' }).waitFor();
    await player().locator('#path .path-name', { hasText: 'Path: keep_watch → vigil' }).waitFor();
    await step('breathing').waitFor();
  });

  it('opens from a beat\'s "Play from here" lens, with the path that beat implies', async () => {
    await clickLensAbove('event finds_boat', 'Play from here');
    await player().locator('#path .from', { hasText: 'From finds_boat' }).waitFor();
    assert.deepEqual(await steps(), ['finds_boat', 'dawn', 'letting_go']);
    await player().locator('#path .path-name', { hasText: 'Path: keep_watch → search' }).waitFor();
    await player().locator('#state tr.killed[data-character="tom"]').waitFor();
    await player().locator('#from-start').click();
    await option('search').waitFor();
  });

  it('plays the witness path of a conflict from its code action, stopping at its beat', async () => {
    await page.locator('.tab', { hasText: 'lighthouse.arc' }).first().click();
    await goToLine(page, 35, 30); // just after `with mara` in `dawn`
    await page.keyboard.insertText(', tom');
    await page.locator('.monaco-editor .view-line', { hasText: 'with mara, tom' }).waitFor();
    await goToLine(page, 35, 33); // on `tom`
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    await takeQuickFix(page, /Play the path that shows this/);
    await player().locator('p.stopped', { hasText: 'Stopped at dawn, where C201 happens on this path.' }).waitFor();
    assert.deepEqual(await steps(), ['storm_begins', 'lamp_fails', 'ship_in_danger', 'keep_watch', 'finds_boat', 'dawn']);
    await player().locator('#path .path-name', { hasText: 'Path: keep_watch → search' }).waitFor();
    await step('dawn').locator('li.conflict.warning.focus', { hasText: 'C201' }).waitFor();
    await page.screenshot({ path: path.join(workbench.shots, 'player-conflict.png') });
    await player().locator('#next button.option', { hasText: 'Continue' }).click();
    await step('letting_go').waitFor();
  });

  it('overlays the worst paths on the pacing curve', async () => {
    await player().locator('#worst').check();
    // The lighthouse's highest peak and worst rise lie on one path: one more curve.
    await player().locator('#chart[data-curves="2"]').waitFor({ state: 'attached' });
    assert.match(await player().locator('#chart-points').textContent() ?? '', /highest peak and worst spike: /);
    await page.screenshot({ path: path.join(workbench.shots, 'player-worst-paths.png') });
  });

  it('shows a hostile story\'s titles and prose as text and runs none of its markup', async () => {
    writeFileSync(path.join(workbench.workspace, 'hostile.arc'), HOSTILE);
    await openFromExplorer(page, 'hostile.arc');
    await goToLine(page, 1, 1);
    await runCommand(page, 'Arc: Play from here');
    await step('one').waitFor();
    assert.equal(await step('one').locator('button.beat').textContent(), "<script>alert('title')</script>");
    assert.equal(await step('one').locator('.prose').textContent(), "<img src=x onerror=alert('prose')><b>bold</b>");
    assert.equal(await player().locator('#next .question').textContent(), '<i>which</i>');
    await option('a').click();
    await step('two').waitFor();
    const found = await player().locator('body').evaluate((body): Found => {
      interface Elements { length: number; [index: number]: { getAttribute(name: string): string | null; textContent: string | null } }
      const doc = (body as unknown as { ownerDocument: { querySelectorAll(s: string): Elements } }).ownerDocument;
      const scripts = doc.querySelectorAll('script');
      let alerts = 0;
      let bundles = 0;
      for (let i = 0; i < scripts.length; i++) {
        if ((scripts[i]!.textContent ?? '').includes('alert(')) alerts++;
        if (scripts[i]!.getAttribute('src')?.endsWith('/player.js')) bundles++;
      }
      return { img: doc.querySelectorAll('img').length, b: doc.querySelectorAll('b').length, i: doc.querySelectorAll('i').length, alerts, bundles };
    });
    assert.deepEqual(found, { img: 0, b: 0, i: 0, alerts: 0, bundles: 1 }, 'no element made of story text, one bundle');
    assert.deepEqual(workbench.dialogs, []);
    await page.screenshot({ path: path.join(workbench.shots, 'player-hostile.png') });
  });
});
