/**
 * What the orchestrator reports: plain data with file ids and character
 * offsets. Presentation layers (CLI, LSP) convert offsets to positions.
 */
import type { Span } from '@nao/grammar';
import type { ConflictSubject } from './conflicts.js';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

/** One step of a witness path: the option taken at a choice. */
export interface PathStep {
  readonly choice: string;
  readonly option: string;
}

export interface Diagnostic {
  /**
   * The conflict's identity within its analysis, derived from its code and
   * subject (`T101:lamp_fails:causes:ship_in_danger`): unchanged by edits
   * elsewhere in the project, so that one conflict can be followed across analyses.
   */
  readonly id: string;
  /** What the conflict is about, by name. */
  readonly subject: ConflictSubject;
  /** A stable code such as `E002` or `T101`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  /** The offending item, not the whole block. */
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  /** For path-sensitive conflicts: the choices and options that lead to it (possibly empty: every path). */
  readonly path?: readonly PathStep[];
}

/** `keep_watch → search, ferry → wait` */
export function formatPath(path: readonly PathStep[]): string {
  return path.map((step) => `${step.choice} → ${step.option}`).join(', ');
}
