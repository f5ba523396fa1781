/**
 * The story map: the whole project as a graph of plain data, for the map view
 * in the editor and `nao map`. Nodes are the beats (events and choices) and
 * the options of choices; edges are the flow of time along each branch and
 * the causal links (`causes`, `requires`, `prevents`); groups are the arcs,
 * nested as written. Each node carries the conflicts reported inside it.
 *
 * Pure: it reads an Analysis and returns data sorted by id, so the same
 * project always gives the same map. No layout, no protocol.
 */
import type { Scale, Span } from '@nao/grammar';
import type { Analysis } from './analysis.js';
import type { Diagnostic, PathStep, Severity } from './diagnostics.js';
import type { ArcSymbol, BeatSymbol, OptionSymbol, Project } from './project.js';

export type StoryMapNodeKind = 'event' | 'choice' | 'option';
export type StoryMapEdgeKind = 'flow' | 'causes' | 'requires' | 'prevents';

/** A conflict as the map shows it on a node or an arc. */
export interface StoryMapConflict {
  readonly id: string;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The witness path, for path-sensitive conflicts (empty: every path). */
  readonly path?: readonly PathStep[];
  /** Ids of the other nodes the conflict names (its related locations that lie in a node). */
  readonly related: readonly string[];
}

export interface StoryMapNode {
  /** A beat's name; an option's is `choice.option`. */
  readonly id: string;
  readonly kind: StoryMapNodeKind;
  /** The name as written (an option's own name, without its choice). */
  readonly name: string;
  /** The quoted title, when the beat or option has one. */
  readonly title: string | null;
  readonly scale: Scale;
  /** The innermost arc, or null for a beat at story level. */
  readonly arc: string | null;
  /** The beat's time (an option's is its choice's); null when it is missing. */
  readonly time: number | null;
  /** For an option: its choice. */
  readonly choice: string | null;
  /** The innermost option the node lies on (`choice.option`), or null on every path. */
  readonly branch: string | null;
  /** Characters the beat involves (`with`, `kills`, `enters`, `exits`, `stage`, `regress`), sorted. */
  readonly characters: readonly string[];
  readonly file: string;
  /** The name's span (offsets in `file`): what a click on the node reveals. */
  readonly range: Span;
  /** The whole declaration's span: the cursor anywhere in it selects the node. */
  readonly extent: Span;
  readonly conflicts: readonly StoryMapConflict[];
}

export interface StoryMapEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: StoryMapEdgeKind;
}

export interface StoryMapGroup {
  /** The arc's name. */
  readonly id: string;
  readonly title: string | null;
  readonly scale: Scale;
  /** The enclosing arc, or null for a top-level arc. */
  readonly parent: string | null;
  readonly file: string;
  readonly range: Span;
  readonly extent: Span;
  /** Conflicts reported in the arc but in none of its beats (an unresolved arc, say). */
  readonly conflicts: readonly StoryMapConflict[];
}

export interface StoryMap {
  readonly title: string | null;
  /** Sorted by id. */
  readonly nodes: readonly StoryMapNode[];
  /** Sorted by kind, then from, then to; no duplicates. */
  readonly edges: readonly StoryMapEdge[];
  /** Sorted by id. */
  readonly groups: readonly StoryMapGroup[];
  /** Conflicts in no beat and no arc (the story header, a characters file…). */
  readonly unplaced: readonly StoryMapConflict[];
}

const EDGE_ORDER: Readonly<Record<StoryMapEdgeKind, number>> = { flow: 0, causes: 1, requires: 2, prevents: 3 };
const CHARACTER_ITEMS = new Set(['with', 'kills', 'enters', 'exits']);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Time order within a branch: by time, then (simultaneous beats) by name; beats without a time last. */
function byTime(a: BeatSymbol, b: BeatSymbol): number {
  const ta = Number.isNaN(a.time) ? Infinity : a.time;
  const tb = Number.isNaN(b.time) ? Infinity : b.time;
  return ta - tb || compareText(a.name, b.name);
}

