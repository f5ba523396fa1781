/**
 * The path model. A path picks one option at every choice it reaches; a beat
 * is on a path exactly when every option enclosing it is picked, so every
 * path question reduces to questions about option chains.
 *
 * Nothing here enumerates paths (there are 2^choices of them). `findPath`
 * answers "is there a path that holds all of these and none of those?" with a
 * dataflow over the choice tree restricted to the choices that matter, in time
 * linear in the size of the option chains involved, and returns the witness.
 */
import type { PathStep } from './diagnostics.js';
import type { BeatSymbol, OptionSymbol, Project } from './project.js';

/** Something that is on some paths: a beat (on a path when its options are) or an option (when picked). */
export type PathItem = BeatSymbol | OptionSymbol;

function innermostOption(item: PathItem): OptionSymbol | undefined {
  return item.kind === 'option' ? item : item.option;
}

/** A choice is identified by its beat index. */
type ChoiceKey = number;

export class PathModel {
  /**
   * Beats with a time, sorted by time, then by name (simultaneous beats are
   * ordered by name, never by where they are written, so that moving a
   * declaration changes no result), then by declaration for duplicate names.
   */
  readonly byTime: readonly BeatSymbol[];

  /** Each beat's place in `byTime`, by beat index (-1: it has no time); shared by the next version when it keeps this order. */
  private readonly timePlaces: Int32Array;

  /**
   * `previous`, the path model of an earlier version of the project, lends
   * its time order: the beats the new project kept (the same objects, so the
   * same time, name and index) stay in that order, and only the others are
   * sorted and merged in.
   */
  constructor(private readonly project: Project, previous?: PathModel) {
    const kept = previous && PathModel.keptOrder(project, previous);
    if (kept) {
      this.byTime = kept;
      this.timePlaces = previous.timePlaces;
      return;
    }
    const places = new Int32Array(project.beats.length).fill(-1);
    this.byTime = previous ? PathModel.mergedOrder(project, previous, places) : project.beats.filter(hasTime).sort(compareByTime);
    if (!previous) this.byTime.forEach((beat, place) => (places[beat.index] = place));
    this.timePlaces = places;
  }

  /**
   * The previous order, with each beat the new version declared anew put in
   * the place of the one at its index before, when every such beat has that
   * one's name and time (undefined otherwise): then every comparison of two
   * beats in time gives what it gave. An edit of a link, a character or a
   * place, or prose, declares one file's beats anew so; only the beats of
   * the files whose beats are new are read, not every beat of the project.
   * When more than a sixteenth of them are new (as when no parse was kept),
   * merging is the faster.
   */
  private static keptOrder(project: Project, previous: PathModel): readonly BeatSymbol[] | undefined {
    const before = previous.project;
    if (project.beats.length !== before.beats.length) return undefined;
    let order: BeatSymbol[] | undefined;
    let counted = 0;
    let read = 0;
    for (const file of project.files.keys()) {
      const beats = project.beatsIn(file);
      counted += beats.length;
      if (beats === before.beatsIn(file)) continue;
      read += beats.length;
      if (16 * read > project.beats.length) return undefined;
      for (const beat of beats) {
        const old = before.beats[beat.index];
        if (old === beat) continue;
        if (!old || old.name !== beat.name || !(old.time === beat.time || (!hasTime(old) && !hasTime(beat)))) return undefined;
        if (!hasTime(beat)) continue;
        order ??= previous.byTime.slice();
        order[previous.timePlaces[beat.index]!] = beat;
      }
    }
    // Every beat was read above or kept with its file, unless some beat belongs to no file of the project.
    if (counted !== project.beats.length) return undefined;
    return order ?? previous.byTime;
  }

  /** `project`'s beats in time order, from the order of an earlier version's; fills `places` (see `timePlaces`). */
  private static mergedOrder(project: Project, previous: PathModel, places: Int32Array): BeatSymbol[] {
    const beats = project.beats;
    const before = previous.project.beats;
    const added: BeatSymbol[] = [];
    for (const beat of beats) if (hasTime(beat) && before[beat.index] !== beat) added.push(beat);
    added.sort(compareByTime);
    // One pass over the previous order: the kept beats, with the added ones merged in (an added beat goes before a kept one it ties with).
    const merged: BeatSymbol[] = [];
    let a = 0;
    for (const beat of previous.byTime) {
      const index = beat.index;
      if (beats[index] !== beat) continue;
      while (a < added.length && compareByTime(added[a]!, beat) <= 0) {
        const next = added[a++]!;
        places[next.index] = merged.length;
        merged.push(next);
      }
      places[index] = merged.length;
      merged.push(beat);
    }
    for (; a < added.length; a++) {
      places[added[a]!.index] = merged.length;
      merged.push(added[a]!);
    }
    return merged;
  }

  /** Whether some path holds both `a` and `b` (they are not in different options of one choice). */
  coPossible(a: PathItem, b: PathItem): boolean {
    return this.forcedPicks([a, b]) !== undefined;
  }

  /** Whether `item` is on every path that holds all of `given`. */
  isForcedBy(item: PathItem, given: readonly PathItem[]): boolean {
    const forced = this.forcedPicks(given);
    if (!forced) return true; // vacuous: no path holds `given`
    for (let o = innermostOption(item); o; o = o.parent) {
      if (forced.get(o.choice.index) !== o.position) return false;
    }
    return true;
  }

