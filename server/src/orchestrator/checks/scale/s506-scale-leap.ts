/** S506: a micro beat causes a macro beat directly, skipping the meso scale. */
import { formatTime, freshName, insertIntoArc, timeBetween } from '../../edits.js';
import type { ArcSymbol } from '../../project.js';
import type { Check } from '../check.js';

export const s506: Check = {
  codes: ['S506'],
  run({ graph, report }) {
    for (const edge of graph.edges) {
      if (edge.kind !== 'causes' || edge.from.scale !== 'micro' || edge.to.scale !== 'macro') continue;
      report({
        code: 'S506',
        message: `the micro beat \`${edge.from.name}\` causes the macro beat \`${edge.to.name}\` directly, skipping the meso scale; ` +
          'bridge them with a meso beat',
        file: edge.holder.file,
        span: edge.name.span,
        related: [{ file: edge.to.file, span: edge.to.nameSpan, message: `\`${edge.to.name}\` is a macro beat` }],
      });
    }
  },
  repairs(conflict, { project, graph }) {
    const edge = graph.edges.find((e) => e.kind === 'causes' && e.holder.file === conflict.file && e.name.span.start === conflict.span.start);
    if (!edge) return [];
    // A bridging beat in the nearest meso arc around the cause, between the two times.
    let meso: ArcSymbol | undefined = edge.from.arc;
    while (meso && meso.scale !== 'meso') meso = meso.parent;
    if (!meso || !(edge.from.time < edge.to.time)) return [];
    const time = timeBetween(edge.from.time, edge.to.time);
    const name = freshName(project, `${edge.from.name}_to_${edge.to.name}`);
    const insert = insertIntoArc(project, meso, `event ${name} @${formatTime(time)} { causes ${edge.to.name} }`);
    if (!insert) return [];
    return [{
      title: `Bridge through a new meso beat \`${name}\` (@${formatTime(time)}) in \`${meso.name}\``,
      edits: [{ file: edge.holder.file, span: edge.name.span, newText: name }, insert],
    }];
  },
};
