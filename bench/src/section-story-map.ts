/**
 * The story map on the 20,000-beat, 200-file project, as ratios to the
 * lexer over the same files, measured in this run:
 *
 * - in this process: the core's `storyMap(analysis)`, the view of it that
 *   is drawn (arcs collapsed: storyMapView), and the two things a writer
 *   waits for: the first render (map, view, the message both ways as JSON,
 *   the elkjs layout) and the update after an edit (the same on the edited
 *   project, the previous layout kept);
 * - through the real language server over stdio: the `arc/storyMap` view
 *   request on a freshly analysed snapshot (the map is made then) and the
 *   page's part (the message to the page, the layout), for the first render
 *   and after each edit; and for comparison the whole map, which is what
 *   the view was sent before views existed.
 */
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tokenize } from '@nao/grammar';
import { storyMap, type StoryMap } from '@narrative-arc/orchestrator';
import { layoutStoryMap, type DrawnMap, type MapLayout } from '@nao/server/story-map';
import { storyMapView, type StoryMapView, type ViewRequest } from '@nao/server/story-map/view';
import { generateStory } from './generate.js';
import { BenchLspClient } from './lsp-client.js';
import { collectGarbage, keep, ms, ratio, summarize, time, type Timing } from './measure.js';
import { figure, note, subheading, table } from './report.js';
import type { BenchContext, Section } from './section.js';
import { writeTempProject } from './temp-project.js';

const BEATS = 20_000;
const FILES = 200;
/** Edits through the server (each then undone, both measured). */
const SERVER_EDITS = 3;
const EDITED_PART = 'part-100.arc';

async function timeAsync(fn: () => Promise<unknown>, runs = 5, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) keep(await fn());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    keep(undefined);
    collectGarbage();
    const start = performance.now();
    keep(await fn());
    samples.push(performance.now() - start);
  }
  keep(undefined);
  return summarize(samples);
}

/** What the extension posts to the page, as the page gets it (a JSON round trip stands for postMessage). */
function toPage<T>(view: T): T {
  return JSON.parse(JSON.stringify({ type: 'map', version: 1, view })).view as T;
}

/** The map's view as drawn, through the message to the page, then laid out. */
async function render(map: StoryMap, request: ViewRequest, previous?: MapLayout): Promise<MapLayout> {
  const view = toPage(storyMapView(map, request));
  return layoutStoryMap(view, previous ? { previous } : {});
}

