/**
 * The full and incremental runs of a character check that judges each
 * character's timeline on its own (C201, C203, C204), and the timelines of
 * the characters an edit touched.
 */
import type { BeatSymbol } from '../../project.js';
import type { Changes } from '../../changes.js';
import type { Check, CheckContext, SnapshotContext } from '../check.js';
import { CHARACTER_ASPECTS, computeTimelines, type CharacterTimeline } from './shared.js';

/** The kinds of items a character's timeline is made of. */
const TIMELINE_ITEMS: ReadonlySet<string> = new Set(['with', 'kills', 'exits', 'enters', 'stage', 'regress']);

/** The characters an event's items of these kinds name (by default every item of a timeline). */
export function namedCharacters(beat: BeatSymbol, into: Set<string>, kinds: ReadonlySet<string> = TIMELINE_ITEMS): void {
  if (beat.decl.kind !== 'event') return;
  for (const item of beat.decl.items) {
    if (!kinds.has(item.kind)) continue;
    if (item.kind === 'with' || item.kind === 'kills' || item.kind === 'exits' || item.kind === 'enters') for (const name of item.names) into.add(name.text);
    else if ((item.kind === 'stage' || item.kind === 'regress') && item.character) into.add(item.character.text);
  }
}

/**
 * The timelines of the characters an edit touched (named by an edited
 * item, or by a beat that moved in time, before or after the edit), in the
 * order of `Derived.characterTimelines`: every other character's timeline
 * reads the same items, in the same order, as before. Shared by the
 * character checks of one run.
 */
export function touchedTimelines(context: SnapshotContext, changes: Changes): ReadonlyMap<string, CharacterTimeline> {
  return changes.memo('touched character timelines', () => {
    const names = new Set<string>();
    for (const beat of changes.touched(CHARACTER_ASPECTS)) {
      namedCharacters(beat, names);
      namedCharacters(changes.before(beat), names);
    }
    return computeTimelines(context.project, context.paths, names);
  });
}

/**
 * `run` and `incremental` of a character check that judges each character's
 * timeline on its own: every timeline, or those of the characters an edit
 * touched.
 */
export function eachTimeline<Anchor>(
  judge: (context: CheckContext<Anchor>, lines: ReadonlyMap<string, CharacterTimeline>) => void,
): Pick<Check<Anchor>, 'run' | 'incremental'> {
  return {
    run(context) {
      judge(context, context.derived.characterTimelines);
    },
    incremental: {
      aspects: [...CHARACTER_ASPECTS, 'order'],
      run(context, changes) {
        judge(context, touchedTimelines(context, changes));
      },
    },
  };
}
