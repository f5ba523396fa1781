/**
 * W406 (information): an event at or above the story's `limits { warn N }`
 * carries no `warning "…"`. Does nothing without a story header or without
 * `warn`. Intensities outside 0..10 are E007 and are not checked again here.
 *
 * Repair: add `warning "Content warning"`, a placeholder for the writer to edit.
 */
import { throwIfCancelled } from '../../cancellation.js';
import { addBeatItem, formatNumber } from '../../edits.js';
import type { BeatSymbol } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { eachBeat } from '../each-beat.js';
import { hasWarning, intensityOf, storyLimit, type BeatIntensity } from './intensity.js';

/** The placeholder text of an added warning. */
export const PLACEHOLDER_WARNING = 'Content warning';

/** W406 on `beats`. */
function judge(context: CheckContext<BeatIntensity>, beats: readonly BeatSymbol[]): void {
  const limit = storyLimit(context.project, 'warn');
  if (!limit) return;
  const { value: warn, related } = limit;
  for (const beat of beats) {
    throwIfCancelled(context.token);
    const intensity = intensityOf(beat);
    if (!intensity || intensity.value < warn || hasWarning(beat)) continue;
    context.report({
      code: 'W406',
      subject: { kind: 'beatItem', beat: beat.name, item: 'intensity' },
      message: `\`${beat.name}\` has intensity ${formatNumber(intensity.value)} (the story asks for a warning from \`warn ${formatNumber(warn)}\`) but no content \`warning\``,
      file: beat.file,
      span: intensity.item.span,
      related,
      anchor: intensity,
    });
  }
}

export const w406: Check<BeatIntensity> = {
  codes: ['W406'],
  reads: ['intensity', 'warning'],
  ...eachBeat(judge),

  repairs(_conflict, { project, anchor: intensity }): Repair[] {
    if (!intensity) return [];
    return [{
      title: `Add a content warning to \`${intensity.beat.name}\``,
      edits: [addBeatItem(project, intensity.beat, `warning "${PLACEHOLDER_WARNING}"`)],
      kind: 'label',
    }];
  },
};
