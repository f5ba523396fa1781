/**
 * W405: a goal is not addressed on some path through its scope.
 *
 * - A story goal g (`goal g` in the header): some path holds no beat with
 *   `addresses g`, i.e. `findPath([], beats addressing g)` is defined. The
 *   conflict sits at the goal's name in the story header.
 * - An arc goal g (`goals g` in arc A): some path that reaches A (holds A's
 *   innermost option; every path for an arc outside options) holds none of the
 *   beats inside A that address g. The conflict sits at the name in A's
 *   `goals` item.
 *
 * Addressing counts at any time on the path (it is not a temporal check).
 * Unresolved goal names (E002/E006) are skipped.
 *
 * Repairs: a new event addressing g in an option of the failing path
 * (path-local, preferred); a new event addressing g at the end of the arc (or
 * of the story); add `addresses g` to the best-fitting event that is on every
 * path through the scope (words shared with the goal first, then the latest):
 * a label, the last resort.
 */
import type { ArcDecl, EventDecl, Name } from '@nao/grammar';
import { throwIfCancelled } from '../../cancellation.js';
import type { Diagnostic } from '../../diagnostics.js';
import { addNameToEvent, appendToFile, formatNumber, freshName, insertIntoArc, insertIntoOption, timeJustAfter } from '../../edits.js';
import type { PathModel } from '../../paths.js';
import type { ArcSymbol, BeatSymbol, GoalSymbol, OptionSymbol, Project } from '../../project.js';
import type { Check, Repair, RepairContext } from '../check.js';
import { onPathSuffix, optionName, optionsOnPath } from '../shared.js';

/** The goal W405 is about: a story goal, or a goal an arc lists (with that arc). */
interface UnaddressedGoal {
  readonly goal: GoalSymbol;
  readonly arc?: ArcSymbol;
}

/** Events with `addresses g`, by goal name. */
function addressersByGoal(project: Project): Map<string, BeatSymbol[]> {
  const byGoal = new Map<string, BeatSymbol[]>();
  for (const beat of project.beats) {
    if (beat.decl.kind !== 'event') continue;
    for (const item of (beat.decl as EventDecl).items) {
      if (item.kind !== 'addresses') continue;
      for (const name of item.names) {
        let list = byGoal.get(name.text);
        if (!list) byGoal.set(name.text, (list = []));
        if (list[list.length - 1] !== beat) list.push(beat);
      }
    }
  }
  return byGoal;
}

/** The `goals` names of an arc that name a declared goal. */
function arcGoalNames(project: Project, arc: ArcSymbol): Name[] {
  const names: Name[] = [];
  for (const item of (arc.decl as ArcDecl).items) {
    if (item.kind !== 'goals') continue;
    for (const name of item.names) if (project.goals.has(name.text)) names.push(name);
  }
  return names;
}

/** Whether a beat lies inside an arc, at any depth. */
function isInside(beat: BeatSymbol, arc: ArcSymbol): boolean {
  for (let a = beat.arc; a; a = a.parent) if (a === arc) return true;
  return false;
}

/** What a path must hold to reach an arc. */
function reachArc(arc: ArcSymbol): OptionSymbol[] {
  return arc.option ? [arc.option] : [];
}

