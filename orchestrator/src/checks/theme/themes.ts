/** Reading themes off the project model: an arc's own themes, and what a beat may carry. */
import type { EventDecl, ThemesItem } from '@nao/grammar';
import type { ArcSymbol, BeatSymbol } from '../../project.js';

/** The `themes` items of an arc, in order. */
export function arcThemeItems(arc: ArcSymbol): ThemesItem[] {
  return arc.decl.items.filter((item): item is ThemesItem => item.kind === 'themes');
}

/** The themes an arc declares itself (not its parents'). */
export function arcThemes(arc: ArcSymbol): Set<string> {
  const themes = new Set<string>();
  for (const item of arcThemeItems(arc)) for (const name of item.names) themes.add(name.text);
  return themes;
}

/** The enclosing arcs of a beat, innermost first. */
export function enclosingArcs(beat: BeatSymbol): ArcSymbol[] {
  const arcs: ArcSymbol[] = [];
  for (let arc = beat.arc; arc; arc = arc.parent) arcs.push(arc);
  return arcs;
}

/** The themes a beat carries itself (its `themes` items); empty for a choice. */
export function beatThemes(beat: BeatSymbol): Set<string> {
  const themes = new Set<string>();
  if (beat.decl.kind !== 'event') return themes;
  for (const item of (beat.decl as EventDecl).items) {
    if (item.kind === 'themes') for (const name of item.names) themes.add(name.text);
  }
  return themes;
}
