/**
 * S502: a meso or macro arc is not resolved on some path that reaches it.
 *
 * Repairs: a new beat resolving the arc in an option of the failing path
 * inside the arc (path-local, preferred), at the time of the arc's last beat
 * so that no beat of the arc comes after it; resolve in the arc's last beat on
 * every path through it; a new resolving beat at the end of the arc. None for
 * an arc whose name is taken by an earlier declaration (E003).
 */
import { throwIfCancelled } from '../../cancellation.js';
import { addBeatItem, formatNumber, freshName, insertIntoArc, insertIntoOption, timeJustAfter } from '../../edits.js';
import { compareByTime } from '../../paths.js';
import type { ArcSymbol } from '../../project.js';
import type { Check, Repair } from '../check.js';
import { onPathSuffix, optionName, optionsOnPath } from '../shared.js';

export const s502: Check<ArcSymbol> = {
  codes: ['S502'],
  // Whether a path reaches the arc without a resolver does not depend on time (only the witness's order does).
  reads: ['resolves'],
  run(context) {
    const { project, scales } = context;
    for (const arc of project.arcs) {
      throwIfCancelled(context.token);
      if (arc.scale === 'micro') continue;
      const status = scales.status(arc);
      if (status.kind === 'resolved') continue;
      const where = onPathSuffix(status.path);
      const resolvers = scales.resolversOf(arc);
      context.report({
        code: 'S502',
        subject: { kind: 'arc', arc: arc.name },
        message: resolvers.length === 0
          ? `the ${arc.scale} arc \`${arc.name}\` is never resolved: no beat \`resolves ${arc.name}\``
          : `the ${arc.scale} arc \`${arc.name}\` is not resolved${where}`,
        file: arc.file,
        span: arc.nameSpan,
        related: resolvers.map((r) => ({ file: r.beat.file, span: r.name.span, message: `\`${r.beat.name}\` resolves it only on some paths` })),
        path: status.path,
        anchor: arc,
      });
    }
  },
  repairs(conflict, { project, paths, anchor: arc }) {
    // A second arc of the same name (E003): `resolves NAME` would resolve the first one, so no
    // repair can be written here; renaming it (E003's repair) comes first.
    if (!arc || project.nodes.get(arc.name) !== arc) return [];
    const timed = arc.beats.filter((b) => !Number.isNaN(b.time));
    const last = timed.reduce((latest, b) => (latest === undefined || b.time > latest.time ? b : latest), undefined as (typeof timed)[number] | undefined);
    const repairs: Repair[] = [];
    // Path-local: resolve in the option of the failing path that leaves the arc unresolved.
    const insideArc = (a: ArcSymbol | undefined): boolean => {
      for (let x = a; x; x = x.parent) if (x === arc) return true;
      return false;
    };
    for (const option of optionsOnPath(project, conflict.path)) {
      if (repairs.length >= 2 || !last) break;
      if (!insideArc(option.choice.arc) || Number.isNaN(option.choice.time)) continue;
      const time = last.time > option.choice.time ? last.time : timeJustAfter(project, option.choice.time);
      const name = freshName(project, `${arc.name}_resolved`);
      const edit = insertIntoOption(project, option, `event ${name} @${formatNumber(time)} { resolves ${arc.name} }`);
      if (!edit) continue;
      repairs.push({
        title: `Add a beat resolving \`${arc.name}\` in the option ${optionName(option)} (@${formatNumber(time)})`,
        edits: [edit],
        kind: 'path',
      });
    }
    // Resolve from the arc's last beat when that beat is on every path through the arc.
    const throughArc = arc.option ? [arc.option] : [];
    const closing = [...timed].sort((a, b) => compareByTime(b, a))
      .find((b) => b.decl.kind === 'event' && b.arc === arc && paths.isForcedBy(b, throughArc));
    if (closing) {
      repairs.push({
        title: `Resolve \`${arc.name}\` in its last beat \`${closing.name}\``,
        edits: [addBeatItem(project, closing, `resolves ${arc.name}`)],
        kind: 'structure',
      });
    }
    const time = last ? last.time + 1 : 1;
    const name = freshName(project, `${arc.name}_resolved`);
    const insert = insertIntoArc(project, arc, `event ${name} @${formatNumber(time)} { resolves ${arc.name} }`);
    if (insert) repairs.push({ title: `Add a beat resolving \`${arc.name}\` at the end of the arc (@${formatNumber(time)})`, edits: [insert], kind: 'structure' });
    return repairs;
  },
};
