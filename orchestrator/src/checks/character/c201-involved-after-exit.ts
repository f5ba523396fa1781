/**
 * C201: a character is involved (`with`, `stage`, `regress`) in a beat after
 * a `kills` or `exits` took it out on some path, with no `enters` between.
 *
 * For each involvement b of a character c, the kills/exits of c strictly
 * before b are tried latest first; the first k for which some path holds k
 * and b and none of c's `enters` in (t_k, t_b] is the conflict, reported once
 * with that path as witness.
 *
 * An error when it is certain: no path holds b with c still in the story
 * there, i.e. none holds b and avoids every kills/exits before it, and for no
 * `enters` e of c at or before b does one hold e and b and avoid the
 * kills/exits from t_e on (`aliveAt`). Then the message says "on every path"
 * and names each way it happens (the departures that are the last one before
 * b on some path, `waysOut`: up to four, among the latest sixteen departures,
 * then "in other ways"), unless one departure on every path through b
 * accounts for all of them.
 */
import { throwIfCancelled } from '../../cancellation.js';
import { formatPath, type PathStep } from '../../diagnostics.js';
import type { PathItem, PathModel } from '../../paths.js';
import type { BeatSymbol, OptionSymbol, Project } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { addBeatItem, fileText, formatNumber, freshName, insertIntoOption, setTime, timeBetween, timeJustAfter, timeJustBefore, type TextEdit } from '../../edits.js';
import { code, onEveryPath, onPath, optionName, optionsOnPath } from '../shared.js';
import { avoidList, beatEnters, removeInvolvement, type CharacterTimeline, type Departure, type Involvement, CHARACTER_ASPECTS } from './shared.js';
import { namedCharacters, touchedTimelines } from './each-timeline.js';

/** What C201's repairs need: the late involvement and the departure before it. */
interface LateInvolvement {
  readonly involvement: Involvement;
  readonly departure: Departure;
  /** The witness path (for a certain conflict: the options leading to the beat). */
  readonly path: readonly PathStep[];
}

/** One way a character is out of the story at a beat: the last departure before it on `path`. */
interface Way {
  readonly departure: Departure;
  readonly path: readonly PathStep[];
}

interface Found {
  readonly departure: Departure;
  readonly path: readonly PathStep[];
  readonly certain: boolean;
  /** For a certain conflict named by several departures: each way it happens (at most `MAX_WAYS`). */
  readonly ways: readonly Way[];
  /** Whether other ways were left unnamed. */
  readonly more: boolean;
}

/** The most ways a message names. */
const MAX_WAYS = 4;

/** The character's `enters` beats with a time in `(after, upTo]`. */
function entriesBetween(line: CharacterTimeline, after: number, upTo: number): BeatSymbol[] {
  return line.entries.filter((entry) => after < entry.time && entry.time <= upTo);
}

/**
 * A path that holds `beat` (and every item of `also`) on which the character
 * is in the story at `beat`, or undefined when there is none: the path either
 * avoids every departure before the beat, or holds an `enters` at or before it
 * and avoids every departure from that entry's time on.
 */
export function aliveAt(paths: PathModel, line: CharacterTimeline, beat: BeatSymbol, also: readonly PathItem[] = []): PathStep[] | undefined {
  const before = line.departures.filter((d) => d.beat.time < beat.time);
  const none = avoidList(before.map((d) => d.beat));
  if (none) {
    const path = paths.findPath([beat, ...also], none);
    if (path) return path;
  }
  // Latest entry first: the departures an earlier entry must avoid include those of a later one,
  // so once no path through the beat avoids them, no earlier entry can help either.
  for (let i = line.entries.length - 1; i >= 0; i--) {
    const entry = line.entries[i]!;
    if (entry.time > beat.time) continue;
    // An entry shields the departures strictly before it (an entry at a departure's time does not).
    const avoid = avoidList(before.filter((d) => d.beat.time >= entry.time).map((d) => d.beat));
    if (!avoid) break;
    const path = paths.findPath([beat, entry, ...also], avoid);
    if (path) return path;
    if (!paths.findPath([beat, ...also], avoid)) break;
  }
  return undefined;
}

/** How many departures `waysOut` tries, latest first, before it gives up naming more. */
const MAX_TRIES = 16;

/**
 * The departures that are the last one before `beat` on some path with no
 * `enters` between, latest first, each with such a path; at most `limit`, and
 * only among the latest `MAX_TRIES` departures (`complete` is false when
 * earlier ones were not tried).
 */
