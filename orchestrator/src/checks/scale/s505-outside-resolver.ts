/** S505: `resolves a` from a beat outside arc a. */
import { throwIfCancelled } from '../../cancellation.js';
import { addBeatItem, removeListName } from '../../edits.js';
import { compareByTime } from '../../paths.js';
import type { ArcSymbol } from '../../project.js';
import type { Resolver } from '../../scales.js';
import type { Check, Repair } from '../check.js';

/** What S505's repairs need: the arc and the `resolves` name outside it. */
interface OutsideResolver {
  readonly arc: ArcSymbol;
  readonly resolver: Resolver;
}

export const s505: Check<OutsideResolver> = {
  codes: ['S505'],
  // Where the resolver sits, not when.
  reads: ['resolves'],
  run(context) {
    const { project, scales } = context;
    for (const arc of project.arcs) {
      throwIfCancelled(context.token);
      for (const resolver of scales.resolversOf(arc)) {
        if (scales.contains(arc, resolver.beat)) continue;
        context.report({
          code: 'S505',
          subject: { kind: 'beatItem', beat: resolver.beat.name, item: 'resolves', name: arc.name },
          message: `\`${resolver.beat.name}\` resolves the arc \`${arc.name}\` from outside it; an arc is resolved by one of its own beats`,
          file: resolver.beat.file,
          span: resolver.name.span,
          related: [{ file: arc.file, span: arc.nameSpan, message: `the arc \`${arc.name}\`` }],
          anchor: { arc, resolver },
        });
      }
    }
  },
  repairs(_conflict, { project, scales, paths, anchor }) {
    if (!anchor) return [];
    const { arc, resolver: { beat, name } } = anchor;
    if (beat.decl.kind !== 'event') return [];
    const item = beat.decl.items.find((i) => i.kind === 'resolves' && i.names.includes(name));
    if (!item || item.kind !== 'resolves') return [];
    const repairs: Repair[] = [{ title: `Remove \`resolves ${name.text}\` from \`${beat.name}\``, edits: [removeListName(project, beat.file, item, name)], kind: 'structure' }];
    const through = arc.option ? [arc.option] : [];
    const last = [...arc.beats].filter((b) => b.decl.kind === 'event' && b.arc === arc && !Number.isNaN(b.time) && paths.isForcedBy(b, through))
      .sort((a, b) => compareByTime(b, a))[0];
    if (last && !scales.resolversOf(arc).some((r) => r.beat === last)) {
      repairs.push({
        title: `Resolve \`${arc.name}\` in its own last beat \`${last.name}\` instead`,
        edits: [removeListName(project, beat.file, item, name), addBeatItem(project, last, `resolves ${arc.name}`)],
        kind: 'structure',
      });
    }
    return repairs;
  },
};
