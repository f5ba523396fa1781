/**
 * What the map draws: a story map seen with some of its arcs collapsed. A
 * collapsed arc is one box with what it holds counted (beats and options,
 * inner arcs, conflicts by severity, its worst conflicts); links into,
 * out of and between collapsed arcs are added up into one edge per pair
 * of boxes drawn. Only what is drawn is in a view, so the view of a
 * 20,000-beat story with its arcs collapsed is a few hundred items, whatever
 * the map's size.
 *
 * A view also answers what needs the whole map: which boxes hold a beat
 * matching the filters (a collapsed arc holding one is not faded), the
 * first beat whose name or title holds a search text (its arcs opened), and
 * which arcs to open to show a conflict's node, the beats it names and its
 * witness path.
 *
 * Pure: plain data in, plain data out (no I/O, no protocol, no layout), so
 * the language server, `nao map` and the tests share it.
 */
import type { Severity, StoryMap, StoryMapConflict, StoryMapEdgeKind, StoryMapGroup, StoryMapNode } from '@narrative-arc/orchestrator';

/** Up to this many beats and options, a map opens with every arc open; above, every arc collapsed. */
export const COLLAPSE_ABOVE_NODES = 400;

/** How many conflicts a collapsed arc carries for its tooltip (the worst first); the counts hold them all. */
export const COLLAPSED_SAMPLE = 8;

/** The open arcs: 'all', or only the arcs named (the others are collapsed). */
export type Expanded = 'all' | readonly string[];

/** What fades the beats that do not match (each one set must match; empty or absent: no filter). */
export interface MapFilters {
  /** A character the beat involves. */
  readonly character?: string;
  /** An arc the beat is in, at any depth. */
  readonly arc?: string;
  readonly scale?: string;
  /** The code of a conflict on the beat. */
  readonly code?: string;
  /** Text in the beat's name or title, in any case. */
  readonly search?: string;
}

export interface ViewRequest {
  /** Absent: every arc open up to COLLAPSE_ABOVE_NODES beats and options, every arc collapsed above. */
  readonly expanded?: Expanded;
  /** Answered in `matched`. */
  readonly filters?: MapFilters;
  /** Opens the arcs around the first beat or option (by id) whose name or title holds this text: `found`. */
  readonly find?: string;
  /** Opens the arcs around a conflict's node, the nodes it names and its witness path: `highlight`. */
  readonly conflict?: string;
}

export interface ConflictCounts {
  readonly error: number;
  readonly warning: number;
  readonly information: number;
  readonly hint: number;
}

/** A collapsed arc, drawn as one box in its (open) parent. */
export interface CollapsedArc extends Omit<StoryMapGroup, 'conflicts'> {
  /** Beats and options inside, at any depth. */
  readonly beats: number;
  /** Arcs inside, at any depth. */
  readonly arcs: number;
  /** Every conflict inside (its beats, its inner arcs, the arc itself), by severity. */
  readonly counts: ConflictCounts;
  /** The worst of them (by severity, then id), at most COLLAPSED_SAMPLE. */
  readonly conflicts: readonly StoryMapConflict[];
}

/** An edge between two things drawn; `count` map edges of one kind add up into it. */
export interface ViewEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: StoryMapEdgeKind;
  readonly count: number;
}

export interface MapHighlight {
  readonly conflict: { readonly id: string; readonly code: string; readonly severity: Severity; readonly message: string };
  /** What the conflict is drawn on (its node, or its arc or the collapsed arc holding that). */
  readonly owner: string;
  /** What is drawn highlighted: the conflict's node, the nodes it names, the choices and options of its path. */
  readonly ids: readonly string[];
}

export interface StoryMapView {
  readonly title: string | null;
  /** The open arcs the view was made with (a list sorted, after `find` and `conflict` opened theirs). */
  readonly expanded: Expanded;
  /** The beats and options drawn (those in no collapsed arc), sorted by id. */
  readonly nodes: readonly StoryMapNode[];
  /** The open arcs drawn, sorted by id. */
  readonly groups: readonly StoryMapGroup[];
  /** The collapsed arcs drawn (not those inside another collapsed arc), sorted by id. */
  readonly collapsed: readonly CollapsedArc[];
  readonly edges: readonly ViewEdge[];
  readonly unplaced: readonly StoryMapConflict[];
  /** The whole map's size, drawn or not. */
  readonly totals: { readonly nodes: number; readonly arcs: number; readonly conflicts: ConflictCounts };
  /** What the filters can choose from, over the whole map: sorted. */
  readonly facets: { readonly characters: readonly string[]; readonly codes: readonly string[]; readonly arcs: readonly string[] };
  /** With a filter set: the ids drawn that are, or hold, a matching beat or option (sorted). */
  readonly matched?: readonly string[];
  /** With `find`: the id of the first match (drawn, its arcs opened), or null. */
  readonly found?: string | null;
  /** With `conflict`: what to highlight, or null when no such conflict is on the map. */
  readonly highlight?: MapHighlight | null;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 4, warning: 3, information: 2, hint: 1 };
