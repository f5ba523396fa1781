/**
 * C201: a character is involved (`with`, `stage`, `regress`) in a beat after
 * a `kills` or `exits` took it out on some path, with no `enters` between.
 *
 * For each involvement b of a character c, the kills/exits of c strictly
 * before b are tried latest first; the first k for which some path holds k
 * and b and none of c's `enters` in (t_k, t_b] is the conflict, reported once
 * with that path as witness. An error when it is certain: k and b are on every
 * path and no `enters` of c lies between them at all.
 */
import { throwIfCancelled } from '../../cancellation.js';
import type { PathStep } from '../../diagnostics.js';
import type { PathModel } from '../../paths.js';
import type { BeatSymbol } from '../../project.js';
import type { Check, Repair } from '../check.js';
import { addBeatItem, formatNumber, setTime, timeBetween, timeJustBefore } from '../../edits.js';
import { code, onPath } from '../shared.js';
import { avoidList, beatEnters, removeInvolvement, type CharacterTimeline, type Departure, type Involvement } from './shared.js';

/** What C201's repairs need: the late involvement and the departure before it. */
interface LateInvolvement {
  readonly involvement: Involvement;
  readonly departure: Departure;
}

interface Found {
  readonly departure: Departure;
  readonly path: readonly PathStep[];
  readonly certain: boolean;
}

/** The character's `enters` beats with a time in `(after, upTo]`. */
function entriesBetween(line: CharacterTimeline, after: number, upTo: number): BeatSymbol[] {
  return line.entries.filter((entry) => after < entry.time && entry.time <= upTo);
}

function findDeparture(paths: PathModel, line: CharacterTimeline, beat: BeatSymbol): Found | undefined {
  const before = line.departures.filter((d) => d.beat.time < beat.time);
  if (before.length === 0) return undefined;
  // Certain: a departure on every path, the involvement on every path, nothing that could bring the character back.
  if (paths.isOnEveryPath(beat)) {
    for (let i = before.length - 1; i >= 0; i--) {
      const departure = before[i]!;
      if (!paths.isOnEveryPath(departure.beat)) continue;
      if (entriesBetween(line, departure.beat.time, beat.time).length > 0) break; // earlier ones have this entry between too
      return { departure, path: [], certain: true };
    }
  }
  for (let i = before.length - 1; i >= 0; i--) {
    const departure = before[i]!;
    const window = entriesBetween(line, departure.beat.time, beat.time);
    // An entry on every path through `beat` shields it from this and every earlier departure.
    if (window.some((entry) => paths.isForcedBy(entry, [beat]))) break;
    if (!paths.coPossible(departure.beat, beat)) continue;
    const avoid = avoidList(window);
    if (!avoid) break;
    const path = paths.findPath([departure.beat, beat], avoid);
    if (path) return { departure, path, certain: false };
  }
  return undefined;
}

function departedWords(departure: Departure): string {
  return departure.kind === 'kills' ? 'being killed' : 'leaving the story';
}

export const c201: Check<LateInvolvement> = {
  codes: ['C201'],

  run(context) {
    const { paths } = context;
    for (const line of context.derived.characterTimelines.values()) {
      throwIfCancelled(context.token);
      if (line.departures.length === 0) continue;
      const name = line.character.name;
      for (const involvement of line.involvements) {
        const beat = involvement.beat;
        if (beatEnters(beat, name)) continue;
        const found = findDeparture(paths, line, beat);
        if (!found) continue;
        const { departure, path, certain } = found;
        context.report({
          code: 'C201',
          subject: { kind: 'character', character: name, beat: beat.name },
          message: `${code(name)} is involved in ${code(beat.name)} after ${departedWords(departure)} in ${code(departure.beat.name)}, ` +
            `with no ${code(`enters ${name}`)} in between, ${onPath(path)}`,
          file: beat.file,
          span: involvement.name.span,
          related: [{
            file: departure.beat.file,
            span: departure.beat.nameSpan,
            message: departure.kind === 'kills' ? `${code(name)} is killed here` : `${code(name)} leaves the story here`,
          }],
          path,
          ...(certain ? { severity: 'error' as const } : {}),
          anchor: { involvement, departure },
        });
      }
    }
  },

  repairs(_conflict, { project, anchor }) {
    if (!anchor) return [];
    const beat = anchor.involvement.beat;
    const departure = anchor.departure.beat;
    const name = anchor.involvement.character.name;
    const repairs: Repair[] = [];
    const enters = addBeatItem(project, beat, `enters ${name}`);
    repairs.push({ title: `Bring ${code(name)} back: add ${code(`enters ${name}`)} to ${code(beat.name)}`, edits: [enters] });
    const removals = removeInvolvement(project, beat, name);
    if (removals.length > 0) repairs.push({ title: `Remove ${code(name)} from ${code(beat.name)}`, edits: removals });
    if (!Number.isNaN(departure.time)) {
      // A beat inside an option must stay after its choice.
      const choice = beat.option?.choice;
      let time: number | undefined = timeJustBefore(project, departure.time);
      if (choice && time <= choice.time) time = choice.time < departure.time ? timeBetween(choice.time, departure.time) : undefined;
      const move = time === undefined ? undefined : setTime(beat, time);
      if (move && time !== undefined) {
        repairs.push({ title: `Move ${code(beat.name)} before ${code(departure.name)} (@${formatNumber(time)})`, edits: [move] });
      }
    }
    return repairs;
  },
};
