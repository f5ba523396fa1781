/**
 * W401: an event's intensity is above the story's `limits { max N }`.
 * Does nothing without a story header or without `max`. Intensities outside
 * 0..10 are E007 and are not checked again here.
 *
 * Repair: lower the intensity to the limit.
 */
import { throwIfCancelled } from '../../cancellation.js';
import { formatNumber } from '../../edits.js';
import type { BeatSymbol } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { eachBeat } from '../each-beat.js';
import { intensityOf, storyLimit, type BeatIntensity } from './intensity.js';

/** W401 on `beats`. */
function judge(context: CheckContext<BeatIntensity>, beats: readonly BeatSymbol[]): void {
  const limit = storyLimit(context.project, 'max');
  if (!limit) return;
  const { value: max, related } = limit;
  for (const beat of beats) {
    throwIfCancelled(context.token);
    const intensity = intensityOf(beat);
    if (!intensity || intensity.value <= max) continue;
    context.report({
      code: 'W401',
      subject: { kind: 'beatItem', beat: beat.name, item: 'intensity' },
      message: `\`${beat.name}\` has intensity ${formatNumber(intensity.value)}, above the story's limit \`max ${formatNumber(max)}\``,
      file: beat.file,
      span: intensity.item.span,
      related,
      anchor: intensity,
    });
  }
}

export const w401: Check<BeatIntensity> = {
  codes: ['W401'],
  reads: ['intensity'],
  ...eachBeat(judge),

  repairs(_conflict, { project, anchor: intensity }): Repair[] {
    const max = project.story?.limits.max;
    if (max === undefined || !intensity?.item.value) return [];
    return [{
      title: `Lower the intensity of \`${intensity.beat.name}\` to ${formatNumber(max)}`,
      edits: [{ file: intensity.beat.file, span: intensity.item.value.span, newText: formatNumber(max) }],
      kind: 'structure',
    }];
  },
};