/** The map of an analysed project. */
export function storyMap(analysis: Analysis): StoryMap {
  const project = analysis.project;
  const placement = new ConflictPlacement(project);

  // Declared first wins when a name is taken twice (E003 reports the second).
  const beats = firstOfEachName(project.beats, (b) => b.name);
  const options = firstOfEachName(project.options, (o) => o.qualifiedName);
  const arcs = firstOfEachName(project.arcs, (a) => a.name);
  const beatSet = new Set(beats);
  const optionSet = new Set(options);

  const nodeConflicts = new Map<string, StoryMapConflict[]>();
  const groupConflicts = new Map<string, StoryMapConflict[]>();
  const unplaced: StoryMapConflict[] = [];
  for (const diagnostic of analysis.diagnostics) {
    const owner = placement.innermost(diagnostic.file, diagnostic.span);
    const conflict = mapConflict(diagnostic, placement);
    if (owner?.kind === 'node') push(nodeConflicts, owner.id, conflict);
    else if (owner?.kind === 'group') push(groupConflicts, owner.id, conflict);
    else unplaced.push(conflict);
  }

  const nodes: StoryMapNode[] = [];
  for (const beat of beats) {
    nodes.push({
      id: beat.name,
      kind: beat.kind,
      name: beat.name,
      title: beat.decl.title?.value ?? null,
      scale: beat.scale,
      arc: beat.arc?.name ?? null,
      time: Number.isNaN(beat.time) ? null : beat.time,
      choice: null,
      branch: beat.option?.qualifiedName ?? null,
      characters: charactersOf(beat),
      file: beat.file,
      range: beat.nameSpan,
      extent: beat.decl.span,
      conflicts: nodeConflicts.get(beat.name) ?? [],
    });
  }
  for (const option of options) {
    const choice = option.choice;
    nodes.push({
      id: option.qualifiedName,
      kind: 'option',
      name: option.name,
      title: option.decl.title?.value ?? null,
      scale: choice.scale,
      arc: choice.arc?.name ?? null,
      time: Number.isNaN(choice.time) ? null : choice.time,
      choice: choice.name,
      branch: choice.option?.qualifiedName ?? null,
      characters: [],
      file: option.file,
      range: option.nameSpan,
      extent: option.decl.span,
      conflicts: nodeConflicts.get(option.qualifiedName) ?? [],
    });
  }
  nodes.sort((a, b) => compareText(a.id, b.id));

  const edges = new EdgeSet();
  flowEdges(beats, beatSet, optionSet, edges);
  for (const edge of analysis.graph.edges) {
    if (beatSet.has(edge.from) && beatSet.has(edge.to)) edges.add(edge.from.name, edge.to.name, edge.kind);
  }
  for (const beat of beats) {
    if (beat.decl.kind !== 'event') continue;
    for (const item of beat.decl.items) {
      if (item.kind !== 'prevents') continue;
      for (const name of item.names) {
        const target = project.nodes.get(name.text);
        if (target && target.kind !== 'arc' && beatSet.has(target)) edges.add(beat.name, target.name, 'prevents');
      }
    }
  }

  const groups: StoryMapGroup[] = arcs.map((arc) => ({
    id: arc.name,
    title: arc.decl.title?.value ?? null,
    scale: arc.scale,
    parent: arc.parent?.name ?? null,
    file: arc.file,
    range: arc.nameSpan,
    extent: arc.decl.span,
    conflicts: groupConflicts.get(arc.name) ?? [],
  }));
  groups.sort((a, b) => compareText(a.id, b.id));

  return { title: project.story?.title ?? null, nodes, edges: edges.sorted(), groups, unplaced };
}

function firstOfEachName<T>(items: readonly T[], name: (item: T) => string): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const item of items) {
    const key = name(item);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(item);
  }
  return result;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function charactersOf(beat: BeatSymbol): string[] {
  if (beat.decl.kind !== 'event') return [];
  const names = new Set<string>();
  for (const item of beat.decl.items) {
    if (CHARACTER_ITEMS.has(item.kind) && 'names' in item) for (const n of item.names) names.add(n.text);
    else if ((item.kind === 'stage' || item.kind === 'regress') && item.character) names.add(item.character.text);
  }
  return [...names].sort(compareText);
}

function mapConflict(diagnostic: Diagnostic, placement: ConflictPlacement): StoryMapConflict {
  const related = new Set<string>();
  for (const location of diagnostic.related) {
    const owner = placement.innermost(location.file, location.span);
    if (owner?.kind === 'node') related.add(owner.id);
  }
  return {
    id: diagnostic.id,
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    ...(diagnostic.path ? { path: diagnostic.path } : {}),
    related: [...related].sort(compareText),
  };
}

