/**
 * The picture of a story map: where everything of a view (view.ts: what is
 * drawn, collapsed arcs as one box each) goes. Shared by
 * `nao map --format svg` and the map view in VS Code, so that both draw the
 * same picture.
 *
 * Positions come from elkjs's layered layout: time flows downwards along the
 * flow edges, the branches of a choice side by side, expanded arcs as
 * compound nodes (boxes around their contents). Causal links are drawn over
 * the picture and do not move anything. Given the previous layout, nodes
 * that are still there in the same arc keep their old positions, so the
 * picture does not jump while the writer types.
 */
import * as elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Severity, StoryMapConflict, StoryMapEdgeKind, StoryMapGroup, StoryMapNode } from '@narrative-arc/orchestrator';
import { plural, worstSeverity, type CollapsedArc, type ConflictCounts, type Expanded, type ViewEdge } from './view.js';

export type LayoutNodeKind = StoryMapNode['kind'] | 'arc';

export interface LayoutBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutNode extends LayoutBox {
  /** A map node's id, or for a collapsed arc the arc's name. */
  readonly id: string;
  readonly kind: LayoutNodeKind;
  readonly label: string;
  /** Second line: the title, or for a collapsed arc its scale and size. */
  readonly detail: string | null;
  readonly scale: string;
  /** The open arc it is drawn in, or null at story level. */
  readonly container: string | null;
  /** The worst severity among its conflicts (for a collapsed arc: everything inside). */
  readonly severity: Severity | null;
  readonly conflicts: readonly StoryMapConflict[];
  /** For a collapsed arc: how many beats and options it holds. */
  readonly beats?: number;
  /** For a collapsed arc: every conflict inside by severity (`conflicts` holds only the worst few). */
  readonly counts?: ConflictCounts;
}

export interface LayoutGroup extends LayoutBox {
  readonly id: string;
  readonly label: string;
  readonly scale: string;
  readonly container: string | null;
  readonly depth: number;
  readonly severity: Severity | null;
  readonly conflicts: readonly StoryMapConflict[];
}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: StoryMapEdgeKind;
  /** How many map edges it stands for (links between collapsed arcs add up). */
  readonly count: number;
  /** From the source's boundary to the target's. */
  readonly start: { readonly x: number; readonly y: number };
  readonly end: { readonly x: number; readonly y: number };
  /** 'down' along time; 'side' for a link back up, drawn around the right. */
  readonly route: 'down' | 'side';
}

export interface MapLayout {
  readonly title: string | null;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
  /** Open arcs, outermost first. */
  readonly groups: readonly LayoutGroup[];
  readonly edges: readonly LayoutEdge[];
  /** The open arcs of the view it was made from. */
  readonly expanded: Expanded;
}

export interface LayoutOptions {
  /** The layout shown before: nodes still there keep their positions. */
  readonly previous?: MapLayout;
}

const GROUP_PADDING = { top: 30, side: 14, bottom: 14 };
const MARGIN = 16;
const CHAR_WIDTH = 7;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * What the layout needs of a view (view.ts): the nodes, open arcs and
 * collapsed arcs drawn and the edges between them. The map view gets the
 * view without ranges and files, so only these fields are read.
 */
export interface DrawnMap {
  readonly title: string | null;
  readonly expanded: Expanded;
  readonly nodes: readonly Pick<StoryMapNode, 'id' | 'kind' | 'name' | 'title' | 'scale' | 'arc' | 'conflicts'>[];
  readonly groups: readonly Pick<StoryMapGroup, 'id' | 'title' | 'scale' | 'parent' | 'conflicts'>[];
  readonly collapsed: readonly Pick<CollapsedArc, 'id' | 'title' | 'scale' | 'parent' | 'beats' | 'counts' | 'conflicts'>[];
  readonly edges: readonly ViewEdge[];
}

