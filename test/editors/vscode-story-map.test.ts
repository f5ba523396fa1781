/**
 * The story map view in the real workbench (code-server in headless
 * Chromium, the extension from the packaged .vsix when $NAO_TEST_VSIX names
 * it, else linked from this checkout), on a scratch copy of the lighthouse
 * example: opens the map from the editor's title bar, screenshots it, clicks
 * a node and sees the editor reveal it, moves the cursor and sees the node
 * selected, types edits and sees the map follow them (a conflict marked, a
 * new beat drawn) without moving the nodes that did not change, highlights
 * a conflict's path from its code action, and opens a story whose titles
 * hold HTML and script to check that nothing runs and the text shows as
 * text. Screenshots go to test-output/; with NAO_UPDATE_SCREENSHOT=1 the
 * lighthouse map is also written to docs/images/story-map.png.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, NODE22, ROOT } from './launch.js';
import { goToLine, openFromExplorer, quickOpen, takeQuickFix, useWorkbench, webviewFrame } from './workbench.js';

const README_SCREENSHOT = path.join(ROOT, 'docs', 'images', 'story-map.png');

/** A story whose titles and prose hold markup and script. */
const HOSTILE = [
  'story "<img src=x onerror=alert(\'story\')>" { }',
  'character mara "<script>alert(\'character\')</script>"',
  'arc a1 macro "<img src=x onerror=alert(\'arc\')>" {',
  '  event one @3 "<script>alert(\'title\')</script>" { with mara  causes two',
  '    > <img src=x onerror=alert(\'prose\')>',
  '  }',
  '  event two @2 "</text><img src=x onerror=alert(2)><b>bold</b>" { with mara }',
  '}',
  '',
].join('\n');

/** The parts of DOM types used inside page.evaluate (the test project has no DOM types). */
interface Shape { getAttribute(name: string): string | null }

