/**
 * Views of the story map (server/src/story-map/view.ts): what is drawn for
 * a set of open arcs. A small story opens with every arc open; a big one
 * (more than COLLAPSE_ABOVE_NODES beats and options) with every arc
 * collapsed into one box that counts what it holds, links added up between
 * the boxes; opening an arc shows its contents with its inner arcs
 * collapsed. Filters, the search and a conflict's highlight reach inside
 * collapsed arcs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProject, MemoryHost, storyMap, type StoryMap, type StoryMapConflict } from '@narrative-arc/orchestrator';
import { layoutStoryMap } from '../src/story-map/layout.js';
import { renderMap, type SvgElement } from '../src/story-map/render.js';
import { COLLAPSE_ABOVE_NODES, COLLAPSED_SAMPLE, storyMapView } from '../src/story-map/view.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.resolve(here, '..', '..', '..', 'examples');
const PER_PART = 70;

function mapOf(files: Record<string, string>, root = Object.keys(files)[0]!): StoryMap {
  return storyMap(checkProject(new MemoryHost(new Map(Object.entries(files))), root));
}

function lighthouse(edit: (text: string) => string = (t) => t): StoryMap {
  return mapOf({
    '/ws/lighthouse.arc': edit(readFileSync(path.join(EXAMPLES, 'lighthouse.arc'), 'utf8')),
    '/ws/characters.arc': readFileSync(path.join(EXAMPLES, 'characters.arc'), 'utf8'),
  }, '/ws/lighthouse.arc');
}

/**
 * Three macro arcs a0..a2, each a meso arc aNm of 70 beats then 70 beats of
 * its own (420 in all, over the threshold), one story-level beat before
 * them; a0_b1 causes a1_b1; a1_b5 causes the earlier a1_b2 (T101); tom is
 * killed in a2_b0 and involved in a2_b3.
 */
function bigStory(): StoryMap {
  const lines = ['character mara', 'character tom', 'event prologue @0 "Before it all" { with mara }'];
  let time = 1;
  for (let a = 0; a < 3; a++) {
    lines.push(`arc a${a} macro "Part ${a}" {`, `  arc a${a}m meso {`);
    for (let i = 0; i < PER_PART; i++) lines.push(`    event a${a}m_${i} @${time++} "Scene ${a}.${i}" { with mara }`);
    lines.push('  }');
    for (let i = 0; i < PER_PART; i++) {
      const items = ['with mara'];
      if (a === 0 && i === 1) items.push('causes a1_b1');
      if (a === 1 && i === 5) items.push('causes a1_b2');
      if (a === 2 && i === 0) items.push('kills tom');
      if (a === 2 && i === 3) items.push('with tom');
      lines.push(`  event a${a}_b${i} @${time++} { ${items.join('  ')} }`);
    }
    lines.push('}');
  }
  return mapOf({ '/big.arc': lines.join('\n') });
}

const edge = (e: { kind: string; from: string; to: string; count: number }): string => `${e.kind} ${e.from} ${e.to} ${e.count}`;

