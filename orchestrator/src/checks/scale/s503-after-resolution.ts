/** S503: a beat of an arc comes after the arc was resolved, on some path. */
import { throwIfCancelled } from '../../cancellation.js';
import { setTime, timeJustBefore } from '../../edits.js';
import type { ArcSymbol, BeatSymbol } from '../../project.js';
import { forEachResolvedName } from '../../changes.js';
import type { Resolver } from '../../scales.js';
import type { Check, CheckContext } from '../check.js';
import { onPathSuffix } from '../shared.js';

/** What S503's repair needs: the late beat and the beat that resolved its arc before it. */
interface AfterResolution {
  readonly beat: BeatSymbol;
  readonly resolver: BeatSymbol;
}

/** S503 on one arc, given the beats that resolve it. */
function judgeArc(context: CheckContext<AfterResolution>, arc: ArcSymbol, resolving: readonly Resolver[]): void {
  const { paths } = context;
  const resolvers = resolving.map((r) => r.beat).filter((beat) => !Number.isNaN(beat.time));
  if (resolvers.length === 0) return;
  const earliestResolution = Math.min(...resolvers.map((r) => r.time));
  for (const beat of arc.beats) {
    if (!(beat.time > earliestResolution)) continue;
    // The latest resolver before the beat that shares a path with it.
    let witness: { resolver: BeatSymbol; path: ReturnType<typeof paths.findPath> } | undefined;
    for (const r of resolvers) {
      if (r === beat || !(r.time < beat.time)) continue;
      if (witness && witness.resolver.time >= r.time) continue;
      const path = paths.findPath([r, beat]);
      if (path) witness = { resolver: r, path };
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

export const s503: Check<AfterResolution> = {
  codes: ['S503'],
  reads: ['resolves', 'order'],
  run(context) {
    const { project, scales } = context;
    for (const arc of project.arcs) {
      throwIfCancelled(context.token);
      judgeArc(context, arc, scales.resolversOf(arc));
    }
  },
  incremental: {
    aspects: ['resolves', 'order'],
    run(context, changes) {
      // An arc's verdicts read its beats' times and its resolvers': the arcs around a beat that moved or whose
      // `resolves` changed, and the arcs those name, before or after the edit, are judged again.
      const { project, scales } = context;
      const arcs = new Set<ArcSymbol>();
      const names = new Set<string>();
      for (const beat of changes.touched(['resolves'])) {
        for (let arc = beat.arc; arc; arc = arc.parent) arcs.add(arc);
        forEachResolvedName(beat, (name) => names.add(name.text));
        forEachResolvedName(changes.before(beat), (name) => names.add(name.text));
      }
      for (const name of names) {
        const node = project.nodes.get(name);
        if (node?.kind === 'arc') arcs.add(node);
      }
      if (arcs.size === 0) return;
      for (const arc of project.arcs) {
        throwIfCancelled(context.token);
        if (arcs.has(arc)) judgeArc(context, arc, scales.resolversOfOne(arc));
      }
    },
  },
  repairs(_conflict, { project, anchor }) {
    if (!anchor) return [];
    const { beat, resolver } = anchor;
    const time = timeJustBefore(project, resolver.time);
    const edit = setTime(beat, time);
    return edit ? [{ title: `Move \`${beat.name}\` before the resolution (@${time})`, edits: [edit], kind: 'structure' }] : [];
  },
};
