/**
 * The story map model (storyMap) and its pictures: every beat a node once,
 * every link an edge, arcs nested as written, conflicts on the nodes they
 * are reported in, deterministic output, and story strings that stay text in
 * DOT, Mermaid and SVG.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDot, formatMermaid, mermaidText } from '../src/cli/formats/map.js';
import { checkProject, MemoryHost, storyMap, type StoryMap } from '@narrative-arc/orchestrator';
import { layoutStoryMap } from '../src/story-map/layout.js';
import { storyMapView } from '../src/story-map/view.js';
import { renderMap, renderSvg, svgToString, type SvgElement } from '../src/story-map/render.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(here, '..', '..', '..', 'examples');

function mapOf(files: Record<string, string>, root = Object.keys(files)[0]!): StoryMap {
  return storyMap(checkProject(new MemoryHost(new Map(Object.entries(files))), root));
}

function lighthouse(): StoryMap {
  const files: Record<string, string> = {};
  for (const name of ['lighthouse.arc', 'characters.arc']) files[`/ws/${name}`] = readFileSync(path.join(EXAMPLES, name), 'utf8');
  return mapOf(files, '/ws/lighthouse.arc');
}

const HOSTILE = [
  'story "<script>alert(1)</script> & \\"quotes\\"" { }',
  'character mara',
  'arc a1 macro "<img src=x onerror=alert(2)> \\\\ back" {',
  '  event one @1 "</text><script>alert(3)</script>" { with mara  causes two',
  '    > <img src=x onerror=alert(4)>',
  '  }',
  '  event two @2 "#quot; ]] }} --> `tick` \\\\N" { with mara }',
  '  choice pick @3 "<b>bold</b>" {',
  '    option left "<svg onload=alert(5)>" { event l1 @4 { with mara } }',
  '    option right "\\"]; x -> y [label=\\"" { event r1 @4 { with mara } }',
  '  }',
  '}',
].join('\n');

describe('story map model', () => {
  it('has every beat and option of the lighthouse story as a node, once, with its place in the story', () => {
    const map = lighthouse();
    assert.deepEqual(map.nodes.map((n) => n.id), [
      'breathing', 'dawn', 'finds_boat', 'keep_watch', 'keep_watch.search', 'keep_watch.vigil', 'lamp_fails',
      'letting_go', 'ship_in_danger', 'storm_begins',
    ]);
    const byId = new Map(map.nodes.map((n) => [n.id, n]));
    assert.deepEqual(
      { kind: byId.get('keep_watch')!.kind, arc: byId.get('keep_watch')!.arc, scale: byId.get('keep_watch')!.scale, time: byId.get('keep_watch')!.time },
      { kind: 'choice', arc: 'storm', scale: 'meso', time: 4 });
    const search = byId.get('keep_watch.search')!;
    assert.equal(search.kind, 'option');
    assert.equal(search.choice, 'keep_watch');
    assert.equal(search.title, 'Go down to the harbor');
    assert.equal(byId.get('finds_boat')!.branch, 'keep_watch.search');
    assert.deepEqual(byId.get('letting_go')!.arc, 'healing');
    assert.equal(byId.get('letting_go')!.scale, 'macro');
    assert.equal(byId.get('storm_begins')!.title, 'The storm begins');
    assert.deepEqual(byId.get('ship_in_danger')!.characters, ['tom']);
    const text = readFileSync(path.join(EXAMPLES, 'lighthouse.arc'), 'utf8');
    const dawn = byId.get('dawn')!;
    assert.equal(text.slice(dawn.range.start, dawn.range.end), 'dawn');
    assert.match(text.slice(dawn.extent.start, dawn.extent.end), /^event dawn @6 \{.*\}$/);
  });

  it('has the flow of each branch in time order, joining after the choice, and every causal link', () => {
    const map = lighthouse();
    assert.deepEqual(map.edges.map((e) => `${e.kind} ${e.from} ${e.to}`), [
      'flow breathing dawn',
      'flow dawn letting_go',
      'flow finds_boat dawn',
      'flow keep_watch keep_watch.search',
      'flow keep_watch keep_watch.vigil',
      'flow keep_watch.search finds_boat',
      'flow keep_watch.vigil breathing',
      'flow lamp_fails ship_in_danger',
      'flow ship_in_danger keep_watch',
      'flow storm_begins lamp_fails',
      'causes lamp_fails ship_in_danger',
    ]);
  });

  it('makes every causes, requires and prevents link an edge, and links to unknown beats none', () => {
    const map = mapOf({
      '/s.arc': [
        'event a @1 { causes b, c }',
        'event b @2 { requires a or x }',
        'event c @3 { prevents d  causes nowhere }',
        'event d @4 { }',
        'choice k @5 { option y { } option z { event w @6 { } } }',
        'event after @7 { }',
      ].join('\n'),
    });
    const links = map.edges.filter((e) => e.kind !== 'flow').map((e) => `${e.kind} ${e.from} ${e.to}`);
    assert.deepEqual(links, ['causes a b', 'causes a c', 'requires a b', 'prevents c d']);
    const flow = map.edges.filter((e) => e.kind === 'flow').map((e) => `${e.from} ${e.to}`);
    // An option with no beats leads straight to the beat after the choice.
    assert.deepEqual(flow, ['a b', 'b c', 'c d', 'd k', 'k k.y', 'k k.z', 'k.y after', 'k.z w', 'w after']);
    for (const edge of map.edges) {
      assert.ok(map.nodes.some((n) => n.id === edge.from), edge.from);
      assert.ok(map.nodes.some((n) => n.id === edge.to), edge.to);
    }
  });

  it('nests arcs as written, with their scales', () => {
    const map = mapOf({
      '/s.arc': [
        'arc big macro "Big" {',
        '  arc middle meso { arc small micro { event e1 @1 { } } }',
        '  choice c @2 { option o { arc inside micro { event e2 @3 { } } } }',
        '}',
        'event free @4 { }',
      ].join('\n'),
    });
    assert.deepEqual(map.groups.map((g) => [g.id, g.scale, g.parent]), [
      ['big', 'macro', null], ['inside', 'micro', 'big'], ['middle', 'meso', 'big'], ['small', 'micro', 'middle'],
    ]);
    const arcOf = Object.fromEntries(map.nodes.map((n) => [n.id, n.arc]));
    assert.deepEqual(arcOf, { c: 'big', 'c.o': 'big', e1: 'small', e2: 'inside', free: null });
    assert.equal(map.groups[0]!.title, 'Big');
  });

  it('puts each conflict on the innermost node it is reported in, with its path and related beats', () => {
    const text = readFileSync(path.join(EXAMPLES, 'lighthouse.arc'), 'utf8').replace('event dawn @6 { with mara ', 'event dawn @6 { with mara, tom ');
    const map = mapOf({ '/ws/lighthouse.arc': text, '/ws/characters.arc': readFileSync(path.join(EXAMPLES, 'characters.arc'), 'utf8') });
    const withConflicts = map.nodes.filter((n) => n.conflicts.length > 0);
    assert.deepEqual(withConflicts.map((n) => n.id), ['dawn']);
    const [conflict] = withConflicts[0]!.conflicts;
    assert.equal(conflict!.code, 'C201');
    assert.equal(conflict!.severity, 'warning');
    assert.match(conflict!.message, /`tom` is involved in `dawn` after being killed in `finds_boat`/);
    assert.match(conflict!.id, /^C201:/);
    assert.deepEqual(conflict!.path, [{ choice: 'keep_watch', option: 'search' }]);
    assert.deepEqual(conflict!.related, ['finds_boat']);
    // A conflict inside an option's beat goes to the beat, not to the option or the choice.
    const nested = mapOf({ '/s.arc': 'choice k @1 { option o { event e @2 { causes e } } }' });
    const holders = nested.nodes.filter((n) => n.conflicts.some((c) => c.code.startsWith('T'))).map((n) => n.id);
    assert.deepEqual(holders, ['e']);
  });

  it('puts an arc-level conflict on its arc and one outside every beat and arc among the unplaced', () => {
    const map = mapOf({ '/s.arc': 'character ghost\narc left macro {\n  event a @1 { }\n}\n' });
    assert.ok(map.groups.find((g) => g.id === 'left')!.conflicts.some((c) => c.code === 'S501' || c.code.startsWith('S')),
      JSON.stringify(map.groups));
    assert.ok(map.unplaced.some((c) => c.code === 'U601'), JSON.stringify(map.unplaced));
  });

  it('is deterministic: the same map whatever the order of declarations', () => {
    const a = 'event a @1 { causes b }\nevent b @2 { }\nchoice c @3 { option x { event d @4 { } } option y { } }\n';
    const b = 'choice c @3 { option x { event d @4 { } } option y { } }\nevent b @2 { }\nevent a @1 { causes b }\n';
    const strip = (map: StoryMap): unknown => ({
      nodes: map.nodes.map(({ range: _r, extent: _e, ...rest }) => rest), edges: map.edges, groups: map.groups.map(({ range: _r, extent: _e, ...rest }) => rest),
    });
    assert.deepEqual(strip(mapOf({ '/s.arc': a })), strip(mapOf({ '/s.arc': b })));
    assert.equal(JSON.stringify(lighthouse()), JSON.stringify(lighthouse()));
  });

  it('has each beat once even when a name is declared twice', () => {
    const map = mapOf({ '/s.arc': 'event a @1 { }\nevent a @2 { }\n' });
    assert.deepEqual(map.nodes.map((n) => n.id), ['a']);
    assert.deepEqual(map.nodes[0]!.time, 1);
  });
});

describe('story map pictures', () => {
  it('keeps hostile titles and prose as text in SVG', async () => {
    const map = mapOf({ '/h.arc': HOSTILE });
    const svg = renderSvg(await layoutStoryMap(storyMapView(map, { expanded: 'all' })));
    assert.doesNotMatch(svg, /<script|<img|<svg onload|<b>|<\/text><script/);
    assert.match(svg, /&lt;img src=x onerror=alert\(2\)&gt;/);
    // Every element in the output is one the renderer makes.
    const tags = new Set([...svg.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]));
    assert.deepEqual([...tags].sort(), ['circle', 'defs', 'g', 'marker', 'path', 'polygon', 'rect', 'style', 'svg', 'text', 'title'].filter((t) => tags.has(t)).sort());
    for (const tag of tags) assert.ok(['circle', 'defs', 'g', 'marker', 'path', 'polygon', 'rect', 'style', 'svg', 'text', 'title', 'xml'].includes(tag!), tag);
  });

  it('escapes text and attributes of the element tree', () => {
    const tree: SvgElement = { tag: 'g', attrs: { 'data-id': '"><script>x</script>' }, children: ['<img src=x onerror=1> & \u0001'] };
    assert.equal(svgToString(tree), '<g data-id="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&lt;img src=x onerror=1&gt; &amp; \ufffd</g>');
  });

  it('keeps hostile strings inside DOT strings', () => {
    const dot = formatDot(mapOf({ '/h.arc': HOSTILE }));
    // Each line is a statement; no quote is left open and no attribute list is injected.
    for (const line of dot.split('\n')) {
      const unescapedQuotes = line.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g)?.length ?? 0;
      assert.equal(unescapedQuotes % 2, 0, line);
    }
    assert.match(dot, /\\"\]; x -> y \[label=\\"/);
  });

  it('keeps hostile strings out of Mermaid syntax and HTML', () => {
    const mermaid = formatMermaid(mapOf({ '/h.arc': HOSTILE }));
    assert.match(mermaid, /^flowchart TB\n/);
    assert.doesNotMatch(mermaid.replace(/<br\/>/g, ''), /[<>]"|<script|<img|<svg/);
    assert.equal(mermaidText('a"b<c>#d`'), 'a#34;b#60;c#62;#35;d#96;');
    assert.match(mermaid, /subgraph a0\["a1 #40;macro#41;: #60;img src=x onerror=alert#40;2#41;#62; #92; back"\]/);
  });

  it('collapses arcs into one box each, adding up their links, and opens one on request', async () => {
    const map = lighthouse();
    const closed = storyMapView(map, { expanded: [] });
    assert.deepEqual(closed.nodes, []);
    assert.deepEqual(closed.collapsed.map((a) => [a.id, a.beats, a.arcs]), [['healing', 10, 1]]);
    assert.deepEqual(closed.edges, []);
    const half = storyMapView(map, { expanded: ['healing'] });
    assert.deepEqual(half.nodes.map((n) => n.id), ['letting_go']);
    assert.deepEqual(half.collapsed.map((a) => a.id), ['storm']);
    assert.deepEqual(half.edges.map((e) => `${e.kind} ${e.from} ${e.to} ${e.count}`), ['flow storm letting_go 1']);
    const layout = await layoutStoryMap(storyMapView(map, { expanded: ['healing'] }));
    assert.deepEqual(layout.groups.map((g) => g.id), ['healing']);
    const storm = layout.nodes.find((n) => n.id === 'storm')!;
    const letting = layout.nodes.find((n) => n.id === 'letting_go')!;
    assert.ok(letting.y >= storm.y + storm.height, 'time flows down');
  });

  it('lays out time downwards with the branches side by side, inside their arcs', async () => {
    const layout = await layoutStoryMap(storyMapView(lighthouse(), { expanded: 'all' }));
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    const below = (a: string, b: string): boolean => at.get(b)!.y >= at.get(a)!.y + at.get(a)!.height;
    for (const [a, b] of [['storm_begins', 'lamp_fails'], ['keep_watch', 'keep_watch.search'], ['finds_boat', 'dawn'], ['dawn', 'letting_go']]) {
      assert.ok(below(a!, b!), `${b} below ${a}`);
    }
    assert.equal(at.get('breathing')!.y, at.get('finds_boat')!.y, 'the two branches side by side');
    const storm = layout.groups.find((g) => g.id === 'storm')!;
    const healing = layout.groups.find((g) => g.id === 'healing')!;
    for (const id of ['storm_begins', 'dawn', 'finds_boat']) {
      const n = at.get(id)!;
      assert.ok(n.x >= storm.x && n.x + n.width <= storm.x + storm.width && n.y >= storm.y && n.y + n.height <= storm.y + storm.height, id);
    }
    assert.ok(storm.x >= healing.x && storm.y >= healing.y && storm.x + storm.width <= healing.x + healing.width);
  });

  it('keeps the positions of unchanged nodes when the story changes', async () => {
    const before = lighthouse();
    const first = await layoutStoryMap(storyMapView(before, { expanded: 'all' }));
    const text = readFileSync(path.join(EXAMPLES, 'lighthouse.arc'), 'utf8')
      .replace('    event dawn @6', '    event gale @5 { with mara }\n    event dawn @6');
    const after = mapOf({ '/ws/lighthouse.arc': text, '/ws/characters.arc': readFileSync(path.join(EXAMPLES, 'characters.arc'), 'utf8') });
    const second = await layoutStoryMap(storyMapView(after, { expanded: 'all' }), { previous: first });
    const old = new Map(first.nodes.map((n) => [n.id, n]));
    for (const node of second.nodes) {
      const was = old.get(node.id);
      if (was) assert.deepEqual([node.x, node.y], [was.x, was.y], node.id);
    }
    const gale = second.nodes.find((n) => n.id === 'gale')!;
    for (const node of second.nodes) {
      if (node.id === 'gale') continue;
      const overlaps = gale.x < node.x + node.width && node.x < gale.x + gale.width && gale.y < node.y + node.height && node.y < gale.y + gale.height;
      assert.ok(!overlaps, `gale overlaps ${node.id}`);
    }
  });

  it('marks conflicts on their nodes by severity, with the messages as the tooltip text', async () => {
    const map = mapOf({ '/s.arc': 'event a @2 { causes b }\nevent b @1 { }\n' });
    const tree = renderMap(await layoutStoryMap(storyMapView(map, { expanded: 'all' })));
    const find = (e: SvgElement | string, pred: (e: SvgElement) => boolean): SvgElement | undefined => {
      if (typeof e === 'string') return undefined;
      if (pred(e)) return e;
      for (const c of e.children) { const f = find(c, pred); if (f) return f; }
      return undefined;
    };
    const node = find(tree, (e) => e.attrs['data-id'] === 'a')!;
    assert.match(node.attrs.class!, /severity-error/);
    const title = node.children.find((c): c is SvgElement => typeof c !== 'string' && c.tag === 'title')!;
    assert.match(String(title.children[0]), /error T101: `a` causes `b`/);
  });
});