describe('story map views', () => {
  it('open a small story with every arc open: everything drawn, as in the map', () => {
    const map = lighthouse();
    assert.ok(map.nodes.length <= COLLAPSE_ABOVE_NODES);
    const view = storyMapView(map);
    assert.equal(view.expanded, 'all');
    assert.deepEqual(view.nodes, map.nodes);
    assert.deepEqual(view.groups, map.groups);
    assert.deepEqual(view.collapsed, []);
    assert.deepEqual(view.edges.map(edge).sort(), map.edges.map((e) => edge({ ...e, count: 1 })).sort());
    assert.deepEqual(view.totals, { nodes: 10, arcs: 2, conflicts: { error: 0, warning: 0, information: 0, hint: 0 } });
    assert.deepEqual(view.facets, { characters: ['mara', 'tom'], codes: [], arcs: ['healing', 'storm'] });
    assert.equal(view.matched, undefined);
  });

  it('open a big story with every arc collapsed into one box, counting what it holds, its links added up', () => {
    const map = bigStory();
    assert.ok(map.nodes.length > COLLAPSE_ABOVE_NODES, `${map.nodes.length} nodes`);
    const view = storyMapView(map);
    assert.deepEqual(view.expanded, []);
    assert.deepEqual(view.nodes.map((n) => n.id), ['prologue']);
    assert.deepEqual(view.groups, []);
    assert.deepEqual(view.collapsed.map((a) => [a.id, a.scale, a.title, a.parent, a.beats, a.arcs]), [
      ['a0', 'macro', 'Part 0', null, 2 * PER_PART, 1],
      ['a1', 'macro', 'Part 1', null, 2 * PER_PART, 1],
      ['a2', 'macro', 'Part 2', null, 2 * PER_PART, 1],
    ]);
    assert.deepEqual(view.edges.map(edge).sort(), [
      'causes a0 a1 1', // a0_b1 causes a1_b1; a1_b5 causes a1_b2 is inside a1
      'flow a0 a1 1', 'flow a1 a2 1', 'flow prologue a0 1',
    ]);
    // The counts hold every conflict inside, by severity; the box carries the worst few.
    for (const arc of view.collapsed) {
      const inside = map.nodes.filter((n) => n.arc === arc.id || n.arc === `${arc.id}m`).flatMap((n) => n.conflicts);
      const tally = { error: 0, warning: 0, information: 0, hint: 0 };
      for (const c of [...inside, ...map.groups.filter((g) => g.id === arc.id || g.id === `${arc.id}m`).flatMap((g) => g.conflicts)]) tally[c.severity]++;
      assert.deepEqual(arc.counts, tally, arc.id);
      assert.ok(arc.conflicts.length <= COLLAPSED_SAMPLE);
    }
    const a1 = view.collapsed.find((a) => a.id === 'a1')!;
    assert.ok(a1.counts.error >= 1, JSON.stringify(a1.counts));
    assert.ok(a1.conflicts.some((c) => c.code === 'T101'), JSON.stringify(a1.conflicts));
    assert.ok(view.collapsed.find((a) => a.id === 'a2')!.conflicts.some((c) => c.code === 'C201'));
    assert.equal(view.totals.nodes, map.nodes.length);
    // Small enough to send: a few kilobytes, not the map's hundreds.
    assert.ok(JSON.stringify(view).length * 20 < JSON.stringify(map).length, `${JSON.stringify(view).length} vs ${JSON.stringify(map).length}`);
  });

  it('carry at most a few conflicts per collapsed arc, the worst first, while the counts hold them all', () => {
    const beats = Array.from({ length: 30 }, (_, i) => `  event e${i} @${30 - i} { causes e${i + 1} }`).join('\n');
    const map = mapOf({ '/s.arc': `arc only macro {\n${beats}\n  event e30 @0 { }\n}\n` });
    const view = storyMapView(map, { expanded: [] });
    const [only] = view.collapsed;
    const all: StoryMapConflict[] = [...map.nodes.flatMap((n) => n.conflicts), ...map.groups.flatMap((g) => g.conflicts)];
    assert.ok(all.length > COLLAPSED_SAMPLE, `${all.length} conflicts`);
    assert.equal(only!.counts.error + only!.counts.warning + only!.counts.information + only!.counts.hint, all.length);
    assert.equal(only!.conflicts.length, COLLAPSED_SAMPLE);
    const rank = { error: 4, warning: 3, information: 2, hint: 1 };
    for (let i = 1; i < only!.conflicts.length; i++) assert.ok(rank[only!.conflicts[i - 1]!.severity] >= rank[only!.conflicts[i]!.severity]);
  });

  it('open an arc to show its beats, with its inner arcs collapsed and links to the other boxes', () => {
    const view = storyMapView(bigStory(), { expanded: ['a0'] });
    assert.deepEqual(view.expanded, ['a0']);
    assert.deepEqual(view.groups.map((g) => g.id), ['a0']);
    assert.deepEqual(view.collapsed.map((a) => [a.id, a.parent]), [['a0m', 'a0'], ['a1', null], ['a2', null]]);
    assert.equal(view.nodes.length, 1 + PER_PART);
    assert.ok(view.nodes.every((n) => n.id === 'prologue' || n.arc === 'a0'));
    const edges = view.edges.map(edge);
    for (const wanted of ['flow prologue a0m 1', 'flow a0m a0_b0 1', 'flow a0_b0 a0_b1 1', `flow a0_b${PER_PART - 1} a1 1`, 'causes a0_b1 a1 1', 'flow a1 a2 1']) {
      assert.ok(edges.includes(wanted), `${wanted} in ${edges.filter((e) => !e.startsWith('flow a0_b')).join(', ')}`);
    }
    // Every edge joins two things drawn.
    const drawn = new Set([...view.nodes.map((n) => n.id), ...view.collapsed.map((a) => a.id)]);
    for (const e of view.edges) assert.ok(drawn.has(e.from) && drawn.has(e.to), edge(e));
    // Opening the inner arc too shows all of a0; arcs it does not know are dropped.
    const deeper = storyMapView(bigStory(), { expanded: ['a0', 'a0m', 'no_such_arc'] });
    assert.deepEqual(deeper.expanded, ['a0', 'a0m']);
    assert.equal(deeper.nodes.length, 1 + 2 * PER_PART);
    assert.deepEqual(storyMapView(bigStory(), { expanded: 'all' }).nodes.length, bigStory().nodes.length);
  });

  it('find beats inside collapsed arcs: the boxes holding a match match, and a search opens the arcs around the first', () => {
    const map = bigStory();
    const searched = storyMapView(map, { filters: { search: 'A1M_5' } });
    assert.deepEqual(searched.matched, ['a1'], 'a1m_5 and a1m_50… are in a1');
    assert.deepEqual(storyMapView(map, { filters: { search: 'scene 2.3' } }).matched, ['a2'], 'titles count too');
    assert.deepEqual(storyMapView(map, { filters: { search: 'before it' } }).matched, ['prologue']);
    const found = storyMapView(map, { find: 'a1m_5', filters: { search: 'a1m_5' } });
    assert.equal(found.found, 'a1m_5');
    assert.deepEqual(found.expanded, ['a1', 'a1m']);
    assert.ok(found.nodes.some((n) => n.id === 'a1m_5'));
    assert.deepEqual(found.matched, ['a1m_5', ...Array.from({ length: 10 }, (_, i) => `a1m_5${i}`)].sort());
    const missing = storyMapView(map, { find: 'nowhere' });
    assert.equal(missing.found, null);
    assert.deepEqual(missing.expanded, []);
  });

  it('filter by character, arc, scale and conflict code beat by beat, inside collapsed arcs too', () => {
    const map = bigStory();
    const matched = (filters: Record<string, string>): readonly string[] | undefined => storyMapView(map, { filters }).matched;
    assert.deepEqual(matched({ character: 'tom' }), ['a2']);
    assert.deepEqual(matched({ code: 'T101' }), ['a1']);
    assert.deepEqual(matched({ character: 'tom', code: 'T101' }), [], 'no single beat has both');
    assert.deepEqual(matched({ arc: 'a1m' }), ['a1']);
    assert.deepEqual(matched({ scale: 'meso' }), ['a0', 'a1', 'a2']);
    assert.deepEqual(storyMapView(map, { expanded: ['a2'], filters: { character: 'tom' } }).matched, ['a2_b0', 'a2_b3']);
    assert.equal(matched({ character: '', search: '' }), undefined, 'empty filters are no filter');
  });

  it('open what a conflict needs: its node, the beats it names and its witness path, for the highlight', () => {
    const map = lighthouse((text) => text.replace('event dawn @6 { with mara ', 'event dawn @6 { with mara, tom '));
    const conflict = map.nodes.find((n) => n.id === 'dawn')!.conflicts[0]!;
    const view = storyMapView(map, { expanded: [], conflict: conflict.id });
    assert.deepEqual(view.expanded, ['healing', 'storm']);
    assert.deepEqual(view.highlight, {
      conflict: { id: conflict.id, code: 'C201', severity: 'warning', message: conflict.message },
      owner: 'dawn',
      ids: ['dawn', 'finds_boat', 'keep_watch', 'keep_watch.search'],
    });
    assert.equal(storyMapView(map, { conflict: 'C201:nobody@nowhere' }).highlight, null);
    assert.equal(storyMapView(map).highlight, undefined, 'only when asked');
  });

  it('draw a collapsed arc as a box with its size, and its conflicts counted on its badge and in its tooltip', async () => {
    const layout = await layoutStoryMap(storyMapView(bigStory()));
    const a1 = layout.nodes.find((n) => n.id === 'a1')!;
    assert.equal(a1.kind, 'arc');
    assert.equal(a1.detail, `macro · ${2 * PER_PART} beats`);
    assert.equal(a1.severity, 'error');
    const find = (e: SvgElement | string, pred: (e: SvgElement) => boolean): SvgElement | undefined => {
      if (typeof e === 'string') return undefined;
      if (pred(e)) return e;
      for (const c of e.children) {
        const f = find(c, pred);
        if (f) return f;
      }
      return undefined;
    };
    const box = find(renderMap(layout), (e) => e.attrs['data-id'] === 'a1')!;
    assert.match(box.attrs.class!, /node arc scale-macro severity-error/);
    const total = a1.counts!.error + a1.counts!.warning + a1.counts!.information + a1.counts!.hint;
    const badge = find(box, (e) => e.attrs.class === 'badge-text')!;
    assert.deepEqual(badge.children, [String(total)]);
    const tooltip = String(find(box, (e) => e.tag === 'title')!.children[0]);
    assert.match(tooltip, /^arc \(macro, collapsed\) a1 — macro · 140 beats\nconflicts inside: \d+ errors?/);
    assert.match(tooltip, /error T101: /);
  });
});
