/**
 * The causal graph: beats as nodes; `a causes b` is an edge a -> b, and
 * `b requires x or y` gives edges x -> b and y -> b. Impact analysis walks it
 * forwards; T103 looks for its cycles.
 */
import { heldEdges, type CausalEdge } from './held-edges.js';
import { keptLinkFiles } from './kept-links.js';
import type { BeatSymbol, Project } from './project.js';

export type { CausalEdge } from './held-edges.js';

const NO_EDGES: CausalEdge[] = [];
Object.freeze(NO_EDGES);

/** The three views of a graph's edges. */
interface Lists {
  readonly out: CausalEdge[][];
  readonly in: CausalEdge[][];
  readonly edges: CausalEdge[];
  /** The edges that do not go forward in time (see `CausalGraph.unordered`). */
  readonly unordered: CausalEdge[];
}

/** The indexes of `beats` as runs of consecutive indexes, [start, end), in order. */
function indexRuns(beats: readonly BeatSymbol[]): [number, number][] {
  const indexes = beats.map((beat) => beat.index).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const index of indexes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === index) last[1] = index + 1;
    else runs.push([index, index + 1]);
  }
  return runs;
}

/** Whether an edge goes forward in time, or stays at one time (a missing time goes nowhere). */
function ordered(edge: CausalEdge): boolean {
  return edge.from.time <= edge.to.time;
}

export class CausalGraph {
  /** The project whose beats the edges join. */
  readonly project: Project;
  /** Outgoing edges by beat index. */
  readonly out: readonly CausalEdge[][];
  /** Incoming edges by beat index. */
  readonly in: readonly CausalEdge[][];
  readonly edges: readonly CausalEdge[];
  /**
   * The edges that lead to an earlier time, or join a beat without a time,
   * in no particular order. Every other edge goes forward in time (or stays
   * at one time), so a chain of links from a beat later than every one of
   * these edges starts never leads back in time: `reaches` does not look
   * past that time, or the time of the beat it looks for if later.
   */
  readonly unordered: readonly CausalEdge[];

  /**
   * `previous`, the graph of the project `project` was linked from (or of
   * one a few versions before it), lends its edges: the lists are patched
   * for the beats of the files linking did not keep as they were since
   * then (every other beat holds the same edges), instead of reading every
   * beat's links again. When linking kept fewer than half of the beats,
   * reading every beat's links is the faster (about a third of the time).
   */
  constructor(project: Project, previous?: CausalGraph) {
    const kept = previous && previous.project.beats.length === project.beats.length ? keptLinkFiles(project, previous.project) : undefined;
    let keptBeats = 0;
    if (kept) for (const file of kept) keptBeats += project.beatsIn(file).length;
    const lists = previous && kept && 2 * keptBeats >= project.beats.length
      ? CausalGraph.patched(project, previous, kept)
      : CausalGraph.built(project);
    this.project = project;
    this.out = lists.out;
    this.in = lists.in;
    this.edges = lists.edges;
    this.unordered = lists.unordered;
  }

  private static built(project: Project): Lists {
    const n = project.beats.length;
    // Most beats have no link: they share one empty list.
    const out: CausalEdge[][] = new Array<CausalEdge[]>(n).fill(NO_EDGES);
    const incoming: CausalEdge[][] = new Array<CausalEdge[]>(n).fill(NO_EDGES);
    const edges: CausalEdge[] = [];
    const unordered: CausalEdge[] = [];
    for (const beat of project.beats) {
      if (beat.decl.kind !== 'event') continue;
      for (const edge of heldEdges(project, beat)) {
        edges.push(edge);
        if (!ordered(edge)) unordered.push(edge);
        const from = edge.from.index;
        const to = edge.to.index;
        (out[from] === NO_EDGES ? (out[from] = []) : out[from]!).push(edge);
        (incoming[to] === NO_EDGES ? (incoming[to] = []) : incoming[to]!).push(edge);
      }
    }
    return { out, in: incoming, edges, unordered };
  }