class EdgeSet {
  private readonly keys = new Set<string>();
  private readonly list: StoryMapEdge[] = [];

  add(from: string, to: string, kind: StoryMapEdgeKind): void {
    const key = `${kind}\u0000${from}\u0000${to}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.list.push({ from, to, kind });
  }

  sorted(): StoryMapEdge[] {
    return this.list.sort((a, b) => EDGE_ORDER[a.kind] - EDGE_ORDER[b.kind] || compareText(a.from, b.from) || compareText(a.to, b.to));
  }
}

/**
 * The flow of time: on each branch (the story level, or the inside of one
 * option), its beats in time order, one after the other. A choice leads to
 * each of its options, an option to the first beat on it, and the last beat of
 * each option (or an option with no beats) to the beat after the choice on
 * the enclosing branch, where the branches join again.
 */
function flowEdges(beats: readonly BeatSymbol[], beatSet: ReadonlySet<BeatSymbol>, options: ReadonlySet<OptionSymbol>, edges: EdgeSet): void {
  const branches = new Map<OptionSymbol | undefined, BeatSymbol[]>();
  for (const beat of beats) {
    const list = branches.get(beat.option);
    if (list) list.push(beat);
    else branches.set(beat.option, [beat]);
  }
  for (const list of branches.values()) list.sort(byTime);

  /** The ids the flow leaves `beat` from: the beat itself, or for a choice the ends of its options. */
  const exits = (beat: BeatSymbol): string[] => {
    if (beat.kind !== 'choice') return [beat.name];
    const ends: string[] = [];
    for (const option of beat.options) {
      if (!options.has(option)) continue;
      const inside = branches.get(option);
      const last = inside?.[inside.length - 1];
      ends.push(...(last ? exits(last) : [option.qualifiedName]));
    }
    return ends.length > 0 ? ends : [beat.name];
  };

  for (const [branch, list] of branches) {
    for (let i = 0; i + 1 < list.length; i++) {
      for (const from of exits(list[i]!)) edges.add(from, list[i + 1]!.name, 'flow');
    }
    if (branch && options.has(branch) && list[0]) edges.add(branch.qualifiedName, list[0].name, 'flow');
  }
  for (const option of options) {
    if (beatSet.has(option.choice)) edges.add(option.choice.name, option.qualifiedName, 'flow');
  }
}

type Owner = { readonly kind: 'node' | 'group'; readonly id: string };

/** Finds the innermost beat, option or arc whose declaration holds a span. */
class ConflictPlacement {
  private readonly byFile = new Map<string, { start: number; end: number; owner: Owner }[]>();

  constructor(project: Project) {
    const add = (file: string, span: Span, owner: Owner): void => {
      let list = this.byFile.get(file);
      if (!list) this.byFile.set(file, (list = []));
      list.push({ start: span.start, end: span.end, owner });
    };
    const seen = new Set<string>();
    const claim = (id: string): boolean => !seen.has(id) && (seen.add(id), true);
    for (const arc of project.arcs as readonly ArcSymbol[]) {
      if (claim(`arc:${arc.name}`)) add(arc.file, arc.decl.span, { kind: 'group', id: arc.name });
    }
    for (const beat of project.beats) if (claim(`node:${beat.name}`)) add(beat.file, beat.decl.span, { kind: 'node', id: beat.name });
    for (const option of project.options) {
      if (claim(`node:${option.qualifiedName}`)) add(option.file, option.decl.span, { kind: 'node', id: option.qualifiedName });
    }
    // By start; among equal starts the wider first, so that the later entry is the inner one.
    for (const list of this.byFile.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  innermost(file: string, span: Span): Owner | undefined {
    const list = this.byFile.get(file);
    if (!list) return undefined;
    // The last entry starting at or before the span; walk back to the first that contains it.
    let low = 0;
    let high = list.length - 1;
    let at = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.start <= span.start) {
        at = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    for (let i = at; i >= 0; i--) {
      const entry = list[i]!;
      if (entry.end >= span.end) return entry.owner;
    }
    return undefined;
  }
}
