/**
 * The project model: a root file and everything it includes, parsed, with
 * every name linked to its declaration. Building it reports the front-end
 * diagnostics: E001 (syntax), E002-E007 (references and values) and U601.
 *
 * Later passes (conflicts, impact, resolutions) read this model only; they
 * never look at files again.
 */
import { closest, distance } from 'fastest-levenshtein';
import {
  parse, type ArcDecl, type ArcFile, type Beat, type ChoiceDecl, type EventDecl, type Name, type OptionDecl,
  type ParseResult, type Scale, type Span, type StoryItem, type GoalItem, type CharacterDecl, type PlaceDecl,
  type Story, type RuleLevel, type LimitKey, type AllowItem, type AtItem, type Include, type WarningItem, type IntensityItem, type SpanItem,
} from '@nao/grammar';
import { CODES } from './codes.js';
import { ConflictIds, OccurrenceCounter, type ConflictSubject, type DeclarationKind, type ReferenceRole } from './conflicts.js';
import { namesInRole } from './role-names.js';
import type { Diagnostic, RelatedLocation } from './diagnostics.js';
import type { ProjectHost } from './host.js';
import { recordKeptLinks } from './kept-links.js';
import { mergedWithoutReport, recordNameUses } from './name-uses.js';
import { OverlayMap } from './overlay-map.js';

export interface SourceFile {
  readonly id: string;
  readonly text: string;
  readonly parse: ParseResult;
}

interface SymbolBase {
  readonly name: string;
  readonly file: string;
  readonly nameSpan: Span;
}

export interface CharacterSymbol extends SymbolBase {
  readonly kind: 'character';
  readonly decl: CharacterDecl;
  /** Declared stages, in order. */
  readonly stages: readonly string[];
}

export interface PlaceSymbol extends SymbolBase {
  readonly kind: 'place';
  readonly decl: PlaceDecl;
}

export interface GoalSymbol extends SymbolBase {
  readonly kind: 'goal';
  readonly decl: GoalItem;
}

export interface ArcSymbol extends SymbolBase {
  readonly kind: 'arc';
  readonly decl: ArcDecl;
  /** Missing only in a file with a syntax error; treated as macro. */
  readonly scale: Scale;
  /** The innermost enclosing arc. */
  readonly parent: ArcSymbol | undefined;
  /** The innermost enclosing option, if the arc sits inside a branch. */
  readonly option: OptionSymbol | undefined;
  /** Depth in the arc tree (0 for a top-level arc). */
  readonly depth: number;
  /** Arcs directly inside. */
  readonly children: ArcSymbol[];
  /** Every beat inside, at any depth (in document order). */
  readonly beats: BeatSymbol[];
}

export interface BeatSymbol extends SymbolBase {
  readonly kind: 'event' | 'choice';
  readonly decl: Beat;
  /** Dense index into `Project.beats`. */
  readonly index: number;
  /** NaN when the time is missing (syntax error): such beats take part in no temporal check. */
  readonly time: number;
  /** The innermost enclosing arc. */
  readonly arc: ArcSymbol | undefined;
  /** The beat's scale: its innermost arc's, or macro for a story-level beat. */
  readonly scale: Scale;
  /** The innermost enclosing option. */
  readonly option: OptionSymbol | undefined;
  /** For a choice: its options. */
  readonly options: OptionSymbol[];
}

export interface OptionSymbol extends SymbolBase {
  readonly kind: 'option';
  readonly decl: OptionDecl;
  readonly choice: BeatSymbol;
  /** `choice.option` */
  readonly qualifiedName: string;
  /** Position among the choice's options. */
  readonly position: number;
  /** The option enclosing this option's choice, if any. */
  readonly parent: OptionSymbol | undefined;
  /** Number of options on the way from the top (1 for an option of a top-level choice). */
  readonly depth: number;
  /** Beats directly or indirectly inside. */
  readonly beats: BeatSymbol[];
}

export type NodeSymbol = BeatSymbol | ArcSymbol;
export type AnySymbol = CharacterSymbol | PlaceSymbol | GoalSymbol | ArcSymbol | BeatSymbol | OptionSymbol;

/** One use of a name, linked to what it names (undefined when unresolved). */
export interface Reference {
  readonly file: string;
  readonly span: Span;
  readonly name: string;
  readonly role: ReferenceRole;
  readonly target: AnySymbol | undefined;
  /** For `stage`: the character whose stage this is. */
  readonly character?: CharacterSymbol;
}

export interface Limits {
  readonly max?: number;
  readonly spike?: number;
  readonly peak?: number;
  readonly calm?: number;
  /** Defaults to 3 (docs/checks.md, W404). */
  readonly within: number;
  readonly warn?: number;
}

export interface StoryInfo {
  readonly file: string;
  readonly decl: Story;
  readonly title: string;
  readonly themes: ReadonlySet<string>;
  readonly goals: readonly GoalSymbol[];
  readonly avoid: ReadonlyMap<string, Name>;
  readonly limits: Limits;
  readonly limitSpans: ReadonlyMap<LimitKey, Span>;
  /** Per-code severity overrides from `rules { CODE level }`. */
  readonly rules: ReadonlyMap<string, RuleLevel>;
}

/** An `allow` item: silences conflicts whose primary range lies within `block`. */
export interface Allowance {
  readonly file: string;
  readonly block: Span;
  readonly codes: ReadonlySet<string>;
  readonly item: AllowItem;
}

export interface Project {
  readonly root: string;
  /** Every loaded file, root first, then includes depth-first in order. */
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Include edges: file id -> included file ids (resolved ones). */
  readonly includes: ReadonlyMap<string, readonly string[]>;
  /** How each `include` resolved, keyed by `includeKey(from, path)`: replayed when re-analysing an edited copy without a host. */
  readonly includeResolutions: ReadonlyMap<string, { fileId: string } | { error: string }>;
  readonly story: StoryInfo | undefined;
  readonly characters: ReadonlyMap<string, CharacterSymbol>;
  readonly places: ReadonlyMap<string, PlaceSymbol>;
  readonly goals: ReadonlyMap<string, GoalSymbol>;
  /** The shared namespace of beats and arcs. */
  readonly nodes: ReadonlyMap<string, NodeSymbol>;
  /** Every beat, in load and document order; `beats[i].index === i`. */
  readonly beats: readonly BeatSymbol[];
  readonly arcs: readonly ArcSymbol[];
  readonly options: readonly OptionSymbol[];
  readonly references: readonly Reference[];
  /** The name uses written in one file (in its beats, then in its arcs): what an editor feature on that file reads. */
  referencesIn(file: string): readonly Reference[];
  /** The beats declared in one file, in document order (a run of `beats`). */
  beatsIn(file: string): readonly BeatSymbol[];
  /** The arcs declared in one file, in document order (a run of `arcs`). */
  arcsIn(file: string): readonly ArcSymbol[];
  readonly allowances: readonly Allowance[];
  /** Front-end diagnostics (E001-E007, U601), before `rules` and `allow` are applied. */
  readonly diagnostics: readonly Diagnostic[];
  /** What each front-end diagnostic is about, by its id: for the front-end repairs (checks/front-end.ts). */
  readonly anchors: ReadonlyMap<string, FrontEndAnchor>;
}

