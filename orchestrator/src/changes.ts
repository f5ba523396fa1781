/**
 * What an edit changed between two versions of a project, for the checks
 * that can run on the changed items alone (`Check.incremental`, analysis.ts):
 * the aspects that changed (aspects.ts) and, when the structure did not,
 * which beats hold the changed items.
 *
 * Both versions have the same structure whenever a check's `incremental`
 * run is given a `Changes`, so they declare the same beats at the same
 * indices (some perhaps renamed): `before(beat)` is the previous version of
 * a beat. (A check's `perFile` run reads only `changedFiles`, whatever
 * changed.)
 *
 * When a beat or an arc was renamed, the links that name it, before or
 * after, count among the changed items of their aspect in every file, its
 * syntax tree changed or not (`relinked`): those links bind anew, as if
 * they had been edited.
 */
import type { Name } from '@nao/grammar';
import type { Aspect } from './aspects.js';
import type { BeatSymbol, Project } from './project.js';

/** A file whose syntax tree changed, or whose links name a renamed beat or arc (`relinked`). */
export interface ChangedFile {
  readonly id: string;
  /** When the structure is the same: by aspect, the beats whose items of it changed, by place among the file's beats (aspects.ts). */
  readonly beats: ReadonlyMap<Aspect, readonly number[]>;
  /** Its syntax tree is the previous one: `beats` are those whose links name a beat or an arc renamed elsewhere. */
  readonly relinked?: boolean;
}

export class Changes {
  private readonly memos = new Map<string, unknown>();

  constructor(
    /** Every aspect that changed (`order` included when the time order changed); when `structure` changed, the others were not compared. */
    readonly aspects: ReadonlySet<Aspect>,
    private readonly files: readonly ChangedFile[],
    readonly project: Project,
    readonly previous: Project,
  ) {}

  has(aspect: Aspect): boolean {
    return this.aspects.has(aspect);
  }

  /** The files whose syntax tree changed, in load order. */
  get changedFiles(): readonly string[] {
    return this.files.flatMap((file) => (file.relinked ? [] : [file.id]));
  }

  /** The beats whose items of one of `aspects` changed, as beats of the new version, in index order. */
  beats(aspects: readonly Aspect[]): readonly BeatSymbol[] {
    return this.memo(`beats ${aspects.join()}`, () => {
      const result: BeatSymbol[] = [];
      for (const file of this.files) {
        const places = new Set(aspects.flatMap((aspect) => file.beats.get(aspect) ?? []));
        if (places.size === 0) continue;
        const beats = this.project.beatsIn(file.id);
        for (const place of [...places].sort((x, y) => x - y)) result.push(beats[place]!);
      }
      return result;
    });
  }

  /**
   * When the time order changed (`order`): the beats that moved in it, as
   * beats of the new version, in index order. Those whose time changed, and
   * those renamed (simultaneous beats are ordered by name): any two other
   * beats compare as they did.
   */
  get moved(): readonly BeatSymbol[] {
    return this.has('order') ? this.beats(['time', 'names']) : [];
  }

  /**
   * The beats holding changed items of one of `aspects`, and those that
   * moved in the time order (`moved`), in index order: what a check whose
   * verdicts each read one beat's items and its place in time judges again.
   */
  touched(aspects: readonly Aspect[]): readonly BeatSymbol[] {
    return this.memo(`touched ${aspects.join()}`, () => byIndex([...this.beats(aspects), ...this.moved]));
  }

  /** The previous version of a beat of the new one. */
  before(beat: BeatSymbol): BeatSymbol {
    return this.previous.beats[beat.index]!;
  }

  /**
   * What `compute` derives from these changes, computed once for every check
   * of the run that asks under `key` (the character checks share the
   * timelines of the characters an edit touched). Kept here, not in
   * `Derived`: nothing of the previous version may outlive the run.
   */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }
}

/** The items that name a beat or an arc (project.ts, `linkBeat`; an arc's own items name goals only). */
export type LinkAspect = 'causes' | 'prevents' | 'requires' | 'resolves';

/**
 * The events of `files` holding an item of `kinds` that names one of
 * `names`: by file, and by the item's aspect, their places among the file's
 * beats, ascending. (The files to read are those whose uses name one,
 * name-uses.ts.)
 */
export function linksNaming(project: Project, files: readonly string[], names: ReadonlySet<string>, kinds: readonly LinkAspect[]): Map<string, Map<Aspect, number[]>> {
  const result = new Map<string, Map<Aspect, number[]>>();
  for (const file of files) {
    const byAspect = new Map<Aspect, number[]>();
    project.beatsIn(file).forEach((beat, place) => {
      if (beat.decl.kind !== 'event') return;
      for (const item of beat.decl.items) {
        if (item.kind !== 'causes' && item.kind !== 'prevents' && item.kind !== 'requires' && item.kind !== 'resolves') continue;
        if (!kinds.includes(item.kind) || !(item.kind === 'requires' ? item.alternatives : item.names).some((name) => names.has(name.text))) continue;
        const places = byAspect.get(item.kind) ?? [];
        if (places[places.length - 1] !== place) places.push(place);
        byAspect.set(item.kind, places);
      }
    });
    if (byAspect.size > 0) result.set(file, byAspect);
  }
  return result;
}

/** Calls `visit` with each arc name of an event's `resolves` items, in order (a choice has none). */
export function forEachResolvedName(beat: BeatSymbol, visit: (name: Name) => void): void {
  if (beat.decl.kind !== 'event') return;
  for (const item of beat.decl.items) if (item.kind === 'resolves') for (const name of item.names) visit(name);
}

/** Beats without repeats, in index order. */
export function byIndex(beats: readonly BeatSymbol[]): BeatSymbol[] {
  return [...new Set(beats)].sort((a, b) => a.index - b.index);
}
