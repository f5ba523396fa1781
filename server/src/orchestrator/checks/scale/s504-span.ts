/** S504: a beat lies outside its arc's `span @x..@y` (bounds included). */
import { formatTime, setTime } from '../../edits.js';
import type { ArcSymbol } from '../../project.js';
import type { Check } from '../check.js';

export const s504: Check = {
  codes: ['S504'],
  run({ project, scales, report }) {
    for (const beat of project.beats) {
      if (Number.isNaN(beat.time)) continue;
      // The innermost enclosing arc whose span the beat violates: one report per beat.
      for (let arc: ArcSymbol | undefined = beat.arc; arc; arc = arc.parent) {
        const span = scales.spanOf(arc);
        if (!span?.from || !span.to || span.from.value > span.to.value) continue;
        if (beat.time >= span.from.value && beat.time <= span.to.value) continue;
        report({
          code: 'S504',
          message: `\`${beat.name}\` at @${formatTime(beat.time)} lies outside the span @${formatTime(span.from.value)}..@${formatTime(span.to.value)} of the arc \`${arc.name}\``,
          file: beat.file,
          span: beat.decl.time?.span ?? beat.nameSpan,
          related: [{ file: arc.file, span: span.span, message: `the span of \`${arc.name}\`` }],
        });
        break;
      }
    }
  },
  repairs(conflict, { project, scales }) {
    const beat = project.beats.find((b) => b.file === conflict.file && b.decl.time?.span.start === conflict.span.start);
    if (!beat) return [];
    for (let arc: ArcSymbol | undefined = beat.arc; arc; arc = arc.parent) {
      const span = scales.spanOf(arc);
      if (!span?.from || !span.to) continue;
      if (beat.time >= span.from.value && beat.time <= span.to.value) continue;
      const clamped = beat.time < span.from.value ? span.from.value : span.to.value;
      const widened = beat.time < span.from.value
        ? { span: span.from.span, text: `@${formatTime(beat.time)}` }
        : { span: span.to.span, text: `@${formatTime(beat.time)}` };
      const move = setTime(beat, clamped);
      return [
        ...(move ? [{ title: `Move \`${beat.name}\` into the span (@${formatTime(clamped)})`, edits: [move] }] : []),
        { title: `Widen the span of \`${arc.name}\` to include @${formatTime(beat.time)}`, edits: [{ file: arc.file, span: widened.span, newText: widened.text }] },
      ];
    }
    return [];
  },
};
