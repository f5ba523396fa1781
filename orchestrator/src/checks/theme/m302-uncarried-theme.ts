/**
 * M302 (information): a theme an arc declares (`themes t` in the arc) is
 * carried by no beat inside it, at any depth (no event inside has `t` in its
 * own `themes`). Themes of nested arcs do not count: only beats carry themes.
 *
 * Repairs: add `themes t` to the arc's first event (by time) that has a block
 * (or to its first event, creating a block); remove the theme from the arc.
 */
import type { Name, ThemesItem } from '@nao/grammar';
import { throwIfCancelled } from '../../cancellation.js';
import { addNameToEvent, removeListName } from '../../edits.js';
import type { ArcSymbol, BeatSymbol } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { arcThemeItems, beatThemes } from './themes.js';

/** The theme name M302 is about, with its item and arc. */
interface DeclaredTheme {
  readonly arc: ArcSymbol;
  readonly item: ThemesItem;
  readonly name: Name;
}

/**
 * The themes carried inside each arc, in one pass over the beats: a theme is
 * added to the beat's arcs from the innermost outwards, stopping at the first
 * arc that has it already (its ancestors have it too).
 */
function carriedThemesByArc(beats: readonly BeatSymbol[]): Map<ArcSymbol, Set<string>> {
  const carried = new Map<ArcSymbol, Set<string>>();
  for (const beat of beats) {
    if (!beat.arc) continue;
    for (const theme of beatThemes(beat)) {
      for (let arc: ArcSymbol | undefined = beat.arc; arc; arc = arc.parent) {
        let themes = carried.get(arc);
        if (!themes) carried.set(arc, (themes = new Set()));
        if (themes.has(theme)) break;
        themes.add(theme);
      }
    }
  }
  return carried;
}

/** The arc's events in time order (beats without a time last, in document order). */
function eventsByTime(arc: ArcSymbol): BeatSymbol[] {
  const events = arc.beats.filter((beat) => beat.decl.kind === 'event');
  const key = (beat: BeatSymbol): number => (Number.isNaN(beat.time) ? Number.POSITIVE_INFINITY : beat.time);
  return events.sort((a, b) => key(a) - key(b) || a.index - b.index);
}

/**
 * M302 on `arcs`, whose beats are among `beats` (an arc's beats are in its
 * file: the project's, or one file's).
 */
function judge(context: CheckContext<DeclaredTheme>, arcs: readonly ArcSymbol[], beats: readonly BeatSymbol[]): void {
  let carriedByArc: Map<ArcSymbol, Set<string>> | undefined;
  for (const arc of arcs) {
    throwIfCancelled(context.token);
    const items = arcThemeItems(arc);
    if (items.length === 0) continue;
    carriedByArc ??= carriedThemesByArc(beats);
    const carried = carriedByArc.get(arc) ?? new Set<string>();
    for (const item of items) {
      for (const name of item.names) {
        if (carried.has(name.text)) continue;
        context.report({
          code: 'M302',
          subject: { kind: 'arcItem', arc: arc.name, item: 'themes', name: name.text },
          message: `arc \`${arc.name}\` declares the theme \`${name.text}\`, but no beat inside it carries that theme`,
          file: arc.file,
          span: name.span,
          anchor: { arc, item, name },
        });
      }
    }
  }
}

export const m302: Check<DeclaredTheme> = {
  codes: ['M302'],
  // A theme is carried at any time: the verdict reads no time (only the repairs' choice of the first event does).
  reads: ['themes'],
  run: (context) => judge(context, context.project.arcs, context.project.beats),
  perFile: (context, file) => judge(context, context.project.arcsIn(file), context.project.beatsIn(file)),

  repairs(_conflict, { project, anchor }): Repair[] {
    if (!anchor) return [];
    const { arc, item, name } = anchor;
    const theme = name.text;
    const repairs: Repair[] = [];
    const events = eventsByTime(arc);
    const target = events.find((beat) => beat.decl.kind === 'event' && beat.decl.body) ?? events[0];
    if (target) {
      repairs.push({
        title: `Add the theme \`${theme}\` to \`${target.name}\``,
        edits: [addNameToEvent(project, target, 'themes', theme)],
        kind: 'label',
      });
    }
    repairs.push({
      title: `Remove the theme \`${theme}\` from arc \`${arc.name}\``,
      edits: [removeListName(project, arc.file, item, name)],
      kind: 'label',
    });
    return repairs;
  },
};
