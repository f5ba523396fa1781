/**
 * W404: after a peak (intensity at or above `limits { peak N }`), no calm
 * beat (at or below `limits { calm N }`) follows within the next `within`
 * beats (default 3) on some path, or the path ends first. Beats are those
 * that declare an intensity, by time and then document order
 * (intensity-paths.ts).
 *
 * One conflict per peak, at its `intensity` item, with the witness path and
 * the beats that follow it there as related locations. Does nothing without
 * a story header or without both `peak` and `calm`.
 *
 * Repairs: lower the peak's intensity below `peak`; insert a calming event
 * (`intensity <calm>`) right after the peak, in its block, at a time before
 * the next beat; lower the intensity of the beat that follows the peak on the
 * witness path to `calm`.
 */
import { throwIfCancelled } from '../../cancellation.js';
import type { Diagnostic, RelatedLocation } from '../../diagnostics.js';
import { formatTime, freshName, timeJustAfter } from '../../edits.js';
import type { Check, CheckContext, Repair, RepairContext } from '../check.js';
import { intensityAt } from './intensity.js';
import {
  formatNumber, insertAfter, intensityTimeline, onPath, relatedBeat, setIntensity, unrecoveredPeak, type UnrecoveredPeak,
} from './intensity-paths.js';

export const W404_RECOVERY: Check = {
  codes: ['W404'],

  run(context: CheckContext): void {
    const limits = context.project.story?.limits;
    if (!limits || limits.peak === undefined || limits.calm === undefined) return;
    const { peak, calm, within } = limits;
    const timeline = intensityTimeline(context.paths);
    for (const entry of timeline.beats) {
      if (entry.value < peak) continue;
      throwIfCancelled(context.token);
      const found = unrecoveredPeak(timeline, context.paths, entry, { calm, within });
      if (!found) continue;
      context.report({
        code: 'W404',
        message: describe(found, peak, calm, within),
        file: entry.beat.file,
        span: entry.item.span,
        related: found.following.map((next, i): RelatedLocation =>
          relatedBeat(next.beat, `${i === 0 ? 'next' : 'then'} \`${next.beat.name}\`, intensity ${formatNumber(next.value)} (not calm)`)),
        path: found.witness,
      });
    }
  },

  repairs(conflict: Diagnostic, context: RepairContext): Repair[] {
    const limits = context.project.story?.limits;
    const found = intensityAt(context.project, conflict.file, conflict.span);
    if (!limits || limits.peak === undefined || limits.calm === undefined || !found) return [];
    const { peak, calm, within } = limits;
    const timeline = intensityTimeline(context.paths);
    const entry = timeline.of(found.beat);
    if (!entry) return [];
    const p = entry.beat;
    const repairs: Repair[] = [];

    // Below the peak: the next whole number under it.
    const below = Math.ceil(peak) - 1;
    const lower = below >= 0 ? setIntensity(p, entry.item, below) : undefined;
    if (lower) repairs.push({ title: `Lower the intensity of \`${p.name}\` to ${formatNumber(below)}, below the peak ${formatNumber(peak)}`, edits: [lower] });

    const name = freshName(context.project, `${p.name}_calm`);
    const time = timeJustAfter(context.project, p.time);
    repairs.push({
      title: `Add a calming beat \`${name}\` (intensity ${formatNumber(calm)}) right after \`${p.name}\``,
      edits: [insertAfter(context.project, p, `event ${name} @${formatTime(time)} { intensity ${formatNumber(calm)} }`)],
    });

    const unrecovered = unrecoveredPeak(timeline, context.paths, entry, { calm, within });
    const next = unrecovered?.following[0];
    const soothe = next && setIntensity(next.beat, next.item, calm);
    if (next && soothe) {
      repairs.push({ title: `Lower the intensity of \`${next.beat.name}\` to ${formatNumber(calm)} (calm)`, edits: [soothe] });
    }
    return repairs;
  },
};

function describe(found: UnrecoveredPeak, peak: number, calm: number, within: number): string {
  const p = found.peak;
  const head = `\`${p.beat.name}\` is a peak (intensity ${formatNumber(p.value)}, at or above \`peak ${formatNumber(peak)}\`)`;
  const calmWords = `no calm beat (intensity ${formatNumber(calm)} or less)`;
  const list = found.following.map((next) => `\`${next.beat.name}\` (${formatNumber(next.value)})`).join(', ');
  const where = onPath(found.witness);
  if (!found.ended) {
    const beats = within === 1 ? 'the next beat' : `the next ${within} beats`;
    return `${head}, but ${calmWords} comes within ${beats} ${where}: ${list}`;
  }
  if (found.following.length === 0) return `${head}, but the story ends right after it ${where}, with ${calmWords}`;
  return `${head}, but the story ends ${where} after ${list}, with ${calmWords}`;
}
