/**
 * T106: a beat inside an option does not come strictly after its choice (the
 * innermost choice whose option holds it). Beats in an arc inside an option
 * count too. The primary range is the beat's `@time`.
 */
import { formatTime, setTime, timeJustAfter } from '../../edits.js';
import type { BeatSymbol, Project } from '../../project.js';
import type { Check, TextEdit } from '../check.js';
import { at, hasTime, relatedBeat } from './shared.js';

export const optionAfterChoice: Check = {
  codes: ['T106'],

  run(context) {
    for (const beat of context.project.beats) {
      const option = beat.option;
      const time = beat.decl.time;
      if (!option || !time || !hasTime(beat) || !hasTime(option.choice)) continue;
      const choice = option.choice;
      if (choice.time < beat.time) continue;
      const how = choice.time === beat.time ? 'at the same time as' : 'before';
      context.report({
        code: 'T106',
        message: `\`${beat.name}\` (${at(beat)}) is in option \`${option.qualifiedName}\` but comes ${how} its choice \`${choice.name}\` (${at(choice)}): what happens in an option must come after the choice`,
        file: beat.file,
        span: time.span,
        related: [relatedBeat(choice, `the choice \`${choice.name}\` is at ${at(choice)}`)],
      });
    }
  },

  repairs(conflict, { project }) {
    const beat = beatWithTimeAt(project, conflict.file, conflict.span.start);
    const choice = beat?.option?.choice;
    if (!beat || !choice || !hasTime(choice)) return [];
    const time = timeJustAfter(project, choice.time);
    const edit = setTime(beat, time);
    if (!edit) return [];
    const title = `Move \`${beat.name}\` after its choice \`${choice.name}\` (@${formatTime(time)})`;
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
        { title: `Move \`${beat.name}\` and its options after its choice \`${choice.name}\` (@${formatTime(time)})`, edits },
        { title, edits: [edit] },
      ];
    }
    return [{ title, edits: [edit] }];
  },
};

function beatWithTimeAt(project: Project, file: string, start: number): BeatSymbol | undefined {
  return project.beats.find((beat) => beat.file === file && beat.decl.time?.span.start === start);
}
