/**
 * Front-end throughput on the 20,000-beat story: lexer only, lex + parse
 * (syntax tree), and the whole front end (`loadProject`: includes and names),
 * with MB/s, ratios to the lexer, and memory.
 */
import { parse, tokenize } from '@nao/grammar';
import { memoryInChild, type MemoryRecord, type Pipeline } from './child.js';
import { generateStory, projectBytes } from './generate.js';
import { mb, mbPerSecond, ms, ratio, timeTogether, type Timing } from './measure.js';
import { figure, note, table, target } from './report.js';
import type { BenchContext, Section } from './section.js';

export const FRONTEND_BEATS = 20_000;
export const STORY_SEED = 1;

interface Row {
  readonly name: string;
  readonly pipeline: Pipeline;
  readonly timing?: Timing;
  /** Measured in a fresh process; a string says why it could not be. */
  memory?: MemoryRecord | string;
}

export const frontendSection: Section = {
  id: 'frontend',
  title: `Front end on the ${FRONTEND_BEATS.toLocaleString('en')}-beat story`,
  async run({ orchestrator }: BenchContext): Promise<void> {
    const story = generateStory({ beats: FRONTEND_BEATS, seed: STORY_SEED });
    const texts = [...story.files.values()];
    const bytes = projectBytes(story.files);
    figure('story', `${story.beats} beats, ${story.choices} choices, ${story.files.size} file(s)`);
    figure('size', `${bytes.toLocaleString('en')} bytes (${mb(bytes)}, ${(bytes / story.beats).toFixed(0)} bytes/beat)`);

    let syntaxErrors = 0;
    for (const text of texts) syntaxErrors += parse(text).errors.length;
    figure('syntax errors in the generated story', String(syntaxErrors), syntaxErrors === 0 ? undefined : 'expected 0');

    const lex = (): unknown => texts.map((text) => tokenize(text));
    const lexParse = (): unknown => texts.map((text) => parse(text));
    const whole = (): unknown => orchestrator.loadProject(orchestrator.makeHost(story.files, story.workspace), story.root);
    // In rounds of the three stages, so that each ratio to the lexer compares runs made under the same load.
    const [lexTiming, parseTiming, wholeTiming] = timeTogether([lex, lexParse, whole], { minRuns: 7, maxRuns: 9 });
    const rows: Row[] = [
      { name: 'lexer only (tokenize)', pipeline: 'lex', timing: lexTiming! },
      { name: 'lex + parse + syntax tree', pipeline: 'parse', timing: parseTiming! },
      { name: 'whole front end (loadProject)', pipeline: 'load', timing: wholeTiming! },
    ];
    // Memory in fresh processes, one per stage, so that one stage's high-water mark does not hide the next.
    for (const row of rows) if (row.timing) row.memory = await memoryInChild(FRONTEND_BEATS, row.pipeline);

    const lexer = rows[0]!.timing!;
    console.log('');
    const problems: string[] = [];
    table(
      ['stage', 'median', 'min', 'runs', 'throughput', 'vs lexer', 'peak RSS', 'RSS growth', 'heap after run', 'heap retained'],
      rows.map((r) => {
        if (!r.timing) return [r.name, 'not measured', '', '', '', '', '', '', '', ''];
        const m = typeof r.memory === 'object' ? r.memory : undefined;
        if (typeof r.memory === 'string') problems.push(`memory of ${r.name}: ${r.memory}`);
        return [
          r.name,
          ms(r.timing.median),
          ms(r.timing.min),
          String(r.timing.runs),
          mbPerSecond(bytes, r.timing.median),
          ratio(r.timing.median, lexer.median),
          m ? mb(m.rssPeak) : '?',
          m ? mb(m.rssPeak - m.rssBefore) : '?',
          m ? mb(m.heapAfterRun - m.heapBefore) : '?',
          m ? mb(m.heapRetained) : '?',
        ];
      }),
    );
    console.log('');
    const parseRow = rows[1]!.timing!;
    const parseMBs = bytes / (1024 * 1024) / (parseRow.median / 1000);
    figure('lex+parse / lexer only', ratio(parseRow.median, lexer.median));
    figure('lex+parse throughput', mbPerSecond(bytes, parseRow.median), target(parseMBs >= 10, 'at least 10 MB/s'));
    const wholeRow = rows[2]!.timing!;
    figure('whole front end / lexer only', ratio(wholeRow.median, lexer.median), target(wholeRow.median / lexer.median <= 3, 'within 3x'));
    note('Memory: one run per stage in a fresh process after a small warm-up. peak RSS: highest RSS sampled');
    note('every 2 ms on a worker thread during the run; RSS growth: peak minus RSS before the run; heap after');
    note('run: V8 heap growth before any GC (result + garbage); heap retained: after GC, the result kept alive.');
    for (const p of problems) note(`problem: ${p}`);
  },
};