/** The syntax-tree item or reference a front-end diagnostic is about, kept for its repairs. */
export type FrontEndAnchor =
  /** E002, E006, E007 (stages): the use of a name. */
  | { readonly kind: 'reference'; readonly reference: Reference }
  /** E002: an unknown conflict code in `rules` or `allow`. */
  | { readonly kind: 'code'; readonly code: Name }
  /** E003: a repeated once-only item of an event. */
  | { readonly kind: 'repeatedItem'; readonly beat: BeatSymbol; readonly item: AtItem | IntensityItem | WarningItem }
  /** E003: a second declaration of a character or place. */
  | { readonly kind: 'duplicateDeclaration'; readonly decl: CharacterDecl | PlaceDecl }
  /** E003: a beat or arc whose name is taken. */
  | { readonly kind: 'duplicateNode'; readonly name: Name }
  /** E004, E005: an include that failed. */
  | { readonly kind: 'include'; readonly include: Include }
  /** E007: an intensity out of range. */
  | { readonly kind: 'intensity'; readonly item: IntensityItem }
  /** E007: a span that starts after it ends. */
  | { readonly kind: 'span'; readonly item: SpanItem };

// ---------------------------------------------------------------------------
// Loading

/** Collects the front-end diagnostics with their ids and anchors, from loading and linking alike. */
class FrontEndReports {
  readonly diagnostics: Diagnostic[] = [];
  readonly anchors = new Map<string, FrontEndAnchor>();
  /** Counts same-named things for the `index` of subjects. */
  readonly occurrences = new OccurrenceCounter();
  private readonly ids = new ConflictIds();

  report(code: string, subject: ConflictSubject, file: string, span: Span, message: string, options: { related?: RelatedLocation[]; anchor?: FrontEndAnchor } = {}): void {
    const id = this.ids.next(code, subject);
    this.diagnostics.push({ id, subject, code, severity: CODES.get(code)?.severity ?? 'error', message, file, span, related: options.related ?? [] });
    if (options.anchor) this.anchors.set(id, options.anchor);
  }
}

/** The key of `Project.includeResolutions`. */
export function includeKey(fromFileId: string, includePath: string): string {
  return `${fromFileId}\u0000${includePath}`;
}

interface LoadedFiles {
  files: Map<string, SourceFile>;
  includes: Map<string, string[]>;
  includeResolutions: Map<string, { fileId: string } | { error: string }>;
  reports: FrontEndReports;
}

function shortName(host: ProjectHost, fileId: string): string {
  if (host.displayName) return host.displayName(fileId);
  const slash = fileId.lastIndexOf('/');
  return slash >= 0 ? fileId.slice(slash + 1) : fileId;
}

/**
 * Reads the root and its includes depth-first, never reading a file twice and
 * never reading one outside the workspace. Iterative, so that a long include
 * chain cannot overflow the stack.
 */
function loadFiles(host: ProjectHost, root: string, parseFile: (fileId: string, text: string) => ParseResult): LoadedFiles {
  const files = new Map<string, SourceFile>();
  const includes = new Map<string, string[]>();
  const includeResolutions = new Map<string, { fileId: string } | { error: string }>();
  const reports = new FrontEndReports();

  const rootRead = host.readFile(root);
  const rootText = 'text' in rootRead ? rootRead.text : '';
  if (!('text' in rootRead)) {
    reports.report('E004', { kind: 'include', file: root, path: '' }, root, { start: 0, end: 0 }, `cannot read this file: ${rootRead.error}`);
  }
  const rootFile: SourceFile = { id: root, text: rootText, parse: parseFile(root, rootText) };
  files.set(root, rootFile);

  // Depth-first walk with an explicit stack; `onStack` detects cycles.
  interface Frame { file: SourceFile; next: number }
  const stack: Frame[] = [{ file: rootFile, next: 0 }];
  const onStack = new Set<string>([root]);
  includes.set(root, []);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const includeItems = frame.file.parse.file.includes;
    if (frame.next >= includeItems.length) {
      onStack.delete(frame.file.id);
      stack.pop();
      continue;
    }
    const include = includeItems[frame.next++]!;
    if (!include.path) continue; // syntax error already reported
    const from = frame.file.id;
    const subject: ConflictSubject = { kind: 'include', file: from, path: include.path.value };
    const anchor: FrontEndAnchor = { kind: 'include', include };
    const resolved = host.resolveInclude(from, include.path.value);
    includeResolutions.set(includeKey(from, include.path.value), resolved);
    if ('error' in resolved) {
      reports.report('E004', subject, from, include.path.span, `cannot include "${include.path.value}": ${resolved.error}`, { anchor });
      continue;
    }
    const target = resolved.fileId;
    includes.get(from)!.push(target);
    if (onStack.has(target)) {
      const cycleStart = stack.findIndex((f) => f.file.id === target);
      const cycle = stack.slice(cycleStart).map((f) => shortName(host, f.file.id));
      cycle.push(shortName(host, target));
      reports.report('E005', subject, from, include.path.span, `includes form a cycle: ${cycle.join(' → ')}`, { anchor });
      continue;
    }
    if (files.has(target)) continue; // already loaded through another include
    const read = host.readFile(target);
    if (!('text' in read)) {
      reports.report('E004', subject, from, include.path.span, `cannot include "${include.path.value}": ${read.error}`, { anchor });
      continue;
    }
    const source: SourceFile = { id: target, text: read.text, parse: parseFile(target, read.text) };
    files.set(target, source);
    includes.set(target, []);
    onStack.add(target);
    stack.push({ file: source, next: 0 });
  }

  for (const source of files.values()) {
    source.parse.errors.forEach((error, i) => {
      reports.report('E001', { kind: 'syntax', file: source.id, index: i + 1 }, source.id, error.span, error.message);
    });
  }
  return { files, includes, includeResolutions, reports };
}

export interface LoadOptions {
  /**
   * Parses a file; the language server passes a cache keyed by document
   * version here. Defaults to parsing afresh.
   */
  readonly parseFile?: (fileId: string, text: string) => ParseResult;
  /**
   * The project of an earlier version (the editor's last snapshot, the
   * project a repair is tried on): the symbols of a file whose syntax tree
   * is the same and whose beats start at the same index are kept as the
   * same objects, and its name uses are kept when none of the names it uses
   * is bound differently and linking it reported nothing. The result equals
   * a link from scratch.
   */
  readonly previousProject?: Project;
}

/** Loads and links the project rooted at `root`. Never throws on bad input. */
export function loadProject(host: ProjectHost, root: string, options: LoadOptions = {}): Project {
  const loaded = loadFiles(host, root, options.parseFile ?? ((_id, text) => parse(text)));
  return new Linker(loaded, root, options.previousProject).link();
}

// ---------------------------------------------------------------------------
// Linking
//
// A file's declarations are made apart from the rest of the project
// (`FileDeclarations`: its symbols, and in document order what the merge
// into the project's name tables does and reports); they depend only on the
// file's syntax tree and on where its beats start in `Project.beats`, so a
// later version of the project whose file has the same tree at the same
// start keeps them. The merge replays them in load order, reporting
// duplicates and the file's own reports with the project's counters, so
// that ids and order are exactly those of one pass over every file. A file's
// uses (`FileUses`) are kept when its declarations are, linking it reported
// nothing, and none of the names it looked up is bound to another symbol
// (or unbound) in the new tables.

/** A report made when a file's declarations are merged: it reads the project's counters. */
type Deferred = (linker: Linker) => void;

type DeclarationEvent =
  | { readonly kind: 'story'; readonly decl: Story }
  | { readonly kind: 'character'; readonly symbol: CharacterSymbol; readonly reports: readonly Deferred[] }
  | { readonly kind: 'place'; readonly symbol: PlaceSymbol }
  | { readonly kind: 'node'; readonly name: Name; readonly symbol: NodeSymbol }
  | { readonly kind: 'report'; readonly run: Deferred };

