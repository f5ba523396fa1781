/**
 * `nao play [--from BEAT] [--pick CHOICE=OPTION ...] [--format text|json] [--root DIR] [--max-file-size SIZE] FILE`:
 * plays one path of the story, beat by beat, with the state after each beat.
 */
import { checkProject, computePlaythrough, EMPTY_PLAY_STATE, nearest, stateChanges, type PlayState, type PlayStep, type Playthrough } from '@narrative-arc/orchestrator';
import { choiceOption, EXIT, stringOption, stringsOption, UsageError, type Command } from '../command.js';
import { Hosts, MAX_FILE_SIZE_OPTION, maxFileSize, resolveRootFiles } from '../workspace.js';
import { refuseUnreadRoot } from './paths.js';

const FORMATS = ['text', 'json'] as const;

export const playCommand: Command = {
  name: 'play',
  summary: 'Play one path of the story, with the state after each beat',
  usage: 'play [--from BEAT] [--pick CHOICE=OPTION ...] [--format text|json] [--root DIR] [--max-file-size SIZE] FILE',
  description: `Loads the story project rooted at FILE and plays one path through it: its
beats in time order, each with its prose and what changed in the state of
the story (characters in, exited or killed, their place and stage; arcs
open or resolved; goals addressed; setups awaiting their payoff; the
intensity), and the conflicts that happen on that path.

The path is given by picks, by name: --pick keep_watch=search takes the
option \`search\` at the choice \`keep_watch\`. The run stops at the first
choice it reaches without a pick and names its options; a pick whose
option no longer exists stops it there with a note. With --from BEAT the
transcript starts at that beat, the options enclosing it taken, with the
state the path brought up to it.`,
  options: {
    from: { type: 'string', valueName: 'BEAT', description: 'Start the transcript at this beat (the options enclosing it are taken).' },
    pick: { type: 'string', valueName: 'CHOICE=OPTION', multiple: true, description: 'The option to take at a choice; repeat for each choice.' },
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: "Output format: 'text' (default) or 'json'." },
    root: { type: 'string', valueName: 'DIR', description: 'Workspace folder that includes may not leave.' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
  notes: `Formats:
  text   a transcript: one paragraph per beat with its prose and the state
         changes, then the conflicts on the path and where the run stopped.
  json   {"steps": [{beat, kind, time, title, prose, intensity, state}],
         "next": null | {choice, title, options, titles}, "conflicts":
         [codes], ...}; see docs/cli.md.

Examples:
  nao play examples/lighthouse.arc
  nao play --pick keep_watch=search examples/lighthouse.arc
  nao play --from dawn --pick keep_watch=vigil --format json examples/lighthouse.arc`,
  exitCodesHelp: `Exit codes:
  0  the path was played (to its end, or to a choice without a pick)
  1  a pick names an option its choice no longer has: the run stopped there
  2  usage problem: unknown option, missing FILE, no such file, a --pick
     that is not CHOICE=OPTION, or no beat named by --from
  3  internal error: nao itself failed (a bug; please report it)`,
  run(args, io) {
    const format = choiceOption(args, 'format', FORMATS, 'text', playCommand);
    if (args.positionals.length !== 1) throw new UsageError('expected one FILE: nao play FILE', playCommand);
    const picks: Record<string, string> = {};
    for (const pick of stringsOption(args, 'pick')) {
      const match = /^([^=\s]+)=([^=\s]+)$/.exec(pick);
      if (!match) throw new UsageError(`--pick ${pick}: expected CHOICE=OPTION, such as keep_watch=search`, playCommand);
      const [, choice, option] = match as unknown as [string, string, string];
      if (picks[choice] !== undefined && picks[choice] !== option) {
        throw new UsageError(`--pick ${pick}: \`${choice}\` is already picked as \`${picks[choice]}\``, playCommand);
      }
      picks[choice] = option;
    }
    const from = stringOption(args, 'from');
    const [root] = resolveRootFiles(args.positionals, stringOption(args, 'root'), io, playCommand);
    const limit = maxFileSize(args, io, playCommand);
    const analysis = checkProject(new Hosts(limit !== undefined ? { maxFileSize: limit } : {}).for(root!.workspaceRoot), root!.file);
    refuseUnreadRoot(analysis, args.positionals[0]!, playCommand);
    const play = computePlaythrough(analysis, { ...(from !== undefined ? { from } : {}), picks });
    if (!play) {
      const known = analysis.project.nodes.get(from!);
      if (known?.kind === 'arc') throw new UsageError(`\`${from}\` is an arc; --from takes a beat (an event or a choice)`, playCommand);
      if (known) throw new UsageError(`\`${from}\` has no time: it cannot be played`, playCommand);
      const guess = nearest(from!, analysis.project.beats.map((b) => b.name));
      throw new UsageError(`no beat named \`${from}\` in ${args.positionals[0]}${guess ? ` (did you mean \`${guess}\`?)` : ''}`, playCommand);
    }
    io.writeOut(format === 'json' ? `${JSON.stringify(playJson(play), null, 2)}\n` : formatPlay(play));
    return !play.ended && play.next === null ? EXIT.problems : EXIT.ok;
  },
};

/** The JSON form (docs/cli.md, "nao play"). */
export function playJson(play: Playthrough): unknown {
  const codesOf = (ids: readonly string[]): string[] => ids.map((id) => play.conflicts.find((c) => c.id === id)?.code ?? id.split(':')[0]!);
  return {
    from: play.from,
    picks: play.picks,
    steps: play.steps.map((step) => ({ ...step, conflicts: codesOf(step.conflicts) })),
    next: play.next && {
      choice: play.next.choice,
      time: play.next.time,
      title: play.next.title,
      options: play.next.options.map((o) => o.option),
      titles: Object.fromEntries(play.next.options.map((o) => [o.option, o.title])),
    },
    ended: play.ended,
    conflicts: play.conflicts.map((c) => c.code),
    conflictDetails: play.conflicts,
    notes: play.notes,
  };
}

function titled(name: string, title: string | null): string {
  return title === null ? `\`${name}\`` : `\`${name}\` "${title}"`;
}

/** What changed between two states, one line each. */
function changes(before: PlayState, after: PlayState): string[] {
  return stateChanges(before, after).map((change) => {
    switch (change.kind) {
      case 'character': {
        const c = change.state;
        const parts: string[] = [c.status];
        if (c.place !== null) parts.push(`at ${c.place}`);
        if (c.stage !== null) parts.push(`stage ${c.stage}`);
        return `${change.name}: ${parts.join(', ')}`;
      }
      case 'arc': return `arc ${change.name}: ${change.status}`;
      case 'goal': return `goal ${change.name}: addressed`;
      case 'setup': return `setup ${change.name}: ${change.paidOff ? 'paid off' : 'awaiting its payoff'}`;
    }
  });
}

/** The text form: a transcript. */
export function formatPlay(play: Playthrough): string {
  const lines: string[] = [];
  const picks = play.picks.length > 0 ? play.picks.map((p) => `${p.choice} → ${p.option}`).join(', ') : 'none yet';
  lines.push(`${play.from === null ? 'Playing from the start' : `Playing from \`${play.from}\``}; picks: ${picks}`);
  let previous: PlayState = EMPTY_PLAY_STATE;
  const byId = new Map(play.conflicts.map((c) => [c.id, c]));
  play.steps.forEach((step: PlayStep, i) => {
    lines.push('');
    const picked = step.picked ? ` → ${titled(step.picked.option, step.picked.title)}` : '';
    lines.push(`@${step.time} ${step.kind === 'choice' ? 'choice ' : ''}${titled(step.beat, step.title)}${picked}`);
    for (const line of step.prose) lines.push(`    > ${line}`);
    if (step.intensity !== null) lines.push(`    intensity ${step.intensity}`);
    // The first step of a run from a beat shows the whole state the path brought.
    if (i === 0 && play.from !== null) {
      const state = changes(EMPTY_PLAY_STATE, step.state);
      if (state.length > 0) lines.push('    state:', ...state.map((l) => `      ${l}`));
    } else {
      for (const line of changes(previous, step.state)) lines.push(`    ${line}`);
    }
    for (const id of step.conflicts) {
      const c = byId.get(id);
      if (c) lines.push(`    ${c.severity} ${c.code}: ${c.message}`);
    }
    previous = step.state;
  });
  lines.push('');
  const unanchored = play.conflicts.filter((c) => c.beat === null);
  for (const c of unanchored) lines.push(`${c.severity} ${c.code}: ${c.message}`);
  const codes = play.conflicts.map((c) => c.code);
  lines.push(`conflicts on this path: ${codes.length === 0 ? 'none' : `${codes.length} (${codes.join(', ')})`}`);
  for (const note of play.notes) lines.push(`note: ${note}`);
  if (play.ended) {
    lines.push(`the end (${play.steps.length} beat${play.steps.length === 1 ? '' : 's'} played)`);
  } else if (play.next) {
    lines.push(`next: choice ${titled(play.next.choice, play.next.title)} @${play.next.time}`);
    for (const option of play.next.options) lines.push(`  --pick ${play.next.choice}=${option.option}${option.title === null ? '' : `  "${option.title}"`}`);
  } else {
    const last = play.steps[play.steps.length - 1];
    lines.push(last ? `stopped at \`${last.beat}\`` : 'stopped');
  }
  return `${lines.join('\n')}\n`;
}
