/**
 * `nao map` in every format, run as a real process. The DOT output goes
 * through Graphviz (Debian's `graphviz`; installed here with apt-get when it
 * is missing, as the editor install does for the editors).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeProjects, story } from './cli-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverFolder = path.resolve(here, '..', '..');
const BIN = path.join(serverFolder, 'bin', 'nao.js');
const REPOSITORY = path.resolve(serverFolder, '..');
const LIGHTHOUSE = path.join(REPOSITORY, 'examples', 'lighthouse.arc');

function nao(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: REPOSITORY, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Graphviz's `dot`, installed from Debian's archive when missing (the tests run as root, as CI does). */
function ensureGraphviz(): void {
  if (spawnSync('dot', ['-V']).status === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'graphviz'], { encoding: 'utf8', env });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
    install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'graphviz'], { encoding: 'utf8', env });
  }
  assert.equal(spawnSync('dot', ['-V']).status, 0, `Graphviz's dot is missing and apt-get install graphviz failed:\n${install.stderr}`);
}

after(removeProjects);

const HOSTILE = [
  'story "<script>alert(1)</script>" { }',
  'character mara',
  'arc a1 macro "<img src=x onerror=alert(2)>" {',
  '  event one @1 "</text><script>alert(3)</script>" { with mara  causes two }',
  '  event two @2 "\\"]; x -> y [label=\\"" { with mara }',
  '}',
].join('\n');

describe('nao map', () => {
  it('prints the map as JSON, with 0-based ranges, flow and causal edges, arcs and conflicts', () => {
    const run = nao(['map', LIGHTHOUSE]);
    assert.equal(run.status, 0, run.stderr);
    const map = JSON.parse(run.stdout);
    assert.equal(map.title, 'The Lighthouse Keeper');
    assert.equal(map.nodes.length, 10);
    const dawn = map.nodes.find((n: { id: string }) => n.id === 'dawn');
    assert.deepEqual(dawn.range, { start: { line: 34, character: 10 }, end: { line: 34, character: 14 } });
    assert.equal(dawn.file, path.join('examples', 'lighthouse.arc'));
    assert.deepEqual(map.groups.map((g: { id: string; parent: string | null }) => [g.id, g.parent]), [['healing', null], ['storm', 'healing']]);
    assert.ok(map.edges.some((e: { kind: string; from: string; to: string }) => e.kind === 'causes' && e.from === 'lamp_fails' && e.to === 'ship_in_danger'));
  });

  it('exits 1 when the story has an error, with the conflict on its node', () => {
    const file = story('event a @2 { causes b }\nevent b @1 { }\n');
    const run = nao(['map', '--format', 'json', file]);
    assert.equal(run.status, 1, run.stderr);
    const a = JSON.parse(run.stdout).nodes.find((n: { id: string }) => n.id === 'a');
    assert.equal(a.conflicts[0].code, 'T101');
    assert.equal(a.conflicts[0].severity, 'error');
  });

  it('prints DOT that Graphviz renders, hostile strings staying inside their labels', function () {
    this.timeout(120_000);
    ensureGraphviz();
    const lighthouse = nao(['map', '--format', 'dot', LIGHTHOUSE]);
    assert.equal(lighthouse.status, 0, lighthouse.stderr);
    assert.match(lighthouse.stdout, /^digraph "The Lighthouse Keeper" \{/);
    assert.match(lighthouse.stdout, /subgraph "cluster_storm"/);
    const svg = spawnSync('dot', ['-Tsvg'], { input: lighthouse.stdout, encoding: 'utf8' });
    assert.equal(svg.status, 0, svg.stderr);
    assert.match(svg.stdout, /<svg/);

    const hostile = nao(['map', '--format', 'dot', story(HOSTILE)]);
    assert.equal(hostile.status, 0, hostile.stderr);
    const json = spawnSync('dot', ['-Tjson'], { input: hostile.stdout, encoding: 'utf8' });
    assert.equal(json.status, 0, json.stderr);
    const graph = JSON.parse(json.stdout) as { objects: { name: string; label?: string }[] };
    const names = graph.objects.map((o) => o.name).sort();
    assert.deepEqual(names, ['cluster_a1', 'one', 'two'], 'no node made of story text');
    assert.equal(graph.objects.find((o) => o.name === 'two')!.label, 'two @2\\n"]; x -> y [label="');
    const rendered = spawnSync('dot', ['-Tsvg'], { input: hostile.stdout, encoding: 'utf8' });
    assert.equal(rendered.status, 0, rendered.stderr);
    assert.doesNotMatch(rendered.stdout, /<script|<img/);
  });

  it('prints a Mermaid flowchart with the arcs as subgraphs', () => {
    const run = nao(['map', '--format', 'mermaid', LIGHTHOUSE]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^flowchart TB\n/);
    assert.match(run.stdout, /subgraph a0\["healing #40;macro#41;: Learning to let go"\]\n(.*\n)*? {4}subgraph a1\["storm/);
    assert.match(run.stdout, /n3\{\{"keep_watch @4<br\/>What does Mara do\?"\}\}/);
    assert.match(run.stdout, /n6 -\.->\|causes\| n8/);
    const hostile = nao(['map', '--format', 'mermaid', story(HOSTILE)]);
    assert.doesNotMatch(hostile.stdout.replace(/<br\/>/g, ''), /<|>"/);
  });

  it('prints a stand-alone SVG picture, hostile strings as text', () => {
    const run = nao(['map', '--format', 'svg', LIGHTHOUSE]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="arc-story-map"/);
    assert.match(run.stdout, /<g class="node choice scale-meso" data-id="keep_watch">/);
    assert.match(run.stdout, /<g class="group scale-macro" data-group="healing">/);
    const hostile = nao(['map', '--format', 'svg', story(HOSTILE)]);
    assert.equal(hostile.status, 0, hostile.stderr);
    assert.doesNotMatch(hostile.stdout, /<script|<img/);
    assert.match(hostile.stdout, /&lt;\/text&gt;&lt;script&gt;alert\(3\)&lt;\/script&gt;/);
  });

  it('follows the usage conventions: unknown format, no FILE, no such file, --root', () => {
    const format = nao(['map', '--format', 'png', LIGHTHOUSE]);
    assert.equal(format.status, 2);
    assert.equal(format.stdout, '');
    assert.match(format.stderr, /unknown format 'png' \(expected 'json', 'dot', 'mermaid' or 'svg'\)/);
    const none = nao(['map']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no FILE given/);
    const missing = nao(['map', 'nowhere.arc']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nowhere\.arc: no such file/);
    const outside = nao(['map', '--root', 'server', LIGHTHOUSE]);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /outside the --root folder/);
    assert.equal(nao(['map', '--root', 'examples', LIGHTHOUSE]).status, 0);
    assert.match(nao(['help', 'map']).stdout, /^Usage: nao map \[--format json\|dot\|mermaid\|svg\] \[--root DIR\] \[--max-file-size SIZE\] FILE/);
    assert.match(nao(['--help']).stdout, /\n {2}map +Print the story map/);
  });

  it('draws the lighthouse map the same way every time', () => {
    const first = nao(['map', '--format', 'svg', LIGHTHOUSE]).stdout;
    assert.equal(nao(['map', '--format', 'svg', LIGHTHOUSE]).stdout, first);
    assert.ok(readFileSync(LIGHTHOUSE, 'utf8').length > 0);
  });
});
