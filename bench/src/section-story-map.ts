/**
 * The story map on the 20,000-beat, 200-file project: the core's
 * `storyMap(analysis)`, and the elkjs layout of what the view draws first
 * (every arc collapsed) and after an edit (the previous layout kept), as
 * ratios to the lexer over the same files, measured in this run.
 */
import { tokenize } from '@nao/grammar';
import { storyMap } from '@narrative-arc/orchestrator';
import { defaultExpansion, layoutStoryMap, type MapLayout } from '@nao/server/story-map';
import { generateStory } from './generate.js';
import { collectGarbage, keep, ms, ratio, summarize, time, type Timing } from './measure.js';
import { figure, note, table } from './report.js';
import type { BenchContext, Section } from './section.js';

const BEATS = 20_000;
const FILES = 200;

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

export const storyMapSection: Section = {
  id: 'story-map',
  title: `Story map on the ${BEATS.toLocaleString('en')}-beat, ${FILES}-file story`,
  async run({ orchestrator }: BenchContext): Promise<void> {
    const story = generateStory({ beats: BEATS, files: FILES, seed: 1 });
    const texts = [...story.files.values()];
    const lexer = time(() => texts.map((text) => tokenize(text)));
    const analysis = orchestrator.checkProject(orchestrator.makeHost(story.files, story.workspace), story.root);
    const map = storyMap(analysis);
    const expansion = defaultExpansion(map);
    figure('map', `${map.nodes.length.toLocaleString('en')} nodes, ${map.edges.length.toLocaleString('en')} edges, ${map.groups.length} arcs; ` +
      `${(JSON.stringify(map).length / (1024 * 1024)).toFixed(1)} MB as JSON`);
    const core = time(() => storyMap(analysis));
    let first: MapLayout | undefined;
    const firstRender = await timeAsync(async () => (first = await layoutStoryMap(map, expansion)));
    figure('first render', `${first!.nodes.length} boxes drawn (arcs collapsed: ${first!.nodes.filter((n) => n.kind === 'arc').length})`);

    // An edit: a new beat in one part file; the project is checked again, then map and layout follow.
    const files = new Map(story.files);
    const [partId, partText] = [...files].find(([id]) => id !== story.root)!;
    files.set(partId, `${partText}\nevent bench_edit @0.5 { }\n`);
    const edited = orchestrator.checkProject(orchestrator.makeHost(files, story.workspace), story.root);
    const editedMap = storyMap(edited);
    const update = await timeAsync(async () => layoutStoryMap(storyMap(edited), expansion, { previous: first! }));
    const updateLayout = await timeAsync(async () => layoutStoryMap(editedMap, expansion, { previous: first! }));
    const opened = await timeAsync(async () => layoutStoryMap(map, { expanded: [map.groups.find((g) => g.parent === null)!.id] }, { previous: first! }));

    table(['step', 'median', 'min', 'runs', 'vs lexer'], [
      ['lexer over the same files (baseline)', ms(lexer.median), ms(lexer.min), String(lexer.runs), '1.00x'],
      ['storyMap(analysis) (core)', ms(core.median), ms(core.min), String(core.runs), ratio(core.median, lexer.median)],
      ['first render: layout, arcs collapsed', ms(firstRender.median), ms(firstRender.min), String(firstRender.runs), ratio(firstRender.median, lexer.median)],
      ['update after an edit: storyMap + layout, positions kept', ms(update.median), ms(update.min), String(update.runs), ratio(update.median, lexer.median)],
      ['  of which the layout', ms(updateLayout.median), ms(updateLayout.min), String(updateLayout.runs), ratio(updateLayout.median, lexer.median)],
      ['opening one macro arc (layout)', ms(opened.median), ms(opened.min), String(opened.runs), ratio(opened.median, lexer.median)],
    ]);
    note('The check itself (checkProject) is not included: the map is made from the analysis the editor already has.');
  },
};
