/**
 * Conflicts and their verified resolutions, as the editor features need them.
 */
import type { Span } from '@nao/grammar';
import type { Diagnostic as LspDiagnostic, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { CancelledError, proposeResolutions, type Diagnostic, type Resolution, type TextEdit } from '../../orchestrator/index.js';
import { conflictKey } from '../convert.js';
import { StoreHost } from '../files.js';
import type { ProjectSnapshot } from '../snapshot.js';
import { snapshotRange, type FeatureContext } from './context.js';

/** Conflicts of the snapshot's full analysis anchored in `uri` whose range touches `span`. */
export function conflictsAt(context: FeatureContext, snapshot: ProjectSnapshot, uri: string, span: Span): Diagnostic[] {
  return snapshot.full(context.token).diagnostics.filter((d) =>
    d.file === uri && d.span.start <= span.end && span.start <= d.span.end);
}

/** The conflict of the snapshot that an LSP diagnostic (as published) stands for. */
export function conflictFor(context: FeatureContext, snapshot: ProjectSnapshot, uri: string, diagnostic: LspDiagnostic): Diagnostic | undefined {
  if (diagnostic.source !== undefined && diagnostic.source !== 'arc') return undefined;
  const index = snapshot.lineIndex(uri);
  if (!index) return undefined;
  const start = index.offsetAt(diagnostic.range.start);
  const end = index.offsetAt(diagnostic.range.end);
  const code = String(diagnostic.code ?? '');
  const candidates = snapshot.full(context.token).diagnostics.filter((d) => d.file === uri && d.code === code);
  return candidates.find((d) => d.span.start === start && d.span.end === end && String(diagnostic.message).startsWith(d.message))
    ?? candidates.find((d) => d.span.start === start && d.span.end === end)
    ?? candidates.find((d) => d.span.start <= end && start <= d.span.end);
}

/** Verified resolutions of a conflict, best first (memoised per snapshot). Empty when the engine fails. */
export function resolutionsFor(context: FeatureContext, snapshot: ProjectSnapshot, conflict: Diagnostic): Resolution[] {
  const key = `resolutions:${conflict.file}:${conflictKey(conflict.code, conflict.span, conflict.message)}`;
  const cached = snapshot.memo.get(key) as Resolution[] | undefined;
  if (cached) return cached;
  let resolutions: Resolution[];
  try {
    resolutions = proposeResolutions(snapshot.full(context.token), conflict, {
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