  /**
   * `previous`'s lists with the edges of the beats of the files not in
   * `kept` replaced: each list stays ordered by holder, as `built` orders it.
   */
  private static patched(project: Project, previous: CausalGraph, kept: ReadonlySet<string>): Lists {
    const out = previous.out.slice();
    const incoming = previous.in.slice();
    const copied = new Set<CausalEdge[]>();
    const writable = (lists: CausalEdge[][], i: number): CausalEdge[] => {
      const list = lists[i]!;
      if (copied.has(list)) return list;
      const copy = list === NO_EDGES ? [] : list.slice();
      copied.add(copy);
      lists[i] = copy;
      return copy;
    };
    const remove = (lists: CausalEdge[][], i: number, holder: BeatSymbol): void => {
      if (!lists[i]!.some((edge) => edge.holder === holder)) return;
      const list = writable(lists, i);
      for (let k = list.length - 1; k >= 0; k--) if (list[k]!.holder === holder) list.splice(k, 1);
    };
    const insert = (lists: CausalEdge[][], i: number, edge: CausalEdge): void => {
      const list = writable(lists, i);
      let at = list.length;
      while (at > 0 && list[at - 1]!.holder.index > edge.holder.index) at--;
      list.splice(at, 0, edge);
    };
    const fresh: BeatSymbol[] = [];
    for (const file of project.files.keys()) if (!kept.has(file)) for (const beat of project.beatsIn(file)) fresh.push(beat);
    const removed = new Set<CausalEdge>();
    for (const beat of fresh) {
      // The previous version of the beat at this index: its edges leave the lists.
      const old = previous.project.beats[beat.index]!;
      for (const edge of [...previous.out[old.index]!, ...previous.in[old.index]!]) {
        if (edge.holder !== old) continue;
        removed.add(edge);
        remove(out, edge.from.index, old);
        remove(incoming, edge.to.index, old);
      }
    }
    const unordered = previous.unordered.filter((edge) => !removed.has(edge));
    const added = new Map<number, readonly CausalEdge[]>();
    for (const beat of fresh) {
      if (beat.decl.kind !== 'event') continue;
      const held = heldEdges(project, beat);
      if (held.length === 0) continue;
      added.set(beat.index, held);
      for (const edge of held) {
        if (!ordered(edge)) unordered.push(edge);
        insert(out, edge.from.index, edge);
        insert(incoming, edge.to.index, edge);
      }
    }
    // The flat list: the previous one, ordered by holder, with the edges of the fresh beats' indexes replaced.
    // Every other index holds the kept beat of before, so the kept runs are copied without reading their edges
    // (reading each edge's holder cost milliseconds on 20,000 beats: the edges lie all over the heap).
    const edges: CausalEdge[] = [];
    const before = previous.edges;
    /** The position in `before` of the first edge held by a beat at `index` or later. */
    const firstHeldFrom = (index: number): number => {
      let low = 0;
      let high = before.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (before[mid]!.holder.index < index) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    let next = 0;
    for (const [start, end] of indexRuns(fresh)) {
      for (let k = next, until = firstHeldFrom(start); k < until; k++) edges.push(before[k]!);
      for (let index = start; index < end; index++) for (const edge of added.get(index) ?? NO_EDGES) edges.push(edge);
      next = firstHeldFrom(end);
    }
    for (let k = next; k < before.length; k++) edges.push(before[k]!);
    return { out, in: incoming, edges, unordered };
  }

  /** Whether a chain of links leads from the beat with index `from` to the one with index `to` (not through no link at all). */
  reaches(from: number, to: number): boolean {
    // A beat later than `to` and than every link that goes back in time leads only to later beats. A beat
    // without a time is later than none: a link to or from one makes the search look everywhere.
    let latest = this.project.beats[to]!.time;
    for (const edge of this.unordered) latest = Number.isNaN(edge.from.time) || Number.isNaN(edge.to.time) ? Infinity : Math.max(latest, edge.from.time);
    const seen = new Uint8Array(this.out.length);
    const stack = [from];
    while (stack.length > 0) {
      for (const edge of this.out[stack.pop()!]!) {
        const next = edge.to.index;
        if (next === to) return true;
        if (!seen[next]) {
          seen[next] = 1;
          // Not `<=`: a beat without a time (NaN) compares as false with every time, and is looked past too.
          if (!(edge.to.time > latest)) stack.push(next);
        }
      }
    }
    return false;
  }

  /**
   * Every cycle, one per strongly connected component that has one, as the
   * list of edges in order (the last edge leads back to the first beat).
   * Iterative Tarjan, so a long chain cannot overflow the stack.
   */
  cycles(): CausalEdge[][] {
    const n = this.out.length;
    const index = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const stack: number[] = [];
    const components: number[][] = [];
    let counter = 0;
    for (let start = 0; start < n; start++) {
      if (index[start] !== -1) continue;
      if (this.out[start]!.length === 0) {
        // No link leaves this beat: it is a component of its own, in no cycle.
        index[start] = low[start] = counter++;
        continue;
      }
      const work: { node: number; edge: number }[] = [{ node: start, edge: 0 }];
      index[start] = low[start] = counter++;
      stack.push(start);
      onStack[start] = 1;
      while (work.length > 0) {
        const frame = work[work.length - 1]!;
        const edges = this.out[frame.node]!;
        if (frame.edge < edges.length) {
          const next = edges[frame.edge++]!.to.index;
          if (index[next] === -1) {
            index[next] = low[next] = counter++;
            stack.push(next);
            onStack[next] = 1;
            work.push({ node: next, edge: 0 });
          } else if (onStack[next]) {
            low[frame.node] = Math.min(low[frame.node]!, index[next]!);
          }
          continue;
        }
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
        if (low[frame.node] === index[frame.node]) {
          const component: number[] = [];
          let member: number;
          do {
            member = stack.pop()!;
            onStack[member] = 0;
            component.push(member);
          } while (member !== frame.node);
          const selfLoop = component.length === 1 && this.out[component[0]!]!.some((e) => e.to.index === component[0]);
          if (component.length > 1 || selfLoop) components.push(component);
        }
      }
    }
    return components.map((component) => this.cycleWithin(component));
  }

  /**
   * The shortest cycle through the component's earliest beat (by time, a
   * missing time last, then by name), following links in order of their
   * target's time and name (`causes` before `requires`): so the report does
   * not depend on the order of declarations.
   */
  private cycleWithin(component: number[]): CausalEdge[] {
    const members = new Set(component);
    const beatOf = (i: number): BeatSymbol => this.out[i]![0]?.from ?? this.in[i]![0]!.to;
    const start = component.reduce((best, i) => (comesFirst(beatOf(i), beatOf(best)) ? i : best));
    const via = new Map<number, CausalEdge>();
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      const edges = this.out[node]!.filter((e) => members.has(e.to.index)).sort(edgeOrder);
      for (const edge of edges) {
        const next = edge.to.index;
        if (next === start) {
          const cycle = [edge];
          for (let at = node; at !== start; ) {
            const back = via.get(at)!;
            cycle.push(back);
            at = back.from.index;
          }
          return cycle.reverse();
        }
        if (!via.has(next)) {
          via.set(next, edge);
          queue.push(next);
        }
      }
    }
    return [];
  }

  /** Every beat reachable from `beat` along edges (not including it), in BFS order. */
  downstream(beat: BeatSymbol): BeatSymbol[] {
    const seen = new Set<number>([beat.index]);
    const result: BeatSymbol[] = [];
    const queue = [beat];
    for (let head = 0; head < queue.length; head++) {
      for (const edge of this.out[queue[head]!.index]!) {
        if (seen.has(edge.to.index)) continue;
        seen.add(edge.to.index);
        result.push(edge.to);
        queue.push(edge.to);
      }
    }
    return result;
  }
}

/** Earlier in time (a missing time counts as last), then by name. */
function comesFirst(a: BeatSymbol, b: BeatSymbol): boolean {
  const ta = Number.isNaN(a.time) ? Number.POSITIVE_INFINITY : a.time;
  const tb = Number.isNaN(b.time) ? Number.POSITIVE_INFINITY : b.time;
  return ta < tb || (ta === tb && a.name < b.name);
}

function edgeOrder(a: CausalEdge, b: CausalEdge): number {
  if (comesFirst(a.to, b.to)) return -1;
  if (comesFirst(b.to, a.to)) return 1;
  return Number(a.kind === 'requires') - Number(b.kind === 'requires');
}
