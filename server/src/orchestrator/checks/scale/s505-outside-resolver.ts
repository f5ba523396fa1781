/** S505: `resolves a` from a beat outside arc a. */
import { addBeatItem, removeListName } from '../../edits.js';
import type { Check } from '../check.js';

export const s505: Check = {
  codes: ['S505'],
  run({ project, scales, report }) {
    for (const arc of project.arcs) {
      for (const resolver of scales.resolversOf(arc)) {
        if (scales.contains(arc, resolver.beat)) continue;
        report({
          code: 'S505',
          message: `\`${resolver.beat.name}\` resolves the arc \`${arc.name}\` from outside it; an arc is resolved by one of its own beats`,
          file: resolver.beat.file,
          span: resolver.name.span,
          related: [{ file: arc.file, span: arc.nameSpan, message: `the arc \`${arc.name}\`` }],
        });
      }
    }
  },
  repairs(conflict, { project, scales, paths }) {
    const beat = project.beats.find((b) => b.decl.kind === 'event' && b.file === conflict.file &&
      b.decl.span.start <= conflict.span.start && conflict.span.end <= b.decl.span.end);
    if (!beat || beat.decl.kind !== 'event') return [];
    const item = beat.decl.items.find((i) => i.kind === 'resolves' && i.names.some((n) => n.span.start === conflict.span.start));
    if (!item || item.kind !== 'resolves') return [];
    const name = item.names.find((n) => n.span.start === conflict.span.start)!;
    const arc = project.nodes.get(name.text);
    const repairs = [{ title: `Remove \`resolves ${name.text}\` from \`${beat.name}\``, edits: [removeListName(project, beat.file, item, name)] }];
    if (arc?.kind === 'arc') {
      const through = arc.option ? [arc.option] : [];
      const last = [...arc.beats].filter((b) => b.decl.kind === 'event' && b.arc === arc && !Number.isNaN(b.time) && paths.isForcedBy(b, through))
        .sort((a, b) => b.time - a.time)[0];
      if (last && !scales.resolversOf(arc).some((r) => r.beat === last)) {
        repairs.push({
          title: `Resolve \`${arc.name}\` in its own last beat \`${last.name}\` instead`,
          edits: [removeListName(project, beat.file, item, name), addBeatItem(project, last, `resolves ${arc.name}`)],
        });
      }
    }
    return repairs;
  },
};
