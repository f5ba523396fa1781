/**
 * What the orchestrator reports: plain data with file ids and character
 * offsets. Presentation layers (CLI, LSP) convert offsets to positions.
 */
import type { Span } from '@nao/grammar';

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
  /** Identifies the conflict within its analysis (interim: positional). */
  readonly id: string;
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
