/**
 * What the packaged extension ships: the .vsix that scripts/editor-test.sh
 * makes exactly as `npm run package` does ($NAO_TEST_VSIX), listed with
 * `unzip -l` and read with `unzip -p`. Only what VS Code loads and shows a
 * user: the manifest with its icon and repository, the bundles, the grammar,
 * the user README, the CHANGELOG and the LICENSE; no developer docs.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { skipUnlessEditorTests } from './editors-enabled.js';
import { ROOT } from './launch.js';

const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/client/images/icon.png',
  'extension/client/out/extension.cjs',
  'extension/client/out/server/main.js',
  'extension/client/out/webview/player.css',
  'extension/client/out/webview/player.js',
  'extension/client/out/webview/story-map.css',
  'extension/client/out/webview/story-map.js',
  'extension/package.json',
  'extension/readme.md',
  'extension/syntaxes/arc.tmLanguage.json',
  'extension/syntaxes/language-configuration.json',
];

describe('the packaged extension (.vsix)', function () {
  let vsix: string;
  const entry = (name: string): Buffer => execFileSync('unzip', ['-p', vsix, name], { maxBuffer: 64 * 1024 * 1024 });

  before(function () {
    skipUnlessEditorTests(this);
    vsix = process.env.NAO_TEST_VSIX ?? '';
    assert.ok(vsix && existsSync(vsix), `NAO_TEST_VSIX (${vsix || 'unset'}) names no .vsix; scripts/editor-test.sh packages one`);
  });

  it('holds only what VS Code loads and shows', () => {
    const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    assert.deepEqual(listing, [...EXPECTED].sort());
  });

  it('has a square PNG icon of 128 or 256 pixels, named in the manifest with the repository', () => {
    const manifest = JSON.parse(entry('extension/package.json').toString()) as { icon?: string; repository?: { url?: string } };
    assert.equal(manifest.icon, 'client/images/icon.png');
    assert.equal(manifest.repository?.url, 'https://github.com/narrative-arc/narrative-arc-orchestrator');
    const png = entry(`extension/${manifest.icon}`);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.equal(width, height, `icon is ${width}x${height}`);
    assert.ok(width === 128 || width === 256, `icon is ${width}x${height}`);
    const vsixManifest = entry('extension.vsixmanifest').toString();
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/client\/images\/icon\.png"/);
  });

  it('shows the user README (client/README.md), not the developer one', () => {
    const readme = entry('extension/readme.md').toString();
    assert.equal(readme, readFileSync(path.join(ROOT, 'client', 'README.md'), 'utf8'));
    assert.doesNotMatch(readme, /npm (ci|test|run)/, 'developer commands in the README');
    assert.match(readme, /## Getting started/);
  });

  it('ships the CHANGELOG of this version', () => {
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.match(entry('extension/changelog.md').toString(), new RegExp(`^## ${version.replace(/\./g, '\\.')}$`, 'm'));
  });
});
