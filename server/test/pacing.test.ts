/**
 * The pacing chart (server/src/pacing): the curves taken from playthroughs,
 * the worst paths from the path statistics, the limits as the checks read
 * them, the bands and rules the spec draws, story text kept out of every
 * Vega expression, and the SVG: well-formed, one line per curve, the same
 * every time, rendered without compiling code from strings.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProject, computePathStatistics, computePlaythrough, MemoryHost, type Analysis } from '@narrative-arc/orchestrator';
import {
  currentCurve, limitMarks, LIGHT_THEME, pacingCurve, pacingInput, pacingLimits, pacingSpec, renderPacingSvg, worstPaths, type PacingInput,
} from '../src/pacing/index.js';
import { FORK } from './pacing-stories.js';
import { elements, parseXml, textOf } from './xml.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPOSITORY = path.resolve(here, '..', '..', '..');
const EXAMPLES = path.join(REPOSITORY, 'examples');

function analysisOf(text: string): Analysis {
  return checkProject(new MemoryHost(new Map([['/ws/story.arc', text]])), '/ws/story.arc');
}

function lighthouse(): Analysis {
  const files = new Map<string, string>();
  for (const name of ['lighthouse.arc', 'characters.arc']) files.set(`/ws/${name}`, readFileSync(path.join(EXAMPLES, name), 'utf8'));
  return checkProject(new MemoryHost(files), '/ws/lighthouse.arc');
}


const HOSTILE_TITLE = '<script>alert(1)</script> & "quotes"';
const HOSTILE = [
  `story "${HOSTILE_TITLE.replace(/"/g, '\\"')}" { limits { max 6 } }`,
  'event one @1 "</text><script>alert(2)</script>" { intensity 2 }',
  'event two @2 "\\" onload=\\"alert(3)" { intensity 8 }',
].join('\n');

/** Every `signal` and `expr` string anywhere in a spec. */
function expressions(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) expressions(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'signal' || key === 'expr' || key === 'test') && typeof v === 'string') found.push(v);
      // Data values are data: never parsed as expressions.
      else if (key !== 'values') expressions(v, found);
    }
  }
  return found;
}

describe('pacing curves', () => {
  it('takes the beats with an intensity of a playthrough, in the order played', () => {
    const play = computePlaythrough(lighthouse(), { picks: { keep_watch: 'search' } })!;
    const points = pacingCurve(play);
    // keep_watch (a choice) and letting_go (no intensity) have none.
    assert.deepEqual(points.map((p) => [p.beat, p.time, p.intensity, p.order]), [
      ['storm_begins', 1, 4, 0], ['lamp_fails', 2, 5, 1], ['ship_in_danger', 3, 6, 2], ['finds_boat', 5, 6, 3], ['dawn', 6, 2, 4],
    ]);
    assert.equal(points[0]!.title, 'The storm begins');
    const current = currentCurve(play);
    assert.equal(current.id, 'current');
    assert.deepEqual(current.picks, [{ choice: 'keep_watch', option: 'search' }]);
  });

  it('carries the codes of the conflicts on the path at each beat', () => {
    const play = computePlaythrough(analysisOf(FORK), { picks: { fork: 'fast', after: 'one' } })!;
    const jolt = pacingCurve(play).find((p) => p.beat === 'jolt')!;
    assert.ok(jolt.conflicts.includes('W402'), jolt.conflicts.join());
    assert.ok(jolt.conflicts.includes('W406'), jolt.conflicts.join());
  });

  it('plays the highest peak and the worst spike to the end, each on its own path', () => {
    const analysis = analysisOf(FORK);
    const statistics = computePathStatistics(analysis);
    const worst = worstPaths(analysis, statistics);
    assert.deepEqual(worst.map((c) => [c.id, c.label, c.focus]), [
      ['peak', 'highest peak', ['crest']],
      ['spike', 'worst spike', ['calm_start', 'jolt']],
    ]);
    // The witness names `fork` only; `after` takes its first option, so the curve goes on to the end.
    assert.deepEqual(worst[0]!.picks, [{ choice: 'fork', option: 'slow' }, { choice: 'after', option: 'one' }]);
    assert.deepEqual(worst[0]!.points.map((p) => p.beat), ['calm_start', 'build', 'crest', 'rest', 'one_more']);
    assert.deepEqual(worst[1]!.points.map((p) => p.beat), ['calm_start', 'jolt', 'rest', 'one_more']);
    // The JSON form of the statistics gives the same curves.
    assert.deepEqual(worstPaths(analysis, JSON.parse(JSON.stringify(statistics, (_k, v) => typeof v === 'bigint' ? String(v) : v))), worst);
  });

  it('draws one curve when the peak and the spike are on the same path, none without intensities', () => {
    const analysis = lighthouse();
    const worst = worstPaths(analysis, computePathStatistics(analysis));
    assert.deepEqual(worst.map((c) => [c.id, c.label]), [['peak-spike', 'highest peak and worst spike']]);
    assert.deepEqual(worst[0]!.focus, ['ship_in_danger', 'storm_begins', 'lamp_fails']);
    const flat = analysisOf('event a @1 { }\nevent b @2 { }');
    assert.deepEqual(worstPaths(flat, computePathStatistics(flat)), []);
  });

  it('reads the limits as the checks do: null without any, invalid entries left out', () => {
    assert.equal(pacingLimits(analysisOf('event a @1 { intensity 2 }')), null);
    assert.equal(pacingLimits(analysisOf('story "S" { }\nevent a @1 { intensity 2 }')), null);
    assert.deepEqual(pacingLimits(lighthouse()), { max: 7, spike: 3, peak: 6, calm: 3, within: 2, warn: 6 });
    // `max 12` is an E007: the checks ignore it, and so does the chart.
    assert.deepEqual(pacingLimits(analysisOf('story "S" { limits { max 12  calm 2 } }')), { calm: 2, within: 3 });
  });

  it('puts it all in one JSON-safe input', () => {
    const analysis = analysisOf(FORK);
    const input = pacingInput(analysis, { current: computePlaythrough(analysis, { picks: { fork: 'slow' } })! });
    assert.equal(input.title, 'Fork');
    assert.equal(input.current!.label, 'this path');
    // Stopped at `after` for want of a pick: the curve so far.
    assert.deepEqual(input.current!.points.map((p) => p.beat), ['calm_start', 'build', 'crest', 'rest']);
    assert.equal(input.worst.length, 2);
    assert.deepEqual(JSON.parse(JSON.stringify(input)), input);
  });
});

