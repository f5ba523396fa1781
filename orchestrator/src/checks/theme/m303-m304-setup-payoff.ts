/**
 * M303 / M304: setups and payoffs must pair up on every path. Labels are free
 * words matched by name.
 *
 * - M303: `setup x` in beat s, yet some path holds s and no `payoff x` strictly
 *   after s: `findPath([s], payoff beats of x strictly after s)` is defined.
 * - M304: `payoff x` in beat p, yet some path holds p and no `setup x` strictly
 *   before p: `findPath([p], setup beats of x strictly before p)` is defined.
 *
 * A setup and a payoff in the same beat do not pair (neither is strictly
 * before the other). Beats without a time (a syntax error) are skipped.
 *
 * Repairs: a new event with the missing half in an option of the failing path
 * (path-local, preferred); when no beat on every path holding the offending
 * beat can take it, a new event there (a payoff at the end of the story, a
 * setup just before the payoff, in its option); then the labels: add the
 * missing half to such a beat, or remove the offending item.
 */
import type { EventDecl, Name, NameListBeatItem } from '@nao/grammar';
import { throwIfCancelled } from '../../cancellation.js';
import type { Diagnostic, PathStep, RelatedLocation } from '../../diagnostics.js';
import type { PathModel } from '../../paths.js';
import type { BeatSymbol, OptionSymbol, Project } from '../../project.js';
import type { Check, CheckContext, Repair, RepairContext } from '../check.js';
import { addNameToEvent, appendToFile, formatNumber, freshName, insertIntoOption, removeListName, timeBetween, timeJustAfter, timeJustBefore } from '../../edits.js';
import { onPathSuffix, optionName, optionsOnPath } from '../shared.js';

type Side = 'setup' | 'payoff';

interface Mark {
  readonly beat: BeatSymbol;
  readonly item: NameListBeatItem;
  readonly name: Name;
}

/** Every `setup` and `payoff` label, by label, in beat order. */
function collectMarks(project: Project): Record<Side, Map<string, Mark[]>> {
  const marks: Record<Side, Map<string, Mark[]>> = { setup: new Map(), payoff: new Map() };
  for (const beat of project.beats) {
    if (beat.decl.kind !== 'event') continue;
    for (const item of (beat.decl as EventDecl).items) {
      if (item.kind !== 'setup' && item.kind !== 'payoff') continue;
      const byLabel = marks[item.kind];
      for (const name of item.names) {
        let list = byLabel.get(name.text);
        if (!list) byLabel.set(name.text, (list = []));
        list.push({ beat, item, name });
      }
    }
  }
  return marks;
}

/** Whether `other` lies on the side of `beat` where its partner must be. */
function onPartnerSide(side: Side, beat: BeatSymbol, other: BeatSymbol): boolean {
  return side === 'setup' ? other.time > beat.time : other.time < beat.time;
}

/** The distinct beats among marks. */
function distinctBeats(marks: readonly Mark[]): BeatSymbol[] {
  return [...new Set(marks.map((m) => m.beat))];
}

/**
 * The witness path on which `mark` lacks its partner, or undefined when every
 * path holding it has one.
 */
function missingPartner(paths: PathModel, side: Side, mark: Mark, partners: readonly Mark[]): PathStep[] | undefined {
  const beat = mark.beat;
  const candidates = distinctBeats(partners).filter((other) =>
    other !== beat && !Number.isNaN(other.time) && onPartnerSide(side, beat, other) && paths.coPossible(beat, other));
  // Cheap exit: a partner on every path that holds the beat.
  if (candidates.some((other) => paths.isForcedBy(other, [beat]))) return undefined;
  return paths.findPath([beat], candidates);
}

function describe(side: Side, mark: Mark, partners: readonly Mark[], path: readonly PathStep[]): string {
  const label = mark.name.text;
  const beat = mark.beat.name;
  const partner = side === 'setup' ? 'payoff' : 'setup';
  const onPath = onPathSuffix(path);
  if (side === 'setup') {
    if (partners.length === 0) return `\`${label}\` is set up in \`${beat}\` but never paid off (no beat has \`${partner} ${label}\`)`;
    return `\`${label}\` is set up in \`${beat}\` but not paid off after it${onPath}`;
  }
  if (partners.length === 0) return `\`${label}\` is paid off in \`${beat}\` but never set up (no beat has \`${partner} ${label}\`)`;
  return `\`${label}\` is paid off in \`${beat}\` without being set up before it${onPath}`;
}

function relatedPartners(paths: PathModel, side: Side, mark: Mark, partners: readonly Mark[]): RelatedLocation[] {
  const partner = side === 'setup' ? 'payoff' : 'setup';
  const label = mark.name.text;
  const related: RelatedLocation[] = [];
  for (const other of distinctBeats(partners)) {
    let why: string;
    if (other === mark.beat) why = `is in the same beat; it must come ${side === 'setup' ? 'later' : 'earlier'}`;
    else if (!paths.coPossible(mark.beat, other)) why = 'is on another branch';
    else if (Number.isNaN(other.time) || !onPartnerSide(side, mark.beat, other)) {
      why = other.time === mark.beat.time ? 'is at the same time' : side === 'setup' ? 'comes before the setup' : 'comes after the payoff';
    } else why = 'is not on that path';
    related.push({ file: other.file, span: other.nameSpan, message: `\`${partner} ${label}\` in \`${other.name}\` ${why}` });
  }
  return related;
}

