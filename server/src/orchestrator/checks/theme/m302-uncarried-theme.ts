/**
 * M302 (information): a theme an arc declares (`themes t` in the arc) is
 * carried by no beat inside it, at any depth (no event inside has `t` in its
 * own `themes`). Themes of nested arcs do not count: only beats carry themes.
 *
 * Repairs: add `themes t` to the arc's first event (by time) that has a block
 * (or to its first event, creating a block); remove the theme from the arc.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { ArcSymbol, BeatSymbol, Project } from '../../project.js';
import type { Check, CheckContext, Repair, RepairContext } from '../check.js';
import { removeListName } from '../../edits.js';
import { addNameToEvent, arcHolding, sameSpan } from './text-edits.js';
import { arcThemeItems, beatThemes } from './themes.js';

/** The themes carried by at least one beat of the arc. */
/**
 * The themes carried inside each arc, in one pass over the beats: a theme is
 * added to the beat's arcs from the innermost outwards, stopping at the first
 * arc that has it already (its ancestors have it too).
 */
function carriedThemesByArc(project: Project): Map<ArcSymbol, Set<string>> {
  const carried = new Map<ArcSymbol, Set<string>>();
  for (const beat of project.beats) {
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

export const M302_UNCARRIED_THEME: Check = {
  codes: ['M302'],

  run(context: CheckContext): void {
    let carriedByArc: Map<ArcSymbol, Set<string>> | undefined;
    for (const arc of context.project.arcs) {
      const items = arcThemeItems(arc);
      if (items.length === 0) continue;
      carriedByArc ??= carriedThemesByArc(context.project);
      const carried = carriedByArc.get(arc) ?? new Set<string>();
      for (const item of items) {
        for (const name of item.names) {
          if (carried.has(name.text)) continue;
          context.report({
            code: 'M302',
            message: `arc \`${arc.name}\` declares the theme \`${name.text}\`, but no beat inside it carries that theme`,
            file: arc.file,
            span: name.span,
          });
        }
      }
    }
  },

  repairs(conflict: Diagnostic, context: RepairContext): Repair[] {
    const { project } = context;
    const arc = arcHolding(project, conflict.file, conflict.span);
    if (!arc) return [];
    for (const item of arcThemeItems(arc)) {
      const index = item.names.findIndex((n) => sameSpan(n.span, conflict.span));
      if (index < 0) continue;
      const theme = item.names[index]!.text;
      const repairs: Repair[] = [];
      const events = eventsByTime(arc);
      const target = events.find((beat) => beat.decl.kind === 'event' && beat.decl.body) ?? events[0];
      if (target) {
        repairs.push({
          title: `Add the theme \`${theme}\` to \`${target.name}\``,
          edits: [addNameToEvent(project, target, 'themes', theme)],
        });
      }
      repairs.push({
        title: `Remove the theme \`${theme}\` from arc \`${arc.name}\``,
        edits: [removeListName(project, arc.file, item, item.names[index]!)],
      });
      return repairs;
    }
    return [];
  },
};