describe('pacing spec', () => {
  const input = (limits: PacingInput['limits']): PacingInput => ({ title: 'S', limits, current: null, worst: [] });

  it('draws only the limits present, each as the language guide defines it', () => {
    assert.deepEqual(limitMarks(null, LIGHT_THEME), { bands: [], rules: [] });
    const maxOnly = limitMarks({ max: 7, within: 3 }, LIGHT_THEME);
    assert.deepEqual(maxOnly.bands.map((b) => [b.key, b.from, b.to]), [['max', 7, 10]]);
    assert.deepEqual(maxOnly.rules.map((r) => [r.key, r.value]), [['max', 7]]);
    const all = limitMarks({ max: 8, spike: 2, peak: 7, calm: 2, within: 2, warn: 6 }, LIGHT_THEME);
    // calm: at or below; peak: at or above (a calm beat within `within`); max: nothing above; warn: at or above.
    assert.deepEqual(all.bands.map((b) => [b.key, b.from, b.to, b.label]), [
      ['calm', 0, 2, 'calm ≤ 2'], ['peak', 7, 10, 'peak ≥ 7 (calm within 2)'], ['max', 8, 10, ''],
    ]);
    assert.deepEqual(all.rules.map((r) => [r.key, r.value, r.label, r.dash]), [['max', 8, 'max 8', []], ['warn', 6, 'warn ≥ 6', [5, 4]]]);
  });

  it('marks each rise above `spike` on every curve drawn', () => {
    const analysis = analysisOf(FORK);
    const spec = pacingSpec(pacingInput(analysis));
    const spikes = spec.data!.find((d) => d.name === 'spikes') as { values: { x: number; x2: number; tooltip: string }[] };
    // +6 from calm_start to jolt on the spike's path, +6 from build to crest on the peak's path.
    assert.deepEqual(spikes.values.map((s) => s.tooltip).sort(), [
      'rise +6 from build to crest, above spike 2 (highest peak)',
      'rise +6 from calm_start to jolt, above spike 2 (worst spike)',
    ]);
    const without = pacingSpec({ ...pacingInput(analysis), limits: { within: 3 } });
    assert.deepEqual((without.data!.find((d) => d.name === 'spikes') as { values: unknown[] }).values, []);
  });

  it('keeps story text out of every expression, and the theme in the spec', () => {
    const analysis = analysisOf(HOSTILE);
    const spec = pacingSpec(pacingInput(analysis, { current: computePlaythrough(analysis)! }), { ...LIGHT_THEME, current: '#123456' });
    const found = expressions(spec);
    assert.ok(found.length > 0);
    for (const expression of found) assert.doesNotMatch(expression, /script|alert|onload|Fork/);
    assert.equal((spec.scales!.find((s) => s.name === 'color') as { range: string[] }).range[0], '#123456');
    assert.equal(spec.background, LIGHT_THEME.background);
    assert.deepEqual(pacingSpec(input(null)).data!.find((d) => d.name === 'bands'), { name: 'bands', values: [] });
  });
});

