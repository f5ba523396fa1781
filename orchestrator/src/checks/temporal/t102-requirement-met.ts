/**
 * T102: `b requires x or y` is unmet on some path: a path holds `b` and none
 * of the alternatives happens strictly before it. One conflict per `requires`
 * item, with the witness path.
 *
 * The question is one `findPath` call: a path that holds `b` and avoids every
 * alternative that is strictly earlier than `b` (a later or simultaneous
 * alternative never helps, and one that cannot share a path with `b` is
 * avoided for free). No path is ever enumerated.
 *
 * A requirement naming an unresolved beat, or a beat without a time, is
 * skipped: the front end already reported it.
 */
import { throwIfCancelled } from '../../cancellation.js';
import { fileText, formatNumber, removeItem, setTime, timeJustAfter, timeJustBefore } from '../../edits.js';
import type { BeatSymbol } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { onPath, relatedBeat } from '../shared.js';
import { at, beatNamed, hasTime, holdersToJudge, orList, type Requirement, requirementsOf, LINK_ASPECTS } from './shared.js';

/** The full run's verdict on one requires item. */
function checkOne(context: CheckContext<Requirement>, requirement: Requirement): void {
  const { project, paths } = context;
  const { holder: beat, item } = requirement;
  if (!hasTime(beat) || item.alternatives.length === 0) return;
  const alternatives: BeatSymbol[] = [];
  let unresolved = false;
  for (const name of item.alternatives) {
    const alternative = beatNamed(project, name.text);
    if (!alternative || !hasTime(alternative)) {
      unresolved = true;
      break;
    }
    if (!alternatives.includes(alternative)) alternatives.push(alternative);
  }
  if (unresolved) return;
  const earlier = alternatives.filter((alternative) => alternative.time < beat.time);
  const witness = paths.findPath([beat], earlier);
  if (!witness) return;
  const names = alternatives.map((a) => a.name);
  const single = names.length === 1 ? `\`${names[0]}\`` : undefined;
  const unmet = witness.length === 0
    ? `${single ? `${single} never happens` : 'none of them ever happens'} before it`
    : `${single ? `${single} has not happened` : 'none of them has happened'} before it ${onPath(witness)}`;
  context.report({
    code: 'T102',
    subject: { kind: 'beatItem', beat: beat.name, item: 'requires', name: item.alternatives.map((n) => n.text).join(' or ') },
    message: `\`${beat.name}\` (${at(beat)}) requires ${orList(names)}, but ${unmet}`,
    file: beat.file,
    span: item.span,
    related: alternatives.map((alternative) => relatedBeat(alternative, describeAlternative(alternative, beat))),
    path: witness,
    anchor: requirement,
  });
}

export const t102: Check<Requirement> = {
  codes: ['T102'],
  // A `requires` item's beats, their times and the paths (which no link shapes).
  reads: ['requires', 'order'],

  run(context) {
    for (const requirement of context.derived.temporalLinks.requires) {
      throwIfCancelled(context.token);
      checkOne(context, requirement);
    }
  },

  incremental: {
    aspects: [...LINK_ASPECTS, 'order'],
    run(context, changes) {
      for (const holder of holdersToJudge(context.project, changes, ['requires'])) {
        throwIfCancelled(context.token);
        for (const requirement of requirementsOf(holder)) checkOne(context, requirement);
      }
    },
  },

  repairs(_conflict, { project, paths, anchor: requirement }) {
    if (!requirement) return [];
    const { holder: beat, item } = requirement;
    const alternatives = item.alternatives
      .map((name) => beatNamed(project, name.text))
      .filter((a): a is BeatSymbol => a !== undefined && a !== beat && hasTime(a));
    const repairs: Repair[] = [];
    if (hasTime(beat)) {
      // Move the beat after the latest alternative that can happen with it.
      const latest = latestOf(alternatives.filter((a) => paths.coPossible(a, beat)));
      if (latest && latest.time >= beat.time) {
        const time = timeJustAfter(project, latest.time);
        const edit = setTime(beat, time);
        if (edit) repairs.push({ title: `Move \`${beat.name}\` after \`${latest.name}\` (@${formatNumber(time)})`, edits: [edit], kind: 'structure' });
      }
      // Or move an alternative that is on every path through the beat to just before it.
      const sure = latestOf(alternatives.filter((a) => a.time >= beat.time && paths.isForcedBy(a, [beat])));
      if (sure) {
        const time = timeJustBefore(project, beat.time);
        const edit = setTime(sure, time);
        if (edit) repairs.push({ title: `Move \`${sure.name}\` before \`${beat.name}\` (@${formatNumber(time)})`, edits: [edit], kind: 'structure' });
      }
    }
    const text = fileText(project, beat.file);
    repairs.push({
      title: `Remove the requirement \`${beat.name} requires ${item.alternatives.map((n) => n.text).join(' or ')}\``,
      edits: [removeItem(text, beat.file, item.span)],
      kind: 'structure',
    });
    return repairs;
  },
};

function latestOf(beats: readonly BeatSymbol[]): BeatSymbol | undefined {
  let latest: BeatSymbol | undefined;
  for (const beat of beats) if (!latest || beat.time > latest.time) latest = beat;
  return latest;
}

function describeAlternative(alternative: BeatSymbol, beat: BeatSymbol): string {
  if (alternative === beat) return `\`${beat.name}\` cannot come before itself`;
  if (alternative.time === beat.time) return `\`${alternative.name}\` is at ${at(alternative)}, the same time as \`${beat.name}\`, not before it`;
  if (alternative.time > beat.time) return `\`${alternative.name}\` is at ${at(alternative)}, after \`${beat.name}\``;
  if (alternative.option) return `\`${alternative.name}\` (${at(alternative)}) happens only in option \`${alternative.option.qualifiedName}\``;
  return `\`${alternative.name}\` is at ${at(alternative)}`;
}
