/**
 * T104: `a causes b`, but `a` and `b` are never on the same path: they sit in
 * different options of one choice, so no playthrough holds both and the link
 * can never take effect.
 *
 * Beats without a time and unresolved names are skipped like everywhere in
 * the temporal checks; a beat that causes itself is left to T103.
 */
import { removeListName } from '../../edits.js';
import type { Check, CheckContext } from '../check.js';
import { relatedBeat } from '../shared.js';
import { beatNamed, hasTime, separatingOptions, type ListLink } from './shared.js';
import { eachLink } from './each-link.js';

/** The full run's verdict on one causes link. */
function checkOne(context: CheckContext<ListLink>, link: ListLink): void {
  const { project, paths } = context;
  const { holder: cause, name } = link;
  const effect = beatNamed(project, name.text);
  if (!effect || effect === cause || !hasTime(cause) || !hasTime(effect)) return;
  if (paths.coPossible(cause, effect)) return;
  const apart = separatingOptions(cause, effect);
  const why = apart
    ? `: \`${cause.name}\` is only in option \`${apart.forA.qualifiedName}\` and \`${effect.name}\` only in option \`${apart.forB.qualifiedName}\``
    : '';
  context.report({
    code: 'T104',
    subject: { kind: 'beatItem', beat: cause.name, item: 'causes', name: name.text },
    message: `\`${cause.name}\` causes \`${effect.name}\`, but the two never happen in the same playthrough${why}`,
    file: cause.file,
    span: name.span,
    related: [relatedBeat(effect, apart
      ? `\`${effect.name}\` happens only when \`${apart.forB.qualifiedName}\` is chosen`
      : `\`${effect.name}\` is declared here`)],
    anchor: link,
  });
}

export const t104: Check<ListLink> = {
  codes: ['T104'],
  // A `causes` link's two ends, their times and the paths (which no link shapes).
  reads: ['causes', 'order'],

  ...eachLink('causes', checkOne),

  repairs(_conflict, { project, anchor: link }) {
    if (!link) return [];
    return [{
      title: `Remove the link \`${link.holder.name} causes ${link.name.text}\``,
      edits: [removeListName(project, link.holder.file, link.item, link.name)],
      kind: 'structure',
    }];
  },
};
