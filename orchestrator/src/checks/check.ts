/**
 * The shape of one conflict check. Each code (or small family of codes that
 * share one rule) lives in its own module under checks/, with its rule, its
 * messages and its repairs; checks/index.ts lists the modules.
 */
import type { Span } from '@nao/grammar';
import type { Aspect } from '../aspects.js';
import type { CancellationToken } from '../cancellation.js';
import type { Changes } from '../changes.js';
import type { ConflictSubject } from '../conflicts.js';
import type { Diagnostic, PathStep, RelatedLocation, Severity } from '../diagnostics.js';
import type { TextEdit } from '../edits.js';
import type { CausalGraph } from '../graph.js';
import type { PathModel } from '../paths.js';
import type { Project } from '../project.js';
import type { ScaleManager } from '../scales.js';
import type { Derived } from './derived.js';

/**
 * One conflict as a check reports it. `Anchor` is what the check's repairs
 * will need to find the conflict's items again (a link, a syntax-tree item, a
 * symbol): the analysis keeps it by the conflict's id, so that repairs never
 * search for the item by its offsets or by message text.
 */
export interface ConflictReport<Anchor = unknown> {
  readonly code: string;
  /** What the conflict is about; its id is derived from the code and this. */
  readonly subject: ConflictSubject;
  readonly message: string;
  readonly file: string;
  /** The offending item, not the whole block. */
  readonly span: Span;
  readonly related?: readonly RelatedLocation[];
  /** The witness path, for path-sensitive checks (empty: on every path). */
  readonly path?: readonly PathStep[];
  /** Overrides the code's default severity (e.g. a C2xx conflict certain on every path is an error). */
  readonly severity?: Severity;
  /** Handed back to the check's `repairs` as `RepairContext.anchor`. */
  readonly anchor?: Anchor;
}

/** The analysed snapshot, as every check and repair sees it. */
export interface SnapshotContext {
  readonly project: Project;
  readonly paths: PathModel;
  readonly graph: CausalGraph;
  readonly scales: ScaleManager;
  /** Data derived from the snapshot that several checks share, computed once per analysis. */
  readonly derived: Derived;
}

export interface CheckContext<Anchor = unknown> extends SnapshotContext {
  /** Checks call `throwIfCancelled(context.token)` once per item of their outer loop. */
  readonly token: CancellationToken;
  report(conflict: ConflictReport<Anchor>): void;
}

/** What a check's `repairs` sees: the analysed snapshot and what the check kept when it reported the conflict. */
export interface RepairContext<Anchor = unknown> extends SnapshotContext {
  /** The report's `anchor` (undefined when it gave none, or the conflict is not one of this analysis). */
  readonly anchor: Anchor | undefined;
}

export interface RepairProvider<Anchor = unknown> {
  /**
   * Candidate repairs for one of this check's conflicts. They need not be
   * verified: the resolution engine applies each to a copy of the project,
   * re-analyses, and offers only those that remove the conflict without
   * introducing an error. Keep the list short and best-first.
   */
  repairs?(conflict: Diagnostic, context: RepairContext<Anchor>): Repair[];
}

export interface Check<Anchor = unknown> extends RepairProvider<Anchor> {
  /** The codes this module reports. */
  readonly codes: readonly string[];
  /**
   * Every aspect of the files (aspects.ts) that `run` reads, besides
   * `structure`, which every check reads: directly, through `Derived`, the
   * path model, the graph or the scales. The incremental analysis reuses a
   * check's result when none of these changed, so leaving one out is a bug
   * (test/incremental.test.ts compares with full analyses after random edits).
   */
  readonly reads: readonly Aspect[];
  run(context: CheckContext<Anchor>): void;
  /**
   * The check run on what an edit changed, for checks whose conflicts each
   * involve an item of `aspects` (a link, a character's involvement): when
   * the previous analysis ran this check and it reported nothing, the
   * structure is the same, and every aspect of `reads` that changed is one
   * of `aspects`, the analysis calls `run` here instead of the full `run`.
   * `order` among `aspects` means that it also judges what involves a beat
   * that moved in the time order (`Changes.moved`).
   * It must report exactly what the full `run` would: every conflict the
   * full run finds involves a changed item (the others reported nothing
   * before and read the same now), in the order the full run reports it.
   * test/incremental.test.ts compares with full analyses after random edits.
   */
  readonly incremental?: {
    readonly aspects: readonly Aspect[];
    run(context: CheckContext<Anchor>, changes: Changes): void;
  };
  /**
   * The check run on one file's declarations, for checks each of whose
   * conflicts is about a beat or an arc and depends only on its file's
   * declarations and on the story header: when the previous analysis ran this check and
   * it reported nothing, the project holds the same files in the same order
   * and its story header is the same declaration, the analysis runs this on
   * each file whose syntax tree changed, in load order, instead of `run`,
   * whatever else changed (the structure included). It must report exactly
   * what the full `run` reports in that file, in the same order.
   * test/incremental.test.ts compares with full analyses after random edits.
   */
  readonly perFile?: (context: CheckContext<Anchor>, file: string) => void;
}

/**
 * What a repair changes, for ranking (docs/checks.md, "How to read a report"):
 *
 * - `path`: only the paths where the conflict happens (a new beat, an
 *   `enters`, an involvement moved, in the failing option);
 * - `structure`: the story for every reader (a time, a link, a place, an
 *   involvement, a beat on every path);
 * - `label`: only a label that no other beat depends on (`addresses`, `allow`,
 *   tags, themes, `setup`/`payoff` on an existing beat, `regress` for `stage`,
 *   a content `warning`). The last resort.
 */
export type RepairKind = 'path' | 'structure' | 'label';

/** A candidate repair: a title a writer understands, the edits that carry it out, and what it changes. */
export interface Repair {
  /** E.g. "Move `betrayal` after `share` (@3.5)". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly kind: RepairKind;
}