interface FileDeclarations {
  readonly ast: ArcFile;
  /** The index of the file's first beat in `Project.beats`. */
  readonly offset: number;
  readonly beats: BeatSymbol[];
  readonly arcs: ArcSymbol[];
  readonly options: OptionSymbol[];
  readonly allowances: Allowance[];
  /** The symbols of the goals of the file's story headers, used when that header is the project's. */
  readonly goals: Map<GoalItem, GoalSymbol>;
  readonly events: DeclarationEvent[];
}

interface FileUses {
  readonly declarations: FileDeclarations;
  readonly beatReferences: readonly Reference[];
  readonly arcReferences: readonly Reference[];
  readonly involved: Involvement;
  /** Every name the file's uses looked up. */
  readonly names: ReadonlySet<string>;
  /** Whether linking the file's uses reported anything (then they are linked again: reports read the project's counters). */
  readonly reported: boolean;
}

/** How each file of a project was linked, for the link of its next version. */
const linkedFiles = new WeakMap<Project, ReadonlyMap<string, FileUses>>();

/**
 * The project with its `references`: every file's uses of names in beats,
 * then every file's uses in arcs, made when first read (only the editor's
 * features read them), and each file's own (`referencesIn`, which a hover
 * after an edit reads, without the whole list), its beats and its arcs.
 * Made here, apart from the linker, so that the getter holds nothing but
 * the files' uses: a closure made inside the linker would share its scope,
 * and keep the previous version of the project, and so every version
 * before it, alive.
 */
function withReferences(fields: Omit<Project, 'references' | 'referencesIn' | 'beatsIn' | 'arcsIn'>, linked: ReadonlyMap<string, FileUses>): Project {
  let references: Reference[] | undefined;
  return {
    ...fields,
    beatsIn(file: string): readonly BeatSymbol[] {
      return linked.get(file)?.declarations.beats ?? [];
    },
    arcsIn(file: string): readonly ArcSymbol[] {
      return linked.get(file)?.declarations.arcs ?? [];
    },
    referencesIn(file: string): readonly Reference[] {
      const uses = linked.get(file);
      if (!uses) return [];
      return uses.arcReferences.length === 0 ? uses.beatReferences : [...uses.beatReferences, ...uses.arcReferences];
    },
    get references(): Reference[] {
      if (!references) {
        references = [];
        for (const uses of linked.values()) for (const reference of uses.beatReferences) references.push(reference);
        for (const uses of linked.values()) for (const reference of uses.arcReferences) references.push(reference);
      }
      return references;
    },
  };
}

/**
 * Where a file's uses link to the symbols of each file: positions in its
 * beat references, then its arc references, by the file declaring their
 * target (a stage's use by its character's). Made when first needed, and
 * shared by the uses rebound from them (their lists are alike, and their
 * targets are declared in the same files).
 */
const usesByFileIndexes = new WeakMap<FileUses, ReadonlyMap<string, readonly number[]>>();

function usesByFileIndex(uses: FileUses): ReadonlyMap<string, readonly number[]> {
  const known = usesByFileIndexes.get(uses);
  if (known) return known;
  const index = new Map<string, number[]>();
  const add = (reference: Reference, position: number): void => {
    const file = reference.role === 'stage' ? reference.character?.file : reference.target?.file;
    if (file === undefined) return;
    const positions = index.get(file);
    if (positions) positions.push(position);
    else index.set(file, [position]);
  };
  uses.beatReferences.forEach((reference, i) => add(reference, i));
  uses.arcReferences.forEach((reference, i) => add(reference, uses.beatReferences.length + i));
  usesByFileIndexes.set(uses, index);
  return index;
}

/**
 * Whether two sets share a member, reading the smaller one: after an edit
 * that moves every later file's beats, thousands of names are bound anew,
 * and each file's uses look up a few hundred.
 */
function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const member of small) if (large.has(member)) return true;
  return false;
}

/** The use at a position of `usesByFileIndex`: in the beat references, then the arc references. */
function useAt(uses: FileUses, position: number): Reference {
  const beats = uses.beatReferences;
  return (position < beats.length ? beats[position] : uses.arcReferences[position - beats.length])!;
}

/** The positions (see `usesByFileIndex`) of the uses of symbols that `files` declare. */
function usesByDeclaringFile(uses: FileUses, files: ReadonlySet<string>): number[] {
  const index = usesByFileIndex(uses);
  const positions: number[] = [];
  for (const file of files) for (const position of index.get(file) ?? []) positions.push(position);
  return positions;
}

/**
 * The beats and arcs `now` calls by another name than `then` did (each old
 * name with its new one), when it declares all else as `then` did, kind for
 * kind, in the same order, and reports nothing when merged; undefined when
 * it differs in more. When the merge of `then` reported nothing either, it
 * binds every name `then` bound but the old names, which it binds to its
 * new names. A story header is compared by nothing, so it makes them
 * differ.
 */
function renamesBetween(then: FileDeclarations, now: FileDeclarations): Map<string, string> | undefined {
  if (then.events.length !== now.events.length || then.beats.length !== now.beats.length) return undefined;
  const renamed = new Map<string, string>();
  for (let i = 0; i < now.events.length; i++) {
    const event = now.events[i]!;
    const old = then.events[i]!;
    switch (event.kind) {
      case 'node':
        if (old.kind !== 'node' || old.symbol.kind !== event.symbol.kind) return undefined;
        if (old.name.text !== event.name.text) renamed.set(old.name.text, event.name.text);
        break;
      case 'character':
        if (old.kind !== 'character' || old.symbol.name !== event.symbol.name || event.reports.length > 0) return undefined;
        break;
      case 'place':
        if (old.kind !== 'place' || old.symbol.name !== event.symbol.name) return undefined;
        break;
      case 'story': case 'report':
        return undefined;
    }
  }
  return renamed;
}

/** Builds one file's `FileDeclarations`, reading nothing of the rest of the project. */
class FileDeclarer {
  readonly declarations: FileDeclarations;

  constructor(private readonly file: string, ast: ArcFile, offset: number) {
    this.declarations = { ast, offset, beats: [], arcs: [], options: [], allowances: [], goals: new Map(), events: [] };
    for (const story of ast.stories) {
      for (const item of story.items as readonly StoryItem[]) {
        if (item.kind === 'goal') this.declarations.goals.set(item, { kind: 'goal', name: item.name.text, file, nameSpan: item.name.span, decl: item });
      }
      this.declarations.events.push({ kind: 'story', decl: story });
    }
    for (const decl of ast.declarations) {
      switch (decl.kind) {
        case 'character': this.declareCharacter(decl); break;
        case 'place': this.declarePlace(decl); break;
        default: this.declareNode(decl, undefined, undefined);
      }
    }
  }

  private later(run: Deferred): void {
    this.declarations.events.push({ kind: 'report', run });
  }

  private declareCharacter(decl: CharacterDecl): void {
    const file = this.file;
    const reports: Deferred[] = [];
    const stages: string[] = [];
    let stagesItemSeen = false;
    for (const item of decl.items) {
      if (item.kind !== 'stages') continue;
      if (stagesItemSeen) {
        reports.push((l) => l.report('E003', l.repeated('stages', decl.name.text), file, item.keywordSpan, `\`${decl.name.text}\` already has its \`stages\``));
        continue;
      }
      stagesItemSeen = true;
      const seen = new Map<string, Span>();
      for (const stage of item.names) {
        const first = seen.get(stage.text);
        if (first) {
          reports.push((l) => l.report('E003', l.repeated('stage', `${decl.name.text}.${stage.text}`), file, stage.span, `the stage \`${stage.text}\` is listed twice`, {
            related: [{ file, span: first, message: 'first listed here' }],
          }));
          continue;
        }
        seen.set(stage.text, stage.span);
        stages.push(stage.text);
      }
    }
    const symbol: CharacterSymbol = { kind: 'character', name: decl.name.text, file, nameSpan: decl.name.span, decl, stages };
    this.declarations.events.push({ kind: 'character', symbol, reports });
  }

