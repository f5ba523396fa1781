/**
 * C204: a character that `enters` somewhere is involved in a beat before its
 * first entry on some path. Conflict iff some path holds the beat and none of
 * the character's entering beats at or before the beat's time (an entry at
 * the same time counts as entered; the beat entering the character itself is
 * fine). An error when certain: no path through the beat holds an entry at or
 * before it (then it happens on every path through the beat).
 *
 * A character who can be killed or leave (`kills`/`exits`) on some path before
 * any `enters` of theirs was there from the start: their `enters` are returns,
 * and this check leaves them to C201.
 */
import { throwIfCancelled } from '../../cancellation.js';
import type { BeatSymbol } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { addBeatItem, formatNumber, freshName, insertIntoOption, setTime, timeBetween, timeJustAfter, timeJustBefore } from '../../edits.js';
import { code, onEveryPath, onPath, optionName, optionsOnPath } from '../shared.js';
import { avoidList, beatEnters, type Involvement, type CharacterTimeline } from './shared.js';
import { eachTimeline } from './each-timeline.js';

/** What C204's repairs need: the early involvement and the entry the message names. */
interface EarlyInvolvement {
  readonly involvement: Involvement;
  readonly entry: BeatSymbol;
}

/** The full run's verdicts on the characters of `lines`, in their order. */
function checkLines(context: CheckContext<EarlyInvolvement>, lines: ReadonlyMap<string, CharacterTimeline>): void {
  const { paths } = context;
  for (const line of lines.values()) {
    throwIfCancelled(context.token);
    if (line.entries.length === 0) continue;
    const name = line.character.name;
    // A character who can be killed or leave before any `enters` of theirs was there from the start:
    // their `enters` are returns, and C204 does not apply to them.
    const presentFromStart = line.departures.some((d) => {
      const avoid = avoidList(line.entries.filter((entry) => entry.time < d.beat.time));
      return avoid !== undefined && paths.findPath([d.beat], avoid) !== undefined;
    });
    if (presentFromStart) continue;
    for (const involvement of line.involvements) {
      const beat = involvement.beat;
      if (beatEnters(beat, name)) continue;
      const before = line.entries.filter((entry) => entry.time <= beat.time);
      if (before.some((entry) => paths.isForcedBy(entry, [beat]))) continue;
      const avoid = avoidList(before);
      if (!avoid) continue;
      const found = paths.findPath([beat], avoid);
      if (!found) continue;
      // Certain: no path through the beat holds an entry at or before it.
      const certain = !before.some((entry) => paths.coPossible(entry, beat));
      const path = certain ? paths.findPath([beat]) ?? [] : found;
      const where = certain ? onEveryPath([beat.name], path) : onPath(path);
      const later = line.entries.find((entry) => entry.time > beat.time && paths.coPossible(entry, beat));
      const first = later ?? line.entries[0]!;
      context.report({
        code: 'C204',
        subject: { kind: 'character', character: name, beat: beat.name },
        message: later
          ? `${code(name)} is involved in ${code(beat.name)} before first entering the story in ${code(later.name)}, ${where}`
          : `${code(name)} is involved in ${code(beat.name)} without having entered the story: ` +
            `no ${code(`enters ${name}`)} comes before it ${where}`,
        file: beat.file,
        span: involvement.name.span,
        related: [{ file: first.file, span: first.nameSpan, message: `${code(name)} enters the story here${later ? '' : ', on other paths'}` }],
        path,
        ...(certain ? { severity: 'error' as const } : {}),
        anchor: { involvement, entry: first },
      });
    }
  }
}

export const c204: Check<EarlyInvolvement> = {
  codes: ['C204'],
  // The timelines' items: involvements, departures, entries (no place).
  reads: ['with', 'kills', 'exits', 'enters', 'stage', 'regress', 'order'],

  ...eachTimeline(checkLines),

  repairs(conflict, { project, anchor }) {
    if (!anchor) return [];
    const beat = anchor.involvement.beat;
    const name = anchor.involvement.character.name;
    const repairs: Repair[] = [];
    // Path-local: an entrance in the latest option of the failing path decided before the beat.
    const option = Number.isNaN(beat.time) ? undefined : optionsOnPath(project, conflict.path).find((o) => o.choice.time < beat.time);
    if (option) {
      let time = timeJustBefore(project, beat.time);
      if (time <= option.choice.time) time = timeBetween(option.choice.time, beat.time);
      const newName = freshName(project, `${name}_enters`);
      const edit = insertIntoOption(project, option, `event ${newName} @${formatNumber(time)} { enters ${name} }`);
      if (edit) {
        repairs.push({
          title: `Let ${code(name)} enter in the option ${optionName(option)} before ${code(beat.name)}: a new beat ${code(newName)} @${formatNumber(time)} with ${code(`enters ${name}`)}`,
          edits: [edit],
          kind: 'path',
        });
      }
    }
    const enters = addBeatItem(project, beat, `enters ${name}`);
    repairs.push({ title: `Let ${code(name)} enter in ${code(beat.name)}: add ${code(`enters ${name}`)}`, edits: [enters], kind: 'structure' });
    const entry = anchor.entry;
    if (!Number.isNaN(entry.time)) {
      const time = timeJustAfter(project, entry.time);
      const move = setTime(beat, time);
      if (move) repairs.push({ title: `Move ${code(beat.name)} after ${code(entry.name)} (@${formatNumber(time)})`, edits: [move], kind: 'structure' });
    }
    return repairs;
  },
};