/** The visible graph: what is drawn for a view, before any position. */
export interface VisibleGraph {
  readonly nodes: readonly Omit<LayoutNode, keyof LayoutBox>[];
  readonly groups: readonly Omit<LayoutGroup, keyof LayoutBox>[];
  readonly edges: readonly Omit<LayoutEdge, 'start' | 'end' | 'route'>[];
}

function worstOf(counts: ConflictCounts): Severity | null {
  return counts.error ? 'error' : counts.warning ? 'warning' : counts.information ? 'information' : counts.hint ? 'hint' : null;
}

export function visibleGraph(view: DrawnMap): VisibleGraph {
  const groupIds = new Set(view.groups.map((g) => g.id));
  const inside = (arc: string | null): string | null => (arc !== null && groupIds.has(arc) ? arc : null);
  const depthOf = new Map<string, number>();
  const parents = new Map(view.groups.map((g) => [g.id, g.parent]));
  for (const g of view.groups) {
    let depth = 0;
    for (let p = inside(g.parent); p !== null && depth <= view.groups.length; p = inside(parents.get(p) ?? null)) depth++;
    depthOf.set(g.id, depth);
  }
  const nodes: Omit<LayoutNode, keyof LayoutBox>[] = view.nodes.map((node) => ({
    id: node.id,
    kind: node.kind,
    label: node.kind === 'option' ? node.name : node.id,
    detail: node.title === null ? null : clip(node.title, 36),
    scale: node.scale,
    container: inside(node.arc),
    severity: worstSeverity(node.conflicts),
    conflicts: node.conflicts,
  }));
  for (const arc of view.collapsed) {
    nodes.push({
      id: arc.id,
      kind: 'arc',
      label: arc.id,
      detail: `${arc.scale} · ${plural(arc.beats, 'beat')}`,
      scale: arc.scale,
      container: inside(arc.parent),
      severity: worstOf(arc.counts),
      conflicts: arc.conflicts,
      beats: arc.beats,
      counts: arc.counts,
    });
  }
  const groups: Omit<LayoutGroup, keyof LayoutBox>[] = view.groups.map((group) => ({
    id: group.id,
    label: group.title === null ? `${group.id} (${group.scale})` : `${group.id} (${group.scale}): ${clip(group.title, 40)}`,
    scale: group.scale,
    container: inside(group.parent),
    depth: depthOf.get(group.id)!,
    severity: worstSeverity(group.conflicts),
    conflicts: group.conflicts,
  }));
  const drawn = new Set(nodes.map((n) => n.id));
  const edges = view.edges.filter((e) => drawn.has(e.from) && drawn.has(e.to) && e.from !== e.to);
  groups.sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, groups, edges };
}

function nodeSize(node: Omit<LayoutNode, keyof LayoutBox>): { width: number; height: number } {
  const longest = Math.max(node.label.length, node.detail?.length ?? 0);
  const width = Math.min(300, Math.max(node.kind === 'option' ? 56 : 80, Math.ceil(longest * CHAR_WIDTH) + (node.kind === 'choice' ? 40 : 24)));
  if (node.kind === 'option') return { width, height: node.detail ? 36 : 22 };
  if (node.kind === 'arc') return { width, height: 44 };
  return { width, height: node.detail ? 40 : 28 };
}

type ElkConstructor = new () => ELK;
/** elkjs is CommonJS: its constructor is the module's default export under Node and bundlers alike. */
const ElkClass = ((elkBundled as unknown as { default?: ElkConstructor }).default ?? elkBundled) as unknown as ElkConstructor;
let elk: ELK | undefined;

