/**
 * T106: a beat inside an option does not come strictly after its choice (the
 * innermost choice whose option holds it). Beats in an arc inside an option
 * count too. The primary range is the beat's `@time`.
 */
import { throwIfCancelled } from '../../cancellation.js';
import { formatNumber, setTime, timeJustAfter, type TextEdit } from '../../edits.js';
import type { BeatSymbol } from '../../project.js';
import type { Check, CheckContext } from '../check.js';
import { eachBeat } from '../each-beat.js';
import { relatedBeat } from '../shared.js';
import { at, hasTime } from './shared.js';

/** T106 on `beats` (a beat's choice is in its file). */
function judge(context: CheckContext<BeatSymbol>, beats: readonly BeatSymbol[]): void {
  for (const beat of beats) {
    throwIfCancelled(context.token);
    const option = beat.option;
    const time = beat.decl.time;
    if (!option || !time || !hasTime(beat) || !hasTime(option.choice)) continue;
    const choice = option.choice;
    if (choice.time < beat.time) continue;
    const how = choice.time === beat.time ? 'at the same time as' : 'before';
    context.report({
      code: 'T106',
      subject: { kind: 'beat', beat: beat.name },
      message: `\`${beat.name}\` (${at(beat)}) is in option \`${option.qualifiedName}\` but comes ${how} its choice \`${choice.name}\` (${at(choice)}): what happens in an option must come after the choice`,
      file: beat.file,
      span: time.span,
      related: [relatedBeat(choice, `the choice \`${choice.name}\` is at ${at(choice)}`)],
      anchor: beat,
    });
  }
}

export const t106: Check<BeatSymbol> = {
  codes: ['T106'],
  reads: ['order'],
  ...eachBeat(judge),

  repairs(_conflict, { project, anchor: beat }) {
    const choice = beat?.option?.choice;
    if (!beat || !choice || !hasTime(choice)) return [];
    const time = timeJustAfter(project, choice.time);
    const edit = setTime(beat, time);
    if (!edit) return [];
    const title = `Move \`${beat.name}\` after its choice \`${choice.name}\` (@${formatNumber(time)})`;
    // A choice carries its own options along: shift what is inside by the same amount, so
    // that it stays after the moved choice (when it would not, on its own).
    const inside = beat.options.flatMap((option) => option.beats).filter(hasTime);
    if (inside.some((inner) => inner.time <= time)) {
      const delta = time - beat.time;
      const edits: TextEdit[] = [edit];
      for (const inner of inside) {
        const shifted = setTime(inner, Number((inner.time + delta).toFixed(4)));
        if (shifted) edits.push(shifted);
      }
      return [
        { title: `Move \`${beat.name}\` and its options after its choice \`${choice.name}\` (@${formatNumber(time)})`, edits, kind: 'structure' },
        { title, edits: [edit], kind: 'structure' },
      ];
    }
    return [{ title, edits: [edit], kind: 'structure' }];
  },
};
