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
import type { RelatedLocation } from '../../diagnostics.js';
import { formatNumber, freshName, insertAfter, setIntensity, timeJustAfter } from '../../edits.js';
import type { Check, Repair } from '../check.js';
import { onPath, relatedBeat } from '../shared.js';
import { unrecoveredPeak, type IntensityBeat, type UnrecoveredPeak } from './intensity-paths.js';

export const w404: Check<IntensityBeat> = {
  codes: ['W404'],
  reads: ['intensity', 'order'],

  run(context): void {
    const limits = context.project.story?.limits;
    if (!limits || limits.peak === undefined || limits.calm === undefined) return;
    const { peak, calm, within } = limits;
    const timeline = context.derived.intensityTimeline;
    for (const entry of timeline.beats) {
      throwIfCancelled(context.token);
      if (entry.value < peak) continue;
      const found = unrecoveredPeak(timeline, context.paths, entry, { calm, within });
      if (!found) continue;
      context.report({
        code: 'W404',
        subject: { kind: 'beatItem', beat: entry.beat.name, item: 'intensity' },
        message: describe(found, peak, calm, within),
        file: entry.beat.file,
        span: entry.item.span,
        related: found.following.map((next, i): RelatedLocation =>
          relatedBeat(next.beat, `${i === 0 ? 'next' : 'then'} \`${next.beat.name}\`, intensity ${formatNumber(next.value)} (not calm)`)),
        path: found.witness,
        anchor: entry,
      });
    }
  },

  repairs(_conflict, context): Repair[] {
    const limits = context.project.story?.limits;
    const entry = context.anchor;
    if (!limits || limits.peak === undefined || limits.calm === undefined || !entry) return [];
    const { peak, calm, within } = limits;
    const timeline = context.derived.intensityTimeline;
    const p = entry.beat;
    const repairs: Repair[] = [];

    // Below the peak: the next whole number under it.
    const below = Math.ceil(peak) - 1;
    const lower = below >= 0 ? setIntensity(p, entry.item, below) : undefined;
    if (lower) repairs.push({ title: `Lower the intensity of \`${p.name}\` to ${formatNumber(below)}, below the peak ${formatNumber(peak)}`, edits: [lower], kind: 'structure' });

    const name = freshName(context.project, `${p.name}_calm`);
    const time = timeJustAfter(context.project, p.time);
    repairs.push({
      title: `Add a calming beat \`${name}\` (intensity ${formatNumber(calm)}) right after \`${p.name}\``,
      edits: [insertAfter(context.project, p, `event ${name} @${formatNumber(time)} { intensity ${formatNumber(calm)} }`)],
      kind: 'structure',
    });

    const unrecovered = unrecoveredPeak(timeline, context.paths, entry, { calm, within });
    const next = unrecovered?.following[0];
    const soothe = next && setIntensity(next.beat, next.item, calm);
    if (next && soothe) {
      repairs.push({ title: `Lower the intensity of \`${next.beat.name}\` to ${formatNumber(calm)} (calm)`, edits: [soothe], kind: 'structure' });
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
