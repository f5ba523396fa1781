/**
 * C202: a character is at two different places at the same time on some
 * path: two co-possible beats with equal times, both involving the character
 * and both with an `at`, name different places. One conflict per pair of
 * beats (naming every character they share), anchored on the `at` item of the
 * later-declared beat. An error when certain: every path through either beat
 * holds the other (then it happens on every path through them).
 */
import type { AtItem, Name } from '@nao/grammar';
import { throwIfCancelled } from '../../cancellation.js';
import type { BeatSymbol, Project } from '../../project.js';
import type { Check, Repair } from '../check.js';
import { formatNumber, setTime, timeJustAfter } from '../../edits.js';
import { code, onEveryPath, onPath } from '../shared.js';

interface Placed {
  readonly beat: BeatSymbol;
  readonly at: AtItem & { readonly place: Name };
  /** Characters involved (`with`, `stage`, `regress`) that resolved. */
  readonly characters: ReadonlySet<string>;
}

/** The beat's first `at` naming a declared place, and its involved characters. */
function placed(project: Project, beat: BeatSymbol): Placed | undefined {
  if (beat.decl.kind !== 'event') return undefined;
  let at: Placed['at'] | undefined;
  const characters = new Set<string>();
  for (const item of beat.decl.items) {
    if (item.kind === 'at') {
      if (!at && item.place && project.places.has(item.place.text)) at = item as Placed['at'];
    } else if (item.kind === 'with') {
      for (const name of item.names) if (project.characters.has(name.text)) characters.add(name.text);
    } else if ((item.kind === 'stage' || item.kind === 'regress') && item.character && project.characters.has(item.character.text)) {
      characters.add(item.character.text);
    }
  }
  if (!at || characters.size === 0) return undefined;
  return { beat, at, characters };
}

/** What C202's repairs need: the beat the report is anchored at, and the other one. */
interface TwoPlaces {
  readonly later: Placed;
  readonly earlier: Placed;
}

function listNames(names: readonly string[]): string {
  const quoted = names.map(code);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

export const c202: Check<TwoPlaces> = {
  codes: ['C202'],
  // What `placed` reads of a beat: its `at` and its involved characters.
  reads: ['at', 'with', 'stage', 'regress', 'order'],

  run(context) {
    const { project, paths } = context;
    const byTime = paths.byTime;
    for (let start = 0; start < byTime.length;) {
      throwIfCancelled(context.token);
      let end = start + 1;
      while (end < byTime.length && byTime[end]!.time === byTime[start]!.time) end++;
      if (end - start < 2) {
        start = end; // a moment with one beat: no two places at once
        continue;
      }
      const group: Placed[] = [];
      for (let i = start; i < end; i++) {
        const p = placed(project, byTime[i]!);
        if (p) group.push(p);
      }
      // In declaration order, so that `later` is the later-written beat: the report is anchored there.
      group.sort((a, b) => a.beat.index - b.beat.index);
      for (let j = 1; j < group.length; j++) {
        const later = group[j]!;
        for (let i = 0; i < j; i++) {
          const earlier = group[i]!;
          if (earlier.at.place.text === later.at.place.text) continue;
          const shared = [...later.characters].filter((c) => earlier.characters.has(c));
          if (shared.length === 0) continue;
          // Named in alphabetical order, so that the message does not depend on which beat is declared first.
          const [first, second] = earlier.beat.name < later.beat.name ? [earlier, later] : [later, earlier];
          const path = paths.findPath([first.beat, second.beat]);
          if (!path) continue;
          // Certain: every path through either beat holds the other.
          const certain = paths.isForcedBy(earlier.beat, [later.beat]) && paths.isForcedBy(later.beat, [earlier.beat]);
          const witness = path;
          const who = listNames(shared.sort());
          const time = `@${formatNumber(later.beat.time)}`;
          context.report({
            code: 'C202',
            subject: { kind: 'beatPair', first: first.beat.name, second: second.beat.name },
            message: `${who} ${shared.length > 1 ? 'are' : 'is'} in two places at once (${time}): ` +
              `at ${code(first.at.place.text)} in ${code(first.beat.name)} and at ${code(second.at.place.text)} in ${code(second.beat.name)}, ` +
              (certain ? onEveryPath([first.beat.name, second.beat.name], witness) : onPath(witness)),
            file: later.beat.file,
            span: later.at.span,
            related: [{
              file: earlier.beat.file,
              span: earlier.beat.nameSpan,
              message: `${code(earlier.beat.name)} puts ${who} at ${code(earlier.at.place.text)} at ${time}`,
            }],
            path: witness,
            ...(certain ? { severity: 'error' as const } : {}),
            anchor: { later, earlier },
          });
        }
      }
      start = end;
    }
  },

  repairs(_conflict, { project, anchor }) {
    if (!anchor) return [];
    const { later: mine, earlier: theirs } = anchor;
    const beat = mine.beat;
    const other = theirs.beat;
    const repairs: Repair[] = [];
    if (!Number.isNaN(beat.time)) {
      const time = timeJustAfter(project, beat.time);
      const move = setTime(beat, time);
      if (move) repairs.push({ title: `Move ${code(beat.name)} slightly later (@${formatNumber(time)})`, edits: [move], kind: 'structure' });
    }
    repairs.push({
      title: `Set the place of ${code(beat.name)} to ${code(theirs.at.place.text)}`,
      edits: [{ file: beat.file, span: mine.at.place.span, newText: theirs.at.place.text }],
      kind: 'structure',
    });
    repairs.push({
      title: `Set the place of ${code(other.name)} to ${code(mine.at.place.text)}`,
      edits: [{ file: other.file, span: theirs.at.place.span, newText: mine.at.place.text }],
      kind: 'structure',
    });
    return repairs;
  },
};