describe('VS Code (code-server) story map view in Chromium', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ name: 'story-map', settings: { 'editor.minimap.enabled': false } });
  let page: Page;
  before(() => { page = workbench.page; });

  /** The map's page: the webview's inner frame. */
  const mapFrame = () => webviewFrame(page);

  const node = (id: string) => mapFrame().locator(`g.node[data-id="${id}"]`);

  /** Where each node's shape is drawn, by id. */
  async function positions(): Promise<Map<string, string>> {
    const entries = await mapFrame().locator('g.node').evaluateAll((elements: Shape[]) => elements.map((element) => {
      const shape = (element as unknown as { querySelector(s: string): Shape }).querySelector('.shape')!;
      return [element.getAttribute('data-id')!, `${shape.getAttribute('x') ?? ''},${shape.getAttribute('y') ?? ''},${shape.getAttribute('points') ?? ''}`] as [string, string];
    }));
    return new Map(entries);
  }

  it('opens the map of the lighthouse story from the editor title bar, beside the text', async () => {
    await openFromExplorer(page, 'lighthouse.arc');
    await page.locator('.monaco-editor .view-line', { hasText: 'The Lighthouse Keeper' }).waitFor();
    await page.locator('.editor-actions [aria-label="Open story map"]').first().click();
    await page.locator('.tab', { hasText: 'Story map' }).first().waitFor();
    for (const id of ['storm_begins', 'keep_watch', 'keep_watch.search', 'keep_watch.vigil', 'dawn', 'letting_go']) await node(id).waitFor();
    await mapFrame().locator('g.group[data-group="storm"]').waitFor();
    await mapFrame().locator('path.edge.causes[data-from="lamp_fails"][data-to="ship_in_danger"]').waitFor({ state: 'attached' });
    assert.equal(await mapFrame().locator('g.node.choice').count(), 1);
    // Nodes are reachable from the keyboard.
    assert.equal(await node('dawn').getAttribute('tabindex'), '0');
    const shot = path.join(workbench.shots, 'story-map-lighthouse.png');
    await page.screenshot({ path: shot });
    if (process.env.NAO_UPDATE_SCREENSHOT === '1') copyFileSync(shot, README_SCREENSHOT);
  });

  it('reveals a node\'s declaration in the editor when it is clicked, and from the keyboard', async () => {
    await node('finds_boat').click();
    await page.locator('#status\\.editor\\.selection', { hasText: /Ln 32, Col 25 \(10 selected\)/ }).waitFor();
    await node('storm_begins').focus();
    await node('storm_begins').press('Enter');
    await page.locator('#status\\.editor\\.selection', { hasText: /Ln 18, Col 23 \(12 selected\)/ }).waitFor();
  });

  it('selects the node whose declaration holds the cursor', async () => {
    await goToLine(page, 24, 30);
    await mapFrame().locator('g.node.selected[data-id="lamp_fails"]').waitFor();
    assert.equal(await mapFrame().locator('g.node.selected').count(), 1);
  });

  it('marks a conflict typed into the story on its node, keeping every node where it was', async () => {
    const before = await positions();
    await goToLine(page, 35, 30); // just after `with mara` in `dawn`
    await page.keyboard.insertText(', tom');
    await page.locator('.monaco-editor .view-line', { hasText: 'with mara, tom' }).waitFor();
    const marked = mapFrame().locator('g.node.severity-warning[data-id="dawn"]');
    await marked.waitFor();
    // The map drew it without taking the keyboard from the editor, though one of its nodes had the focus last.
    const inEditor = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document;
      return doc.activeElement?.closest('.monaco-editor') != null;
    });
    assert.ok(inEditor, 'the editor keeps the focus');
    const tooltip = await marked.locator('title').first().textContent();
    assert.match(tooltip ?? '', /warning C201: `tom` is involved in `dawn` after being killed in `finds_boat`/);
    assert.deepEqual(await positions(), before);
    await page.screenshot({ path: path.join(workbench.shots, 'story-map-conflict.png') });
  });

  it('draws a new beat where it belongs without moving the others', async () => {
    const before = await positions();
    await goToLine(page, 35, 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('event gale @7 { with mara }');
    await page.locator('.monaco-editor .view-line', { hasText: 'event gale @7' }).waitFor();
    await node('gale').waitFor();
    const after = await positions();
    for (const [id, where] of before) assert.equal(after.get(id), where, `${id} moved`);
    await mapFrame().locator('path.edge.flow[data-from="dawn"][data-to="gale"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: path.join(workbench.shots, 'story-map-edited.png') });
  });

  it('comes back as it was, zoom and positions, after being hidden behind another editor', async () => {
    await mapFrame().locator('#zoom-in').click();
    const camera = mapFrame().locator('g.camera');
    const zoomed = await camera.getAttribute('transform');
    const before = await positions();
    // Another editor in the map's group hides the map (its page is dropped), then the map's tab shows it again.
    await page.locator('.tab', { hasText: 'Story map' }).first().click();
    // The map's frame takes the focus once its tab is clicked, which closes a Quick Open opened before (quickOpen).
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { matches(s: string): boolean } | null } }).document;
      return doc.activeElement?.matches('iframe.webview') ?? false;
    });
    await quickOpen(page, 'characters.arc');
    await page.locator('iframe.webview.ready').waitFor({ state: 'hidden' });
    await page.locator('.tab', { hasText: 'Story map' }).first().click();
    await node('gale').waitFor();
    assert.equal(await mapFrame().locator('g.camera').getAttribute('transform'), zoomed);
    assert.deepEqual(await positions(), before);
    await page.locator('.tab', { hasText: 'lighthouse.arc' }).first().click();
    await page.locator('.tab.active', { hasText: 'lighthouse.arc' }).waitFor();
  });

  it('highlights a conflict\'s witness path and related beats from its code action', async () => {
    await goToLine(page, 35, 33); // on `tom` in `dawn`
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor();
    await takeQuickFix(page, /Show on the story map/);
    for (const id of ['dawn', 'finds_boat', 'keep_watch', 'keep_watch.search']) {
      await mapFrame().locator(`g.node.highlighted[data-id="${id}"]`).waitFor();
    }
    assert.equal(await mapFrame().locator('g.node.highlighted[data-id="keep_watch.vigil"]').count(), 0);
    await mapFrame().locator('#status', { hasText: 'C201 warning' }).waitFor();
    await page.screenshot({ path: path.join(workbench.shots, 'story-map-highlight.png') });
  });

  const saveDialog = () => page.locator('.quick-input-widget', { has: page.locator('.monaco-button', { hasText: 'Show Local' }) });

  /** Presses an export button of the map, accepts the name the save dialog offers and waits for the file to be written. */
  async function exportPicture(button: 'SVG' | 'PNG', name: string): Promise<Buffer> {
    await mapFrame().locator(`#export-${button.toLowerCase()}`).click();
    // code-server's save dialog is VS Code's own (a path in a quick input, with OK and Show Local), offering the
    // workspace folder and a name made of the story's title.
    await saveDialog().waitFor();
    // The dialog shows the folder first, then the name it offers.
    await page.waitForFunction((wanted) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document;
      return doc.querySelector('.quick-input-widget input')?.value.endsWith(wanted) ?? false;
    }, `/workspace/${name}`);
    await saveDialog().locator('input').press('Enter');
    await page.locator('.notifications-toasts', { hasText: `the story map was saved to ${name}` }).waitFor();
    return readFileSync(path.join(workbench.workspace, name));
  }

  it('saves the picture as SVG and as PNG where the save dialog says', async () => {
    const svg = (await exportPicture('SVG', 'The-Lighthouse-Keeper.svg')).toString('utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="arc-story-map"[^>]* role="img" aria-label="Story map of The Lighthouse Keeper"/);
    assert.match(svg, /<\/svg>$/);
    assert.match(svg, /<style>\.arc-story-map\{--map-background:/, 'the theme\'s colours inside');
    for (const id of ['storm_begins', 'dawn', 'keep_watch.search']) assert.ok(svg.includes(`data-id="${id}"`), id);
    const png = await exportPicture('PNG', 'The-Lighthouse-Keeper.png');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    // Both are read back by the browser: the SVG parses as an SVG document, the PNG decodes at the size it says.
    const reader = await page.context().newPage();
    try {
      const read = await reader.evaluate(async ({ svgText, pngBase64 }) => {
        const g = globalThis as unknown as {
          DOMParser: new () => { parseFromString(text: string, type: string): { documentElement: { tagName: string }; getElementsByTagName(t: string): { length: number } } };
          createImageBitmap(blob: unknown): Promise<{ width: number; height: number }>;
          Blob: new (parts: unknown[], options: { type: string }) => unknown;
          atob(text: string): string;
        };
        const doc = new g.DOMParser().parseFromString(svgText, 'image/svg+xml');
        const binary = g.atob(pngBase64);
        const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
        const bitmap = await g.createImageBitmap(new g.Blob([bytes], { type: 'image/png' }));
        return { root: doc.documentElement.tagName, errors: doc.getElementsByTagName('parsererror').length, width: bitmap.width, height: bitmap.height };
      }, { svgText: svg, pngBase64: png.toString('base64') });
      assert.deepEqual(read, { root: 'svg', errors: 0, width, height });
    } finally {
      await reader.close();
    }
    const svgSize = /width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
    assert.equal(width, Math.ceil(Number(svgSize[1]) * 2), 'the PNG is the picture at twice its size');
    assert.equal(height, Math.ceil(Number(svgSize[2]) * 2));
  });

  it('ignores messages from the page that the view does not send', async () => {
    const before = readdirSync(workbench.workspace).sort();
    const positionsBefore = await positions();
    // Posted as the page's own script posts them, in order: hostile ones, then a real reveal. The page's
    // acquireVsCodeApi().postMessage calls __vscode_post_message__ of the frame around it (VS Code's
    // webview/browser/pre/index.html), which the page itself can no longer reach (window.parent is itself): called there.
    await page.frameLocator('iframe.webview.ready').last().locator('body').evaluate((_body: Shape) => {
      const post = (message: unknown): void => {
        const w = globalThis as unknown as { __vscode_post_message__(command: string, data: unknown): void };
        w.__vscode_post_message__('onmessage', { message, transfer: [] });
      };
      for (const message of [
        { type: 'export', format: 'svg', data: '<html><script>alert(1)</script></html>' },
        { type: 'export', format: 'png', data: 'not base64 !' },
        { type: 'export', format: 'exe', data: 'TVqQAAMAAAAEAAAA' },
        { type: 'reveal', id: 42 },
        { type: 'reveal', id: 'x'.repeat(10_000) },
        { type: 'expand', expanded: 'some' },
        { type: 'filter', filters: { search: { length: 1 } } },
        { type: 'runCommand', command: 'workbench.action.closeAllEditors' },
        JSON.parse('{"__proto__":{"type":"reveal","id":"dawn"}}'),
        'reveal',
        null,
        { type: 'reveal', id: 'storm_begins' },
      ]) post(message);
    });
    await page.locator('#status\\.editor\\.selection', { hasText: /Ln 18, Col 23 \(12 selected\)/ }).waitFor();
    assert.equal(await saveDialog().isVisible(), false, 'no save dialog');
    assert.deepEqual(readdirSync(workbench.workspace).sort(), before, 'no file written');
    assert.deepEqual(await positions(), positionsBefore, 'the map is as it was');
    assert.equal(await page.locator('.tab', { hasText: 'Story map' }).count(), 1);
  });

  it('shows the titles of a hostile story as text and runs none of its markup', async () => {
    writeFileSync(path.join(workbench.workspace, 'hostile.arc'), HOSTILE);
    await openFromExplorer(page, 'hostile.arc');
    await page.locator('.editor-actions [aria-label="Open story map"]').first().click();
    await node('one').waitFor();
    await node('two').waitFor();
    const detail = await node('one').locator('text.detail').textContent();
    assert.equal(detail, "<script>alert('title')</script>");
    assert.match(await node('two').locator('text.detail').textContent() ?? '', /^<\/text><img src=x onerror=alert\(2\)>/);
    const found = await mapFrame().locator('body').evaluate((body: Shape) => {
      interface Found { length: number; [index: number]: { getAttribute(name: string): string | null; textContent: string | null } }
      const doc = (body as unknown as { ownerDocument: { querySelectorAll(s: string): Found } }).ownerDocument;
      const scripts = doc.querySelectorAll('script');
      const list: { src: string | null; alerts: boolean }[] = [];
      for (let i = 0; i < scripts.length; i++) list.push({ src: scripts[i]!.getAttribute('src'), alerts: (scripts[i]!.textContent ?? '').includes('alert(') });
      return { img: doc.querySelectorAll('img').length, b: doc.querySelectorAll('b').length, scripts: list };
    });
    assert.deepEqual({ img: found.img, b: found.b }, { img: 0, b: 0 }, 'no element made of story text');
    // The page's scripts: the bundle, and what VS Code itself puts into every webview; none from the story.
    assert.equal(found.scripts.filter((script) => script.src?.endsWith('/story-map.js')).length, 1, JSON.stringify(found.scripts));
    assert.deepEqual(found.scripts.filter((script) => script.alerts), [], JSON.stringify(found.scripts));
    // The conflict's message shows as the node's tooltip text.
    assert.match(await node('one').locator('title').first().textContent() ?? '', /T101/);
    assert.deepEqual(workbench.dialogs, []);
    await page.screenshot({ path: path.join(workbench.shots, 'story-map-hostile.png') });
  });
});