describe('pacing SVG', () => {
  it('is well-formed, with one line per curve, the bands and rules of the limits, and points naming their beats', async () => {
    const analysis = analysisOf(FORK);
    const svg = await renderPacingSvg(pacingInput(analysis, { current: computePlaythrough(analysis, { picks: { fork: 'fast', after: 'two' } })! }));
    const all = elements(parseXml(svg));
    const marks = (name: string) => all.filter((e) => e.tag === 'g' && (e.attrs.class ?? '').split(' ').includes(name));
    const lines = marks('curve-line').flatMap((g) => elements(g).filter((e) => e.tag === 'path'));
    assert.deepEqual(lines.map((l) => l.attrs['aria-label']), ['this path', 'highest peak', 'worst spike']);
    // Solid current path, dashed overlays, each in its theme colour.
    assert.deepEqual(lines.map((l) => l.attrs.stroke), [LIGHT_THEME.current, LIGHT_THEME.worst[0], LIGHT_THEME.worst[1]]);
    assert.equal(lines[0]!.attrs['stroke-dasharray'] ?? '', '');
    assert.equal(lines[1]!.attrs['stroke-dasharray'], '6,3');
    const bands = elements(marks('band-areas')[0]!).filter((e) => e.tag === 'path');
    assert.deepEqual(bands.map((b) => b.attrs.fill), [LIGHT_THEME.bands.calm, LIGHT_THEME.bands.peak, LIGHT_THEME.bands.max]);
    const texts = all.filter((e) => e.tag === 'text').map(textOf);
    for (const label of ['calm ≤ 2', 'peak ≥ 7 (calm within 3)', 'max 8', 'warn ≥ 6', 'this path', 'highest peak', 'worst spike', 'Pacing of Fork', 'intensity', 'time', '@1']) {
      assert.ok(texts.includes(label), `${label} in ${texts.join(' | ')}`);
    }
    const points = elements(marks('beat-points')[0]!).filter((e) => e.tag === 'path').map((p) => p.attrs['aria-label']);
    assert.equal(points.length, 4 + 5 + 4);
    assert.ok(points.includes('crest "The crest", @4, intensity 9, on highest peak'), points.join('\n'));
    // Rises above `spike 2`: calm_start → jolt and rest → two_more (+3) here, build → crest, calm_start → jolt.
    assert.equal(elements(marks('spike-rises')[0]!).filter((e) => e.tag === 'line').length, 4);
  });

  it('is the same every time', async () => {
    const analysis = lighthouse();
    const first = await renderPacingSvg(pacingInput(analysis));
    assert.equal(await renderPacingSvg(pacingInput(analysis)), first);
  });

  it('keeps hostile story text as text', async () => {
    const svg = await renderPacingSvg(pacingInput(analysisOf(HOSTILE)));
    const root = parseXml(svg);
    assert.deepEqual([...new Set(elements(root).map((e) => e.tag))].sort(), ['g', 'line', 'path', 'rect', 'svg', 'text']);
    assert.ok(elements(root).every((e) => Object.keys(e.attrs).every((name) => !/^on/i.test(name))));
    assert.ok(elements(root).some((e) => e.tag === 'text' && textOf(e) === `Pacing of ${HOSTILE_TITLE}`));
    assert.ok(elements(root).some((e) => e.attrs['aria-label'] === 'two "" onload="alert(3)", @2, intensity 8, on highest peak and worst spike'));
    // A control character in a title would make the file unreadable: it is replaced.
    const control = await renderPacingSvg(pacingInput(analysisOf('story "a\u0001b" { }\nevent x @1 "c\u0002d" { intensity 3 }')));
    assert.ok(elements(parseXml(control)).some((e) => e.tag === 'text' && textOf(e) === 'Pacing of a\uFFFDb'));
  });

  it('renders with no code compiled from strings (no eval, no new Function)', () => {
    const script = [
      `import { checkProject, MemoryHost } from '@narrative-arc/orchestrator';`,
      `import { pacingInput, renderPacingSvg } from ${JSON.stringify(path.join(REPOSITORY, 'server', 'out', 'src', 'pacing', 'index.js'))};`,
      `let refused = false; try { new Function('return 1'); } catch { refused = true; }`,
      `if (!refused) throw new Error('code generation from strings is allowed');`,
      `const analysis = checkProject(new MemoryHost(new Map([['/s.arc', ${JSON.stringify(FORK)}]])), '/s.arc');`,
      `process.stdout.write(await renderPacingSvg(pacingInput(analysis)));`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], {
      cwd: path.join(REPOSITORY, 'server'), encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(elements(parseXml(run.stdout)).some((e) => e.attrs.class === 'mark-line role-mark curve-line'));
  });
});
