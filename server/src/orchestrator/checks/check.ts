/**
 * The shape of one conflict check. Each code (or small family of codes that
 * share one rule) lives in its own module under checks/, with its rule, its
 * messages and its repairs; checks/index.ts maps codes to modules.
 */
import type { Span } from '@nao/grammar';
import type { CancellationToken } from '../cancellation.js';
import type { Diagnostic, PathStep, RelatedLocation, Severity } from '../diagnostics.js';
import type { CausalGraph } from '../graph.js';
import type { PathModel } from '../paths.js';
import type { Project } from '../project.js';
import type { ScaleManager } from '../scales.js';

export interface ConflictReport {
  readonly code: string;
  readonly message: string;
  readonly file: string;
  /** The offending item, not the whole block. */
  readonly span: Span;
  readonly related?: readonly RelatedLocation[];
  /** The witness path, for path-sensitive checks (empty: on every path). */
  readonly path?: readonly PathStep[];
  /** Overrides the code's default severity (e.g. a C2xx conflict certain on every path is an error). */
  readonly severity?: Severity;
}

export interface CheckContext {
  readonly project: Project;
  readonly paths: PathModel;
  readonly graph: CausalGraph;
  readonly scales: ScaleManager;
  readonly token: CancellationToken;
  report(conflict: ConflictReport): void;
}

export interface Check extends RepairProvider {
  /** The codes this module reports. */
  readonly codes: readonly string[];
  run(context: CheckContext): void;
}

/** A text replacement in one file: `span` (offsets in the current text) becomes `newText`. */
export interface TextEdit {
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
}

/** A candidate repair: a title a writer understands and the edits that carry it out. */
export interface Repair {
  /** E.g. "Move `betrayal` after `share` (@3.5)". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** What a check's `repairs` sees: the analysed snapshot and the conflict to repair. */
export interface RepairContext {
  readonly project: Project;
  readonly paths: PathModel;
  readonly graph: CausalGraph;
  readonly scales: ScaleManager;
}

export interface RepairProvider {
  /**
   * Candidate repairs for one of this check's conflicts. They need not be
   * verified: the resolution engine applies each to a copy of the project,
   * re-analyses, and offers only those that remove the conflict without
   * introducing an error. Keep the list short and best-first.
   */
  repairs?(conflict: Diagnostic, context: RepairContext): Repair[];
}
