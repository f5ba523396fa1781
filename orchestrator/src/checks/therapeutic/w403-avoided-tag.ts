/**
 * W403: an event's `tags` include a tag the story `avoid`s. Does nothing
 * without a story header (no `avoid` list).
 *
 * Repair: remove the tag.
 */
import type { EventDecl, Name } from '@nao/grammar';
import { throwIfCancelled } from '../../cancellation.js';
import { removeListName, type NameListItem } from '../../edits.js';
import type { BeatSymbol } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { eachBeat } from '../each-beat.js';

/** The avoided tag W403 is about, with its item and beat. */
interface AvoidedTag {
  readonly beat: BeatSymbol;
  readonly item: NameListItem;
  readonly name: Name;
}

/** W403 on `beats`. */
function judge(context: CheckContext<AvoidedTag>, beats: readonly BeatSymbol[]): void {
  const story = context.project.story;
  if (!story || story.avoid.size === 0) return;
  for (const beat of beats) {
    throwIfCancelled(context.token);
    if (beat.decl.kind !== 'event') continue;
    for (const item of (beat.decl as EventDecl).items) {
      if (item.kind !== 'tags') continue;
      for (const name of item.names) {
        const avoided = story.avoid.get(name.text);
        if (!avoided) continue;
        context.report({
          code: 'W403',
          subject: { kind: 'beatItem', beat: beat.name, item: 'tags', name: name.text },
          message: `\`${beat.name}\` is tagged \`${name.text}\`, which the story avoids`,
          file: beat.file,
          span: name.span,
          related: [{ file: story.file, span: avoided.span, message: `the story avoids \`${name.text}\`` }],
          anchor: { beat, item, name },
        });
      }
    }
  }
}

export const w403: Check<AvoidedTag> = {
  codes: ['W403'],
  reads: ['tags'],
  ...eachBeat(judge),

  repairs(_conflict, { project, anchor }): Repair[] {
    if (!anchor) return [];
    const { beat, item, name } = anchor;
    return [{
      title: `Remove the tag \`${name.text}\` from \`${beat.name}\``,
      edits: [removeListName(project, beat.file, item, name)],
      kind: 'label',
    }];
  },
};
