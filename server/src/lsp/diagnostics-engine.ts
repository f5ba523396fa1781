/**
 * Diagnostics for one project root: load (re-parsing only changed files),
 * analyse, convert to LSP diagnostics per file. Runs in the diagnostics
 * worker (see diagnostics-worker.ts), or in the main thread as a fallback.
 *
 * Edits that change no token but prose, comments or layout (the most common
 * edits while writing) take a fast path: the previous analysis of the root
 * is reused with its ranges moved to the new text, which is exactly what a
 * full analysis would give, since no check reads prose, comments or layout.
 */
import type { RuleLevel } from '@nao/grammar';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { analyseProject, loadProject, type CancellationToken, type Diagnostic } from '../orchestrator/index.js';
import { toLspDiagnostic } from './convert.js';
import { FileStore, ParseCache, StoreHost, TextCache, type Tokens } from './files.js';

export interface RootResult {
  readonly root: string;
  /** Diagnostics for every file of the project (empty lists included, so stale ones are cleared). */
  readonly files: Record<string, LspDiagnostic[]>;
  /** Every file the project read or tried to read. */
  readonly dependencies: string[];
  readonly millis: number;
  /** How the result was obtained. */
  readonly mode: 'full' | 'unchanged' | 'shifted';
}

export interface EngineSettings {
  readonly severityOverrides: ReadonlyMap<string, RuleLevel>;
}

interface PreviousAnalysis {
  /** The text of each file read (undefined: could not be read). */
  readonly texts: Map<string, string | undefined>;
  readonly diagnostics: readonly Diagnostic[];
  /** Files holding a syntax error (no fast path for them). */
  readonly filesWithSyntaxErrors: ReadonlySet<string>;
}

export class DiagnosticsEngine {
  readonly parses = new ParseCache();
  readonly texts = new TextCache();
  settings: EngineSettings = { severityOverrides: new Map() };
  private readonly previous = new Map<string, PreviousAnalysis>();
  /** Turn off the fast path (tests compare both). */
  fastPath = true;

  constructor(readonly store: FileStore) {}

  settingsChanged(settings: EngineSettings): void {
    this.settings = settings;
    this.previous.clear();
  }

  forget(root: string): void {
    this.previous.delete(root);
  }

  forgetAll(): void {
    this.previous.clear();
  }

  analyseRoot(root: string, token: CancellationToken): RootResult {
    const started = performance.now();
    const previous = this.previous.get(root);
    if (previous && this.fastPath) {
      const reused = this.reuse(root, previous);
      if (reused) return this.finish(root, reused.analysis, reused.mode, started);
    }
    const host = new StoreHost(this.store, root);
    const project = loadProject(host, root, { parseFile: this.parses.parseFile });
    const analysis = analyseProject(project, { token, severityOverrides: this.settings.severityOverrides });
    const texts = new Map<string, string | undefined>();
    for (const uri of host.dependencies) texts.set(uri, project.files.get(uri)?.text);
    for (const [uri, file] of project.files) texts.set(uri, file.text);
    const filesWithSyntaxErrors = new Set<string>();
    for (const file of project.files.values()) if (file.parse.errors.length > 0) filesWithSyntaxErrors.add(file.id);
    const result: PreviousAnalysis = { texts, diagnostics: analysis.diagnostics, filesWithSyntaxErrors };
    this.previous.set(root, result);
    return this.finish(root, result, 'full', started);
  }

  private finish(root: string, analysis: PreviousAnalysis, mode: RootResult['mode'], started: number): RootResult {
    const files: Record<string, LspDiagnostic[]> = {};
    for (const [uri, text] of analysis.texts) if (text !== undefined) files[uri] = [];
    const lineIndexOf = (uri: string) => {
      const text = analysis.texts.get(uri);
      return text === undefined ? undefined : this.texts.lineIndex(uri, text);
    };
    for (const diagnostic of analysis.diagnostics) {
      const converted = toLspDiagnostic(diagnostic, lineIndexOf);
      if (converted) (files[diagnostic.file] ??= []).push(converted);
    }
    return { root, files, dependencies: [...analysis.texts.keys()], millis: performance.now() - started, mode };
  }

