/** Reading intensities off events, shared by the therapeutic checks. */
import type { EventDecl, IntensityItem } from '@nao/grammar';
import type { Span } from '@nao/grammar';
import type { BeatSymbol, Project } from '../../project.js';
import { eventHolding, sameSpan } from '../theme/text-edits.js';

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

/** The intensity item a conflict is anchored at. */
export function intensityAt(project: Project, file: string, span: Span): BeatIntensity | undefined {
  const beat = eventHolding(project, file, span);
  if (!beat) return undefined;
  const found = intensityOf(beat);
  return found && sameSpan(found.item.span, span) ? found : undefined;
}

/** Whether the event carries a `warning` item. */
export function hasWarning(beat: BeatSymbol): boolean {
  return beat.decl.kind === 'event' && (beat.decl as EventDecl).items.some((i) => i.kind === 'warning');
}
