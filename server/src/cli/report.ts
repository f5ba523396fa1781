/**
 * Checks several project roots and merges their diagnostics into one report:
 * a file included by two roots (or given itself) is reported once.
 */
import { checkProject, type AnalysisOptions } from '@narrative-arc/orchestrator';
import type { Diagnostic, Severity } from '@narrative-arc/orchestrator';
import { Positions } from './output.js';
import type { FileSystemHostOptions } from './fs-host.js';
import { Hosts, type RootFile } from './workspace.js';

export interface CheckReport {
  /** Distinct diagnostics, ordered by file (first seen) and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every file that was checked (roots and their includes), in first-seen order. */
  readonly files: readonly string[];
  /** Positions in the checked files. */
  readonly positions: Positions;
}

export function checkRoots(roots: readonly RootFile[], options: AnalysisOptions = {}, hostOptions: FileSystemHostOptions = {}): CheckReport {
  const hosts = new Hosts(hostOptions);
  const texts = new Map<string, string>();
  const seen = new Map<string, Diagnostic>();
  for (const root of roots) {
    const analysis = checkProject(hosts.for(root.workspaceRoot), root.file, options);
    for (const [id, source] of analysis.project.files) if (!texts.has(id)) texts.set(id, source.text);
    for (const diagnostic of analysis.diagnostics) {
      const key = diagnosticKey(diagnostic);
      if (!seen.has(key)) seen.set(key, diagnostic);
    }
  }
  const files = [...texts.keys()];
  const fileOrder = new Map(files.map((id, i) => [id, i]));
  const diagnostics = [...seen.values()].sort((a, b) =>
    (fileOrder.get(a.file) ?? files.length) - (fileOrder.get(b.file) ?? files.length) ||
    a.span.start - b.span.start || a.span.end - b.span.end ||
    compare(a.code, b.code) || compare(a.message, b.message));
  return { diagnostics, files, positions: new Positions((id) => texts.get(id)) };
}

/** Two diagnostics are the same when everything the user would see is the same. */
function diagnosticKey(d: Diagnostic): string {
  return JSON.stringify([
    d.code, d.severity, d.file, d.span.start, d.span.end, d.message,
    d.related.map((r) => [r.file, r.span.start, r.span.end, r.message]),
    d.path?.map((step) => [step.choice, step.option]) ?? null,
  ]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** `3 problems (1 error, 1 warning, 1 information) in 2 files` or `no problems in 2 files`. */
export function summaryLine(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const files = `${fileCount} ${fileCount === 1 ? 'file' : 'files'}`;
  if (diagnostics.length === 0) return `no problems in ${files}`;
  const counts = countBySeverity(diagnostics);
  const parts: string[] = [];
  if (counts.error) parts.push(`${counts.error} ${counts.error === 1 ? 'error' : 'errors'}`);
  if (counts.warning) parts.push(`${counts.warning} ${counts.warning === 1 ? 'warning' : 'warnings'}`);
  if (counts.information) parts.push(`${counts.information} information`);
  if (counts.hint) parts.push(`${counts.hint} ${counts.hint === 1 ? 'hint' : 'hints'}`);
  const problems = `${diagnostics.length} ${diagnostics.length === 1 ? 'problem' : 'problems'}`;
  return `${problems} (${parts.join(', ')}) in ${files}`;
}
