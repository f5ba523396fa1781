/** S504: a beat lies outside its arc's `span @x..@y` (bounds included). */
import { throwIfCancelled } from '../../cancellation.js';
import { formatNumber, setTime } from '../../edits.js';
import type { ArcSymbol, BeatSymbol } from '../../project.js';
import type { Check, CheckContext } from '../check.js';
import { eachBeat } from '../each-beat.js';

/** What S504's repairs need: the beat and the arc whose span it leaves. */
interface OutsideSpan {
  readonly beat: BeatSymbol;
  readonly arc: ArcSymbol;
}

/** The innermost enclosing arc whose span the beat violates: one report per beat. */
function checkBeat(context: CheckContext<OutsideSpan>, beat: BeatSymbol): void {
  if (Number.isNaN(beat.time)) return;
  const { scales } = context;
  for (let arc: ArcSymbol | undefined = beat.arc; arc; arc = arc.parent) {
    const span = scales.spanOf(arc);
    if (!span?.from || !span.to || span.from.value > span.to.value) continue;
    if (beat.time >= span.from.value && beat.time <= span.to.value) continue;
    context.report({
      code: 'S504',
      subject: { kind: 'beatInArc', beat: beat.name, arc: arc.name },
      message: `\`${beat.name}\` at @${formatNumber(beat.time)} lies outside the span @${formatNumber(span.from.value)}..@${formatNumber(span.to.value)} of the arc \`${arc.name}\``,
      file: beat.file,
      span: beat.decl.time?.span ?? beat.nameSpan,
      related: [{ file: arc.file, span: span.span, message: `the span of \`${arc.name}\`` }],
      anchor: { beat, arc },
    });
    return;
  }
}

/** S504 on `beats` (a beat's arcs, and their spans, are in its file). */
function judge(context: CheckContext<OutsideSpan>, beats: readonly BeatSymbol[]): void {
  for (const beat of beats) {
    throwIfCancelled(context.token);
    checkBeat(context, beat);
  }
}

export const s504: Check<OutsideSpan> = {
  codes: ['S504'],
  reads: ['span', 'time'],
  ...eachBeat(judge),
  // Only a beat whose time changed can have left a span when no span changed.
  incremental: {
    aspects: ['time'],
    run: (context, changes) => judge(context, changes.beats(['time'])),
  },
  repairs(_conflict, { scales, anchor }) {
    if (!anchor) return [];
    const { beat, arc } = anchor;
    const span = scales.spanOf(arc);
    if (!span?.from || !span.to) return [];
    const clamped = beat.time < span.from.value ? span.from.value : span.to.value;
    const widened = beat.time < span.from.value
      ? { span: span.from.span, text: `@${formatNumber(beat.time)}` }
      : { span: span.to.span, text: `@${formatNumber(beat.time)}` };
    const move = setTime(beat, clamped);
    return [
      ...(move ? [{ title: `Move \`${beat.name}\` into the span (@${formatNumber(clamped)})`, edits: [move], kind: 'structure' as const }] : []),
      { title: `Widen the span of \`${arc.name}\` to include @${formatNumber(beat.time)}`, edits: [{ file: arc.file, span: widened.span, newText: widened.text }], kind: 'structure' },
    ];
  },
};