  /** Whether `item` is on every path of the story. */
  isOnEveryPath(item: PathItem): boolean {
    for (let o = innermostOption(item); o; o = o.parent) {
      if (o.choice.options.length > 1) return false;
    }
    return true;
  }

  /**
   * The options forced by holding every item of `must`, by choice; undefined
   * when two of them need different options of one choice.
   */
  private forcedPicks(must: readonly PathItem[]): Map<ChoiceKey, number> | undefined {
    const forced = new Map<ChoiceKey, number>();
    for (const item of must) {
      for (let o = innermostOption(item); o; o = o.parent) {
        const existing = forced.get(o.choice.index);
        if (existing === undefined) forced.set(o.choice.index, o.position);
        else if (existing !== o.position) return undefined;
        else break; // the rest of the chain is already recorded
      }
    }
    return forced;
  }

  /**
   * A path that holds every item of `must` and none of `avoid`, as its witness:
   * the option taken at each choice that matters, in time order. Undefined when
   * no such path exists. An empty witness means "every path" (nothing had to be
   * chosen).
   */
  findPath(must: readonly PathItem[], avoid: readonly PathItem[] = []): PathStep[] | undefined {
    const forced = this.forcedPicks(must);
    if (!forced) return undefined;

    // Options that must not be picked: the innermost option of each avoided item.
    const bad = new Set<OptionSymbol>();
    for (const item of avoid) {
      const option = innermostOption(item);
      if (!option) return undefined; // on every path
      bad.add(option);
    }

    // Mark the choices above bad options, and index marked choices by the option they sit in.
    const markedChoices = new Map<ChoiceKey, BeatSymbol>();
    const markedInside = new Map<OptionSymbol | undefined, Set<BeatSymbol>>();
    const markedOptions = new Set<OptionSymbol>();
    for (const option of bad) {
      for (let o: OptionSymbol | undefined = option; o; o = o.parent) {
        markedOptions.add(o);
        const choice = o.choice;
        const parentKey = choice.option;
        let set = markedInside.get(parentKey);
        if (!set) markedInside.set(parentKey, (set = new Set()));
        set.add(choice);
        if (markedChoices.has(choice.index)) break;
        markedChoices.set(choice.index, choice);
      }
    }

    const picks = new Map<ChoiceKey, OptionSymbol>();
    // Memo: whether a marked choice can be passed without a bad option.
    const memo = new Map<ChoiceKey, boolean>();
    const avoidable = (choice: BeatSymbol): boolean => {
      const known = memo.get(choice.index);
      if (known !== undefined) return known;
      const required = forced.get(choice.index);
      let result = false;
      // Prefer an option with nothing bad below it; then one whose inner choices can be passed.
      const candidates = choice.options.filter((o) => required === undefined || o.position === required);
      const clean = candidates.find((o) => !markedOptions.has(o));
      if (clean) {
        picks.set(choice.index, clean);
        result = true;
      } else {
        for (const option of candidates) {
          if (bad.has(option)) continue;
          if (everyAvoidable(option)) {
            picks.set(choice.index, option);
            result = true;
            break;
          }
        }
      }
      memo.set(choice.index, result);
      return result;
    };
    const everyAvoidable = (option: OptionSymbol | undefined): boolean => {
      const inner = markedInside.get(option);
      if (!inner) return true;
      for (const choice of inner) if (!avoidable(choice)) return false;
      return true;
    };
    // Top-level choices are reached on every path. A choice with no options
    // blocks nothing (it has no option to be bad).
    if (!everyAvoidable(undefined)) return undefined;

    // The witness: the forced options and the picks made to avoid, for choices the path reaches.
    const steps: { choice: BeatSymbol; option: OptionSymbol }[] = [];
    const seen = new Set<ChoiceKey>();
    const reached = (choice: BeatSymbol): boolean => {
      for (let o = choice.option; o; o = o.parent) {
        const picked = picks.get(o.choice.index)?.position ?? forced.get(o.choice.index);
        if (picked !== o.position) return false;
      }
      return true;
    };
    for (const [key, position] of forced) {
      const choice = this.project.beats[key]!;
      seen.add(key);
      // A choice with a single option is no choice: every path takes it.
      if (choice.options.length > 1) steps.push({ choice, option: choice.options[position]! });
    }
    for (const [key, option] of picks) {
      if (seen.has(key)) continue;
      if (option.choice.options.length < 2) continue;
      if (!reached(option.choice)) continue;
      steps.push({ choice: option.choice, option });
    }
    steps.sort((a, b) => (a.choice.time - b.choice.time) || (a.choice.index - b.choice.index));
    return steps.map((step) => ({ choice: step.choice.name, option: step.option.name }));
  }
}

function hasTime(beat: BeatSymbol): boolean {
  return !Number.isNaN(beat.time);
}

/** Time order; simultaneous beats by name, then by declaration (for duplicate names only). */
export function compareByTime(a: BeatSymbol, b: BeatSymbol): number {
  return a.time - b.time || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.index - b.index;
}
