/**
 * Path statistics (`computePathStatistics`: counts, beats and words per
 * path, peak, largest rise, calm-less runs, coverage) on the 20,000-beat
 * story and on the 2^60-path story, timed against the lexer on the same text
 * and against the full check, all measured in this run. The statistics must
 * never list paths: on 2^60 paths they must take about as long as on 2^15.
 */
import { tokenize } from '@nao/grammar';
import { computePathStatistics, type Analysis } from '@narrative-arc/orchestrator';
import { generateDeepChoices, generateStory } from './generate.js';
import { ms, ratio, time } from './measure.js';
import { figure, note, table } from './report.js';
import type { BenchContext, Section } from './section.js';

const BEATS = 20_000;
const DEEP = [15, 60] as const;

export const pathsSection: Section = {
  id: 'paths',
  title: `Path statistics on the ${BEATS.toLocaleString('en')}-beat story and on 2^${DEEP[DEEP.length - 1]} paths`,
  run({ orchestrator }: BenchContext): void {
    const stories = [
      { name: `${BEATS.toLocaleString('en')}-beat story`, ...generateStory({ beats: BEATS, seed: 1 }), expected: undefined as bigint | undefined },
      ...DEEP.map((n) => ({ name: `deep choices, 2^${n} paths`, ...generateDeepChoices(n), expected: 2n ** BigInt(n) })),
    ];
    const rows: string[][] = [];
    for (const story of stories) {
      const texts = [...story.files.values()];
      const analysis: Analysis = orchestrator.checkProject(orchestrator.makeHost(story.files, story.workspace), story.root);
      const lexer = time(() => texts.map((text) => tokenize(text)));
      const check = time(() => orchestrator.checkProject(orchestrator.makeHost(story.files, story.workspace), story.root));
      const statistics = time(() => computePathStatistics(analysis));
      const result = computePathStatistics(analysis);
      rows.push([
        story.name,
        result.paths.toString().length > 12 ? `${result.paths.toString().slice(0, 6)}…(${result.paths.toString().length} digits)` : result.paths.toString(),
        ms(lexer.median),
        ms(check.median),
        ms(statistics.median),
        ratio(statistics.median, lexer.median),
        ratio(statistics.median, check.median),
      ]);
      if (story.expected !== undefined) {
        figure(`${story.name}: exact count`, result.paths.toString(),
          result.paths === story.expected ? `= 2^${Math.log2(Number(story.expected))}: right` : `expected ${story.expected}: WRONG`);
      }
    }
    console.log('');
    table(['story', 'paths', 'lexer', 'full check', 'path statistics', 'vs lexer', 'vs check'], rows);
    note('path statistics: computePathStatistics on an analysis made beforehand (the check is not in its time).');
  },
};
