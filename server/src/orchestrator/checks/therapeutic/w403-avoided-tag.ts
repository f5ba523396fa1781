/**
 * W403: an event's `tags` include a tag the story `avoid`s. Does nothing
 * without a story header (no `avoid` list).
 *
 * Repair: remove the tag.
 */
import type { EventDecl } from '@nao/grammar';
import type { Diagnostic } from '../../diagnostics.js';
import type { Check, CheckContext, Repair, RepairContext } from '../check.js';
import { removeListName } from '../../edits.js';
import { eventHolding, sameSpan } from '../theme/text-edits.js';

export const W403_AVOIDED_TAG: Check = {
  codes: ['W403'],

  run(context: CheckContext): void {
    const story = context.project.story;
    if (!story || story.avoid.size === 0) return;
    for (const beat of context.project.beats) {
      if (beat.decl.kind !== 'event') continue;
      for (const item of (beat.decl as EventDecl).items) {
        if (item.kind !== 'tags') continue;
        for (const name of item.names) {
          const avoided = story.avoid.get(name.text);
          if (!avoided) continue;
          context.report({
            code: 'W403',
            message: `\`${beat.name}\` is tagged \`${name.text}\`, which the story avoids`,
            file: beat.file,
            span: name.span,
            related: [{ file: story.file, span: avoided.span, message: `the story avoids \`${name.text}\`` }],
          });
        }
      }
    }
  },

  repairs(conflict: Diagnostic, context: RepairContext): Repair[] {
    const { project } = context;
    const beat = eventHolding(project, conflict.file, conflict.span);
    if (!beat) return [];
    for (const item of (beat.decl as EventDecl).items) {
      if (item.kind !== 'tags') continue;
      const index = item.names.findIndex((n) => sameSpan(n.span, conflict.span));
      if (index < 0) continue;
      return [{
        title: `Remove the tag \`${item.names[index]!.text}\` from \`${beat.name}\``,
        edits: [removeListName(project, beat.file, item, item.names[index]!)],
      }];
    }
    return [];
  },
};