export const w405: Check<UnaddressedGoal> = {
  codes: ['W405'],
  // Addressing counts at any time on the path: the verdict reads no time (only the witness's order does).
  reads: ['addresses', 'goals'],

  run(context): void {
    const { project, paths } = context;
    const story = project.story;
    if (!story) return; // goals are declared in the header
    const addressers = addressersByGoal(project);

    for (const goal of story.goals) {
      throwIfCancelled(context.token);
      const beats = addressers.get(goal.name) ?? [];
      const path = paths.findPath([], beats);
      if (!path) continue;
      context.report({
        code: 'W405',
        subject: { kind: 'storyItem', item: 'goal', name: goal.name },
        message: beats.length === 0
          ? `no beat addresses the goal \`${goal.name}\``
          : `the goal \`${goal.name}\` is not addressed${onPathSuffix(path)}`,
        file: goal.file,
        span: goal.nameSpan,
        related: beats.map((beat) => ({ file: beat.file, span: beat.nameSpan, message: `\`${beat.name}\` addresses \`${goal.name}\`, but not on that path` })),
        path,
        anchor: { goal },
      });
    }

    for (const arc of project.arcs) {
      throwIfCancelled(context.token);
      for (const name of arcGoalNames(project, arc)) {
        const inside = (addressers.get(name.text) ?? []).filter((beat) => isInside(beat, arc));
        const path = paths.findPath(reachArc(arc), inside);
        if (!path) continue;
        context.report({
          code: 'W405',
          subject: { kind: 'arcItem', arc: arc.name, item: 'goals', name: name.text },
          message: inside.length === 0
            ? `arc \`${arc.name}\` lists the goal \`${name.text}\`, but no beat inside it addresses that goal`
            : `arc \`${arc.name}\` lists the goal \`${name.text}\`, but it is not addressed inside the arc${onPathSuffix(path)}`,
          file: arc.file,
          span: name.span,
          related: inside.map((beat) => ({ file: beat.file, span: beat.nameSpan, message: `\`${beat.name}\` addresses \`${name.text}\`, but not on that path` })),
          path,
          anchor: { goal: project.goals.get(name.text)!, arc },
        });
      }
    }
  },

  repairs(conflict, context): Repair[] {
    const found = context.anchor;
    if (!found) return [];
    return [
      ...bridgingRepairs(found.goal, found.arc, conflict, context),
      ...(found.arc ? arcGoalRepairs(found.goal, found.arc, context) : storyGoalRepairs(found.goal, context)),
    ];
  },
};

// ---------------------------------------------------------------------------
// Repairs

/** Lower-cased word stems (first five letters of words of four letters or more). */
function stems(text: string): Set<string> {
  const result = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= 4) result.add(word.slice(0, 5));
  }
  return result;
}

function goalWords(goal: GoalSymbol): Set<string> {
  return stems(`${goal.name.replace(/_/g, ' ')} ${goal.decl.description?.value ?? ''}`);
}

/** How well an event fits a goal: words its name, title, themes, tags and prose share with the goal. */
function fit(beat: BeatSymbol, words: ReadonlySet<string>): number {
  const decl = beat.decl as EventDecl;
  const parts = [beat.name.replace(/_/g, ' '), decl.title?.value ?? ''];
  for (const item of decl.items) {
    if (item.kind === 'themes' || item.kind === 'tags') parts.push(item.names.map((n) => n.text.replace(/_/g, ' ')).join(' '));
    if (item.kind === 'prose') parts.push(item.text);
  }
  let score = 0;
  for (const stem of stems(parts.join(' '))) if (words.has(stem)) score++;
  return score;
}

/** Best-fitting events first: by `bonus` + fit, then the latest. */
function rank(candidates: readonly BeatSymbol[], goal: GoalSymbol, bonus: (beat: BeatSymbol) => number): BeatSymbol[] {
  const words = goalWords(goal);
  const scored = candidates.map((beat) => ({ beat, score: bonus(beat) + fit(beat, words) }));
  scored.sort((a, b) => b.score - a.score || b.beat.time - a.beat.time || b.beat.index - a.beat.index);
  return scored.map((s) => s.beat);
}

/**
 * New events that address the goal in an option of the failing path (inside
 * the arc, for an arc goal), innermost option first: only the readers who
 * miss the goal get the new scene. At most two.
 */
