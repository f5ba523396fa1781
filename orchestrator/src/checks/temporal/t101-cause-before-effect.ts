/**
 * T101: `a causes b`, but `a` is not strictly before `b`. Simultaneous beats
 * (equal times) do not count as "before": a cause must come first.
 *
 * A beat that causes itself is left to T103 (it is a cycle of one link), and
 * the rule holds whether or not the two beats can share a path (T104 says so
 * separately).
 */
import { formatNumber, removeListName, setTime, timeJustAfter, timeJustBefore } from '../../edits.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { relatedBeat } from '../shared.js';
import { at, beatNamed, hasTime, type ListLink } from './shared.js';
import { eachLink } from './each-link.js';

/** The full run's verdict on one causes link. */
function checkOne(context: CheckContext<ListLink>, link: ListLink): void {
  const { project } = context;
  const { holder: cause, name } = link;
  const effect = beatNamed(project, name.text);
  if (!effect || effect === cause || !hasTime(cause) || !hasTime(effect)) return;
  if (cause.time < effect.time) return;
  const how = cause.time === effect.time
    ? `at the same time as \`${cause.name}\` (${at(cause)}), not after it`
    : `at ${at(effect)}, before \`${cause.name}\` (${at(cause)})`;
  context.report({
    code: 'T101',
    subject: { kind: 'beatItem', beat: cause.name, item: 'causes', name: name.text },
    message: `\`${cause.name}\` causes \`${effect.name}\`, but \`${effect.name}\` happens ${how}: a cause must come strictly before its effect`,
    file: cause.file,
    span: name.span,
    related: [relatedBeat(effect, `\`${effect.name}\` is at ${at(effect)}`)],
    anchor: link,
  });
}

export const t101: Check<ListLink> = {
  codes: ['T101'],
  // A `causes` link's two ends and their times (no other link enters a verdict).
  reads: ['causes', 'order'],

  ...eachLink('causes', checkOne),

  repairs(_conflict, { project, anchor: link }) {
    if (!link) return [];
    const cause = link.holder;
    const effect = beatNamed(project, link.name.text);
    const repairs: Repair[] = [];
    if (effect && hasTime(cause) && hasTime(effect)) {
      const after = timeJustAfter(project, cause.time);
      const moveEffect = setTime(effect, after);
      if (moveEffect) {
        repairs.push({ title: `Move \`${effect.name}\` after \`${cause.name}\` (@${formatNumber(after)})`, edits: [moveEffect], kind: 'structure' });
      }
      const before = timeJustBefore(project, effect.time);
      const moveCause = setTime(cause, before);
      if (moveCause) {
        repairs.push({ title: `Move \`${cause.name}\` before \`${effect.name}\` (@${formatNumber(before)})`, edits: [moveCause], kind: 'structure' });
      }
    }
    repairs.push({
      title: `Remove the link \`${cause.name} causes ${link.name.text}\``,
      edits: [removeListName(project, cause.file, link.item, link.name)],
      kind: 'structure',
    });
    return repairs;
  },
};