  private declarePlace(decl: PlaceDecl): void {
    this.declarations.events.push({ kind: 'place', symbol: { kind: 'place', name: decl.name.text, file: this.file, nameSpan: decl.name.span, decl } });
  }

  private declareNode(decl: ArcDecl | EventDecl | ChoiceDecl, arc: ArcSymbol | undefined, option: OptionSymbol | undefined): void {
    if (decl.kind === 'arc') {
      this.declareArc(decl, arc, option);
    } else {
      this.declareBeat(decl, arc, option);
    }
  }

  private declareArc(decl: ArcDecl, parent: ArcSymbol | undefined, option: OptionSymbol | undefined): void {
    const file = this.file;
    const symbol: ArcSymbol = {
      kind: 'arc',
      name: decl.name.text,
      file,
      nameSpan: decl.name.span,
      decl,
      scale: decl.scale ?? 'macro',
      parent,
      option,
      depth: parent ? parent.depth + 1 : 0,
      children: [],
      beats: [],
    };
    this.declarations.events.push({ kind: 'node', name: decl.name, symbol });
    this.declarations.arcs.push(symbol);
    parent?.children.push(symbol);
    let spanSeen: Span | undefined;
    for (const item of decl.items) {
      switch (item.kind) {
        case 'arc': case 'event': case 'choice':
          this.declareNode(item, symbol, option);
          break;
        case 'span':
          if (spanSeen) {
            const first = spanSeen;
            this.later((l) => {
              const occurrence = l.reports.occurrences.next('arcItem', decl.name.text, 'span') + 1;
              l.report('E003', { kind: 'arcItem', arc: decl.name.text, item: 'span', occurrence }, file, item.keywordSpan,
                `the arc \`${decl.name.text}\` already has a \`span\``, { related: [{ file, span: first, message: 'first span' }] });
            });
          } else {
            spanSeen = item.keywordSpan;
            if (item.from && item.to && item.from.value > item.to.value) {
              const from = item.from;
              const to = item.to;
              this.later((l) => l.report('E007', { kind: 'arcItem', arc: decl.name.text, item: 'span' }, file, { start: from.span.start, end: to.span.end },
                `the span starts at ${from.text}, after it ends at ${to.text}`, { anchor: { kind: 'span', item } }));
            }
          }
          break;
        case 'allow':
          this.declareAllow(decl.span, item);
          break;
      }
    }
  }

  private declareAllow(block: Span, item: AllowItem): void {
    const codes = new Set<string>();
    for (const code of item.codes) {
      if (!CODES.has(code.text)) this.later((l) => l.unknownCode(this.file, code));
      else codes.add(code.text);
    }
    this.declarations.allowances.push({ file: this.file, block, codes, item });
  }

  private declareBeat(decl: EventDecl | ChoiceDecl, arc: ArcSymbol | undefined, option: OptionSymbol | undefined): void {
    const file = this.file;
    const beats = this.declarations.beats;
    const symbol: BeatSymbol = {
      kind: decl.kind,
      name: decl.name.text,
      file,
      nameSpan: decl.name.span,
      decl,
      index: this.declarations.offset + beats.length,
      time: decl.time?.value ?? Number.NaN,
      arc,
      scale: arc?.scale ?? 'macro',
      option,
      options: [],
    };
    this.declarations.events.push({ kind: 'node', name: decl.name, symbol });
    beats.push(symbol);
    for (let a = arc; a; a = a.parent) a.beats.push(symbol);
    for (let o = option; o; o = o.parent) o.beats.push(symbol);
    if (decl.kind === 'event') {
      for (const item of decl.items) if (item.kind === 'allow') this.declareAllow(decl.span, item);
      return;
    }
    const optionNames = new Map<string, Span>();
    decl.options.forEach((optionDecl, position) => {
      const first = optionNames.get(optionDecl.name.text);
      if (first) {
        this.later((l) => l.report('E003', l.repeated('option', `${decl.name.text}.${optionDecl.name.text}`), file, optionDecl.name.span,
          `the choice \`${decl.name.text}\` already has an option \`${optionDecl.name.text}\``, {
            related: [{ file, span: first, message: 'first option of that name' }],
          }));
      } else {
        optionNames.set(optionDecl.name.text, optionDecl.name.span);
      }
      const optionSymbol: OptionSymbol = {
        kind: 'option',
        name: optionDecl.name.text,
        file,
        nameSpan: optionDecl.name.span,
        decl: optionDecl,
        choice: symbol,
        qualifiedName: `${decl.name.text}.${optionDecl.name.text}`,
        position,
        parent: option,
        depth: (option?.depth ?? 0) + 1,
        beats: [],
      };
      symbol.options.push(optionSymbol);
      this.declarations.options.push(optionSymbol);
      for (const child of optionDecl.children) this.declareNode(child, arc, optionSymbol);
    });
  }
}

/** The uses of one file being linked. */
interface UsesInProgress {
  readonly names: Set<string>;
  readonly involved: Involvement;
}

/**
 * The characters and places that name uses involve, by kind and name: the
 * symbols of those names in the project's tables (every use is bound through
 * them). By name, so that a file whose uses are rebound to new symbols of the
 * same names keeps its set.
 */
class Involvement {
  private readonly characters = new Set<string>();
  private readonly places = new Set<string>();

  add(symbol: CharacterSymbol | PlaceSymbol): void {
    (symbol.kind === 'character' ? this.characters : this.places).add(symbol.name);
  }

  has(symbol: CharacterSymbol | PlaceSymbol): boolean {
    return (symbol.kind === 'character' ? this.characters : this.places).has(symbol.name);
  }
}

class Linker {
  /** The name tables `merge` fills. */
  private readonly merged = {
    characters: new Map<string, CharacterSymbol>(), places: new Map<string, PlaceSymbol>(), goals: new Map<string, GoalSymbol>(), nodes: new Map<string, NodeSymbol>(),
  };
  // The name tables: those `merge` fills, or the previous project's with some symbols laid over (`patchTables`).
  private characters: ReadonlyMap<string, CharacterSymbol> = this.merged.characters;
  private places: ReadonlyMap<string, PlaceSymbol> = this.merged.places;
  private goals: ReadonlyMap<string, GoalSymbol> = this.merged.goals;
  private nodes: ReadonlyMap<string, NodeSymbol> = this.merged.nodes;
  private beats: BeatSymbol[] = [];
  private arcs: ArcSymbol[] = [];
  private readonly options: OptionSymbol[] = [];
  /** The references of the files being linked afresh (`Project.references` is made from every file's, when first read). */
  private readonly references: Reference[] = [];
  private readonly allowances: Allowance[] = [];
  readonly reports: FrontEndReports;
  private story: StoryInfo | undefined;
  /** The characters and places involved in the beats and arcs of the files linked afresh. */
  private readonly involved = new Involvement();
  /** Those involved in each file whose uses were kept (read, not merged: merging would copy every file's). */
  private readonly keptInvolved: Involvement[] = [];
  private uses: UsesInProgress | undefined;

  constructor(private readonly loaded: LoadedFiles, private readonly root: string, private readonly previous: Project | undefined) {
    this.reports = loaded.reports;
  }