/** Lays out a view of a map; with `previous`, nodes still there keep their positions. */
export async function layoutStoryMap(view: DrawnMap, options: LayoutOptions = {}): Promise<MapLayout> {
  const graph = visibleGraph(view);
  const sizes = new Map(graph.nodes.map((n) => [n.id, nodeSize(n)]));

  // The ELK graph: open arcs as compound nodes, flow edges in their lowest common container.
  const containerOf = new Map<string, string | null>();
  for (const n of graph.nodes) containerOf.set(n.id, n.container);
  for (const g of graph.groups) containerOf.set(g.id, g.container);
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '\u0000root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '30',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      // A long story (a chain of collapsed arcs) wraps into columns instead of one endless line.
      'elk.layered.wrapping.strategy': 'MULTI_EDGE',
      'elk.aspectRatio': '1.6',
    },
    children: [],
    edges: [],
  };
  const holder = (container: string | null): ElkNode => (container === null ? root : elkNodes.get(container) ?? root);
  for (const g of graph.groups) {
    elkNodes.set(g.id, {
      id: g.id,
      layoutOptions: {
        'elk.padding': `[top=${GROUP_PADDING.top},left=${GROUP_PADDING.side},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.side}]`,
      },
      children: [],
      edges: [],
    });
  }
  for (const g of graph.groups) holder(g.container).children!.push(elkNodes.get(g.id)!);
  for (const n of graph.nodes) {
    const size = sizes.get(n.id)!;
    holder(n.container).children!.push({ id: n.id, width: size.width, height: size.height });
  }
  const ancestors = (id: string): (string | null)[] => {
    const chain: (string | null)[] = [];
    for (let c = containerOf.get(id) ?? null; c !== null; c = containerOf.get(c) ?? null) chain.push(c);
    chain.push(null);
    return chain;
  };
  let edgeNumber = 0;
  for (const edge of graph.edges) {
    if (edge.kind !== 'flow') continue;
    const up = new Set(ancestors(edge.from));
    const common = ancestors(edge.to).find((c) => up.has(c)) ?? null;
    const elkEdge: ElkExtendedEdge = { id: `e${edgeNumber++}`, sources: [edge.from], targets: [edge.to] };
    holder(common).edges!.push(elkEdge);
  }

  elk ??= new ElkClass();
  const laid = await elk.layout(root);

  // Absolute positions of the leaves.
  const positions = new Map<string, { x: number; y: number }>();
  const walk = (node: ElkNode, dx: number, dy: number): void => {
    for (const child of node.children ?? []) {
      const x = dx + (child.x ?? 0);
      const y = dy + (child.y ?? 0);
      if (sizes.has(child.id)) positions.set(child.id, { x, y });
      walk(child, x, y);
    }
  };
  walk(laid, MARGIN, MARGIN);

  keepPreviousPositions(graph, positions, sizes, options.previous);

  const nodes: LayoutNode[] = graph.nodes.map((n) => ({ ...n, ...positions.get(n.id)!, ...sizes.get(n.id)! }));
  const groups = groupBoxes(graph, nodes);
  const boxes = new Map<string, LayoutBox>();
  for (const n of nodes) boxes.set(n.id, n);
  const edges = graph.edges.map((e) => route(e, boxes.get(e.from)!, boxes.get(e.to)!));
  let width = 0;
  let height = 0;
  for (const box of [...nodes, ...groups]) {
    width = Math.max(width, box.x + box.width);
    height = Math.max(height, box.y + box.height);
  }
  return { title: view.title, width: width + MARGIN, height: height + MARGIN, nodes, groups, edges, expanded: view.expanded };
}

/**
 * Nodes drawn before in the same container keep their old positions; new
 * ones move with their neighbours (the mean shift of the kept nodes of their
 * container) and step aside from any kept node they would cover.
 */
