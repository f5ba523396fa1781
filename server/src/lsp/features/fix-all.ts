/**
 * "Fix all conflicts": applies the best verified resolution of one conflict
 * at a time on an in-memory copy of the project, re-analysing after each,
 * for as long as the project gets better. A step is kept only when the
 * weighted count of conflicts goes down and no file gains a syntax or
 * reference error (E001-E007) it did not have. The result is one edit per
 * changed file.
 */
import type { ParseResult } from '@nao/grammar';
import type { TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import {
  analyseProject, CancelledError, loadProject, proposeResolutions, throwIfCancelled, type Analysis, type Diagnostic, type TextEdit,
} from '../../orchestrator/index.js';
import { ParseCache, StoreHost } from '../files.js';
import type { FeatureContext } from './context.js';

export interface FixAllOptions {
  /** Only conflicts anchored in this file (default: every conflict of the project). */
  readonly file?: string;
  /** Stop after this long (default 10 s). */
  readonly budgetMs?: number;
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

const WEIGHT: Record<string, number> = { error: 1000, warning: 100, information: 10, hint: 1 };

function score(diagnostics: readonly Diagnostic[]): number {
  let total = 0;
  for (const d of diagnostics) total += WEIGHT[d.severity] ?? 1;
  return total;
}

function isFrontEndError(code: string): boolean {
  return /^E00[1-7]$/.test(code);
}

/** Front-end errors per file and code. */
function frontEndErrors(analysis: Analysis): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of analysis.raw) {
    if (!isFrontEndError(d.code)) continue;
    const key = `${d.file}\n${d.code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function applyTextEdits(texts: ReadonlyMap<string, string>, edits: readonly TextEdit[]): Map<string, string> | undefined {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    let list = byFile.get(edit.file);
    if (!list) byFile.set(edit.file, (list = []));
    list.push(edit);
  }
  const result = new Map(texts);
  for (const [file, list] of byFile) {
    let text = texts.get(file);
    if (text === undefined) return undefined;
    list.sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
    for (let i = 1; i < list.length; i++) if (list[i]!.span.end > list[i - 1]!.span.start) return undefined; // overlapping
    for (const edit of list) {
      if (edit.span.start < 0 || edit.span.end > text.length || edit.span.start > edit.span.end) return undefined;
      text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    }
    result.set(file, text);
  }
  return result;
}

export function fixAll(context: FeatureContext, root: string, options: FixAllOptions = {}): FixAllResult {
  const store = context.workspace.store;
  const budget = options.budgetMs ?? 10_000;
  const maxSteps = options.maxSteps ?? 100;
  const started = performance.now();
  const changed = new ParseCache();
  const parseFile = (uri: string, text: string): ParseResult =>
    store.text(uri) === text ? context.workspace.parses.parse(uri, text) : changed.parse(uri, text);

  let texts = new Map<string, string>();
  const analyse = (overlay: ReadonlyMap<string, string>): Analysis => {
    const base = new StoreHost(store, root);
    const host = {
      readFile: (id: string) => {
        const text = overlay.get(id);
        return text !== undefined ? { text } : base.readFile(id);
      },
      resolveInclude: (from: string, path: string) => base.resolveInclude(from, path),
      displayName: (id: string) => base.displayName(id),
    };
    const project = loadProject(host, root, { parseFile });
    return analyseProject(project, { token: context.token, severityOverrides: context.workspace.severityOverrides });
  };
  const inScope = (d: Diagnostic) => options.file === undefined || d.file === options.file;

  let analysis = analyse(texts);
  for (const [id, file] of analysis.project.files) texts.set(id, file.text);
  const baseline = frontEndErrors(analysis);
  const hopeless = new Set<string>();
  const applied: string[] = [];

  while (applied.length < maxSteps && performance.now() - started < budget) {
    throwIfCancelled(context.token);
    const current = score(analysis.diagnostics);
    let improved = false;
    for (const conflict of analysis.diagnostics) {
      if (!inScope(conflict)) continue;
      const key = `${conflict.code}\n${conflict.message}`;
      if (hopeless.has(key)) continue;
      if (performance.now() - started >= budget) break;
      let best;
      try {
        best = proposeResolutions(analysis, conflict, { token: context.token, host: new StoreHost(store, root) })[0];
      } catch (error) {
        if (error instanceof CancelledError || context.token.isCancellationRequested) throw error;
        context.logger.error(`fix all: proposing resolutions for ${conflict.code} failed`, error);
      }
      if (!best) {
        hopeless.add(key);
        continue;
      }
      const candidateTexts = applyTextEdits(texts, best.edits);
      if (!candidateTexts) {
        hopeless.add(key);
        continue;
      }
      const candidate = analyse(candidateTexts);
      const errors = frontEndErrors(candidate);
      const regressed = [...errors].some(([k, n]) => n > (baseline.get(k) ?? 0));
      if (!regressed && score(candidate.diagnostics) < current) {
        texts = candidateTexts;
        for (const [id, file] of candidate.project.files) if (!texts.has(id)) texts.set(id, file.text);
        analysis = candidate;
        applied.push(best.title);
        improved = true;
        break;
      }
      hopeless.add(key);
    }
    if (!improved) break;
  }

  const changes: Record<string, LspTextEdit[]> = {};
  for (const [uri, text] of texts) {
    const original = store.text(uri);
    if (original === undefined || original === text) continue;
    let prefix = 0;
    const max = Math.min(original.length, text.length);
    while (prefix < max && original.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && original.charCodeAt(original.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    const index = context.workspace.texts.lineIndex(uri, original);
    changes[uri] = [{
      range: { start: index.positionAt(prefix), end: index.positionAt(original.length - suffix) },
      newText: text.slice(prefix, text.length - suffix),
    }];
  }
  return { edit: { changes }, applied, remaining: analysis.diagnostics.filter(inScope).length };
}
