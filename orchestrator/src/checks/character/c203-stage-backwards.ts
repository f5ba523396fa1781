/**
 * C203 (information): a character's stage goes backwards without `regress`
 * on some path. Stage events of a character are its `stage`/`regress` items
 * with a declared stage, in time order (two beats at one time are
 * simultaneous: neither comes first). A `stage c s`
 * conflicts with the event p before it when s comes earlier in c's `stages`
 * than p's stage and some path holds p and this item with no other stage
 * event of c between them. The latest such p is reported, once per item.
 */
import { throwIfCancelled } from '../../cancellation.js';
import type { PathStep } from '../../diagnostics.js';
import type { Check, CheckContext } from '../check.js';
import { code, onPath } from '../shared.js';
import { avoidList, type StageEvent, type CharacterTimeline } from './shared.js';
import { eachTimeline } from './each-timeline.js';

/**
 * Whether `a` comes before `b`: at an earlier time, or earlier in the same
 * beat. Stage events of two beats at the same time are simultaneous: neither
 * comes before the other.
 */
function precedes(a: StageEvent, b: StageEvent): boolean {
  return a.beat.time < b.beat.time || (a.beat === b.beat && a.order < b.order);
}

/** The full run's verdicts on the characters of `lines`, in their order. */
function checkLines(context: CheckContext<StageEvent>, lines: ReadonlyMap<string, CharacterTimeline>): void {
  const { paths } = context;
  for (const line of lines.values()) {
    throwIfCancelled(context.token);
    const events = line.stages; // in time order, equal times by beat name, then item order
    for (let j = 1; j < events.length; j++) {
      const current = events[j]!;
      if (current.item.kind !== 'stage') continue;
      let found: { previous: StageEvent; path: readonly PathStep[] } | undefined;
      // Once an event on every path through `current` is met, nothing before it can be consecutive with `current`.
      let shieldedBefore = Number.NEGATIVE_INFINITY;
      for (let i = j - 1; i >= 0; i--) {
        const previous = events[i]!;
        if (!precedes(previous, current)) continue;
        if (previous.beat.time < shieldedBefore) break;
        if (previous.rank > current.rank) {
          const between = events.filter((e) => precedes(previous, e) && precedes(e, current)).map((e) => e.beat);
          const avoid = avoidList(between);
          const path = avoid && paths.findPath([previous.beat, current.beat], avoid);
          if (path) {
            found = { previous, path };
            break;
          }
        }
        if (shieldedBefore === Number.NEGATIVE_INFINITY && paths.isForcedBy(previous.beat, [current.beat])) {
          shieldedBefore = previous.beat.time;
        }
      }
      if (!found) continue;
      const { previous, path } = found;
      const name = line.character.name;
      const from = previous.item.stage!.text;
      const to = current.item.stage!.text;
      context.report({
        code: 'C203',
        subject: { kind: 'character', character: name, beat: current.beat.name },
        message: `${code(name)} goes back from ${code(from)} (in ${code(previous.beat.name)}) to ${code(to)} in ` +
          `${code(current.beat.name)} without ${code('regress')}, ${onPath(path)}`,
        file: current.beat.file,
        span: current.item.span,
        related: [{ file: previous.beat.file, span: previous.beat.nameSpan, message: `${code(name)} reaches ${code(from)} here` }],
        path,
        anchor: current,
      });
    }
  }
}

export const c203: Check<StageEvent> = {
  codes: ['C203'],
  // The timelines' stage events alone.
  reads: ['stage', 'regress', 'order'],

  ...eachTimeline(checkLines),

  repairs(_conflict, { anchor }) {
    if (!anchor) return [];
    return [{
      title: 'Mark the step back as deliberate: change `stage` to `regress`',
      edits: [{ file: anchor.beat.file, span: anchor.item.keywordSpan, newText: 'regress' }],
      kind: 'label',
    }];
  },
};
