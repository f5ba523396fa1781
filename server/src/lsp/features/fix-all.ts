/**
 * "Fix all conflicts" in the editor: a thin adapter over the orchestrator's
 * own `fixAllConflicts` (the same engine as `nao fix`), run on the analysed snapshot
 * the diagnostics came from. The result is one minimal edit per changed file.
 */
import type { TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { fixAllConflicts } from '@narrative-arc/orchestrator';
import { StoreHost } from '../files.js';
import type { ProjectSnapshot } from '../snapshot.js';
import type { FeatureContext } from './context.js';

export interface FixAllOptions {
  /** Only conflicts anchored in this file (default: every conflict of the project). */
  readonly file?: string;
  /** At most this many repairs (default 100). */
  readonly maxSteps?: number;
}

export interface FixAllResult {
  readonly edit: WorkspaceEdit;
  /** Titles of the repairs applied, in order. */
  readonly applied: readonly string[];
  /** Conflicts left in scope. */
  readonly remaining: number;
}

/** Fix-all on an analysed snapshot. */
export function fixAll(context: FeatureContext, snapshot: ProjectSnapshot, options: FixAllOptions = {}): FixAllResult {
  const analysis = snapshot.analysis;
  if (!analysis) throw new Error('fix all needs an analysed snapshot');
  const result = fixAllConflicts(analysis, {
    token: context.token,
    host: new StoreHost(context.workspace.store, snapshot.root),
    maxRepairs: options.maxSteps ?? 100,
    ...(options.file !== undefined ? { files: new Set([options.file]) } : {}),
  });
  const changes: Record<string, LspTextEdit[]> = {};
  for (const [uri, text] of result.files) {
    const original = snapshot.text(uri);
    const index = snapshot.lineIndex(uri);
    if (original === undefined || index === undefined || original === text) continue;
    const { start, end, newText } = minimalChange(original, text);
    changes[uri] = [{ range: { start: index.positionAt(start), end: index.positionAt(end) }, newText }];
  }
  const inScope = (file: string) => options.file === undefined || file === options.file;
  return {
    edit: { changes },
    applied: result.applied.map((a) => a.title),
    remaining: result.analysis.diagnostics.filter((d) => inScope(d.file)).length,
  };
}

/** The one replacement that turns `before` into `after`: common prefix and suffix left alone. */
function minimalChange(before: string, after: string): { start: number; end: number; newText: string } {
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}
