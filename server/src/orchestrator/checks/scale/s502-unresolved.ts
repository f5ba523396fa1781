/** S502: a meso or macro arc is not resolved on some path that reaches it. */
import { formatPath } from '../../diagnostics.js';
import { freshName, insertIntoArc, formatTime, addBeatItem } from '../../edits.js';
import type { Check } from '../check.js';

export const s502: Check = {
  codes: ['S502'],
  run({ project, scales, report, token }) {
    for (const arc of project.arcs) {
      if (token.isCancellationRequested) return;
      if (arc.scale === 'micro') continue;
      const status = scales.status(arc);
      if (status.kind === 'resolved') continue;
      const where = status.path.length > 0 ? ` on path ${formatPath(status.path)}` : '';
      const resolvers = scales.resolversOf(arc);
      report({
        code: 'S502',
        message: resolvers.length === 0
          ? `the ${arc.scale} arc \`${arc.name}\` is never resolved: no beat \`resolves ${arc.name}\``
          : `the ${arc.scale} arc \`${arc.name}\` is not resolved${where}`,
        file: arc.file,
        span: arc.nameSpan,
        related: resolvers.map((r) => ({ file: r.beat.file, span: r.name.span, message: `\`${r.beat.name}\` resolves it only on some paths` })),
        path: status.path,
      });
    }
  },
  repairs(conflict, { project, paths }) {
    const arc = project.arcs.find((a) => a.file === conflict.file && a.nameSpan.start === conflict.span.start);
    if (!arc) return [];
    const timed = arc.beats.filter((b) => !Number.isNaN(b.time));
    const last = timed.reduce((latest, b) => (latest === undefined || b.time > latest.time ? b : latest), undefined as (typeof timed)[number] | undefined);
    const repairs = [];
    // Resolve from the arc's last beat when that beat is on every path through the arc.
    const throughArc = arc.option ? [arc.option] : [];
    const closing = [...timed].sort((a, b) => b.time - a.time)
      .find((b) => b.decl.kind === 'event' && b.arc === arc && paths.isForcedBy(b, throughArc));
    if (closing) {
      repairs.push({
        title: `Resolve \`${arc.name}\` in its last beat \`${closing.name}\``,
        edits: [addBeatItem(project, closing, `resolves ${arc.name}`)],
      });
    }
    const time = last ? last.time + 1 : 1;
    const name = freshName(project, `${arc.name}_resolved`);
    const insert = insertIntoArc(project, arc, `event ${name} @${formatTime(time)} { resolves ${arc.name} }`);
    if (insert) repairs.push({ title: `Add a beat resolving \`${arc.name}\` at the end of the arc (@${formatTime(time)})`, edits: [insert] });
    return repairs;
  },
};