  link(): Project {
    const before = this.previous ? linkedFiles.get(this.previous) : undefined;
    // Pass 1: declarations (all names are global to the project).
    const made = new Map<string, FileDeclarations>();
    const declarationsOf = (source: SourceFile, offset: number): FileDeclarations => {
      const kept = before?.get(source.id)?.declarations;
      if (kept && kept.ast === source.parse.file && kept.offset === offset) return kept;
      const earlier = made.get(source.id);
      if (earlier && earlier.offset === offset) return earlier;
      const declarations = new FileDeclarer(source.id, source.parse.file, offset).declarations;
      made.set(source.id, declarations);
      return declarations;
    };
    const reportsBefore = this.reports.diagnostics.length;
    const patched = this.previous && before ? this.patchTables(this.previous, before, declarationsOf) : undefined;
    const declared = patched?.declared ?? [];
    if (!patched) {
      for (const source of this.loaded.files.values()) {
        const declarations = declarationsOf(source, this.beats.length);
        this.merge(source.id, declarations);
        declared.push(declarations);
      }
    }
    const mergedCleanly = this.reports.diagnostics.length === reportsBefore;
    for (const source of this.loaded.files.values()) {
      source.parse.file.unrepresentable.forEach((n, i) => this.report('E007', { kind: 'literal', file: source.id, text: n.text, index: i + 1 }, source.id, n.span,
        `the ${n.kind} \`${n.text.length > 24 ? `${n.text.slice(0, 20)}…` : n.text}\` is too large to be a number (at most 9007199254740991)`));
    }
    // Pass 2: uses, each file's kept when nothing it read changed. When the tables were patched, every name is
    // bound in the same file as before, and only uses of the symbols of the files declared again are bound anew: a
    // use of a renamed beat's old name finds nothing then, and its file is linked again (reporting E002), as is a
    // file that used its new name (that use was reported before).
    const redeclared = patched?.again;
    const rebound = this.previous && before && !redeclared ? this.reboundNames(this.previous, before, declared) : undefined;
    const ids = [...this.loaded.files.keys()];
    const keptUses = ids.map((id, i) => {
      const uses = before?.get(id);
      if (!uses || (!rebound && !redeclared) || uses.reported || uses.declarations !== declared[i]) return undefined;
      if (redeclared) return this.rebindUsesOf(uses, redeclared);
      if (intersects(rebound!, uses.names)) return this.rebind(uses, rebound!);
      return uses;
    });
    const fresh: (UsesInProgress & { beatReferences: Reference[]; reported: boolean })[] = [];
    ids.forEach((id, i) => {
      const kept = keptUses[i];
      if (kept) {
        this.keptInvolved.push(kept.involved);
        return;
      }
      const uses: UsesInProgress = { names: new Set(), involved: new Involvement() };
      this.uses = uses;
      const start = this.references.length;
      const reports = this.reports.diagnostics.length;
      for (const beat of declared[i]!.beats) this.linkBeat(beat);
      fresh[i] = { ...uses, beatReferences: this.references.slice(start), reported: this.reports.diagnostics.length !== reports };
    });
    const linked = new Map<string, FileUses>();
    ids.forEach((id, i) => {
      const kept = keptUses[i];
      if (kept) {
        linked.set(id, kept);
        return;
      }
      const beatUses = fresh[i]!;
      this.uses = beatUses;
      const start = this.references.length;
      const reports = this.reports.diagnostics.length;
      for (const arc of declared[i]!.arcs) this.linkArc(arc);
      linked.set(id, {
        declarations: declared[i]!,
        beatReferences: beatUses.beatReferences,
        arcReferences: this.references.slice(start),
        involved: beatUses.involved,
        names: beatUses.names,
        reported: beatUses.reported || this.reports.diagnostics.length !== reports,
      });
    });
    this.uses = undefined;
    this.reportUnused();
    const project = withReferences({
      root: this.root,
      files: this.loaded.files,
      includes: this.loaded.includes,
      includeResolutions: this.loaded.includeResolutions,
      story: this.story,
      characters: this.characters,
      places: this.places,
      goals: this.goals,
      nodes: this.nodes,
      beats: this.beats,
      arcs: this.arcs,
      options: this.options,
      allowances: this.allowances,
      diagnostics: this.reports.diagnostics,
      anchors: this.reports.anchors,
    }, linked);
    linkedFiles.set(project, linked);
    recordNameUses(project, linked, mergedCleanly);
    if (this.previous && before && redeclared) {
      // The files whose beats link alike: the same symbols, no use of a beat or arc of a file declared again, and
      // no name looked up that a rename bound anew or unbound.
      const renamedNames = patched.renamedNames;
      recordKeptLinks(project, this.previous, new Set(ids.filter((id, i) => {
        const uses = before.get(id);
        if (uses === undefined || uses.declarations !== declared[i]) return false;
        if (renamedNames.size > 0 && intersects(renamedNames, uses.names)) return false;
        return !usesByDeclaringFile(uses, redeclared).some((at) => useAt(uses, at).role === 'beat' || useAt(uses, at).role === 'arc');
      })));
    } else if (this.previous && before && rebound) {
      // The files whose beats link alike: the same symbols, and no name of a beat or arc they use bound anew.
      const previousNodes = this.previous.nodes;
      const reboundNodes = new Set([...rebound].filter((name) => this.nodes.has(name) || previousNodes.has(name)));
      recordKeptLinks(project, this.previous, new Set(ids.filter((id, i) => {
        const uses = before.get(id);
        return uses !== undefined && uses.declarations === declared[i] && !intersects(reboundNodes, uses.names);
      })));
    }
    return project;
  }

  /**
   * Pass 1 when the previous project's tables, with the symbols of the files
   * declared again laid over, are what merging every file would make: the
   * same files in the same order, the previous merge reported nothing, and
   * each file declared again declares alike, or renames beats and arcs to
   * names no other declaration holds or takes (`renamesBetween`). Then every
   * name is bound in the same file as before, in the same order (a new
   * name where its old one was, the old one no longer), and the merge
   * reports nothing. Undefined when that does not hold.
   */
  private patchTables(
    previous: Project, before: ReadonlyMap<string, FileUses>, declarationsOf: (source: SourceFile, offset: number) => FileDeclarations,
  ): { readonly declared: FileDeclarations[]; readonly again: ReadonlySet<string>; readonly renamedNames: ReadonlySet<string> } | undefined {
    if (!mergedWithoutReport(previous) || previous.files.size !== this.loaded.files.size) return undefined;
    const previousIds = previous.files.keys();
    const declared: FileDeclarations[] = [];
    const again = new Set<FileDeclarations>();
    const againIds = new Set<string>();
    /** Beats and arcs renamed: each old name, and the new one that takes its place in the table. */
    const renamed = new Map<string, string>();
    let offset = 0;
    for (const source of this.loaded.files.values()) {
      const then = before.get(source.id)?.declarations;
      if (previousIds.next().value !== source.id || !then || then.offset !== offset) return undefined;
      const now = declarationsOf(source, offset);
      if (now !== then) {
        const renames = renamesBetween(then, now);
        if (!renames) return undefined;
        for (const [old, name] of renames) renamed.set(old, name);
        again.add(now);
        againIds.add(source.id);
      }
      declared.push(now);
      offset += now.beats.length;
    }
    // A new name no other declaration holds, or takes, is claimed where the old one was: as a merge would.
    const newNames = new Set(renamed.values());
    if (newNames.size !== renamed.size || [...newNames].some((name) => previous.nodes.has(name))) return undefined;
    const nodes = new Map<string, NodeSymbol>();
    const characters = new Map<string, CharacterSymbol>();
    const places = new Map<string, PlaceSymbol>();
    for (const declarations of again) {
      for (const event of declarations.events) {
        if (event.kind === 'node') nodes.set(event.name.text, event.symbol);
        else if (event.kind === 'character') characters.set(event.symbol.name, event.symbol);
        else if (event.kind === 'place') places.set(event.symbol.name, event.symbol);
      }
    }
    this.nodes = OverlayMap.replacing(previous.nodes, nodes, renamed);
    this.characters = OverlayMap.replacing(previous.characters, characters);
    this.places = OverlayMap.replacing(previous.places, places);
    this.goals = previous.goals;
    this.story = previous.story;
    // The beats and arcs are the previous ones, with those of the files declared again in their places.
    this.beats = previous.beats.slice();
    this.arcs = previous.arcs.slice();
    let arcOffset = 0;
    for (const declarations of declared) {
      if (again.has(declarations)) {
        for (const beat of declarations.beats) this.beats[beat.index] = beat;
        declarations.arcs.forEach((arc, i) => { this.arcs[arcOffset + i] = arc; });
      }
      arcOffset += declarations.arcs.length;
      for (const option of declarations.options) this.options.push(option);
      for (const allowance of declarations.allowances) this.allowances.push(allowance);
    }
    return { declared, again: againIds, renamedNames: new Set([...renamed.keys(), ...newNames]) };
  }