function waysOut(paths: PathModel, line: CharacterTimeline, beat: BeatSymbol, limit: number): { ways: Way[]; complete: boolean } {
  const before = line.departures.filter((d) => d.beat.time < beat.time);
  const ways: Way[] = [];
  let tries = 0;
  let i = before.length - 1;
  // `before` is in time order: the departures after the i-th start at `laterFrom`.
  let laterFrom = before.length;
  for (; i >= 0 && ways.length < limit && tries < MAX_TRIES; i--) {
    const departure = before[i]!;
    while (laterFrom > 0 && before[laterFrom - 1]!.beat.time > departure.beat.time) laterFrom--;
    tries++;
    const later = before.slice(laterFrom).map((d) => d.beat);
    const avoid = avoidList([...entriesBetween(line, departure.beat.time, beat.time), ...later]);
    if (!avoid) continue;
    const path = paths.findPath([departure.beat, beat], avoid);
    if (path) ways.push({ departure, path });
  }
  // Other ways remain when some path through the beat avoids every departure named so far.
  const named = avoidList(ways.map((way) => way.departure.beat));
  return { ways, complete: i < 0 || !named || !paths.findPath([beat], named) };
}

function findDeparture(paths: PathModel, line: CharacterTimeline, beat: BeatSymbol): Found | undefined {
  const before = line.departures.filter((d) => d.beat.time < beat.time);
  if (before.length === 0) return undefined;
  let found: { departure: Departure; path: PathStep[] } | undefined;
  for (let i = before.length - 1; i >= 0 && !found; i--) {
    const departure = before[i]!;
    const window = entriesBetween(line, departure.beat.time, beat.time);
    // An entry on every path through `beat` shields it from this and every earlier departure.
    if (window.some((entry) => paths.isForcedBy(entry, [beat]))) break;
    if (!paths.coPossible(departure.beat, beat)) continue;
    const avoid = avoidList(window);
    if (!avoid) break;
    const path = paths.findPath([departure.beat, beat], avoid);
    if (path) found = { departure, path };
  }
  if (!found) return undefined;
  if (aliveAt(paths, line, beat)) return { ...found, certain: false, ways: [], more: false };

  // Certain. The options that lead to the beat stand for "every path through it".
  const through = paths.findPath([beat]) ?? [];
  // One departure on every path through the beat, with no `enters` after it that a path through the beat can hold, says it all.
  for (let i = before.length - 1; i >= 0; i--) {
    const departure = before[i]!;
    if (!paths.isForcedBy(departure.beat, [beat])) continue;
    if (entriesBetween(line, departure.beat.time, beat.time).some((entry) => paths.coPossible(entry, beat))) break;
    return { departure, path: through, certain: true, ways: [], more: false };
  }
  const { ways, complete } = waysOut(paths, line, beat, MAX_WAYS + 1);
  const more = ways.length > MAX_WAYS || !complete;
  const named = ways.slice(0, MAX_WAYS);
  return { departure: named[0]?.departure ?? found.departure, path: through, certain: true, ways: named.length > 1 || more ? named : [], more };
}

function departedWords(departure: Departure): string {
  return departure.kind === 'kills' ? 'being killed' : 'leaving the story';
}