function runSide(context: CheckContext<Mark>, side: Side, marks: Record<Side, Map<string, Mark[]>>): void {
  const { paths } = context;
  const code = side === 'setup' ? 'M303' : 'M304';
  const partnerSide: Side = side === 'setup' ? 'payoff' : 'setup';
  for (const [label, list] of marks[side]) {
    throwIfCancelled(context.token);
    const partners = marks[partnerSide].get(label) ?? [];
    for (const mark of list) {
      if (Number.isNaN(mark.beat.time)) continue;
      const path = missingPartner(paths, side, mark, partners);
      if (!path) continue;
      context.report({
        code,
        subject: { kind: 'beatItem', beat: mark.beat.name, item: side, name: mark.name.text },
        message: describe(side, mark, partners, path),
        file: mark.beat.file,
        span: mark.name.span,
        related: relatedPartners(paths, side, mark, partners),
        path,
        anchor: mark,
      });
    }
  }
}

function repairsFor(side: Side, conflict: Diagnostic, context: RepairContext<Mark>): Repair[] {
  const { project, paths, anchor: mark } = context;
  if (!mark) return [];
  const beat = mark.beat;
  const label = mark.name.text;
  const partner: Side = side === 'setup' ? 'payoff' : 'setup';
  const repairs: Repair[] = [];

  // Preferred: a new event with the missing half in an option of the failing
  // path, so that only the readers who miss it get it (innermost option first).
  const placed = new Set<OptionSymbol>();
  for (const option of optionsOnPath(project, conflict.path)) {
    if (repairs.length >= 2) break;
    const choiceTime = option.choice.time;
    let time: number | undefined;
    if (side === 'setup') time = timeJustAfter(project, Math.max(beat.time, choiceTime));
    else if (choiceTime < beat.time) {
      time = timeJustBefore(project, beat.time);
      if (time <= choiceTime) time = timeBetween(choiceTime, beat.time);
    }
    if (time === undefined || Number.isNaN(time)) continue;
    const name = freshName(project, `${label}_${partner}`);
    const edit = insertIntoOption(project, option, `event ${name} @${formatNumber(time)} { ${partner} ${label} }`);
    if (!edit) continue;
    placed.add(option);
    repairs.push({
      title: `Add a new event \`${name}\` @${formatNumber(time)} with \`${partner} ${label}\` in the option ${optionName(option)}`,
      edits: [edit],
      kind: 'path',
    });
  }

  // Events on every path that holds the beat, on the partner's side of it.
  const forced = paths.byTime.filter((other) =>
    other !== beat && other.decl.kind === 'event' && onPartnerSide(side, beat, other) && paths.isForcedBy(other, [beat]));
  const targets: BeatSymbol[] = [];
  if (side === 'setup') {
    // The last such beat of the story, and the last inside the beat's own arc.
    const last = forced[forced.length - 1];
    if (last) targets.push(last);
    const inArc = beat.arc ? [...forced].reverse().find((other) => other.arc === beat.arc) : undefined;
    if (inArc && inArc !== last) targets.push(inArc);
  } else {
    // The closest earlier beat, and the earliest one.
    const latest = forced[forced.length - 1];
    const earliest = forced[0];
    if (latest) targets.push(latest);
    if (earliest && earliest !== latest) targets.push(earliest);
  }
  if (targets.length === 0 && !(beat.option && placed.has(beat.option))) {
    // A new event on the right side of the beat, on every path that holds it:
    // for a missing payoff, at story level after every beat; for a missing
    // setup, just before the payoff (after every earlier beat, so after its
    // choice too), in the payoff's innermost option when it has one.
    const lastTime = paths.byTime[paths.byTime.length - 1]?.time ?? beat.time;
    const time = side === 'setup' ? Math.floor(Math.max(beat.time, lastTime)) + 1 : timeJustBefore(project, beat.time);
    const name = freshName(project, `${label}_${partner}`);
    const declaration = `event ${name} @${formatNumber(time)} { ${partner} ${label} }`;
    const edit = side === 'payoff' && beat.option
      ? insertIntoOption(project, beat.option, declaration)
      : appendToFile(project, beat.file, declaration);
    if (edit) {
      repairs.push({ title: `Add a new event \`${name}\` @${formatNumber(time)} with \`${partner} ${label}\``, edits: [edit], kind: 'structure' });
    }
  }
  // Labels on beats that are already there: the last resort.
  for (const target of targets) {
    repairs.push({
      title: `Add \`${partner} ${label}\` to \`${target.name}\``,
      edits: [addNameToEvent(project, target, partner, label)],
      kind: 'label',
    });
  }
  repairs.push({
    title: `Remove \`${side} ${label}\` from \`${beat.name}\``,
    edits: [removeListName(project, beat.file, mark.item, mark.name)],
    kind: 'label',
  });
  return repairs;
}

export const m303m304: Check<Mark> = {
  codes: ['M303', 'M304'],
  reads: ['setup', 'payoff', 'order'],

  run(context: CheckContext<Mark>): void {
    const marks = collectMarks(context.project);
    runSide(context, 'setup', marks);
    runSide(context, 'payoff', marks);
  },

  repairs(conflict, context): Repair[] {
    if (conflict.code === 'M303') return repairsFor('setup', conflict, context);
    if (conflict.code === 'M304') return repairsFor('payoff', conflict, context);
    return [];
  },
};
