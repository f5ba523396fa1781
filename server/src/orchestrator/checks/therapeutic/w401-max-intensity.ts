/**
 * W401: an event's intensity is above the story's `limits { max N }`.
 * Does nothing without a story header or without `max`. Intensities outside
 * 0..10 are E007 and are not checked again here.
 *
 * Repair: lower the intensity to the limit.
 */
import type { Diagnostic, RelatedLocation } from '../../diagnostics.js';
import type { Check, CheckContext, Repair, RepairContext } from '../check.js';
import { formatTime as formatNumber } from '../../edits.js';
import { intensityAt, intensityOf } from './intensity.js';

export const W401_MAX_INTENSITY: Check = {
  codes: ['W401'],

  run(context: CheckContext): void {
    const story = context.project.story;
    const max = story?.limits.max;
    if (!story || max === undefined) return;
    const limitSpan = story.limitSpans.get('max');
    const related: RelatedLocation[] = limitSpan ? [{ file: story.file, span: limitSpan, message: `the story's limit \`max ${formatNumber(max)}\`` }] : [];
    for (const beat of context.project.beats) {
      const intensity = intensityOf(beat);
      if (!intensity || intensity.value <= max) continue;
      context.report({
        code: 'W401',
        message: `\`${beat.name}\` has intensity ${formatNumber(intensity.value)}, above the story's limit \`max ${formatNumber(max)}\``,
        file: beat.file,
        span: intensity.item.span,
        related,
      });
    }
  },

  repairs(conflict: Diagnostic, context: RepairContext): Repair[] {
    const max = context.project.story?.limits.max;
    const intensity = intensityAt(context.project, conflict.file, conflict.span);
    if (max === undefined || !intensity?.item.value) return [];
    return [{
      title: `Lower the intensity of \`${intensity.beat.name}\` to ${formatNumber(max)}`,
      edits: [{ file: intensity.beat.file, span: intensity.item.value.span, newText: formatNumber(max) }],
    }];
  },
};