/** "after being killed in `b2` (c1 → o2) or leaving the story in `b1` (c1 → o1)" */
function describeWays(ways: readonly Way[], more: boolean): string {
  const named = ways.map((way) =>
    `${departedWords(way.departure)} in ${code(way.departure.beat.name)}${way.path.length > 0 ? ` (${formatPath(way.path)})` : ''}`);
  if (more) named.push('in other ways');
  return named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`;
}

/** The items that make a character's departures and entries. */
const COMINGS_AND_GOINGS: ReadonlySet<string> = new Set(['kills', 'exits', 'enters']);

/**
 * The full run's verdicts on the characters of `lines`, in their order; on
 * the involvements `only` keeps, when given.
 */
function checkLines(
  context: CheckContext<LateInvolvement>, lines: ReadonlyMap<string, CharacterTimeline>,
  only?: (line: CharacterTimeline, involvement: Involvement) => boolean,
): void {
  const { paths } = context;
  for (const line of lines.values()) {
    throwIfCancelled(context.token);
    if (line.departures.length === 0) continue;
    const name = line.character.name;
    for (const involvement of line.involvements) {
      const beat = involvement.beat;
      if (only && !only(line, involvement)) continue;
      if (beatEnters(beat, name)) continue;
      const found = findDeparture(paths, line, beat);
      if (!found) continue;
      const { departure, path, certain, ways, more } = found;
      const how = ways.length > 0 ? describeWays(ways, more) : `${departedWords(departure)} in ${code(departure.beat.name)}`;
      const departures = ways.length > 0 ? ways.map((way) => way.departure) : [departure];
      context.report({
        code: 'C201',
        subject: { kind: 'character', character: name, beat: beat.name },
        message: `${code(name)} is involved in ${code(beat.name)} after ${how}, ` +
          `with no ${code(`enters ${name}`)} in between, ${certain ? onEveryPath([beat.name], path) : onPath(path)}`,
        file: beat.file,
        span: involvement.name.span,
        related: departures.map((d) => ({
          file: d.beat.file,
          span: d.beat.nameSpan,
          message: d.kind === 'kills' ? `${code(name)} is killed here` : `${code(name)} leaves the story here`,
        })),
        path,
        ...(certain ? { severity: 'error' as const } : {}),
        anchor: { involvement, departure, path },
      });
    }
  }
}

export const c201: Check<LateInvolvement> = {
  codes: ['C201'],
  // The timelines' items: involvements, departures, entries (no place).
  reads: ['with', 'kills', 'exits', 'enters', 'stage', 'regress', 'order'],

  run(context) {
    checkLines(context, context.derived.characterTimelines);
  },

  incremental: {
    aspects: [...CHARACTER_ASPECTS, 'order'],
    run(context, changes) {
      // An involvement's verdict reads its own beat and the character's departures and entries: when an
      // edit changed or moved none of those of a character, only the involvements in the edited (or moved)
      // beats are judged again.
      const edited = changes.touched(CHARACTER_ASPECTS);
      const beats = new Set(edited.map((beat) => beat.index));
      const comings = new Set<string>();
      for (const beat of edited) {
        namedCharacters(beat, comings, COMINGS_AND_GOINGS);
        namedCharacters(changes.before(beat), comings, COMINGS_AND_GOINGS);
      }
      checkLines(context, touchedTimelines(context, changes), (line, involvement) =>
        comings.has(line.character.name) || beats.has(involvement.beat.index));
    },
  },

  repairs(_conflict, { project, paths, derived, anchor }) {
    if (!anchor) return [];
    const beat = anchor.involvement.beat;
    const departure = anchor.departure.beat;
    const name = anchor.involvement.character.name;
    const line = derived.characterTimelines.get(name);
    const repairs: Repair[] = [];
    if (line) {
      // Path-local first: the involvement moved into the options where the character is still in the story,
      // or else an `enters` in each branch that takes the character out.
      const moved = moveIntoLivingOptions(project, paths, line, anchor);
      const back = moved ? undefined : bringBackInBranches(project, paths, line, beat);
      if (moved) repairs.push(moved);
      if (back) repairs.push(back);
    }
    const enters = addBeatItem(project, beat, `enters ${name}`);
    repairs.push({ title: `Bring ${code(name)} back: add ${code(`enters ${name}`)} to ${code(beat.name)}`, edits: [enters], kind: 'structure' });
    const removals = removeInvolvement(project, beat, name);
    if (removals.length > 0) repairs.push({ title: `Remove ${code(name)} from ${code(beat.name)}`, edits: removals, kind: 'structure' });
    if (!Number.isNaN(departure.time)) {
      // A beat inside an option must stay after its choice.
      const choice = beat.option?.choice;
      let time: number | undefined = timeJustBefore(project, departure.time);
      if (choice && time <= choice.time) time = choice.time < departure.time ? timeBetween(choice.time, departure.time) : undefined;
      const move = time === undefined ? undefined : setTime(beat, time);
      if (move && time !== undefined) {
        repairs.push({ title: `Move ${code(beat.name)} before ${code(departure.name)} (@${formatNumber(time)})`, edits: [move], kind: 'structure' });
      }
    }
    return repairs;
  },
};

/** Whether `beat` lies inside `option`, at any depth. */
function isInsideOption(beat: BeatSymbol, option: OptionSymbol): boolean {
  for (let o = beat.option; o; o = o.parent) if (o === option) return true;
  return false;
}

/** Names from `base` that the project does not use and this repair has not taken yet. */
function namer(project: Project): (base: string) => string {
  const taken = new Set<string>();
  return (base) => {
    let name = freshName(project, base);
    for (let i = 2; taken.has(name); i++) name = freshName(project, `${base}_${i}`);
    taken.add(name);
    return name;
  };
}

function listOptions(options: readonly OptionSymbol[]): string {
  const names = options.map(optionName);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.length === 1 ? 'the option' : 'the options'} ${list}`;
}

