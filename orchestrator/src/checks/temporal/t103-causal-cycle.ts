/**
 * T103: the causal graph (`causes` and `requires` links) goes round in a
 * circle. One conflict per cycle (one per group of beats that all depend on
 * each other), however many links it has.
 *
 * The cycle is listed from its earliest beat in time, so the link that
 * "closes" it is the one leading back to that earliest beat: usually the link
 * a writer got backwards. The primary range is that link's name as written
 * (in the `causes` of the cause, or in the `requires` of the dependent beat).
 */
import { throwIfCancelled } from '../../cancellation.js';
import { removeListName, type TextEdit } from '../../edits.js';
import type { CausalEdge } from '../../graph.js';
import { heldEdges } from '../../held-edges.js';
import type { Project } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { relatedBeat } from '../shared.js';
import { LINK_ASPECTS } from './shared.js';

/** A cycle, as its edges from its earliest beat; the last edge closes it. */
type Cycle = readonly CausalEdge[];

/** Reports every cycle of the graph. */
function reportCycles(context: CheckContext<Cycle>): void {
  for (const cycle of context.graph.cycles()) {
    throwIfCancelled(context.token);
    const closing = cycle[cycle.length - 1]!;
    const chain = [...cycle.map((edge) => edge.from.name), cycle[0]!.from.name].join(' → ');
    const message = cycle.length === 1
      ? `\`${closing.from.name}\` ${closing.kind === 'causes' ? 'causes' : 'requires'} itself: a circle of one link (\`${chain}\`)`
      : `these beats depend on each other in a circle: \`${chain}\`; the link ${describeLink(closing)} closes it`;
    context.report({
      code: 'T103',
      subject: { kind: 'cycle', beats: cycle.map((edge) => edge.from.name).sort() },
      message,
      file: closing.holder.file,
      span: closing.name.span,
      related: cycle.map((edge) => relatedBeat(edge.from, `${describeLink(edge)} (part of the cycle)`)),
      anchor: cycle,
    });
  }
}

export const t103: Check<Cycle> = {
  codes: ['T103'],
  // The causal graph's links (`causes`, `requires`); whether they go round in a circle does not depend on time
  // (only the listing of a cycle does).
  reads: ['causes', 'requires'],

  run: reportCycles,

  incremental: {
    aspects: LINK_ASPECTS,
    run(context, changes) {
      // There was no cycle: a cycle now runs through a link an edited beat holds.
      const { graph, project } = context;
      for (const holder of changes.beats(['causes', 'requires'])) {
        throwIfCancelled(context.token);
        if (heldEdges(project, holder).some((edge) => edge.from === edge.to || graph.reaches(edge.to.index, edge.from.index))) {
          reportCycles(context);
          return;
        }
      }
    },
  },

  repairs(_conflict, { project, anchor: cycle }) {
    if (!cycle) return [];
    // Breaking any link breaks the circle: the closing link first, then the others in order.
    const ordered = [cycle[cycle.length - 1]!, ...cycle.slice(0, -1)];
    const repairs: Repair[] = [];
    for (const edge of ordered) {
      const edit = removeLink(project, edge);
      if (edit) repairs.push({ title: `Remove the link ${describeLink(edge)}`, edits: [edit], kind: 'structure' });
      if (repairs.length === 4) break;
    }
    return repairs;
  },
};


/** `` `a causes b` `` or `` `b requires a` ``, as written. */
function describeLink(edge: CausalEdge): string {
  return edge.kind === 'causes'
    ? `\`${edge.from.name} causes ${edge.to.name}\``
    : `\`${edge.to.name} requires ${edge.from.name}\``;
}

/** Removes the edge's name from the item of its holder that lists it. */
function removeLink(project: Project, edge: CausalEdge): TextEdit | undefined {
  if (edge.holder.decl.kind !== 'event') return undefined;
  for (const item of edge.holder.decl.items) {
    if (item.kind === 'requires' && item.alternatives.includes(edge.name)) return removeListName(project, edge.holder.file, item, edge.name);
    if (item.kind === 'causes' && item.names.includes(edge.name)) return removeListName(project, edge.holder.file, item, edge.name);
  }
  return undefined;
}
