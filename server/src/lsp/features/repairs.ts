/**
 * Conflicts and their verified resolutions, as the editor features need them.
 */
import type { Diagnostic as LspDiagnostic, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { CancelledError, proposeResolutions, type Diagnostic, type Resolution, type TextEdit } from '@narrative-arc/orchestrator';
import { diagnosticId } from '../convert.js';
import { StoreHost } from '../files.js';
import type { ProjectSnapshot } from '../snapshot.js';
import { snapshotRange, type FeatureContext } from './context.js';

/** The conflicts of an analysed snapshot that published LSP diagnostics stand for (by the id in their `data`). */
export function conflictsOf(snapshot: ProjectSnapshot, diagnostics: readonly LspDiagnostic[]): Diagnostic[] {
  const conflicts: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const conflict = conflictFor(snapshot, diagnostic);
    if (conflict && !conflicts.includes(conflict)) conflicts.push(conflict);
  }
  return conflicts;
}

/** The conflict an LSP diagnostic (as published, or as the client sends it back) stands for, looked up by its id. */
export function conflictFor(snapshot: ProjectSnapshot, diagnostic: LspDiagnostic): Diagnostic | undefined {
  if (diagnostic.source !== undefined && diagnostic.source !== 'arc') return undefined;
  const id = diagnosticId(diagnostic);
  return id === undefined ? undefined : snapshot.conflict(id);
}

/** Verified resolutions of a conflict, best first (memoised per snapshot). Empty when the engine fails. */
export function resolutionsFor(context: FeatureContext, snapshot: ProjectSnapshot, conflict: Diagnostic): Resolution[] {
  const key = `resolutions:${conflict.id}`;
  const cached = snapshot.memo.get(key) as Resolution[] | undefined;
  if (cached) return cached;
  let resolutions: Resolution[];
  try {
    const analysis = snapshot.analysis;
    if (!analysis) return [];
    resolutions = proposeResolutions(analysis, conflict, {
      token: context.token,
      host: new StoreHost(context.workspace.store, snapshot.root),
    });
  } catch (error) {
    if (error instanceof CancelledError || context.token.isCancellationRequested) throw error;
    context.logger.error(`proposing resolutions for ${conflict.code} failed`, error);
    return [];
  }
  snapshot.memo.set(key, resolutions);
  return resolutions;
}

/** Text edits (offsets in the snapshot's texts) as a WorkspaceEdit. */
export function workspaceEditFor(snapshot: ProjectSnapshot, edits: readonly TextEdit[]): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const range = snapshotRange(snapshot, edit.file, edit.span);
    if (!range) return undefined;
    (changes[edit.file] ??= []).push({ range, newText: edit.newText });
  }
  return { changes };
}
