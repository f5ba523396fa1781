/** S503: a beat of an arc comes after the arc was resolved, on some path. */
import { throwIfCancelled } from '../../cancellation.js';
import { setTime, timeJustBefore } from '../../edits.js';
import type { BeatSymbol } from '../../project.js';
import type { Check } from '../check.js';
import { onPathSuffix } from '../shared.js';

/** What S503's repair needs: the late beat and the beat that resolved its arc before it. */
interface AfterResolution {
  readonly beat: BeatSymbol;
  readonly resolver: BeatSymbol;
}

export const s503: Check<AfterResolution> = {
  codes: ['S503'],
  reads: ['resolves', 'order'],
  run(context) {
    const { project, paths, scales } = context;
    for (const arc of project.arcs) {
      throwIfCancelled(context.token);
      const resolvers = scales.resolversOf(arc).filter((r) => !Number.isNaN(r.beat.time));
      if (resolvers.length === 0) continue;
      const earliestResolution = Math.min(...resolvers.map((r) => r.beat.time));
      for (const beat of arc.beats) {
        if (!(beat.time > earliestResolution)) continue;
        // The latest resolver before the beat that shares a path with it.
        let witness: { resolver: BeatSymbol; path: ReturnType<typeof paths.findPath> } | undefined;
        for (const r of resolvers) {
          if (r.beat === beat || !(r.beat.time < beat.time)) continue;
          if (witness && witness.resolver.time >= r.beat.time) continue;
          const path = paths.findPath([r.beat, beat]);
          if (path) witness = { resolver: r.beat, path };
        }
        if (!witness?.path) continue;
        const where = onPathSuffix(witness.path);
        context.report({
          code: 'S503',
          subject: { kind: 'beatInArc', beat: beat.name, arc: arc.name },
          message: `\`${beat.name}\` (@${beat.time}) belongs to the arc \`${arc.name}\`, which \`${witness.resolver.name}\` already resolved at @${witness.resolver.time}${where}`,
          file: beat.file,
          span: beat.decl.time?.span ?? beat.nameSpan,
          related: [{ file: witness.resolver.file, span: witness.resolver.nameSpan, message: `\`${arc.name}\` is resolved here` }],
          path: witness.path,
          anchor: { beat, resolver: witness.resolver },
        });
      }
    }
  },
  repairs(_conflict, { project, anchor }) {
    if (!anchor) return [];
    const { beat, resolver } = anchor;
    const time = timeJustBefore(project, resolver.time);
    const edit = setTime(beat, time);
    return edit ? [{ title: `Move \`${beat.name}\` before the resolution (@${time})`, edits: [edit], kind: 'structure' }] : [];
  },
};
