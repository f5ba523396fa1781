/**
 * W406 (information): an event at or above the story's `limits { warn N }`
 * carries no `warning "…"`. Does nothing without a story header or without
 * `warn`. Intensities outside 0..10 are E007 and are not checked again here.
 *
 * Repair: add `warning "Content warning"`, a placeholder for the writer to edit.
 */
import type { Diagnostic, RelatedLocation } from '../../diagnostics.js';
import type { Check, CheckContext, Repair, RepairContext } from '../check.js';
import { addBeatItem, formatTime as formatNumber } from '../../edits.js';
import { hasWarning, intensityAt, intensityOf } from './intensity.js';

/** The placeholder text of an added warning. */
export const PLACEHOLDER_WARNING = 'Content warning';

export const W406_MISSING_WARNING: Check = {
  codes: ['W406'],

  run(context: CheckContext): void {
    const story = context.project.story;
    const warn = story?.limits.warn;
    if (!story || warn === undefined) return;
    const limitSpan = story.limitSpans.get('warn');
    const related: RelatedLocation[] = limitSpan ? [{ file: story.file, span: limitSpan, message: `the story's limit \`warn ${formatNumber(warn)}\`` }] : [];
    for (const beat of context.project.beats) {
      const intensity = intensityOf(beat);
      if (!intensity || intensity.value < warn || hasWarning(beat)) continue;
      context.report({
        code: 'W406',
        message: `\`${beat.name}\` has intensity ${formatNumber(intensity.value)} (the story asks for a warning from \`warn ${formatNumber(warn)}\`) but no content \`warning\``,
        file: beat.file,
        span: intensity.item.span,
        related,
      });
    }
  },

  repairs(conflict: Diagnostic, context: RepairContext): Repair[] {
    const intensity = intensityAt(context.project, conflict.file, conflict.span);
    if (!intensity) return [];
    return [{
      title: `Add a content warning to \`${intensity.beat.name}\``,
      edits: [addBeatItem(context.project, intensity.beat, `warning "${PLACEHOLDER_WARNING}"`)],
    }];
  },
};