  /**
   * A file's uses with those of `rebound` names linked to their new symbols,
   * or undefined when one of them would now be reported (then the file is
   * linked again, reporting with the project's counters).
   */
  private rebind(uses: FileUses, rebound: ReadonlySet<string>): FileUses | undefined {
    const involved = new Involvement();
    const again = (references: readonly Reference[]): Reference[] | undefined => {
      const result: Reference[] = [];
      for (const reference of references) {
        let next = reference;
        if (reference.role === 'stage') {
          const character = reference.character!;
          if (rebound.has(character.name)) {
            const now = this.characters.get(character.name);
            if (!now || !now.stages.includes(reference.name)) return undefined;
            next = { file: reference.file, span: reference.span, name: reference.name, role: 'stage', target: now, character: now };
          }
        } else if (rebound.has(reference.name)) {
          const target = this.lookup(reference.name, reference.role);
          if (!target) return undefined;
          next = { file: reference.file, span: reference.span, name: reference.name, role: reference.role, target };
        }
        if (next.role === 'character' || next.role === 'place') involved.add(next.target as CharacterSymbol | PlaceSymbol);
        result.push(next);
      }
      return result;
    };
    const beatReferences = again(uses.beatReferences);
    const arcReferences = beatReferences && again(uses.arcReferences);
    if (!beatReferences || !arcReferences) return undefined;
    return { declarations: uses.declarations, beatReferences, arcReferences, involved, names: uses.names, reported: false };
  }

  /**
   * In a patched link (every name bound in the same file as before): a
   * file's uses with those of symbols of the `redeclared` files linked to
   * their new symbols (of the same name and kind), or undefined when one
   * would now be reported (a stage its character no longer declares).
   */
  private rebindUsesOf(uses: FileUses, redeclared: ReadonlySet<string>): FileUses | undefined {
    const positions = usesByDeclaringFile(uses, redeclared);
    if (positions.length === 0) return uses;
    const beatReferences = uses.beatReferences.slice();
    const arcReferences = uses.arcReferences.slice();
    for (const position of positions) {
      const reference = useAt(uses, position);
      const inBeats = position < beatReferences.length;
      const list = inBeats ? beatReferences : arcReferences;
      const at = inBeats ? position : position - beatReferences.length;
      if (reference.role === 'stage') {
        const now = this.characters.get(reference.character!.name);
        if (!now || !now.stages.includes(reference.name)) return undefined;
        list[at] = { file: reference.file, span: reference.span, name: reference.name, role: 'stage', target: now, character: now };
        continue;
      }
      const target = this.lookup(reference.name, reference.role);
      if (!target) return undefined;
      list[at] = { file: reference.file, span: reference.span, name: reference.name, role: reference.role, target };
    }
    // The same names, bound in the same files: the same characters and places are involved.
    const result: FileUses = { declarations: uses.declarations, beatReferences, arcReferences, involved: uses.involved, names: uses.names, reported: false };
    usesByFileIndexes.set(result, usesByFileIndex(uses));
    return result;
  }

  /**
   * Every name bound to another symbol (or to none) than in `previous`, in
   * any namespace. A name only files that kept their declarations declare,
   * in the same relative order, is bound as before (the first claim wins, in
   * load order), so only the names of the other files' declarations, old
   * and new, and the goals (the first story header's) are compared, unless
   * the kept files were loaded in another order.
   */
  private reboundNames(previous: Project, before: ReadonlyMap<string, FileUses>, declared: readonly FileDeclarations[]): Set<string> {
    const rebound = new Set<string>();
    const ids = [...this.loaded.files.keys()];
    const keptNow = ids.filter((id, i) => before.get(id)?.declarations === declared[i]);
    const kept = new Set(keptNow);
    const keptThen = [...previous.files.keys()].filter((id) => kept.has(id));
    if (keptNow.some((id, i) => keptThen[i] !== id)) {
      const compare = <T>(now: ReadonlyMap<string, T>, then: ReadonlyMap<string, T>): void => {
        for (const [name, symbol] of now) if (then.get(name) !== symbol) rebound.add(name);
        for (const name of then.keys()) if (!now.has(name)) rebound.add(name);
      };
      compare(this.nodes, previous.nodes);
      compare(this.characters, previous.characters);
      compare(this.places, previous.places);
      compare(this.goals, previous.goals);
      return rebound;
    }
    const candidates = new Set<string>([...this.goals.keys(), ...previous.goals.keys()]);
    const add = (declarations: FileDeclarations): void => {
      for (const event of declarations.events) {
        if (event.kind === 'node') candidates.add(event.name.text);
        else if (event.kind === 'character' || event.kind === 'place') candidates.add(event.symbol.name);
      }
    };
    ids.forEach((id, i) => { if (!kept.has(id)) add(declared[i]!); });
    for (const [id, uses] of before) if (!kept.has(id)) add(uses.declarations);
    for (const name of candidates) {
      if (this.nodes.get(name) !== previous.nodes.get(name) || this.characters.get(name) !== previous.characters.get(name) ||
        this.places.get(name) !== previous.places.get(name) || this.goals.get(name) !== previous.goals.get(name)) rebound.add(name);
    }
    return rebound;
  }

  /** Adds one file's declarations to the project, reporting as one pass over every file would. */
  private merge(file: string, declarations: FileDeclarations): void {
    for (const event of declarations.events) {
      switch (event.kind) {
        case 'story': this.declareStory(file, event.decl, declarations.goals); break;
        case 'character': {
          const symbol = event.symbol;
          const existing = this.characters.get(symbol.name);
          if (existing) {
            this.duplicate('a character', 'character', symbol.decl.name, symbol.file, existing, { kind: 'duplicateDeclaration', decl: symbol.decl });
            break;
          }
          for (const run of event.reports) run(this);
          this.merged.characters.set(symbol.name, symbol);
          break;
        }
        case 'place': {
          const symbol = event.symbol;
          const existing = this.places.get(symbol.name);
          if (existing) this.duplicate('a place', 'place', symbol.decl.name, symbol.file, existing, { kind: 'duplicateDeclaration', decl: symbol.decl });
          else this.merged.places.set(symbol.name, symbol);
          break;
        }
        case 'node': this.claimNodeName(event.name, event.symbol.file, event.symbol); break;
        case 'report': event.run(this); break;
      }
    }
    for (const beat of declarations.beats) this.beats.push(beat);
    for (const arc of declarations.arcs) this.arcs.push(arc);
    for (const option of declarations.options) this.options.push(option);
    for (const allowance of declarations.allowances) this.allowances.push(allowance);
  }

