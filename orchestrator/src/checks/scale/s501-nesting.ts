/** S501: an arc is nested inside an arc of smaller scale (macro ⊃ meso ⊃ micro). */
import { throwIfCancelled } from '../../cancellation.js';
import type { ArcSymbol } from '../../project.js';
import { SCALE_RANK } from '../../scales.js';
import type { Check } from '../check.js';

export const s501: Check<ArcSymbol> = {
  codes: ['S501'],
  reads: [],
  run(context) {
    const { project } = context;
    for (const arc of project.arcs) {
      throwIfCancelled(context.token);
      const parent = arc.parent;
      if (!parent || !arc.decl.scale || !parent.decl.scale) continue;
      if (SCALE_RANK[arc.scale] <= SCALE_RANK[parent.scale]) continue;
      context.report({
        code: 'S501',
        subject: { kind: 'arcItem', arc: arc.name, item: 'scale' },
        message: `the ${arc.scale} arc \`${arc.name}\` is nested inside the smaller ${parent.scale} arc \`${parent.name}\`; ` +
          'larger arcs hold smaller ones (macro ⊃ meso ⊃ micro)',
        file: arc.file,
        span: arc.decl.scaleSpan ?? arc.nameSpan,
        related: [{ file: parent.file, span: parent.nameSpan, message: `\`${parent.name}\` is ${parent.scale}` }],
        anchor: arc,
      });
    }
  },
  repairs(_conflict, { anchor: arc }) {
    const parent: ArcSymbol | undefined = arc?.parent;
    if (!arc?.decl.scaleSpan || !parent?.decl.scaleSpan) return [];
    return [
      {
        title: `Make \`${arc.name}\` ${parent.scale} like the arc around it`,
        edits: [{ file: arc.file, span: arc.decl.scaleSpan, newText: parent.scale }],
        kind: 'structure',
      },
      {
        title: `Make \`${parent.name}\` ${arc.scale} so that it can hold \`${arc.name}\``,
        edits: [{ file: parent.file, span: parent.decl.scaleSpan, newText: arc.scale }],
        kind: 'structure',
      },
    ];
  },
};