/**
 * The character's part in the beat moved into the options where they are
 * still in the story: taken out of the beat, and given to a new beat at the
 * same time in each such option of the choice that decides (the latest choice
 * of the witness path that the beat is not inside). Nothing changes on the
 * other paths but the beat losing the character.
 */
function moveIntoLivingOptions(project: Project, paths: PathModel, line: CharacterTimeline, anchor: LateInvolvement): Repair | undefined {
  const beat = anchor.involvement.beat;
  const name = line.character.name;
  if (beat.decl.kind !== 'event' || Number.isNaN(beat.time)) return undefined;
  const deciding = optionsOnPath(project, anchor.path).find((o) => o.choice.time < beat.time && !isInsideOption(beat, o));
  if (!deciding) return undefined;
  const living = deciding.choice.options.filter((o) => o !== deciding && aliveAt(paths, line, beat, [o]));
  if (living.length === 0) return undefined;
  const removals = removeInvolvement(project, beat, name);
  if (removals.length === 0) return undefined;
  // The new beat carries what the old one said about the character: where, with, stage and regress.
  const text = fileText(project, beat.file);
  const items: string[] = [];
  for (const item of beat.decl.items) {
    if (item.kind === 'at') items.push(text.slice(item.span.start, item.span.end));
  }
  items.push(`with ${name}`);
  for (const item of beat.decl.items) {
    if ((item.kind === 'stage' || item.kind === 'regress') && item.character?.text === name) items.push(text.slice(item.span.start, item.span.end));
  }
  const fresh = namer(project);
  const edits: TextEdit[] = [...removals];
  const created: string[] = [];
  for (const option of living) {
    const newName = fresh(`${beat.name}_${name}`);
    const edit = insertIntoOption(project, option, `event ${newName} @${formatNumber(beat.time)} { ${items.join('  ')} }`);
    if (!edit) return undefined;
    edits.push(edit);
    created.push(code(newName));
  }
  const beats = created.length === 1 ? `a new beat ${created[0]}` : `new beats ${created.join(' and ')}`;
  return {
    title: `Move ${code(name)} out of ${code(beat.name)} into ${listOptions(living)}, where ${code(name)} is still in the story: ` +
      `${beats} @${formatNumber(beat.time)}`,
    edits,
    kind: 'path',
  };
}

/**
 * An `enters` in each branch that takes the character out before the beat:
 * for each way it happens, a new beat with `enters` just after the departure
 * in the latest option of that way's path that is decided before the beat.
 * Nothing changes on paths where the character is still in the story.
 */
function bringBackInBranches(project: Project, paths: PathModel, line: CharacterTimeline, beat: BeatSymbol): Repair | undefined {
  const name = line.character.name;
  if (Number.isNaN(beat.time)) return undefined;
  const { ways, complete } = waysOut(paths, line, beat, MAX_WAYS + 1);
  if (ways.length === 0 || ways.length > MAX_WAYS || !complete) return undefined;
  const fresh = namer(project);
  const edits: TextEdit[] = [];
  const options: OptionSymbol[] = [];
  const created: string[] = [];
  for (const way of ways) {
    const option = optionsOnPath(project, way.path).find((o) => o.choice.time < beat.time);
    if (!option) return undefined;
    if (options.includes(option)) continue;
    const time = timeJustAfter(project, Math.max(way.departure.beat.time, option.choice.time), beat.time);
    const newName = fresh(`${name}_returns`);
    const edit = insertIntoOption(project, option, `event ${newName} @${formatNumber(time)} { enters ${name} }`);
    if (!edit) return undefined;
    edits.push(edit);
    options.push(option);
    created.push(`${code(newName)} @${formatNumber(time)}`);
  }
  const beats = created.length === 1 ? `a new beat ${created[0]}` : `new beats ${created.join(' and ')}`;
  return {
    title: `Bring ${code(name)} back in ${listOptions(options)} before ${code(beat.name)}: ${beats} with ${code(`enters ${name}`)}`,
    edits,
    kind: 'path',
  };
}