  report(code: string, subject: ConflictSubject, file: string, span: Span, message: string, options: { related?: RelatedLocation[]; anchor?: FrontEndAnchor } = {}): void {
    this.reports.report(code, subject, file, span, message, options);
  }

  /** The subject of a repeated declaration: its second declaration is `index` 2, and so on. */
  repeated(declares: DeclarationKind, name: string): ConflictSubject {
    return { kind: 'declaration', declares, name, index: this.reports.occurrences.next('declaration', declares, name) + 1 };
  }

  private duplicate(kindWord: string, declares: DeclarationKind, name: Name, file: string, first: SymbolBase, anchor?: FrontEndAnchor): void {
    this.report('E003', this.repeated(declares, name.text), file, name.span, `\`${name.text}\` is already declared as ${kindWord}`, {
      related: [{ file: first.file, span: first.nameSpan, message: `first declaration of \`${name.text}\`` }],
      ...(anchor ? { anchor } : {}),
    });
  }

  // -- declarations ---------------------------------------------------------

  private declareStory(file: string, decl: Story, goalSymbols: ReadonlyMap<GoalItem, GoalSymbol>): void {
    if (this.story) {
      this.report('E003', this.repeated('story', decl.title?.value ?? ''), file, decl.keywordSpan, 'a project has at most one `story` header', {
        related: [{ file: this.story.file, span: this.story.decl.keywordSpan, message: 'the story header' }],
      });
      return;
    }
    const themes = new Set<string>();
    const goals: GoalSymbol[] = [];
    const avoid = new Map<string, Name>();
    const limits: { -readonly [K in keyof Limits]?: number } = {};
    const limitSpans = new Map<LimitKey, Span>();
    const rules = new Map<string, RuleLevel>();
    for (const item of decl.items as readonly StoryItem[]) {
      switch (item.kind) {
        case 'themes': for (const n of item.names) themes.add(n.text); break;
        case 'avoid': for (const n of item.names) avoid.set(n.text, n); break;
        case 'goal': {
          const existing = this.goals.get(item.name.text);
          if (existing) { this.duplicate('a goal', 'goal', item.name, file, existing); break; }
          const goal = goalSymbols.get(item)!;
          this.merged.goals.set(goal.name, goal);
          goals.push(goal);
          break;
        }
        case 'limits':
          for (const entry of item.entries) {
            if (limitSpans.has(entry.key)) {
              this.report('E003', this.storyItem('limits', entry.key, true), file, entry.keySpan, `the limit \`${entry.key}\` is set twice`, {
                related: [{ file, span: limitSpans.get(entry.key)!, message: 'first setting' }],
              });
              continue;
            }
            limitSpans.set(entry.key, entry.span);
            if (!entry.value) continue;
            const value = entry.value.value;
            if (value < 0) {
              this.report('E007', { kind: 'storyItem', item: 'limits', name: entry.key }, file, entry.value.span, `the limit \`${entry.key}\` cannot be negative`);
              continue;
            }
            if (entry.key === 'within' && (!Number.isInteger(value) || value < 1)) {
              this.report('E007', { kind: 'storyItem', item: 'limits', name: entry.key }, file, entry.value.span, '`within` counts beats: it must be a whole number of at least 1');
              continue;
            }
            if ((entry.key === 'max' || entry.key === 'peak' || entry.key === 'calm' || entry.key === 'warn') && value > 10) {
              this.report('E007', { kind: 'storyItem', item: 'limits', name: entry.key }, file, entry.value.span, `the limit \`${entry.key}\` is an intensity: it must lie within 0..10`);
              continue;
            }
            limits[entry.key] = value;
          }
          break;
        case 'rules':
          for (const entry of item.entries) {
            if (!CODES.has(entry.code.text)) {
              this.unknownCode(file, entry.code);
              continue;
            }
            if (!entry.level) continue;
            if (rules.has(entry.code.text)) {
              this.report('E003', this.storyItem('rules', entry.code.text, true), file, entry.code.span, `the rule \`${entry.code.text}\` is set twice`);
              continue;
            }
            rules.set(entry.code.text, entry.level);
          }
          break;
      }
    }
    this.story = {
      file,
      decl,
      title: decl.title?.value ?? '',
      themes,
      goals,
      avoid,
      limits: { ...limits, within: limits.within ?? 3 },
      limitSpans,
      rules,
    };
  }

  /** The subject of a story item; a repeated one counts from 2, like a repeated declaration. */
  private storyItem(item: 'limits' | 'rules', name: string, repeated: boolean): ConflictSubject {
    return repeated
      ? { kind: 'storyItem', item, name, occurrence: this.reports.occurrences.next('storyItem', item, name) + 1 }
      : { kind: 'storyItem', item, name };
  }

