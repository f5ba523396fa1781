/**
 * An immutable view of one project (a root and its includes) at one set of
 * file revisions. It is made by the analysis service (analysis-service.ts)
 * in two phases: *linked* (the project with every name resolved, and the
 * structure that navigation and impact need: path model, causal graph,
 * scales), then *analysed* (every conflict, as published). Features read
 * snapshots only; a snapshot is replaced, never updated, when a file it read
 * changes. The diagnostics the editor shows and the answers of every other
 * feature come from the same snapshot.
 */
import type { LineIndex, Span } from '@nao/grammar';
import type {
  Analysis, AnySymbol, CharacterSymbol, Diagnostic, Project, ProjectStructure, Reference,
} from '@narrative-arc/orchestrator';
import type { TextCache } from './files.js';

export type SymbolEntry =
  | { readonly kind: 'declaration'; readonly span: Span; readonly symbol: AnySymbol }
  | { readonly kind: 'reference'; readonly span: Span; readonly reference: Reference }
  | { readonly kind: 'stage'; readonly span: Span; readonly character: CharacterSymbol; readonly stage: string };

export type SnapshotPhase = 'linked' | 'analysed';

export class ProjectSnapshot {
  private analysed: Analysis | undefined;
  private readonly entriesByFile = new Map<string, SymbolEntry[]>();
  /** Memoised results keyed by feature (for example verified resolutions per conflict). */
  readonly memo = new Map<string, unknown>();

  constructor(
    readonly root: string,
    /** The project, its path model, causal graph and scales. */
    readonly structure: ProjectStructure,
    /** Revision of every file read (or tried) when the snapshot was made. */
    readonly dependencies: ReadonlyMap<string, number>,
    private readonly texts: TextCache,
  ) {}

  get project(): Project {
    return this.structure.project;
  }

  get phase(): SnapshotPhase {
    return this.analysed ? 'analysed' : 'linked';
  }

  /** Every conflict of this snapshot (what was published for it); only once analysed. */
  get analysis(): Analysis | undefined {
    return this.analysed;
  }

  /** Called once, by the analysis service, when the checks have run. */
  completeAnalysis(analysis: Analysis): void {
    if (analysis.project !== this.project) throw new Error('the analysis is of another project');
    this.analysed = analysis;
  }

  /** The conflict with this id, in the analysed snapshot. */
  conflict(id: string): Diagnostic | undefined {
    return this.analysed?.conflict(id);
  }

  text(file: string): string | undefined {
    return this.project.files.get(file)?.text;
  }

  lineIndex(file: string): LineIndex | undefined {
    const text = this.text(file);
    return text === undefined ? undefined : this.texts.lineIndex(file, text);
  }

  /** Declarations and name uses in `file`, sorted by position (indexed per file when first asked for: a hover after an edit reads one file). */
  entries(file: string): readonly SymbolEntry[] {
    let entries = this.entriesByFile.get(file);
    if (!entries) this.entriesByFile.set(file, (entries = this.indexEntries(file)));
    return entries;
  }

  /** The declaration or name use at `offset` (a name's end counts: the cursor just after a word). */
  at(file: string, offset: number): SymbolEntry | undefined {
    const entries = this.entries(file);
    let low = 0;
    let high = entries.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const entry = entries[mid]!;
      if (offset < entry.span.start) high = mid - 1;
      else if (offset > entry.span.end) low = mid + 1;
      else {
        // Prefer an entry that strictly contains the offset over one that ends there.
        const next = entries[mid + 1];
        if (offset === entry.span.end && next && next.span.start === offset) return next;
        return entry;
      }
    }
    return undefined;
  }

  private indexEntries(file: string): SymbolEntry[] {
    const entries: SymbolEntry[] = [];
    const project = this.project;
    const declare = (symbol: AnySymbol): void => {
      if (symbol.file === file) entries.push({ kind: 'declaration', span: symbol.nameSpan, symbol });
    };
    for (const symbol of project.characters.values()) {
      declare(symbol);
      if (symbol.file !== file) continue;
      for (const item of symbol.decl.items) {
        if (item.kind !== 'stages') continue;
        for (const name of item.names) entries.push({ kind: 'stage', span: name.span, character: symbol, stage: name.text });
      }
    }
    for (const symbol of project.places.values()) declare(symbol);
    for (const symbol of project.goals.values()) declare(symbol);
    for (const symbol of project.arcs) declare(symbol);
    for (const symbol of project.beatsIn(file)) declare(symbol);
    for (const symbol of project.options) declare(symbol);
    for (const reference of project.referencesIn(file)) entries.push({ kind: 'reference', span: reference.span, reference });
    return entries.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }
}
