/**
 * Machine-readable diagnostics: LSP-style 0-based ranges (UTF-16 code units),
 * file names as in the text format.
 */
import type { PathStep, Severity } from '@narrative-arc/orchestrator';
import { displayPath, type Range } from '../output.js';
import type { CheckReport } from '../report.js';

export interface JsonRelated {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface JsonDiagnostic {
  readonly file: string;
  readonly range: Range;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly related: readonly JsonRelated[];
  /** Present for path-sensitive conflicts: the witness path (`[]`: on every path). */
  readonly path?: readonly PathStep[];
}

export interface JsonReport {
  readonly diagnostics: readonly JsonDiagnostic[];
}

export function toJsonReport(report: CheckReport, cwd: string): JsonReport {
  return {
    diagnostics: report.diagnostics.map((d): JsonDiagnostic => ({
      file: displayPath(d.file, cwd),
      range: report.positions.range(d.file, d.span),
      severity: d.severity,
      code: d.code,
      message: d.message,
      related: d.related.map((r) => ({
        file: displayPath(r.file, cwd),
        range: report.positions.range(r.file, r.span),
        message: r.message,
      })),
      ...(d.path ? { path: d.path.map((step) => ({ choice: step.choice, option: step.option })) } : {}),
    })),
  };
}

export function formatJson(report: CheckReport, cwd: string): string {
  return JSON.stringify(toJsonReport(report, cwd), null, 2) + '\n';
}
