/**
 * What the character checks (C201-C204) share: per-character timelines read
 * from the beats, path helpers that keep `findPath`'s avoid lists short, and
 * the text edits their repairs are made of.
 */
import type { EventDecl, Name, StageItem } from '@nao/grammar';
import { beatsNaming } from '../../character-index.js';
import { fileText, removeItem, removeListName, type TextEdit } from '../../edits.js';
import { compareByTime, type PathItem, type PathModel } from '../../paths.js';
import type { BeatSymbol, CharacterSymbol, OptionSymbol, Project } from '../../project.js';

// ---------------------------------------------------------------------------
// Timelines

/** A beat that involves a character: names it in `with`, `stage` or `regress`. */
export interface Involvement {
  readonly beat: BeatSymbol;
  readonly character: CharacterSymbol;
  /** The first place the character is named in an involving item (the conflict's range). */
  readonly name: Name;
}

/** A `kills` or `exits` of a character. */
export interface Departure {
  readonly beat: BeatSymbol;
  readonly character: CharacterSymbol;
  readonly kind: 'kills' | 'exits';
}

/** A `stage` or `regress` item of a character whose stage is declared. */
export interface StageEvent {
  readonly beat: BeatSymbol;
  readonly character: CharacterSymbol;
  readonly item: StageItem;
  /** Position of the stage in the character's declared `stages`. */
  readonly rank: number;
  /** Position of the item inside its beat, to order two items of one beat. */
  readonly order: number;
}

/**
 * A character's events. Every list is in time order; beats at the same time
 * are taken by name (`compareByTime`), never by where they are declared, so that what the
 * checks report does not depend on the order of declarations.
 */
export interface CharacterTimeline {
  readonly character: CharacterSymbol;
  /** One per (beat, character). */
  readonly involvements: Involvement[];
  readonly departures: Departure[];
  /** Beats with `enters` of the character. */
  readonly entries: BeatSymbol[];
  /** Then item order inside one beat. */
  readonly stages: StageEvent[];
}

/** Whether an event names one of `names` in an item of a timeline (events with a time, in `byTime`, make the timelines). */
function namesAny(decl: EventDecl, names: ReadonlySet<string>): boolean {
  for (const item of decl.items) {
    switch (item.kind) {
      case 'with': case 'kills': case 'exits': case 'enters':
        for (const name of item.names) if (names.has(name.text)) return true;
        break;
      case 'stage': case 'regress':
        if (item.character && names.has(item.character.text)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/** The items that make a character's timeline: the character checks' `incremental.aspects`. */
export const CHARACTER_ASPECTS = ['at', 'with', 'kills', 'exits', 'enters', 'stage', 'regress'] as const;

/**
 * Every character's timeline, keyed by character name. Names that did not
 * resolve to a character (E002/E006 already reported) are skipped. Computed
 * once per analysis (`Derived.characterTimelines`).
 */
export function computeTimelines(project: Project, paths: PathModel, only?: ReadonlySet<string>): Map<string, CharacterTimeline> {
  const timelines = new Map<string, CharacterTimeline>();
  const timeline = (name: string): CharacterTimeline | undefined => {
    if (only && !only.has(name)) return undefined;
    const character = project.characters.get(name);
    if (!character) return undefined;
    let found = timelines.get(name);
    if (!found) {
      found = { character, involvements: [], departures: [], entries: [], stages: [] };
      timelines.set(name, found);
    }
    return found;
  };
  // A few characters' timelines are read from the beats that name them, taken in time order as `byTime` has them.
  const named = only && beatsNaming(project, only)?.filter((beat) => !Number.isNaN(beat.time)).sort(compareByTime);
  for (const beat of named ?? paths.byTime) {
    const decl = beat.decl;
    if (decl.kind !== 'event' || (only && !namesAny(decl, only))) continue;
    // Names already counted in this beat: a beat names few characters, so small arrays, made when needed.
    let involved: string[] | undefined;
    let departed: string[] | undefined;
    let entered: string[] | undefined;
    decl.items.forEach((item, order) => {
      switch (item.kind) {
        case 'with':
          for (const name of item.names) involve(name);
          break;
        case 'stage': case 'regress': {
          if (!item.character) break;
          const line = involve(item.character);
          if (!line || !item.stage) break;
          const rank = line.character.stages.indexOf(item.stage.text);
          if (rank >= 0) line.stages.push({ beat, character: line.character, item, rank, order });
          break;
        }
        case 'kills': case 'exits':
          for (const name of item.names) {
            const line = timeline(name.text);
            if (!line || departed?.includes(name.text)) continue;
            (departed ??= []).push(name.text);
            line.departures.push({ beat, character: line.character, kind: item.kind });
          }
          break;
        case 'enters':
          for (const name of item.names) {
            const line = timeline(name.text);
            if (!line || entered?.includes(name.text)) continue;
            (entered ??= []).push(name.text);
            line.entries.push(beat);
          }
          break;
        default:
          break;
      }
    });
    function involve(name: Name): CharacterTimeline | undefined {
      const line = timeline(name.text);
      if (!line) return undefined;
      if (!involved?.includes(name.text)) {
        (involved ??= []).push(name.text);
        line.involvements.push({ beat, character: line.character, name });
      }
      return line;
    }
  }
  for (const line of timelines.values()) {
    line.involvements.sort((a, b) => compareByTime(a.beat, b.beat));
    line.departures.sort((a, b) => compareByTime(a.beat, b.beat));
    line.entries.sort(compareByTime);
    line.stages.sort((a, b) => compareByTime(a.beat, b.beat) || a.order - b.order);
  }
  return timelines;
}

/** Whether `beat` has `enters <character>`. */
export function beatEnters(beat: BeatSymbol, character: string): boolean {
  if (beat.decl.kind !== 'event') return false;
  return beat.decl.items.some((item) => item.kind === 'enters' && item.names.some((n) => n.text === character));
}

// ---------------------------------------------------------------------------
// Paths

/**
 * The avoid list for `findPath`, reduced to distinct innermost options (beats
 * of one option are on or off together). Undefined when one of the beats is
 * on every path: then no path avoids it.
 */
export function avoidList(beats: readonly BeatSymbol[]): PathItem[] | undefined {
  const options = new Set<OptionSymbol>();
  for (const beat of beats) {
    if (!beat.option) return undefined;
    options.add(beat.option);
  }
  return [...options];
}

// ---------------------------------------------------------------------------
// Edits (built from the shared helpers in edits.ts)

/** Edits that take `character` out of every involving item (`with`, `stage`, `regress`) of an event. */
export function removeInvolvement(project: Project, beat: BeatSymbol, character: string): TextEdit[] {
  if (beat.decl.kind !== 'event') return [];
  const text = fileText(project, beat.file);
  const edits: TextEdit[] = [];
  for (const item of beat.decl.items) {
    if (item.kind === 'with') {
      const name = item.names.find((n) => n.text === character);
      if (name) edits.push(removeListName(project, beat.file, item, name));
    } else if ((item.kind === 'stage' || item.kind === 'regress') && item.character?.text === character) {
      edits.push(removeItem(text, beat.file, item.span));
    }
  }
  // Removals next to each other may both claim the blanks between them: clip, so that the deletions do not overlap.
  edits.sort((a, b) => a.span.start - b.span.start);
  return edits.map((edit, i) => {
    const previous = edits[i - 1];
    if (!previous || edit.span.start >= previous.span.end) return edit;
    return { ...edit, span: { start: Math.min(previous.span.end, edit.span.end), end: edit.span.end } };
  });
}
