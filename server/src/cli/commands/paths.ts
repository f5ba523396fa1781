/**
 * `nao paths [--format text|json|svg] [--svg] [--root DIR] [--max-file-size SIZE] FILE`: statistics over
 * every path of a story, computed without listing the paths; as svg, the
 * pacing chart of its worst paths (server/src/pacing, the player's chart).
 */
import {
  checkProject, computePathStatistics, formatPath, pathStatisticsToJson, type Analysis, type PathStatisticsJson, type PathStep,
} from '@narrative-arc/orchestrator';
import { pacingInput } from '../../pacing/worst.js';
import { booleanOption, choiceOption, EXIT, stringOption, UsageError, type Command } from '../command.js';
import { Hosts, MAX_FILE_SIZE_OPTION, maxFileSize, resolveRootFiles } from '../workspace.js';

const FORMATS = ['text', 'json', 'svg'] as const;

export const pathsCommand: Command = {
  name: 'paths',
  summary: 'Count the paths of a story and measure them: length, words, pacing, coverage',
  usage: 'paths [--format text|json|svg] [--svg] [--root DIR] [--max-file-size SIZE] FILE',
  description: `Loads the story project rooted at FILE and measures its paths, without
listing them (a story with 60 two-way choices has 2^60): the exact number
of paths; the fewest and most beats and prose words on one path; the beats
every path holds; the highest intensity a path reaches; the largest rise
between consecutive intensities (W402's measure); the longest run of beats
with no calm one (at or below the story's \`limits calm\`, else 3); the
beats fewest paths reach, with their exact share of the paths; and for each
conflict that depends on choices, how many paths it happens on.

With --format svg (or --svg) it prints a chart instead: the intensity along
the path of the highest peak and the path of the largest rise, over the
bands of the story's limits, the same chart the player in VS Code shows.`,
  options: {
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: "Output format: 'text' (default), 'json' or 'svg'." },
    svg: { type: 'boolean', description: 'The same as --format svg: print the pacing chart of the worst paths.' },
    root: { type: 'string', valueName: 'DIR', description: 'Workspace folder that includes may not leave.' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
  notes: `Formats:
  text   one line per measure, each with a path that shows it.
  json   {"paths": "<decimal string>", "beats": {min, max}, "words": {min,
         max}, "onEveryPath", "peak", "spike", "calmless", "coverage"};
         see docs/cli.md.
  svg    a stand-alone SVG chart: intensity over time on the worst paths
         (highest peak, worst spike) with the story's limits as bands.

Examples:
  nao paths examples/lighthouse.arc
  nao paths --format json examples/lighthouse.arc
  nao paths --svg examples/lighthouse.arc > pacing.svg`,
  exitCodesHelp: `Exit codes:
  0  the statistics were shown
  2  usage problem: unknown option, missing FILE, no such file, --svg with
     another --format
  3  internal error: nao itself failed (a bug; please report it)`,
  async run(args, io) {
    let format = choiceOption(args, 'format', FORMATS, 'text', pathsCommand);
    if (booleanOption(args, 'svg')) {
      if (stringOption(args, 'format') !== undefined && format !== 'svg') throw new UsageError(`--svg prints svg: it cannot go with --format ${format}`, pathsCommand);
      format = 'svg';
    }
    if (args.positionals.length !== 1) throw new UsageError('expected one FILE: nao paths FILE', pathsCommand);
    const [root] = resolveRootFiles(args.positionals, stringOption(args, 'root'), io, pathsCommand);
    const limit = maxFileSize(args, io, pathsCommand);
    const analysis = checkProject(new Hosts(limit !== undefined ? { maxFileSize: limit } : {}).for(root!.workspaceRoot), root!.file);
    refuseUnreadRoot(analysis, args.positionals[0]!, pathsCommand);
    const computed = computePathStatistics(analysis);
    if (format === 'svg') {
      // Vega is loaded only for the chart: the other commands and formats start without it.
      const { renderPacingSvg } = await import('../../pacing/svg.js');
      io.writeOut(await renderPacingSvg(pacingInput(analysis, { statistics: computed })));
      return EXIT.ok;
    }
    const statistics = pathStatisticsToJson(computed);
    io.writeOut(format === 'json' ? `${JSON.stringify(statistics, null, 2)}\n` : formatPaths(statistics));
    return EXIT.ok;
  },
};

/**
 * A root file that could not be read (too large, not text) has no story to
 * measure or play: a usage error, rather than the statistics of an empty story.
 */
export function refuseUnreadRoot(analysis: Analysis, argument: string, command: Command): void {
  const root = analysis.project.root;
  const unread = analysis.project.diagnostics.find((d) => d.code === 'E004' && d.file === root && d.subject.kind === 'include' && d.subject.path === '');
  if (unread) throw new UsageError(`${argument}: ${unread.message}`, command);
}

function on(path: readonly PathStep[]): string {
  return path.length === 0 ? 'on every path' : `on path ${formatPath(path)}`;
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}

function plural(n: number | string, word: string): string {
  return `${n} ${word}${String(n) === '1' ? '' : 's'}`;
}

/** The text form. */
export function formatPaths(s: PathStatisticsJson): string {
  const lines: string[] = [];
  lines.push(`paths: ${s.paths}`);
  lines.push(`beats per path: ${s.beats.min} to ${s.beats.max}`);
  lines.push(`prose words per path: ${s.words.min} to ${s.words.max}`);
  lines.push(`on every path: ${plural(s.onEveryPath.length, 'beat')}${s.onEveryPath.length > 0 ? ` (${s.onEveryPath.map((b) => `\`${b}\``).join(', ')})` : ''}`);
  lines.push(s.peak ? `peak intensity: ${s.peak.intensity} at \`${s.peak.beat}\`, ${on(s.peak.path)}` : 'peak intensity: none (no beat has an intensity)');
  lines.push(s.spike
    ? `largest rise: ${s.spike.rise >= 0 ? '+' : ''}${s.spike.rise}, from \`${s.spike.from}\` to \`${s.spike.to}\`, ${on(s.spike.path)}`
    : 'largest rise: none (no path has two beats with an intensity)');
  const calm = `calm: ${s.calmless.calm} or below${s.calmless.calmFrom === 'default' ? ', the default' : ''}`;
  lines.push(s.calmless.beats > 0
    ? `longest run without a calm beat (${calm}): ${plural(s.calmless.beats, 'beat')}, \`${s.calmless.from}\` to \`${s.calmless.to}\`, ${on(s.calmless.path)}`
    : `longest run without a calm beat (${calm}): none`);
  const { coverage } = s;
  if (coverage.branchBeats === 0) {
    lines.push('coverage: every beat is on every path');
  } else {
    const shown = coverage.beats.length < coverage.branchBeats ? `; the ${coverage.beats.length} fewest paths reach:` : ':';
    lines.push(`coverage: ${plural(coverage.branchBeats, 'beat')} not on every path${shown}`);
    for (const b of coverage.beats) lines.push(`  \`${b.beat}\`: ${b.paths} of ${s.paths} paths (${b.share}, ${percent(b.fraction)})`);
  }
  if (coverage.conflicts.length === 0) {
    lines.push('conflicts on some paths: none');
  } else {
    lines.push('conflicts on some paths:');
    for (const c of coverage.conflicts) {
      lines.push(`  ${c.code}${c.beat ? ` at \`${c.beat}\`` : ''}: ${c.paths} of ${s.paths} paths (${c.share}, ${percent(c.fraction)})  ${c.id}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