  /**
   * The previous analysis, still valid for the current texts when every file
   * is unchanged or differs only in prose, comments and layout.
   */
  private reuse(root: string, previous: PreviousAnalysis): { analysis: PreviousAnalysis; mode: 'unchanged' | 'shifted' } | undefined {
    const maps = new Map<string, OffsetMap>();
    const texts = new Map<string, string | undefined>();
    for (const [uri, oldText] of previous.texts) {
      const now = this.store.read(uri);
      const newText = 'text' in now ? now.text : undefined;
      texts.set(uri, newText);
      if (newText === oldText) continue;
      if (newText === undefined || oldText === undefined) return undefined;
      if (previous.filesWithSyntaxErrors.has(uri)) return undefined;
      const map = offsetMapping(this.texts.tokens(`${uri}#previous`, oldText), newText, this.texts.tokens(uri, newText));
      if (!map) return undefined;
      maps.set(uri, map);
    }
    if (maps.size === 0) return { analysis: previous, mode: 'unchanged' };
    const moveSpan = (file: string, span: { start: number; end: number }): { start: number; end: number } | undefined => {
      const map = maps.get(file);
      if (!map) return span;
      const start = map(span.start, 'start');
      const end = span.end === span.start ? start : map(span.end, 'end');
      return start === undefined || end === undefined ? undefined : { start, end };
    };
    const diagnostics: Diagnostic[] = [];
    for (const diagnostic of previous.diagnostics) {
      const span = moveSpan(diagnostic.file, diagnostic.span);
      if (!span) return undefined;
      const related = [];
      for (const r of diagnostic.related) {
        const relatedSpan = moveSpan(r.file, r.span);
        if (!relatedSpan) return undefined;
        related.push({ ...r, span: relatedSpan });
      }
      diagnostics.push({ ...diagnostic, span, related });
    }
    const analysis: PreviousAnalysis = { texts, diagnostics, filesWithSyntaxErrors: previous.filesWithSyntaxErrors };
    this.previous.set(root, analysis);
    // Keep the new text's tokens as the "previous" ones for the next edit.
    for (const uri of maps.keys()) this.texts.tokens(`${uri}#previous`, texts.get(uri)!);
    return { analysis, mode: 'shifted' };
  }
}

const PROSE = 'Prose';

/**
 * When `newText` has the same tokens as the old text, except for prose
 * content, comments and layout, and reads without error: a map from token
 * boundaries in the old text to the same boundaries in the new one.
 */
export type OffsetMap = (offset: number, side: 'start' | 'end') => number | undefined;

export function offsetMapping(oldTokens: Tokens, newText: string, newTokens: Tokens): OffsetMap | undefined {
  if (newTokens.errors.length > 0) return undefined;
  if (newText.slice(0, 8000).includes('\u0000')) return undefined;
  for (const comment of newTokens.groups['comments'] ?? []) {
    if (comment.image.startsWith('/*') && (comment.image.length < 4 || !comment.image.endsWith('*/'))) return undefined;
  }
  const a = oldTokens.tokens;
  const b = newTokens.tokens;
  if (a.length !== b.length) return undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.tokenType !== y.tokenType) return undefined;
    if (x.image !== y.image && x.tokenType.name !== PROSE) return undefined;
  }
  const find = (offset: number, side: 'start' | 'end'): number | undefined => {
    let low = 0;
    let high = a.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const token = a[mid]!;
      const key = side === 'start' ? token.startOffset : token.startOffset + token.image.length;
      if (key === offset) {
        const moved = b[mid]!;
        return side === 'start' ? moved.startOffset : moved.startOffset + moved.image.length;
      }
      if (offset < key) high = mid - 1;
      else low = mid + 1;
    }
    return undefined;
  };
  return (offset: number, side: 'start' | 'end'): number | undefined => {
    if (offset === 0) return 0;
    return find(offset, side) ?? find(offset, side === 'start' ? 'end' : 'start');
  };
}
