/** Reading intensities off events, shared by the therapeutic checks. */
import type { EventDecl, IntensityItem } from '@nao/grammar';
import type { RelatedLocation } from '../../diagnostics.js';
import { formatNumber } from '../../edits.js';
import type { BeatSymbol, Project } from '../../project.js';

export interface BeatIntensity {
  readonly beat: BeatSymbol;
  readonly item: IntensityItem;
  readonly value: number;
}

/**
 * The event's declared intensity: its first `intensity` item with a value
 * inside 0..10. Out-of-range values are already E007 and count for nothing
 * else; a repeated `intensity` is E003 and only the first one counts.
 */
export function intensityOf(beat: BeatSymbol): BeatIntensity | undefined {
  if (beat.decl.kind !== 'event') return undefined;
  const item = (beat.decl as EventDecl).items.find((i): i is IntensityItem => i.kind === 'intensity');
  if (!item?.value) return undefined;
  const value = item.value.value;
  if (!(value >= 0 && value <= 10)) return undefined;
  return { beat, item, value };
}

/** The story's limit `key` and where the header sets it (a report's related location), or undefined without it. */
export function storyLimit(project: Project, key: 'max' | 'warn'): { readonly value: number; readonly related: RelatedLocation[] } | undefined {
  const story = project.story;
  const value = story?.limits[key];
  if (!story || value === undefined) return undefined;
  const span = story.limitSpans.get(key);
  return { value, related: span ? [{ file: story.file, span, message: `the story's limit \`${key} ${formatNumber(value)}\`` }] : [] };
}

/** Whether the event carries a `warning` item. */
export function hasWarning(beat: BeatSymbol): boolean {
  return beat.decl.kind === 'event' && (beat.decl as EventDecl).items.some((i) => i.kind === 'warning');
}