function keepPreviousPositions(
  graph: VisibleGraph,
  positions: Map<string, { x: number; y: number }>,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  previous: MapLayout | undefined,
): void {
  if (!previous) return;
  const before = new Map(previous.nodes.map((n) => [n.id, n]));
  const shift = new Map<string | null, { dx: number; dy: number; n: number }>();
  const kept = new Set<string>();
  for (const node of graph.nodes) {
    const old = before.get(node.id);
    if (!old || old.container !== node.container || old.kind !== node.kind) continue;
    const now = positions.get(node.id)!;
    const s = shift.get(node.container) ?? { dx: 0, dy: 0, n: 0 };
    s.dx += old.x - now.x;
    s.dy += old.y - now.y;
    s.n++;
    shift.set(node.container, s);
    positions.set(node.id, { x: old.x, y: old.y });
    kept.add(node.id);
  }
  let all = { dx: 0, dy: 0, n: 0 };
  for (const s of shift.values()) all = { dx: all.dx + s.dx, dy: all.dy + s.dy, n: all.n + s.n };
  const keptBoxes = [...kept].map((id) => ({ id, ...positions.get(id)!, ...sizes.get(id)! }));
  for (const node of graph.nodes) {
    if (kept.has(node.id)) continue;
    const s = shift.get(node.container) ?? all;
    const now = positions.get(node.id)!;
    const size = sizes.get(node.id)!;
    let x = now.x + (s.n > 0 ? s.dx / s.n : 0);
    const y = now.y + (s.n > 0 ? s.dy / s.n : 0);
    for (let moved = true, guard = 0; moved && guard < 50; guard++) {
      moved = false;
      for (const k of keptBoxes) {
        if (x < k.x + k.width + 8 && k.x < x + size.width + 8 && y < k.y + k.height + 8 && k.y < y + size.height + 8) {
          x = k.x + k.width + 16;
          moved = true;
        }
      }
    }
    positions.set(node.id, { x: Math.max(MARGIN, x), y: Math.max(MARGIN, y) });
  }
}

/** Each open arc's box: around its contents, with room for its label. */
function groupBoxes(graph: VisibleGraph, nodes: readonly LayoutNode[]): LayoutGroup[] {
  const bounds = new Map<string, { x0: number; y0: number; x1: number; y1: number }>();
  const extend = (id: string, x0: number, y0: number, x1: number, y1: number): void => {
    const b = bounds.get(id);
    if (!b) bounds.set(id, { x0, y0, x1, y1 });
    else bounds.set(id, { x0: Math.min(b.x0, x0), y0: Math.min(b.y0, y0), x1: Math.max(b.x1, x1), y1: Math.max(b.y1, y1) });
  };
  for (const n of nodes) if (n.container !== null) extend(n.container, n.x, n.y, n.x + n.width, n.y + n.height);
  // Innermost first, so that each box is known before its parent's is grown around it.
  const inner = [...graph.groups].sort((a, b) => b.depth - a.depth);
  const result = new Map<string, LayoutGroup>();
  for (const g of inner) {
    const b = bounds.get(g.id) ?? { x0: MARGIN, y0: MARGIN, x1: MARGIN + 60, y1: MARGIN + 10 };
    const labelWidth = g.label.length * CHAR_WIDTH + 2 * GROUP_PADDING.side;
    const box: LayoutGroup = {
      ...g,
      x: b.x0 - GROUP_PADDING.side,
      y: b.y0 - GROUP_PADDING.top,
      width: Math.max(b.x1 - b.x0 + 2 * GROUP_PADDING.side, labelWidth),
      height: b.y1 - b.y0 + GROUP_PADDING.top + GROUP_PADDING.bottom,
    };
    result.set(g.id, box);
    if (g.container !== null) extend(g.container, box.x, box.y, box.x + box.width, box.y + box.height);
  }
  return graph.groups.map((g) => result.get(g.id)!);
}

function route(edge: Omit<LayoutEdge, 'start' | 'end' | 'route'>, from: LayoutBox, to: LayoutBox): LayoutEdge {
  // Causal links go around the right, so that they never hide the flow between the same two beats.
  if (edge.kind === 'flow' && to.y >= from.y + from.height) {
    return { ...edge, start: { x: from.x + from.width / 2, y: from.y + from.height }, end: { x: to.x + to.width / 2, y: to.y }, route: 'down' };
  }
  return { ...edge, start: { x: from.x + from.width, y: from.y + from.height / 2 }, end: { x: to.x + to.width, y: to.y + to.height / 2 }, route: 'side' };
}
