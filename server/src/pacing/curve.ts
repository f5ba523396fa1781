/**
 * The pacing curve's data: the intensities along one path, and the story's
 * `limits`, as plain JSON-safe values. Pure (type imports only), so the
 * player webview can compute a curve from a playthrough it already holds;
 * the worst paths need the analysis (worst.ts).
 */
import type { Analysis, Limits, PathStep, Playthrough } from '@narrative-arc/orchestrator';

/** A beat with an intensity on one path. */
export interface PacingPoint {
  /** The beat's name (what a click on its point reveals). */
  readonly beat: string;
  readonly title: string | null;
  readonly time: number;
  /** The beat's own intensity, 0..10. */
  readonly intensity: number;
  /** Its place among the beats with an intensity on this path, from 0 (the limits' "next beat" order). */
  readonly order: number;
  /** Codes of the conflicts on this path anchored in the beat (`W401`, …). */
  readonly conflicts: readonly string[];
}

/** One path's curve, named for the legend. */
export interface PacingCurve {
  /** `current`, `peak`, `spike` or `peak-spike` (one path shows both). */
  readonly id: string;
  /** The legend's words: `this path`, `highest peak`, `worst spike`, `highest peak and worst spike`. */
  readonly label: string;
  /** The options the path takes (as `nao play --pick`). */
  readonly picks: readonly PathStep[];
  readonly points: readonly PacingPoint[];
  /** Beats the curve is about: the peak beat, the spike's two beats; drawn larger. */
  readonly focus: readonly string[];
}

/** The story's `limits`, as the checks read them (valid entries only; `within` defaults to 3). */
export type PacingLimits = Limits;

/** What the chart draws. JSON-safe: it can cross from the server to a webview as is. */
export interface PacingInput {
  /** The story's title (null without a story header). */
  readonly title: string | null;
  /** Null when the story has no `limits` block (or none of its entries is valid). */
  readonly limits: PacingLimits | null;
  /** The path being played (null: none, as in `nao paths --svg`). */
  readonly current: PacingCurve | null;
  /** The worst paths (worstPaths), drawn over the current one. */
  readonly worst: readonly PacingCurve[];
}

/** The beats of a playthrough that have an intensity, in the order played. */
export function pacingCurve(play: Playthrough): PacingPoint[] {
  const codes = new Map(play.conflicts.map((c) => [c.id, c.code]));
  const points: PacingPoint[] = [];
  for (const step of play.steps) {
    if (step.intensity === null) continue;
    points.push({
      beat: step.beat,
      title: step.title,
      time: step.time,
      intensity: step.intensity,
      order: points.length,
      conflicts: step.conflicts.map((id) => codes.get(id) ?? id.split(':')[0]!),
    });
  }
  return points;
}

/** The path being played, as the chart's `current` curve. */
export function currentCurve(play: Playthrough): PacingCurve {
  return { id: 'current', label: 'this path', picks: play.picks, points: pacingCurve(play), focus: [] };
}

/**
 * The story's limits as the checks read them (`project.story.limits`: an
 * invalid entry is left out, as W401…W406 leave it out); null when the story
 * sets none.
 */
export function pacingLimits(analysis: Analysis): PacingLimits | null {
  const story = analysis.project.story;
  if (!story) return null;
  const { max, spike, peak, calm, within, warn } = story.limits;
  if (max === undefined && spike === undefined && peak === undefined && calm === undefined && warn === undefined &&
    !story.limitSpans.has('within')) return null;
  return {
    ...(max !== undefined ? { max } : {}),
    ...(spike !== undefined ? { spike } : {}),
    ...(peak !== undefined ? { peak } : {}),
    ...(calm !== undefined ? { calm } : {}),
    within,
    ...(warn !== undefined ? { warn } : {}),
  };
}
