#!/usr/bin/env node
// Bundles what VS Code loads, with esbuild:
//   client/src/extension.ts       -> client/out/extension.cjs  (CommonJS, `vscode` external,
//                                    vscode-languageclient bundled in)
//   server/out/src/lsp/main.js    -> client/out/server/main.js (the language server bundled;
//                                    the .vsix needs no node_modules)
//   test/editors/host/index.ts    -> test/editors/out/host/index.cjs (the tests that run inside
//                                    the real extension host; mocha stays external)
//   client/webview/story-map/     -> client/out/webview/story-map.{js,css} (the story map
//                                    webview: a browser script with elkjs, and its stylesheet
//                                    with the shared renderer's rules appended)
//   client/webview/player/        -> client/out/webview/player.{js,css} (the player webview,
//                                    with the pacing chart)
// The server bundle needs `npm run build` (tsc -b) first; without the compiled
// server it is skipped with a warning, or fails with --require-server.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireServer = process.argv.includes('--require-server');
// --production (npm run package): minified bundles for the .vsix.
const production = process.argv.includes('--production');
const at = (...parts) => path.join(root, ...parts);

// VS Code 1.100's desktop extension host runs Node 20 (Electron 34).
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

// Mocha stays out of the test bundle: the bundle requires this checkout's
// mocha (its CommonJS build; the package's main is an ES module).
const mochaFromThisCheckout = {
  name: 'mocha-from-this-checkout',
  setup(build) {
    build.onResolve({ filter: /^mocha$/ }, () => ({ path: at('node_modules/mocha/lib/mocha.cjs'), external: true }));
  },
};

// Object.groupBy and Map.groupBy (ES2024) for Node 20, the same file the
// server's bin script loads first.
const NODE20_POLYFILLS = readFileSync(at('server/bin/es2024-polyfills.js'), 'utf8');

const builds = [
  esbuild.build({
    ...common,
    entryPoints: [at('client/src/extension.ts')],
    outfile: at('client/out/extension.cjs'),
    format: 'cjs',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: [at('test/editors/host/index.ts')],
    outfile: at('test/editors/out/host/index.cjs'),
    format: 'cjs',
    external: ['vscode'],
    plugins: [mochaFromThisCheckout],
  }),
];

// The story map webview: a browser bundle (elkjs inside), and its stylesheet:
// the page's own rules, then the picture's (colours from the VS Code theme),
// taken from the shared renderer that `nao map --format svg` uses too.
const webviewOut = at('client/out/webview');
rmSync(webviewOut, { recursive: true, force: true });
builds.push(esbuild.build({
  ...common,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  entryPoints: [at('client/webview/story-map/main.ts')],
  outfile: path.join(webviewOut, 'story-map.js'),
}).then(async () => {
  const renderer = at('server/out/src/story-map/render.js');
  if (!existsSync(renderer)) throw new Error(`editor-build: ${path.relative(root, renderer)} is missing; run \`npm run build\` first.`);
  const { MAP_STYLESHEET, paletteCss, VSCODE_PALETTE } = await import(pathToFileURL(renderer).href);
  const css = readFileSync(at('client/webview/story-map/view.css'), 'utf8') + paletteCss(VSCODE_PALETTE) + MAP_STYLESHEET;
  writeFileSync(path.join(webviewOut, 'story-map.css'), css);
}));

// The player webview: a browser bundle (the pacing chart inside) and its stylesheet.
builds.push(esbuild.build({
  ...common,
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  entryPoints: [at('client/webview/player/main.ts')],
  outfile: path.join(webviewOut, 'player.js'),
}).then(() => {
  writeFileSync(path.join(webviewOut, 'player.css'), readFileSync(at('client/webview/player/view.css'), 'utf8'));
}));

// The server is an ES module (.js under the root package.json's "type":
// "module", which the .vsix carries).
const serverOut = at('client/out/server');
const serverEntries = [at('server/out/src/lsp', 'main.js')];
const missingEntries = serverEntries.filter((entry) => !existsSync(entry));
rmSync(serverOut, { recursive: true, force: true });
if (missingEntries.length === 0) {
  builds.push(esbuild.build({
    ...common,
    entryPoints: serverEntries,
    outdir: serverOut,
    format: 'esm',
    // CommonJS dependencies (vscode-languageserver) call require() for Node's
    // built-in modules: give the ES module bundles a real `require`. And the
    // extension host of VS Code 1.100 runs Node 20, which lacks
    // Object.groupBy / Map.groupBy (Node 21+), used by Chevrotain 13.
    banner: { js: [
      "import { createRequire as __naoCreateRequire } from 'node:module'; const require = __naoCreateRequire(import.meta.url);",
      NODE20_POLYFILLS,
    ].join('\n') },
  }));
} else {
  const message = `The compiled language server is missing (${missingEntries.map((entry) => path.relative(root, entry)).join(', ')}); run \`npm run build\` first.`;
  if (requireServer) {
    console.error(`editor-build: ${message}`);
    process.exit(1);
  }
  console.warn(`editor-build: warning: ${message} The extension will have no server until then.`);
}

await Promise.all(builds);
console.log(`editor-build: bundled ${builds.length} file(s) with esbuild`);
