/**
 * What the temporal checks (T101-T106) share: finding link items and names,
 * describing beats and witness paths in messages, and locating the item a
 * conflict points at when its repairs are asked for.
 */
import type { Name, NameListBeatItem, RequiresItem, Span } from '@nao/grammar';
import { formatPath, type PathStep, type RelatedLocation } from '../../diagnostics.js';
import { formatTime } from '../../edits.js';
import type { BeatSymbol, OptionSymbol, Project } from '../../project.js';

/** The beat (event or choice) a name resolves to; undefined when unresolved or an arc (E002/E006 already said so). */
export function beatNamed(project: Project, name: string): BeatSymbol | undefined {
  const node = project.nodes.get(name);
  return node && node.kind !== 'arc' ? node : undefined;
}

/** Beats without a time (a syntax error) take part in no temporal check. */
export function hasTime(beat: BeatSymbol): boolean {
  return !Number.isNaN(beat.time);
}

/** `@2.5` */
export function at(beat: BeatSymbol): string {
  return `@${formatTime(beat.time)}`;
}

/** "on path keep_watch → search", or "on every path" for an empty witness. */
export function onPath(path: readonly PathStep[]): string {
  return path.length === 0 ? 'on every path' : `on path ${formatPath(path)}`;
}

/** A related location pointing at a beat's declaration. */
export function relatedBeat(beat: BeatSymbol, message: string): RelatedLocation {
  return { file: beat.file, span: beat.nameSpan, message };
}

/** One name of a `causes` or `prevents` item, with the event that holds it. */
export interface ListLink {
  readonly holder: BeatSymbol;
  readonly item: NameListBeatItem;
  readonly name: Name;
}

/** Link lists per project snapshot (snapshots are immutable), shared by the checks that read them. */
const linkCache = new WeakMap<Project, { causes: ListLink[]; prevents: ListLink[]; requires: Requirement[] }>();

function linksOf(project: Project): { causes: ListLink[]; prevents: ListLink[]; requires: Requirement[] } {
  let links = linkCache.get(project);
  if (links) return links;
  links = { causes: [], prevents: [], requires: [] };
  for (const holder of project.beats) {
    if (holder.decl.kind !== 'event') continue;
    for (const item of holder.decl.items) {
      if (item.kind === 'causes' || item.kind === 'prevents') {
        const list = links[item.kind];
        for (const name of item.names) list.push({ holder, item, name });
      } else if (item.kind === 'requires') {
        links.requires.push({ holder, item });
      }
    }
  }
  linkCache.set(project, links);
  return links;
}

/** Every name written in a `causes` (or `prevents`) item of any event, in load and document order. */
export function listLinks(project: Project, kind: 'causes' | 'prevents'): readonly ListLink[] {
  return linksOf(project)[kind];
}

/** One `requires` item, with the event that holds it. */
export interface Requirement {
  readonly holder: BeatSymbol;
  readonly item: RequiresItem;
}

/** Every `requires` item of any event, in load and document order. */
export function requirements(project: Project): readonly Requirement[] {
  return linksOf(project).requires;
}

/** The `causes`/`prevents` name a conflict points at (its primary range), for repairs. */
export function listLinkAt(project: Project, file: string, span: Span, kind: 'causes' | 'prevents'): ListLink | undefined {
  for (const link of listLinks(project, kind)) {
    if (link.holder.file === file && link.name.span.start === span.start && link.name.span.end === span.end) return link;
  }
  return undefined;
}

/** The `requires` item a conflict points at, for repairs. */
export function requirementAt(project: Project, file: string, span: Span): Requirement | undefined {
  for (const requirement of requirements(project)) {
    const itemSpan = requirement.item.span;
    if (requirement.holder.file === file && itemSpan.start === span.start && itemSpan.end === span.end) return requirement;
  }
  return undefined;
}

/** `a`, `a` or `b`, `a`, `b` or `c` — the alternatives of a requirement as a writer reads them. */
export function orList(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * The choice that keeps two items apart: the options of one choice, one on
 * each item's option chain, that differ. Undefined when they are co-possible.
 */
export function separatingOptions(
  a: BeatSymbol,
  b: BeatSymbol,
): { readonly forA: OptionSymbol; readonly forB: OptionSymbol } | undefined {
  const chainOfA = new Map<number, OptionSymbol>();
  for (let o = a.option; o; o = o.parent) chainOfA.set(o.choice.index, o);
  for (let o = b.option; o; o = o.parent) {
    const other = chainOfA.get(o.choice.index);
    if (other && other.position !== o.position) return { forA: other, forB: o };
  }
  return undefined;
}
