/**
 * The VS Code workbench in a browser, as the workbench tests use it:
 * code-server with the extension (from the packaged .vsix when
 * $NAO_TEST_VSIX names it, else linked from this checkout) on a scratch
 * workspace, opened in headless Chromium. `useWorkbench` registers the
 * suite's hooks (start, stop, a screenshot of each failed test in
 * test-output/); the functions below drive the workbench as a writer would.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { skipUnlessEditorTests } from './editors-enabled.js';
import {
  copyWorkspace, ensureTestOutput, EXTENSION_ID, installVsix, launchChromium, makeRunFolder, missingForVSCode, ROOT,
  startCodeServer, workbenchUrl, type CodeServer, type RunFolder,
} from './launch.js';

export const EXAMPLES = path.join(ROOT, 'examples');

export interface WorkbenchOptions {
  /** Names the run folder and the failure screenshots. */
  readonly name: string;
  /** User settings, besides those every run has. */
  readonly settings?: Record<string, unknown>;
  /** Makes the workspace in the run folder and returns its path (default: a copy of examples/). */
  readonly workspace?: (runDir: string) => string;
  /** Playwright's default timeout. */
  readonly timeoutMs?: number;
}

export interface Workbench {
  readonly page: Page;
  readonly workspace: string;
  /** test-output/ */
  readonly shots: string;
  /** The messages of the browser dialogs that opened (each dismissed): none should. */
  readonly dialogs: readonly string[];
}

export function useWorkbench(options: WorkbenchOptions): Workbench {
  let run: RunFolder | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page | undefined;
  let workspace = '';
  const dialogs: string[] = [];

  before(async function () {
    skipUnlessEditorTests(this);
    const missing = missingForVSCode();
    assert.equal(missing, undefined, missing);
    run = makeRunFolder(`vscode-${options.name}`);
    workspace = options.workspace ? options.workspace(run.dir) : copyWorkspace(run.dir, EXAMPLES);
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const vsix = process.env.NAO_TEST_VSIX;
    if (vsix) await installVsix(run.dir, path.resolve(vsix));
    server = await startCodeServer({
      runDir: run.dir,
      ...(vsix ? {} : { extensionLinks: { [`${EXTENSION_ID}-${version}`]: ROOT } }),
      settings: { 'workbench.editor.enablePreview': false, 'files.autoSave': 'off', ...options.settings },
    });
    browser = await launchChromium(run.dir);
    page = browser.pages()[0] ?? await browser.newPage();
    page.setDefaultTimeout(options.timeoutMs ?? 30_000);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench').waitFor();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await page.screenshot({ path: path.join(ensureTestOutput(), `${options.name}-failed-${name}.png`) }).catch(() => undefined);
      // The next test starts from the first editor group, not from where this one stopped: a widget left open or a
      // webview holding the keyboard made every later test of the suite that moves the cursor fail too.
      await page.keyboard.press('Escape').catch(() => undefined);
      await page.keyboard.press('Control+1').catch(() => undefined);
    }
  });

  after(async function () {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    run?.remove();
  });

  return {
    get page(): Page {
      assert.ok(page, 'the workbench is not open');
      return page;
    },
    get workspace() { return workspace; },
    get shots() { return ensureTestOutput(); },
    dialogs,
  };
}

/** The page of the last webview opened: its inner frame. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/**
 * Moves the cursor with Go to Line (Ctrl+G), which scrolls it into view.
 * Go to Line acts on the active text editor; when a webview (a story map, a
 * player) is the active editor instead, it only says so, and the cursor
 * does not move: this fails at once, naming what has the focus, rather than
 * waiting for a status bar that cannot change.
 */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  // What Go to Line offers for the text typed: a line to go to, or the message that there is no text editor.
  const offer = widget.locator('.monaco-list-row', { hasText: /Go to line|Open a text editor first/ });
  await offer.first().waitFor();
  if (/Open a text editor first/.test(await offer.first().innerText())) {
    await page.keyboard.press('Escape');
    const focus = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { tagName: string; className: string } | null } }).document;
      return doc.activeElement ? `${doc.activeElement.tagName.toLowerCase()}.${String(doc.activeElement.className).split(' ').join('.')}` : 'nothing';
    });
    const tabs = await page.locator('.tabs-container .tab.active').allTextContents();
    throw new Error(`Go to Line found no active text editor (active tabs: ${tabs.join(' | ') || 'none'}; the focus is on ${focus})`);
  }
  await input.press('Enter');
  await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` }).waitFor();
}

/** Opens a file of the workspace by a double click in the Explorer. */
export async function openFromExplorer(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).dblclick();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/**
 * Opens a file by name with Quick Open (Ctrl+P). A webview that takes the
 * focus as its editor is shown closes a Quick Open opened just before
 * (VS Code's own behaviour; seen under load in a whole `npm test`, right
 * after a click on a story map's tab): Quick Open is then opened again,
 * up to three times.
 */
export async function quickOpen(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    await input.waitFor();
    try {
      await input.fill(name, { timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3 || (await input.isVisible())) throw error;
    }
  }
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await input.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/** Runs a command by its title from the Command Palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await input.press('Enter');
}

/** Opens the quick fix menu (Ctrl+.) at the cursor and takes the action whose title matches. */
export async function takeQuickFix(page: Page, title: RegExp): Promise<void> {
  await page.keyboard.press('Control+.');
  // The menu is walked with the keyboard.
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  await focused.waitFor();
  for (let step = 0; step < 20 && !title.test(await focused.innerText()); step++) {
    const before = await focused.innerText();
    await page.keyboard.press('ArrowDown');
    await page.locator('.action-widget .monaco-list-row.focused', { hasNotText: before }).waitFor();
  }
  assert.match(await focused.innerText(), title);
  await page.keyboard.press('Enter');
}