describe('VS Code (code-server) story map view of the 20,000-beat bench story', function () {
  this.timeout(300_000);
  const workbench = useWorkbench({
    name: 'story-map-big',
    timeoutMs: 120_000,
    settings: { 'editor.minimap.enabled': false, 'arc.codeLens.enabled': false },
    workspace: (runDir) => {
      const workspace = path.join(runDir, 'workspace');
      mkdirSync(workspace, { recursive: true });
      // The bench project (bench/src/generate.ts), as files.
      execFileSync(NODE22, ['--input-type=module', '-e', `
        import { mkdirSync, writeFileSync } from 'node:fs';
        import * as path from 'node:path';
        const { generateStory } = await import(${JSON.stringify(path.join(ROOT, 'bench', 'out', 'generate.js'))});
        const story = generateStory({ beats: 20000, files: 200, seed: 1 });
        for (const [id, text] of story.files) {
          const file = path.join(process.argv[1], path.relative(story.workspace, id));
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, text);
        }`, workspace]);
      return workspace;
    },
  });
  let page: Page;
  before(() => { page = workbench.page; });

  const frame = () => webviewFrame(page);

  it('opens with every arc collapsed and opens an arc on click', async () => {
    // Quick Open: the Explorer lists 200 files, story.arc far below.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'part-001.arc' }).waitFor();
    await quickOpen(page, 'story.arc');
    // Wait for the server to have analysed the project (its status bar item shows a count).
    await page.locator(`[id="${EXTENSION_ID}.arc.conflicts"]`, { hasText: /conflicts|Arc/ }).waitFor();
    const started = Date.now();
    await page.locator('.editor-actions [aria-label="Open story map"]').first().click();
    await page.locator('.tab', { hasText: 'Story map: A generated story' }).first().waitFor();
    const answered = Date.now();
    const collapsed = frame().locator('g.node.arc');
    await collapsed.first().waitFor();
    console.log(`      (the server's map reached the extension ${((answered - started) / 1000).toFixed(1)} s after the click; ` +
      `drawn ${((Date.now() - started) / 1000).toFixed(1)} s after it)`);
    assert.equal(await collapsed.count(), 199);
    assert.equal(await frame().locator('g.node.event').count(), 0);
    await page.screenshot({ path: path.join(workbench.shots, 'story-map-big-collapsed.png') });
    const first = await collapsed.first().getAttribute('data-id');
    await collapsed.first().click();
    await frame().locator(`g.group[data-group="${first}"]`).waitFor();
    assert.ok(await frame().locator('g.node.event').count() > 0, 'the opened arc shows its beats');
    assert.equal(await frame().locator('g.node.arc').count() >= 198, true);
    await page.screenshot({ path: path.join(workbench.shots, 'story-map-big-opened.png') });
  });

  it('finds a beat inside a collapsed arc from the search box, and opens the arcs around it', async () => {
    const search = frame().locator('#search');
    await search.fill('ev_014981'); // in the micro arc arc_150_01_01, inside arc_150_01 (meso), inside arc_150 (macro)
    await frame().locator('g.node.arc.dimmed[data-id="arc_149"]').waitFor();
    assert.equal(await frame().locator('g.node.arc[data-id="arc_150"]').getAttribute('class'), 'node arc scale-macro');
    await search.press('Enter');
    await frame().locator('g.node.selected[data-id="ev_014981"]').waitFor();
    for (const arc of ['arc_150', 'arc_150_01', 'arc_150_01_01']) await frame().locator(`g.group[data-group="${arc}"]`).waitFor();
    await search.fill('');
    await frame().locator('g.node.dimmed').first().waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(workbench.shots, 'story-map-big-found.png') });
  });

  it('selects the collapsed arc that holds the cursor', async () => {
    // Back to the text's editor group (the search box had the focus), then another part of the story there.
    await page.locator('.tabs-container .tab', { hasText: 'story.arc' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'story.arc' }).waitFor();
    await quickOpen(page, 'part-120.arc');
    await page.keyboard.press('Control+G');
    const line = page.locator('.quick-input-widget input');
    await line.waitFor();
    await line.fill(':12:5'); // inside the first event of arc_120
    await line.press('Enter');
    await frame().locator('g.node.arc.selected[data-id="arc_120"]').waitFor();
    assert.equal(await frame().locator('g.node.selected').count(), 1);
  });

  it('opens again, on the analysed project, with every arc collapsed', async () => {
    await page.locator('.tab', { hasText: 'Story map' }).first().locator('.codicon-close').click();
    await page.locator('.tab', { hasText: 'Story map' }).waitFor({ state: 'detached' });
    await page.locator('.tabs-container .tab', { hasText: 'story.arc' }).first().click();
    const started = Date.now();
    await page.locator('.editor-actions [aria-label="Open story map"]').first().click();
    await page.locator('.tab', { hasText: 'Story map: A generated story' }).first().waitFor();
    const answered = Date.now();
    await frame().locator('g.node.arc').first().waitFor();
    console.log(`      (opened again: the server's map reached the extension ${((answered - started) / 1000).toFixed(1)} s after the click; ` +
      `drawn ${((Date.now() - started) / 1000).toFixed(1)} s after it)`);
    assert.equal(await frame().locator('g.node.arc').count(), 199);
  });
});
