/** S506: a micro beat causes a macro beat directly, skipping the meso scale. */
import { throwIfCancelled } from '../../cancellation.js';
import { formatNumber, freshName, insertIntoArc, timeBetween } from '../../edits.js';
import type { CausalEdge } from '../../graph.js';
import { heldEdges } from '../../held-edges.js';
import type { ArcSymbol } from '../../project.js';
import type { Check, CheckContext } from '../check.js';
import { LINK_ASPECTS } from '../temporal/shared.js';

function checkEdge(context: CheckContext<CausalEdge>, edge: CausalEdge): void {
  if (edge.kind !== 'causes' || edge.from.scale !== 'micro' || edge.to.scale !== 'macro') return;
  context.report({
    code: 'S506',
    subject: { kind: 'beatItem', beat: edge.from.name, item: 'causes', name: edge.to.name },
    message: `the micro beat \`${edge.from.name}\` causes the macro beat \`${edge.to.name}\` directly, skipping the meso scale; ` +
      'bridge them with a meso beat',
    file: edge.holder.file,
    span: edge.name.span,
    related: [{ file: edge.to.file, span: edge.to.nameSpan, message: `\`${edge.to.name}\` is a macro beat` }],
    anchor: edge,
  });
}

export const s506: Check<CausalEdge> = {
  codes: ['S506'],
  // A leap reads the scales of a `causes` link's two ends, not their times.
  reads: ['causes'],
  run(context) {
    for (const edge of context.graph.edges) {
      throwIfCancelled(context.token);
      checkEdge(context, edge);
    }
  },
  incremental: {
    aspects: LINK_ASPECTS,
    run(context, changes) {
      for (const holder of changes.beats(['causes'])) {
        throwIfCancelled(context.token);
        for (const edge of heldEdges(context.project, holder)) checkEdge(context, edge);
      }
    },
  },
  repairs(_conflict, { project, anchor: edge }) {
    if (!edge) return [];
    // A bridging beat in the nearest meso arc around the cause, between the two times.
    let meso: ArcSymbol | undefined = edge.from.arc;
    while (meso && meso.scale !== 'meso') meso = meso.parent;
    if (!meso || !(edge.from.time < edge.to.time)) return [];
    const time = timeBetween(edge.from.time, edge.to.time);
    const name = freshName(project, `${edge.from.name}_to_${edge.to.name}`);
    const insert = insertIntoArc(project, meso, `event ${name} @${formatNumber(time)} { causes ${edge.to.name} }`);
    if (!insert) return [];
    return [{
      title: `Bridge through a new meso beat \`${name}\` (@${formatNumber(time)}) in \`${meso.name}\``,
      edits: [{ file: edge.holder.file, span: edge.name.span, newText: name }, insert],
      kind: 'structure',
    }];
  },
};
