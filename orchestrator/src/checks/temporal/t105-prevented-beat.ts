/**
 * T105: `a prevents b`, yet some path holds `a` and, strictly later, `b`.
 * The witness is any path holding both (`findPath([a, b])`); a `b` at the same
 * time as `a` or earlier is not "after" and is fine.
 */
import { formatNumber, removeListName, setTime, timeJustAfter, timeJustBefore } from '../../edits.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { onPath, relatedBeat } from '../shared.js';
import { at, beatNamed, hasTime, type ListLink } from './shared.js';
import { eachLink } from './each-link.js';

/** The full run's verdict on one prevents link. */
function checkOne(context: CheckContext<ListLink>, link: ListLink): void {
  const { project, paths } = context;
  const { holder: preventer, name } = link;
  const prevented = beatNamed(project, name.text);
  if (!prevented || prevented === preventer || !hasTime(preventer) || !hasTime(prevented)) return;
  if (!(preventer.time < prevented.time)) return;
  const witness = paths.findPath([preventer, prevented]);
  if (!witness) return;
  context.report({
    code: 'T105',
    subject: { kind: 'beatItem', beat: preventer.name, item: 'prevents', name: name.text },
    message: `\`${preventer.name}\` (${at(preventer)}) prevents \`${prevented.name}\`, yet \`${prevented.name}\` happens after it (${at(prevented)}) ${onPath(witness)}`,
    file: preventer.file,
    span: name.span,
    related: [relatedBeat(prevented, `\`${prevented.name}\` is at ${at(prevented)}`)],
    path: witness,
    anchor: link,
  });
}

export const t105: Check<ListLink> = {
  codes: ['T105'],
  // A `prevents` link's two ends, their times and the paths (which no link shapes).
  reads: ['prevents', 'order'],

  ...eachLink('prevents', checkOne),

  repairs(_conflict, { project, anchor: link }) {
    if (!link) return [];
    const preventer = link.holder;
    const prevented = beatNamed(project, link.name.text);
    const repairs: Repair[] = [];
    if (prevented && hasTime(preventer) && hasTime(prevented)) {
      const before = timeJustBefore(project, preventer.time);
      const movePrevented = setTime(prevented, before);
      if (movePrevented) {
        repairs.push({ title: `Move \`${prevented.name}\` before \`${preventer.name}\` (@${formatNumber(before)})`, edits: [movePrevented], kind: 'structure' });
      }
      const after = timeJustAfter(project, prevented.time);
      const movePreventer = setTime(preventer, after);
      if (movePreventer) {
        repairs.push({ title: `Move \`${preventer.name}\` after \`${prevented.name}\` (@${formatNumber(after)})`, edits: [movePreventer], kind: 'structure' });
      }
    }
    repairs.push({
      title: `Remove the link \`${preventer.name} prevents ${link.name.text}\``,
      edits: [removeListName(project, preventer.file, link.item, link.name)],
      kind: 'structure',
    });
    return repairs;
  },
};