const kb = (chars: number): string => (chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(1)} MB` : `${(chars / 1024).toFixed(0)} kB`);

export const storyMapSection: Section = {
  id: 'story-map',
  title: `Story map on the ${BEATS.toLocaleString('en')}-beat, ${FILES}-file story`,
  async run({ orchestrator }: BenchContext): Promise<void> {
    const story = generateStory({ beats: BEATS, files: FILES, seed: 1 });
    const texts = [...story.files.values()];
    const lexer = time(() => texts.map((text) => tokenize(text)));
    const analysis = orchestrator.checkProject(orchestrator.makeHost(story.files, story.workspace), story.root);
    const map = storyMap(analysis);
    const collapsed = storyMapView(map);
    figure('map', `${map.nodes.length.toLocaleString('en')} nodes, ${map.edges.length.toLocaleString('en')} edges, ${map.groups.length} arcs; ` +
      `${kb(JSON.stringify(map).length)} as JSON`);
    figure('view drawn first (arcs collapsed)', `${collapsed.nodes.length} beats, ${collapsed.collapsed.length} collapsed arcs, ` +
      `${collapsed.edges.length} edges; ${kb(JSON.stringify(collapsed).length)} as JSON`);

    const core = time(() => storyMap(analysis));
    const view = time(() => storyMapView(map));
    let first: MapLayout | undefined;
    const firstRender = await timeAsync(async () => (first = await render(storyMap(analysis), {})));

    // An edit: a new beat in one part file; the project is checked again, then map, view and layout follow.
    const files = new Map(story.files);
    const [partId, partText] = [...files].find(([id]) => id !== story.root)!;
    files.set(partId, `${partText}\nevent bench_edit @0.5 { }\n`);
    const edited = orchestrator.checkProject(orchestrator.makeHost(files, story.workspace), story.root);
    const update = await timeAsync(async () => render(storyMap(edited), {}, first!));
    const topArc = map.groups.find((g) => g.parent === null)!.id;
    const opened = await timeAsync(async () => render(map, { expanded: [topArc] }, first!));

    const row = (label: string, t: Timing): string[] => [label, ms(t.median), ms(t.min), String(t.runs), ratio(t.median, lexer.median)];
    table(['in this process', 'median', 'min', 'runs', 'vs lexer'], [
      row('lexer over the same files (baseline)', lexer),
      row('storyMap(analysis) (core, once per analysis)', core),
      row('storyMapView: what is drawn, arcs collapsed', view),
      row('first render: map + view + message + layout', firstRender),
      row('update after an edit: the same, positions kept', update),
      row('opening one macro arc: view + message + layout', opened),
    ]);
    note('The check itself (checkProject) is not included: the map is made from the analysis the editor already has.');
    note('"message" is a JSON round trip of the view, standing for the hop from the extension to the page.');

    await throughTheServer(story, lexer, first!);
  },
};

/** The same through the real language server: what the map view waits for in the editor. */
async function throughTheServer(story: ReturnType<typeof generateStory>, lexer: Timing, firstLayout: MapLayout): Promise<void> {
  subheading('Through the language server (stdio)');
  const { dir, pathOf } = writeTempProject(story, 'arc-map-bench-');
  const uriOf = (id: string) => pathToFileURL(pathOf(id)).href;
  const client = await BenchLspClient.start(pathToFileURL(dir).href, {});
  try {
    const root = uriOf(story.root);
    await client.diagnostics(root, undefined, 180_000);
    type ViewAnswer = { version: number; view: StoryMapView };
    const ask = async (view: ViewRequest): Promise<{ millis: number; answer: ViewAnswer }> => {
      const t0 = performance.now();
      const answer = await client.request<ViewAnswer>('arc/storyMap', { uri: root, view });
      return { millis: performance.now() - t0, answer };
    };
    /** The page's part: the message from the extension, the layout. */
    const page = async (answer: ViewAnswer, previous?: MapLayout): Promise<{ millis: number; layout: MapLayout }> => {
      const t0 = performance.now();
      const layout = await layoutStoryMap(toPage(answer.view) as DrawnMap, previous ? { previous } : {});
      return { millis: performance.now() - t0, layout };
    };

    const first = await ask({});
    const firstPage = await page(first.answer);
    const again = await ask({});
    const openArc = await ask({ expanded: [first.answer.view.collapsed[0]!.id] });
    const openPage = await page(openArc.answer, firstPage.layout);

    // Edits of one part file: each is analysed, then the view is asked for (the map made again) and laid out.
    const uri = uriOf(`${story.workspace}/${EDITED_PART}`);
    const original = story.files.get(`${story.workspace}/${EDITED_PART}`)!;
    let version = 1;
    await client.open(uri, original, version);
    await client.diagnostics(uri, version, 120_000);
    const fresh: number[] = [];
    const updated: number[] = [];
    const whole: number[] = [];
    let wholeSize = 0;
    let previous = firstLayout;
    for (let i = 0; i < 2 * SERVER_EDITS; i++) {
      const text = i % 2 === 0 ? `${original}\nevent bench_edit_${i} @0.5 { }\n` : original;
      version++;
      await client.change(uri, version, [{ text }]);
      await client.diagnostics(uri, version, 120_000);
      const asked = await ask({});
      const opened = await page(asked.answer); // a map opened now: no previous layout
      const kept = await page(asked.answer, previous); // the open map following the edit
      previous = kept.layout;
      fresh.push(asked.millis + opened.millis);
      updated.push(asked.millis + kept.millis);
      if (i < 2) {
        // The whole map, on the same snapshot (its map already made): what the view got before.
        const t0 = performance.now();
        const answer = await client.request<{ map: unknown }>('arc/storyMap', { uri: root });
        whole.push(performance.now() - t0);
        wholeSize = JSON.stringify(answer).length;
      }
    }
    const one = (millis: number): Timing => summarize([millis]);
    const rows: [string, Timing][] = [
      ['first render: request (map made) + page', summarize(fresh)],
      ['  the very first, on the project as opened', one(first.millis + firstPage.millis)],
      ['update after an edit: request + page, positions kept', summarize(updated)],
      ['the view asked again (map already made)', one(again.millis)],
      ['opening one macro arc: request + page', one(openArc.millis + openPage.millis)],
      [`the whole map instead (${kb(wholeSize)}): request only`, summarize(whole)],
    ];
    table(['through the server', 'median', 'min', 'runs', 'vs lexer'], rows.map(([label, t]) => [label, ms(t.median), ms(t.min), String(t.runs), ratio(t.median, lexer.median)]));
    figure('view answered first', `${kb(JSON.stringify(first.answer).length)} as JSON`);
    note('Times start once the server has published the diagnostics of the version (the analysis is not included).');
    note('A first render is the view asked of a version whose map is not made yet, and a layout with no previous one:');
    note('one after each edit, and the very first on the project as the server opened it. The page\'s part (the message');
    note('as JSON, the layout) is measured in this process (Node); the browser draws the SVG on top of it.');
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
