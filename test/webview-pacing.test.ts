/**
 * The player's pacing chart as the webview gets it: client/webview/player/
 * pacing-chart.ts bundles with esbuild for the browser (the options of the
 * webview bundles in scripts/editor-build.mjs), pulling in no Node module,
 * and the browser build of Vega that bundle holds renders the shared spec
 * with no code compiled from strings, as a Content Security Policy without
 * 'unsafe-eval' demands (run here under Node's
 * --disallow-code-generation-from-strings).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled to test/out/.
const REPOSITORY = path.resolve(here, '..', '..');
const CHART = path.join(REPOSITORY, 'client', 'webview', 'player', 'pacing-chart.ts');

/** The webview bundles' options in scripts/editor-build.mjs. */
const WEBVIEW = { bundle: true, platform: 'browser', target: 'chrome120', absWorkingDir: REPOSITORY, write: false, logLevel: 'silent' } as const;

describe('the pacing chart in the webview bundle', () => {
  const folders: string[] = [];
  after(() => { for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true }); });

  it('bundles for the browser as the webviews are bundled, with no Node module inside', async function () {
    this.timeout(120_000);
    const built = await esbuild.build({ ...WEBVIEW, format: 'esm', entryPoints: [CHART], metafile: true });
    assert.deepEqual(built.errors, []);
    const inputs = Object.keys(built.metafile.inputs);
    assert.ok(inputs.some((file) => file.includes('vega-interpreter')), 'vega-interpreter is bundled');
    // The browser build of vega-canvas, not the Node one (which imports the `canvas` native module).
    assert.ok(inputs.some((file) => file.endsWith('vega-canvas.browser.js')), inputs.filter((f) => f.includes('canvas')).join());
    assert.ok(!inputs.some((file) => file.includes('orchestrator') || file.includes('chevrotain')), 'the chart needs nothing of the analysis at run time');
    const code = built.outputFiles[0]!.text;
    assert.doesNotMatch(code, /\bimport\(["']canvas["']\)|from ["']node:|require\(["'](?:fs|path|canvas)["']\)/);
    assert.match(code, /export \{[^}]*mountPacingChart/);
    // As editor-build.mjs writes the webview scripts: one IIFE.
    const iife = await esbuild.build({ ...WEBVIEW, format: 'iife', entryPoints: [CHART] });
    assert.deepEqual(iife.errors, []);
  });

  it("renders the shared spec with the bundle's Vega and no eval or new Function", async function () {
    this.timeout(120_000);
    const entry = [
      `import { pacingSpec } from ${JSON.stringify(path.join(REPOSITORY, 'server', 'src', 'pacing', 'spec.ts'))};`,
      `import { pacingView } from ${JSON.stringify(path.join(REPOSITORY, 'server', 'src', 'pacing', 'view.ts'))};`,
      'export async function render(input) {',
      "  const view = pacingView(pacingSpec(input), 'svg');",
      '  await view.runAsync();',
      '  const svg = await view.toSVG();',
      '  view.finalize();',
      '  return svg;',
      '}',
    ].join('\n');
    const built = await esbuild.build({ ...WEBVIEW, format: 'esm', stdin: { contents: entry, resolveDir: REPOSITORY, loader: 'ts' } });
    const folder = mkdtempSync(path.join(os.tmpdir(), 'nao-pacing-'));
    folders.push(folder);
    const bundle = path.join(folder, 'chart.mjs');
    writeFileSync(bundle, built.outputFiles[0]!.text);
    const point = (beat: string, time: number, intensity: number, order: number) => ({ beat, title: null, time, intensity, order, conflicts: [] });
    const input = {
      title: 'S', limits: { max: 8, spike: 2, peak: 7, calm: 2, within: 3, warn: 6 },
      current: { id: 'current', label: 'this path', picks: [], points: [point('a', 1, 1, 0), point('b', 2, 9, 1)], focus: [] },
      worst: [{ id: 'peak', label: 'highest peak', picks: [], points: [point('a', 1, 1, 0), point('c', 3, 4, 1)], focus: ['c'] }],
    };
    const script = [
      `let refused = false; try { new Function('return 1'); } catch { refused = true; }`,
      `if (!refused) throw new Error('code generation from strings is allowed');`,
      `const { render } = await import(${JSON.stringify(bundle)});`,
      `process.stdout.write(await render(${JSON.stringify(input)}));`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /class="mark-line role-mark curve-line"/);
    assert.equal([...run.stdout.matchAll(/aria-roledescription="line mark"/g)].length, 2);
  });
});