const NO_CONFLICTS: ConflictCounts = { error: 0, warning: 0, information: 0, hint: 0 };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most severe of the conflicts' severities, or null when there are none. */
export function worstSeverity(conflicts: readonly StoryMapConflict[]): Severity | null {
  let worst: Severity | null = null;
  for (const c of conflicts) if (!worst || SEVERITY_RANK[c.severity] > SEVERITY_RANK[worst]) worst = c.severity;
  return worst;
}

function byWorst(a: StoryMapConflict, b: StoryMapConflict): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareText(a.id, b.id);
}

function addCounts(counts: { -readonly [K in keyof ConflictCounts]: number }, conflicts: readonly StoryMapConflict[]): void {
  for (const c of conflicts) counts[c.severity]++;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "2 errors, 1 warning" (only the severities present), or '' when there is none. */
export function countsText(counts: ConflictCounts): string {
  const parts: string[] = [];
  if (counts.error) parts.push(plural(counts.error, 'error'));
  if (counts.warning) parts.push(plural(counts.warning, 'warning'));
  if (counts.information) parts.push(`${counts.information} info`);
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  return parts.join(', ');
}

/** The default: every arc open for a small map, none for a big one. */
export function defaultExpanded(map: Pick<StoryMap, 'nodes'>): Expanded {
  return map.nodes.length > COLLAPSE_ABOVE_NODES ? [] : 'all';
}

/** What a view needs of a map and does not change with the request: made once per map. */
interface MapIndex {
  readonly groups: ReadonlyMap<string, StoryMapGroup>;
  readonly nodes: ReadonlyMap<string, StoryMapNode>;
  /** For each node of the map (by position): its innermost arc, when that is an arc of the map. */
  readonly nodeArc: readonly (string | null)[];
  /** For each edge of the map: the positions of its two nodes (-1: not a node of the map). */
  readonly edgeEnds: Int32Array;
  /** Direct contents of each arc. */
  readonly childNodes: ReadonlyMap<string, readonly StoryMapNode[]>;
  readonly childArcs: ReadonlyMap<string, readonly StoryMapGroup[]>;
  /** Beats and options, arcs and conflicts by severity inside each arc, at any depth (and the arc's own conflicts). */
  readonly inside: ReadonlyMap<string, { beats: number; arcs: number; counts: ConflictCounts }>;
  readonly owners: ReadonlyMap<string, { readonly item: StoryMapNode | StoryMapGroup; readonly conflict: StoryMapConflict }>;
  readonly totals: StoryMapView['totals'];
  readonly facets: StoryMapView['facets'];
}

const indexes = new WeakMap<StoryMap, MapIndex>();

function indexOf(map: StoryMap): MapIndex {
  const known = indexes.get(map);
  if (known) return known;
  const groups = new Map(map.groups.map((g) => [g.id, g]));
  const nodes = new Map(map.nodes.map((n) => [n.id, n]));
  const childNodes = new Map<string, StoryMapNode[]>();
  const childArcs = new Map<string, StoryMapGroup[]>();
  const owners = new Map<string, { item: StoryMapNode | StoryMapGroup; conflict: StoryMapConflict }>();
  const characters = new Set<string>();
  const codes = new Set<string>();
  const total = { ...NO_CONFLICTS };
  for (const node of map.nodes) {
    if (node.arc !== null && groups.has(node.arc)) push(childNodes, node.arc, node);
    for (const c of node.characters) characters.add(c);
    for (const c of node.conflicts) {
      codes.add(c.code);
      owners.set(c.id, { item: node, conflict: c });
    }
    addCounts(total, node.conflicts);
  }
  for (const group of map.groups) {
    if (group.parent !== null && groups.has(group.parent)) push(childArcs, group.parent, group);
    for (const c of group.conflicts) {
      codes.add(c.code);
      owners.set(c.id, { item: group, conflict: c });
    }
    addCounts(total, group.conflicts);
  }
  addCounts(total, map.unplaced);
  for (const c of map.unplaced) codes.add(c.code);

  const inside = new Map<string, { beats: number; arcs: number; counts: ConflictCounts }>();
  // Innermost first: each arc's figures are its own plus its inner arcs'.
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    depth.set(id, 0); // a cycle (impossible in a map made from a project) stops here
    const parent = groups.get(id)?.parent ?? null;
    const d = parent === null || !groups.has(parent) ? 0 : depthOf(parent) + 1;
    depth.set(id, d);
    return d;
  };
  const deepestFirst = [...map.groups].sort((a, b) => depthOf(b.id) - depthOf(a.id));
  for (const group of deepestFirst) {
    const counts = { ...NO_CONFLICTS };
    let beats = 0;
    let arcs = 0;
    addCounts(counts, group.conflicts);
    for (const node of childNodes.get(group.id) ?? []) {
      beats++;
      addCounts(counts, node.conflicts);
    }
    for (const child of childArcs.get(group.id) ?? []) {
      const figures = inside.get(child.id)!;
      beats += figures.beats;
      arcs += figures.arcs + 1;
      for (const key of Object.keys(counts) as Severity[]) counts[key] += figures.counts[key];
    }
    inside.set(group.id, { beats, arcs, counts });
  }
  const position = new Map(map.nodes.map((n, i) => [n.id, i]));
  const edgeEnds = new Int32Array(2 * map.edges.length);
  map.edges.forEach((edge, i) => {
    edgeEnds[2 * i] = position.get(edge.from) ?? -1;
    edgeEnds[2 * i + 1] = position.get(edge.to) ?? -1;
  });
  const index: MapIndex = {
    groups, nodes, childNodes,
    nodeArc: map.nodes.map((n) => (n.arc !== null && groups.has(n.arc) ? n.arc : null)),
    edgeEnds, childArcs, inside, owners,
    totals: { nodes: map.nodes.length, arcs: map.groups.length, conflicts: total },
    facets: { characters: [...characters].sort(compareText), codes: [...codes].sort(compareText), arcs: map.groups.map((g) => g.id) },
  };
  indexes.set(map, index);
  return index;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function hasFilter(filters: MapFilters | undefined): filters is MapFilters {
  return !!filters && !!(filters.character || filters.arc || filters.scale || filters.code || filters.search);
}

/** A view of a map: what is drawn for a request (see ViewRequest), and the answers it asks for. */
export function storyMapView(map: StoryMap, request: ViewRequest = {}): StoryMapView {
  const index = indexOf(map);
  const requested = request.expanded ?? defaultExpanded(map);
  const open = requested === 'all' ? undefined : new Set(requested.filter((id) => index.groups.has(id)));

  /** Opens every arc around a node or an arc (not the arc itself). */
  const openAround = (id: string): void => {
    if (!open) return;
    const node = index.nodes.get(id);
    let arc = node ? node.arc : (index.groups.get(id)?.parent ?? null);
    for (let guard = 0; arc !== null && guard < index.groups.size; guard++) {
      open.add(arc);
      arc = index.groups.get(arc)?.parent ?? null;
    }
  };

  let found: string | null | undefined;
  if (request.find !== undefined) {
    const query = request.find.toLowerCase();
    found = query === '' ? null : (map.nodes.find((n) => matchesText(n, query))?.id ?? null);
    if (found !== null) openAround(found);
  }
  let target: { owner: string; conflict: StoryMapConflict; ids: string[] } | null | undefined;
  if (request.conflict !== undefined) {
    const owned = index.owners.get(request.conflict);
    if (!owned) target = null;
    else {
      const ids = new Set<string>([owned.item.id, ...owned.conflict.related]);
      for (const step of owned.conflict.path ?? []) {
        ids.add(step.choice);
        ids.add(`${step.choice}.${step.option}`);
      }
      target = { owner: owned.item.id, conflict: owned.conflict, ids: [...ids].filter((id) => index.nodes.has(id) || index.groups.has(id)) };
      for (const id of target.ids) openAround(id);
    }
  }

  // For each arc: the collapsed arc it is drawn as (itself or an ancestor), or null when it is open and drawn.
  const repOfArc = new Map<string, string | null>();
  const rep = (arc: string): string | null => {
    const known = repOfArc.get(arc);
    if (known !== undefined) return known;
    repOfArc.set(arc, null); // a cycle stops here
    const parent = index.groups.get(arc)?.parent ?? null;
    const parentRep = parent === null || !index.groups.has(parent) ? null : rep(parent);
    const result = parentRep !== null ? parentRep : (open === undefined || open.has(arc) ? null : arc);
    repOfArc.set(arc, result);
    return result;
  };
  const shownAs = (id: string): string => {
    const node = index.nodes.get(id);
    const arc = node ? node.arc : id;
    if (arc === null || !index.groups.has(arc)) return id;
    return rep(arc) ?? id;
  };

  // What each node of the map is drawn as, by position.
  const shown = map.nodes.map((node, i) => {
    const arc = index.nodeArc[i]!;
    return arc === null ? node.id : (rep(arc) ?? node.id);
  });
  const nodes: StoryMapNode[] = [];
  map.nodes.forEach((node, i) => {
    if (shown[i] === node.id) nodes.push(node);
  });
  const groups: StoryMapGroup[] = [];
  const collapsed: CollapsedArc[] = [];
  for (const group of map.groups) {
    const r = rep(group.id);
    if (r === null) groups.push(group);
    else if (r === group.id) {
      const { conflicts: own, ...rest } = group;
      const figures = index.inside.get(group.id)!;
      const conflicts = [...own];
      const total = figures.counts.error + figures.counts.warning + figures.counts.information + figures.counts.hint;
      if (total > own.length) collectConflicts(index, group.id, conflicts);
      conflicts.sort(byWorst);
      collapsed.push({ ...rest, beats: figures.beats, arcs: figures.arcs, counts: figures.counts, conflicts: conflicts.slice(0, COLLAPSED_SAMPLE) });
    }
  }

  // Edges between two nodes drawn are the map's own (no two alike); the others add up per pair of boxes.
  const edges: ViewEdge[] = [];
  const added = new Map<string, { from: string; to: string; kind: StoryMapEdgeKind; count: number }>();
  map.edges.forEach((edge, i) => {
    const a = index.edgeEnds[2 * i]!;
    const b = index.edgeEnds[2 * i + 1]!;
    if (a < 0 || b < 0) return;
    const from = shown[a]!;
    const to = shown[b]!;
    if (from === to) return;
    if (from === edge.from && to === edge.to) {
      edges.push({ from, to, kind: edge.kind, count: 1 });
      return;
    }
    const key = `${edge.kind}\u0000${from}\u0000${to}`;
    const existing = added.get(key);
    if (existing) existing.count++;
    else added.set(key, { from, to, kind: edge.kind, count: 1 });
  });
  edges.push(...added.values());

  let matched: string[] | undefined;
  if (hasFilter(request.filters)) {
    const filters = request.filters;
    const query = (filters.search ?? '').toLowerCase();
    const inArc = (arc: string | null, wanted: string): boolean => {
      for (let a = arc, guard = 0; a !== null && guard <= index.groups.size; a = index.groups.get(a)?.parent ?? null, guard++) if (a === wanted) return true;
      return false;
    };
    const hits = new Set<string>();
    map.nodes.forEach((node, i) => {
      if (filters.character && !node.characters.includes(filters.character)) return;
      if (filters.arc && !inArc(node.arc, filters.arc)) return;
      if (filters.scale && node.scale !== filters.scale) return;
      if (filters.code && !node.conflicts.some((c) => c.code === filters.code)) return;
      if (query && !matchesText(node, query)) return;
      hits.add(shown[i]!);
    });
    matched = [...hits].sort(compareText);
  }

  const expanded: Expanded = open === undefined ? 'all' : [...open].sort(compareText);
  return {
    title: map.title,
    expanded,
    nodes,
    groups,
    collapsed,
    edges,
    unplaced: map.unplaced,
    totals: index.totals,
    facets: index.facets,
    ...(matched !== undefined ? { matched } : {}),
    ...(found !== undefined ? { found } : {}),
    ...(target !== undefined ? {
      highlight: target === null ? null : {
        conflict: { id: target.conflict.id, code: target.conflict.code, severity: target.conflict.severity, message: target.conflict.message },
        owner: shownAs(target.owner),
        ids: [...new Set(target.ids.map(shownAs))].sort(compareText),
      },
    } : {}),
  };
}

function matchesText(node: StoryMapNode, query: string): boolean {
  return node.id.toLowerCase().includes(query) || (node.title ?? '').toLowerCase().includes(query);
}

/** Every conflict inside an arc, at any depth (not the arc's own). */
function collectConflicts(index: MapIndex, arc: string, into: StoryMapConflict[]): void {
  const stack = [arc];
  for (let guard = 0; stack.length > 0 && guard <= index.groups.size; guard++) {
    const id = stack.pop()!;
    for (const node of index.childNodes.get(id) ?? []) into.push(...node.conflicts);
    for (const child of index.childArcs.get(id) ?? []) {
      into.push(...child.conflicts);
      stack.push(child.id);
    }
  }
}
