/**
 * `nao impact [--format text|json] [--root DIR] [--max-file-size SIZE] FILE BEAT`: what depends on a
 * beat (docs/cli.md, `nao impact`).
 */
import { checkProject } from '@narrative-arc/orchestrator';
import { analyseImpact, type ImpactReport } from '@narrative-arc/orchestrator';
import { nearest } from '@narrative-arc/orchestrator';
import { choiceOption, EXIT, stringOption, UsageError, type Command } from '../command.js';
import { Hosts, MAX_FILE_SIZE_OPTION, maxFileSize, resolveRootFiles } from '../workspace.js';

const FORMATS = ['text', 'json'] as const;

export const impactCommand: Command = {
  name: 'impact',
  summary: 'Show what depends on a beat: ripple by scale, what breaks, per-option consequences',
  usage: 'impact [--format text|json] [--root DIR] [--max-file-size SIZE] FILE BEAT',
  description: `Loads the story project rooted at FILE and shows the impact of the beat
named BEAT: the beats downstream of it along \`causes\` links and the
\`requires\` it satisfies, counted by scale; the arcs they belong to; which
requirements would break and which arcs would lose their resolution if the
beat were removed; the ripple score (micro 1, meso 3, macro 9 per
downstream beat); and, for a choice, each option's consequences.`,
  options: {
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: "Output format: 'text' (default) or 'json'." },
    root: { type: 'string', valueName: 'DIR', description: 'Workspace folder that includes may not leave.' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
  notes: `Example:
  nao impact examples/lighthouse.arc lamp_fails
  nao impact --format json examples/lighthouse.arc keep_watch`,
  exitCodesHelp: `Exit codes:
  0  the impact was shown
  2  usage problem: unknown option, missing FILE or BEAT, no such file, or no
     beat named BEAT (the nearest name is suggested)
  3  internal error: nao itself failed (a bug; please report it)`,
  run(args, io) {
    const format = choiceOption(args, 'format', FORMATS, 'text', impactCommand);
    if (args.positionals.length !== 2) {
      throw new UsageError('expected a FILE and a BEAT: nao impact FILE BEAT', impactCommand);
    }
    const [fileArgument, beatName] = args.positionals as [string, string];
    const [root] = resolveRootFiles([fileArgument], stringOption(args, 'root'), io, impactCommand);
    const limit = maxFileSize(args, io, impactCommand);
    const analysis = checkProject(new Hosts(limit !== undefined ? { maxFileSize: limit } : {}).for(root!.workspaceRoot), root!.file);
    const impact = analyseImpact(analysis, beatName);
    if (!impact) {
      const known = analysis.project.nodes.get(beatName);
      if (known?.kind === 'arc') throw new UsageError(`\`${beatName}\` is an arc; impact is shown for beats (events and choices)`, impactCommand);
      const guess = nearest(beatName, analysis.project.beats.map((b) => b.name));
      throw new UsageError(`no beat named \`${beatName}\` in ${fileArgument}${guess ? ` (did you mean \`${guess}\`?)` : ''}`, impactCommand);
    }
    io.writeOut(format === 'json' ? `${JSON.stringify(impact, null, 2)}\n` : formatImpact(impact));
    return EXIT.ok;
  },
};

function list(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/** The text form: a heading, the ripple by scale, what breaks, and per-option consequences. */
export function formatImpact(impact: ImpactReport): string {
  const lines: string[] = [];
  const when = impact.time === null ? '' : ` @${impact.time}`;
  lines.push(`Impact of \`${impact.beat}\` (${impact.kind}${when}, ${impact.scale})`);
  const { micro, meso, macro } = impact.byScale;
  lines.push(`  downstream: ${impact.downstream.length} beat${impact.downstream.length === 1 ? '' : 's'} (micro ${micro} · meso ${meso} · macro ${macro})`);
  if (impact.downstream.length > 0) lines.push(`    ${list(impact.downstream)}`);
  lines.push(`  arcs touched: ${impact.arcs.length > 0 ? list(impact.arcs) : 'none'}`);
  const { requirements, resolutions } = impact.breaks;
  if (requirements.length === 0 && resolutions.length === 0) {
    lines.push('  if removed: nothing breaks');
  } else {
    lines.push('  if removed:');
    for (const r of requirements) lines.push(`    \`${r.beat}\` loses its requirement (requires ${r.requires.map((n) => `\`${n}\``).join(' or ')})`);
    for (const arc of resolutions) lines.push(`    the arc \`${arc}\` is no longer resolved on every path`);
  }
  lines.push(`  ripple score: ${impact.score}`);
  for (const option of impact.options) {
    lines.push(`  option ${option.option} "${option.title}":`);
    lines.push(`    beats only on this branch: ${option.beats.length > 0 ? list(option.beats) : 'none'}`);
    lines.push(`    peak intensity: ${option.peakIntensity ?? 'none'}`);
    if (option.goalsAddressed.length > 0) lines.push(`    addresses: ${list(option.goalsAddressed)}`);
    if (option.charactersKilled.length > 0) lines.push(`    kills: ${list(option.charactersKilled)}`);
    if (option.arcsResolved.length > 0) lines.push(`    resolves: ${list(option.arcsResolved)}`);
  }
  return `${lines.join('\n')}\n`;
}
