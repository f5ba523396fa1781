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

/** Beats without repeats, in index order. */
export function byIndex(beats: readonly BeatSymbol[]): BeatSymbol[] {
  return [...new Set(beats)].sort((a, b) => a.index - b.index);
}
