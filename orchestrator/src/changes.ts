/**
 * What an edit changed between two versions of a project, for the checks
 * that can run on the changed items alone (`Check.incremental`, analysis.ts):
 * the aspects that changed (aspects.ts) and, when the structure did not,
 * which beats and arcs hold the changed items.
 *
 * Both versions have the same structure whenever a check is given a
 * `Changes`, so they declare the same beats and arcs at the same indices:
 * `before(beat)` is the previous version of a beat.
 */
import type { ArcFile } from '@nao/grammar';
import { changedPlaces, type Aspect, type ChangedPlaces } from './aspects.js';
import type { ArcSymbol, BeatSymbol, Project } from './project.js';

/** A file whose syntax tree changed, in both versions. */
export interface ChangedFile {
  readonly id: string;
  readonly before: ArcFile;
  readonly after: ArcFile;
}

export class Changes {
  private readonly beatsBy = new Map<string, readonly BeatSymbol[]>();
  private readonly arcsBy = new Map<string, readonly ArcSymbol[]>();
  private readonly memos = new Map<string, unknown>();
  private readonly places = new Map<ChangedFile, ReadonlyMap<Aspect, ChangedPlaces>>();

  constructor(
    /** Every aspect that changed (`order` included when the time order changed). */
    readonly aspects: ReadonlySet<Aspect>,
    private readonly files: readonly ChangedFile[],
    readonly project: Project,
    readonly previous: Project,
  ) {}

  has(aspect: Aspect): boolean {
    return this.aspects.has(aspect);
  }

  /** The beats whose items of one of `aspects` changed, as beats of the new version, in index order. */
  beats(aspects: readonly Aspect[]): readonly BeatSymbol[] {
    const key = aspects.join();
    let found = this.beatsBy.get(key);
    if (!found) this.beatsBy.set(key, (found = this.collect(aspects, this.project.beats, 'beats')));
    return found;
  }

  /** The arcs whose own items (not those of their beats) of one of `aspects` changed, in declaration order. */
  arcs(aspects: readonly Aspect[]): readonly ArcSymbol[] {
    const key = aspects.join();
    let found = this.arcsBy.get(key);
    if (!found) this.arcsBy.set(key, (found = this.collect(aspects, this.project.arcs, 'arcs')));
    return found;
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

  private collect<T extends BeatSymbol | ArcSymbol>(aspects: readonly Aspect[], all: readonly T[], which: 'beats' | 'arcs'): T[] {
    const result: T[] = [];
    for (const file of this.files) {
      let byAspect = this.places.get(file);
      if (!byAspect) this.places.set(file, (byAspect = changedPlaces(file.before, file.after)));
      const places = new Set<number>();
      for (const aspect of aspects) for (const place of byAspect.get(aspect)?.[which] ?? []) places.add(place);
      if (places.size === 0) continue;
      // The file's symbols are contiguous in load order: find its first.
      const first = all.findIndex((symbol) => symbol.file === file.id);
      for (const place of [...places].sort((x, y) => x - y)) result.push(all[first + place]!);
    }
    return result;
  }
}
