/**
 * The edges of each event's own links, for the causal graph (graph.ts) and
 * the link checks that run on the edited beats alone (S506, T103). Not part
 * of the package's API.
 */
import type { Name } from '@nao/grammar';
import type { BeatSymbol, NodeSymbol, Project } from './project.js';

export interface CausalEdge {
  readonly from: BeatSymbol;
  readonly to: BeatSymbol;
  readonly kind: 'causes' | 'requires';
  /** The name as written in the link item (in `from` for causes, in `to` for requires). */
  readonly name: Name;
  /** The beat whose item holds the link. */
  readonly holder: BeatSymbol;
}

/** The links an event holds, with the symbols their names were bound to when its edges were made. */
interface HeldLinks {
  readonly names: readonly Name[];
  readonly bound: readonly (NodeSymbol | undefined)[];
  readonly edges: readonly CausalEdge[];
}

/**
 * The edges of each event's own links, kept per beat symbol: a later
 * version of the project that kept the beat (linking keeps the symbols of
 * unchanged files) and binds each of its link names to the same symbol
 * gets the same edges without reading the beat's items again.
 */
const held = new WeakMap<BeatSymbol, HeldLinks>();

const NO_EDGES: readonly CausalEdge[] = [];

/** The edges of the links `beat`'s own items hold (its `causes`, and its `requires` as edges into it), in document order: `CausalGraph.edges` is these, beat after beat. */
export function heldEdges(project: Project, beat: BeatSymbol): readonly CausalEdge[] {
  const decl = beat.decl;
  // Most beats hold no link: there is nothing to remember for them.
  if (decl.kind !== 'event' || !decl.items.some((item) => item.kind === 'causes' || item.kind === 'requires')) return NO_EDGES;
  const known = held.get(beat);
  if (known && known.names.every((name, i) => project.nodes.get(name.text) === known.bound[i])) return known.edges;
  const names: Name[] = [];
  const bound: (NodeSymbol | undefined)[] = [];
  const edges: CausalEdge[] = [];
  for (const item of decl.items) {
    if (item.kind === 'causes') {
      for (const name of item.names) {
        const target = project.nodes.get(name.text);
        names.push(name);
        bound.push(target);
        if (target && target.kind !== 'arc') edges.push({ from: beat, to: target, kind: 'causes', name, holder: beat });
      }
    } else if (item.kind === 'requires') {
      for (const name of item.alternatives) {
        const source = project.nodes.get(name.text);
        names.push(name);
        bound.push(source);
        if (source && source.kind !== 'arc') edges.push({ from: source, to: beat, kind: 'requires', name, holder: beat });
      }
    }
  }
  held.set(beat, { names, bound, edges });
  return edges;
}
