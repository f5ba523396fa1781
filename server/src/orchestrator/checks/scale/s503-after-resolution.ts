/** S503: a beat of an arc comes after the arc was resolved, on some path. */
import { formatPath } from '../../diagnostics.js';
import { setTime, timeJustBefore } from '../../edits.js';
import type { BeatSymbol } from '../../project.js';
import type { Check } from '../check.js';

export const s503: Check = {
  codes: ['S503'],
  run({ project, paths, scales, report, token }) {
    for (const arc of project.arcs) {
      if (token.isCancellationRequested) return;
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
        const where = witness.path.length > 0 ? ` on path ${formatPath(witness.path)}` : '';
        report({
          code: 'S503',
          message: `\`${beat.name}\` (@${beat.time}) belongs to the arc \`${arc.name}\`, which \`${witness.resolver.name}\` already resolved at @${witness.resolver.time}${where}`,
          file: beat.file,
          span: beat.decl.time?.span ?? beat.nameSpan,
          related: [{ file: witness.resolver.file, span: witness.resolver.nameSpan, message: `\`${arc.name}\` is resolved here` }],
          path: witness.path,
        });
      }
    }
  },
  repairs(conflict, { project }) {
    const beat = project.beats.find((b) => b.file === conflict.file && b.decl.time?.span.start === conflict.span.start);
    const resolverName = conflict.related[0] && project.beats.find((b) => b.file === conflict.related[0]!.file && b.nameSpan.start === conflict.related[0]!.span.start);
    if (!beat || !resolverName) return [];
    const time = timeJustBefore(project, resolverName.time);
    const edit = setTime(beat, time);
    return edit ? [{ title: `Move \`${beat.name}\` before the resolution (@${time})`, edits: [edit] }] : [];
  },
};