  unknownCode(file: string, code: Name): void {
    const guess = nearest(code.text, [...CODES.keys()]);
    const subject: ConflictSubject = { kind: 'code', file, code: code.text, index: this.reports.occurrences.next('code', file, code.text) };
    this.report('E002', subject, file, code.span, `unknown rule code \`${code.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, {
      anchor: { kind: 'code', code },
    });
  }

  /** Registers a beat-or-arc name; returns false (after reporting E003) when it is taken. */
  private claimNodeName(name: Name, file: string, symbol: NodeSymbol): boolean {
    const existing = this.nodes.get(name.text);
    if (existing) {
      this.duplicate(existing.kind === 'arc' ? 'an arc' : `a beat (${existing.kind})`, 'node', name, file, existing, { kind: 'duplicateNode', name });
      return false;
    }
    this.merged.nodes.set(name.text, symbol);
    return true;
  }

  // -- uses -----------------------------------------------------------------

  /** Resolves a name in the namespace `role` expects, reporting E002 or E006. */
  private resolve(file: string, name: Name, role: ReferenceRole, usage: string): AnySymbol | undefined {
    this.uses?.names.add(name.text);
    const target = this.lookup(name.text, role);
    if (target) {
      this.references.push({ file, span: name.span, name: name.text, role, target });
      return target;
    }
    const other = this.lookupAnyKind(name.text);
    if (other) {
      const reference: Reference = { file, span: name.span, name: name.text, role, target: other };
      this.references.push(reference);
      this.report('E006', this.referenceSubject('E006', reference), file, name.span,
        `\`${name.text}\` is ${describeKind(other)}, but ${usage} takes ${describeRole(role)}`, {
          related: [{ file: other.file, span: other.nameSpan, message: `\`${name.text}\` is declared here` }],
          anchor: { kind: 'reference', reference },
        });
      return undefined;
    }
    const reference: Reference = { file, span: name.span, name: name.text, role, target: undefined };
    this.references.push(reference);
    const guess = nearest(name.text, this.candidates(role));
    this.report('E002', this.referenceSubject('E002', reference), file, name.span,
      `${describeRole(role, true)} \`${name.text}\` is not declared${guess ? `; did you mean \`${guess}\`?` : ''}`,
      { anchor: { kind: 'reference', reference } });
    return undefined;
  }

  /** A reference reported with `code`: the n-th one of its name and role in its file. */
  private referenceSubject(code: string, reference: Reference): ConflictSubject {
    const index = this.reports.occurrences.next('reference', code, reference.file, reference.role, reference.name);
    return { kind: 'reference', file: reference.file, role: reference.role, name: reference.name, index };
  }

  private lookup(text: string, role: ReferenceRole): AnySymbol | undefined {
    switch (role) {
      case 'character': return this.characters.get(text);
      case 'place': return this.places.get(text);
      case 'goal': return this.goals.get(text);
      case 'beat': { const n = this.nodes.get(text); return n && n.kind !== 'arc' ? n : undefined; }
      case 'arc': { const n = this.nodes.get(text); return n && n.kind === 'arc' ? n : undefined; }
      case 'stage': return undefined;
    }
  }

  private lookupAnyKind(text: string): AnySymbol | undefined {
    return this.nodes.get(text) ?? this.characters.get(text) ?? this.places.get(text) ?? this.goals.get(text);
  }

  /** The names of each role, made once per link (every unresolved use of a beat name read all 20,000 of them). */
  private readonly candidateNames = new Map<ReferenceRole, readonly string[]>();

  private candidates(role: ReferenceRole): readonly string[] {
    let names = this.candidateNames.get(role);
    if (!names) {
      const tables = { characters: this.characters, places: this.places, goals: this.goals, nodes: this.nodes, arcs: this.arcs };
      this.candidateNames.set(role, (names = namesInRole(tables, role)));
    }
    return names;
  }

  private involve(symbol: AnySymbol | undefined): void {
    if (symbol && (symbol.kind === 'character' || symbol.kind === 'place')) {
      this.involved.add(symbol);
      this.uses?.involved.add(symbol);
    }
  }


  private linkBeat(beat: BeatSymbol): void {
    const file = beat.file;
    const decl = beat.decl;
    if (decl.kind === 'choice') return;
    // The first `at`, `intensity` and `warning` of the beat (each may appear once): three fields, not a map per beat.
    let firstAt: Span | undefined;
    let firstIntensity: Span | undefined;
    let firstWarning: Span | undefined;
    for (const item of decl.items) {
      if (item.kind === 'at' || item.kind === 'intensity' || item.kind === 'warning') {
        const first = item.kind === 'at' ? firstAt : item.kind === 'intensity' ? firstIntensity : firstWarning;
        if (first) {
          const occurrence = this.reports.occurrences.next('beatItem', beat.name, item.kind) + 1;
          this.report('E003', { kind: 'beatItem', beat: beat.name, item: item.kind, occurrence }, file, item.keywordSpan,
            `\`${item.kind}\` may appear only once in a beat`, {
              related: [{ file, span: first, message: `first \`${item.kind}\`` }],
              anchor: { kind: 'repeatedItem', beat, item },
            });
          // Still linked below, so that references and rename see the name.
        } else if (item.kind === 'at') {
          firstAt = item.keywordSpan;
        } else if (item.kind === 'intensity') {
          firstIntensity = item.keywordSpan;
        } else {
          firstWarning = item.keywordSpan;
        }
      }
      switch (item.kind) {
        case 'at':
          if (item.place) this.involve(this.resolve(file, item.place, 'place', '`at`'));
          break;
        case 'with': case 'kills': case 'exits': case 'enters':
          for (const n of item.names) this.involve(this.resolve(file, n, 'character', `\`${item.kind}\``));
          break;
        case 'causes': case 'prevents':
          for (const n of item.names) this.resolve(file, n, 'beat', `\`${item.kind}\``);
          break;
        case 'requires':
          for (const n of item.alternatives) this.resolve(file, n, 'beat', '`requires`');
          break;
        case 'resolves':
          for (const n of item.names) this.resolve(file, n, 'arc', '`resolves`');
          break;
        case 'addresses':
          for (const n of item.names) this.resolve(file, n, 'goal', '`addresses`');
          break;
        case 'stage': case 'regress': {
          if (!item.character) break;
          const character = this.resolve(file, item.character, 'character', `\`${item.kind}\``);
          this.involve(character);
          if (!item.stage || !character || character.kind !== 'character') break;
          this.linkStage(file, character, item.stage);
          break;
        }
        case 'intensity':
          if (item.value && (item.value.value < 0 || item.value.value > 10)) {
            this.report('E007', { kind: 'beatItem', beat: beat.name, item: 'intensity' }, file, item.value.span,
              `intensity ${item.value.text} is out of range: it must lie within 0..10`, { anchor: { kind: 'intensity', item } });
          }
          break;
        default:
          break;
      }
    }
  }

  private linkStage(file: string, character: CharacterSymbol, stage: Name): void {
    if (character.stages.includes(stage.text)) {
      this.references.push({ file, span: stage.span, name: stage.text, role: 'stage', target: character, character });
      return;
    }
    const reference: Reference = { file, span: stage.span, name: stage.text, role: 'stage', target: undefined, character };
    this.references.push(reference);
    const guess = nearest(stage.text, character.stages);
    const declared = character.stages.length > 0
      ? `its stages are ${character.stages.map((s) => `\`${s}\``).join(' -> ')}`
      : 'it declares no `stages`';
    this.report('E007', this.referenceSubject('E007', reference), file, stage.span,
      `\`${stage.text}\` is not a stage of \`${character.name}\` (${declared})${guess ? `; did you mean \`${guess}\`?` : ''}`, {
        related: [{ file: character.file, span: character.nameSpan, message: `\`${character.name}\` is declared here` }],
        anchor: { kind: 'reference', reference },
      });
  }

  private linkArc(arc: ArcSymbol): void {
    for (const item of arc.decl.items) {
      if (item.kind === 'goals') for (const n of item.names) this.resolve(arc.file, n, 'goal', '`goals`');
    }
  }

  private reportUnused(): void {
    for (const symbol of [...this.characters.values(), ...this.places.values()]) {
      if (this.involved.has(symbol) || this.keptInvolved.some((involved) => involved.has(symbol))) continue;
      const what = symbol.kind === 'character' ? 'character' : 'place';
      this.report('U601', { kind: 'declaration', declares: symbol.kind, name: symbol.name, index: 1 }, symbol.file, symbol.nameSpan,
        `the ${what} \`${symbol.name}\` is declared but never involved in any beat`);
    }
  }
}

function describeKind(symbol: AnySymbol): string {
  switch (symbol.kind) {
    case 'character': return 'a character';
    case 'place': return 'a place';
    case 'goal': return 'a goal';
    case 'arc': return 'an arc';
    case 'event': return 'an event';
    case 'choice': return 'a choice';
    case 'option': return 'an option';
  }
}

function describeRole(role: ReferenceRole, capital = false): string {
  const text = {
    character: 'a character', place: 'a place', goal: 'a goal', beat: 'a beat (an event or choice)', arc: 'an arc', stage: 'a stage',
  }[role];
  if (!capital) return text;
  return {
    character: 'the character', place: 'the place', goal: 'the goal', beat: 'the beat', arc: 'the arc', stage: 'the stage',
  }[role];
}

/**
 * The closest candidate to `text` (the first of the closest), if it is close
 * enough to be a likely typo: at most a third of its length away.
 */
export function nearest(text: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(text.length / 3));
  // Lengths that differ by more than the limit put a candidate beyond it, so the closest within the limit is the
  // closest of the others: measuring 20,000 beat names took milliseconds for each name being typed.
  const near = candidates.filter((candidate) => Math.abs(candidate.length - text.length) <= limit);
  if (near.length === 0) return undefined;
  const best = closest(text, near);
  return distance(text, best) <= limit ? best : undefined;
}
