/** S501: an arc is nested inside an arc of smaller scale (macro ⊃ meso ⊃ micro). */
import type { ArcSymbol } from '../../project.js';
import { SCALE_RANK } from '../../scales.js';
import type { Check } from '../check.js';

export const s501: Check = {
  codes: ['S501'],
  run({ project, report }) {
    for (const arc of project.arcs) {
      const parent = arc.parent;
      if (!parent || !arc.decl.scale || !parent.decl.scale) continue;
      if (SCALE_RANK[arc.scale] <= SCALE_RANK[parent.scale]) continue;
      report({
        code: 'S501',
        message: `the ${arc.scale} arc \`${arc.name}\` is nested inside the smaller ${parent.scale} arc \`${parent.name}\`; ` +
          'larger arcs hold smaller ones (macro ⊃ meso ⊃ micro)',
        file: arc.file,
        span: arc.decl.scaleSpan ?? arc.nameSpan,
        related: [{ file: parent.file, span: parent.nameSpan, message: `\`${parent.name}\` is ${parent.scale}` }],
      });
    }
  },
  repairs(conflict, { project }) {
    const arc = project.arcs.find((a) => a.file === conflict.file && a.decl.scaleSpan?.start === conflict.span.start);
    const parent: ArcSymbol | undefined = arc?.parent;
    if (!arc?.decl.scaleSpan || !parent?.decl.scaleSpan) return [];
    return [
      {
        title: `Make \`${arc.name}\` ${parent.scale} like the arc around it`,
        edits: [{ file: arc.file, span: arc.decl.scaleSpan, newText: parent.scale }],
      },
      {
        title: `Make \`${parent.name}\` ${arc.scale} so that it can hold \`${arc.name}\``,
        edits: [{ file: parent.file, span: parent.decl.scaleSpan, newText: arc.scale }],
      },
    ];
  },
};