function bridgingRepairs(goal: GoalSymbol, arc: ArcSymbol | undefined, conflict: Diagnostic, context: RepairContext): Repair[] {
  const { project } = context;
  const repairs: Repair[] = [];
  for (const option of optionsOnPath(project, conflict.path)) {
    if (repairs.length >= 2) break;
    if (arc && !isInside(option.choice, arc)) continue;
    if (Number.isNaN(option.choice.time)) continue;
    const time = timeJustAfter(project, option.choice.time);
    const name = freshName(project, `${goal.name}_in_${option.name}`);
    const edit = insertIntoOption(project, option, `event ${name} @${formatNumber(time)} { addresses ${goal.name} }`);
    if (!edit) continue;
    repairs.push({
      title: `Add a new event \`${name}\` @${formatNumber(time)} in the option ${optionName(option)} that addresses \`${goal.name}\``,
      edits: [edit],
      kind: 'path',
    });
  }
  return repairs;
}

function addressRepair(project: Project, beat: BeatSymbol, goal: GoalSymbol): Repair {
  return {
    title: `Add \`addresses ${goal.name}\` to \`${beat.name}\``,
    edits: [addNameToEvent(project, beat, 'addresses', goal.name)],
    kind: 'label',
  };
}

/** Events (with a time) on every path that reaches `must`, in time order. */
function eventsOnEveryPath(paths: PathModel, beats: readonly BeatSymbol[], must: readonly OptionSymbol[]): BeatSymbol[] {
  return beats.filter((beat) => beat.decl.kind === 'event' && !Number.isNaN(beat.time) &&
    (must.length === 0 ? paths.isOnEveryPath(beat) : paths.isForcedBy(beat, must)));
}

function storyGoalRepairs(goal: GoalSymbol, context: RepairContext): Repair[] {
  const { project, paths } = context;
  const listsGoal = (beat: BeatSymbol): number => {
    for (let arc = beat.arc; arc; arc = arc.parent) {
      if (arcGoalNames(project, arc).some((n) => n.text === goal.name)) return 1;
    }
    return 0;
  };
  const candidates = rank(eventsOnEveryPath(paths, paths.byTime, []), goal, listsGoal);
  const repairs = candidates.slice(0, 2).map((beat) => addressRepair(project, beat, goal));
  const lastTime = paths.byTime[paths.byTime.length - 1]?.time;
  const time = lastTime === undefined ? 1 : Math.floor(lastTime) + 1;
  const name = freshName(project, `address_${goal.name}`);
  repairs.push({
    title: `Add a new event \`${name}\` @${formatNumber(time)} at the end of the story that addresses \`${goal.name}\``,
    edits: [appendToFile(project, project.story?.file ?? goal.file, `event ${name} @${formatNumber(time)} { addresses ${goal.name} }`)],
    kind: 'structure',
  });
  return repairs;
}

function arcGoalRepairs(goal: GoalSymbol, arc: ArcSymbol, context: RepairContext): Repair[] {
  const { project, paths } = context;
  const timed = arc.beats.filter((beat) => !Number.isNaN(beat.time));
  const candidates = rank(eventsOnEveryPath(paths, timed, reachArc(arc)), goal, () => 0);
  const repairs = candidates.slice(0, 2).map((beat) => addressRepair(project, beat, goal));

  // A new event at the end of the arc, simultaneous with its last beat: on
  // every path through the arc, inside its span, and never after a beat that
  // resolves it.
  let time: number | undefined;
  for (const beat of timed) time = time === undefined ? beat.time : Math.max(time, beat.time);
  if (time === undefined) {
    const span = (arc.decl as ArcDecl).items.find((item) => item.kind === 'span');
    const from = span && span.kind === 'span' ? span.from?.value : undefined;
    time = from ?? (arc.option ? arc.option.choice.time + 1 : 1);
  }
  const name = freshName(project, `${goal.name}_in_${arc.name}`);
  const edit = Number.isNaN(time) ? undefined : insertIntoArc(project, arc, `event ${name} @${formatNumber(time)} { addresses ${goal.name} }`);
  if (edit) {
    repairs.push({
      title: `Add a new event \`${name}\` @${formatNumber(time)} at the end of arc \`${arc.name}\` that addresses \`${goal.name}\``,
      edits: [edit],
      kind: 'structure',
    });
  }
  return repairs;
}
