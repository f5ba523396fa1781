/**
 * What the temporal checks (T101-T106) share: the link items of the events
 * (read once per analysis, `Derived.temporalLinks`), resolving link names,
 * describing beats and alternatives in messages.
 */
import type { Name, NameListBeatItem, RequiresItem } from '@nao/grammar';
import { formatNumber } from '../../edits.js';
import { byIndex, linksNaming, type Changes } from '../../changes.js';
import { filesNaming } from '../../name-uses.js';
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
  return `@${formatNumber(beat.time)}`;
}

/** One name of a `causes` or `prevents` item, with the event that holds it. */
export interface ListLink {
  readonly holder: BeatSymbol;
  readonly item: NameListBeatItem;
  readonly name: Name;
}

/** One `requires` item, with the event that holds it. */
export interface Requirement {
  readonly holder: BeatSymbol;
  readonly item: RequiresItem;
}

/** The link items of every event, in load and document order. */
export interface Links {
  readonly causes: readonly ListLink[];
  readonly prevents: readonly ListLink[];
  readonly requires: readonly Requirement[];
}

/** The names of one event's `causes` or `prevents` items, in document order (as in `Links`). */
export function linksOf(holder: BeatSymbol, kind: 'causes' | 'prevents'): ListLink[] {
  const links: ListLink[] = [];
  if (holder.decl.kind !== 'event') return links;
  for (const item of holder.decl.items) if (item.kind === kind) for (const name of item.names) links.push({ holder, item, name });
  return links;
}

/** One event's `requires` items, in document order (as in `Links`). */
export function requirementsOf(holder: BeatSymbol): Requirement[] {
  const requirements: Requirement[] = [];
  if (holder.decl.kind !== 'event') return requirements;
  for (const item of holder.decl.items) if (item.kind === 'requires') requirements.push({ holder, item });
  return requirements;
}

/** The temporal checks' `incremental.aspects`: their conflicts are each about one link item. */
export const LINK_ASPECTS = ['causes', 'prevents', 'requires'] as const;

/**
 * The events whose links of `kinds` an incremental run judges again, in
 * index order: those holding an edited link of those kinds and, when the
 * time order changed, each link that joins a beat that moved in it
 * (`Changes.moved`), by its holder. A link's verdict reads its two ends'
 * places in time; the links between two beats that did not move compare
 * as they did.
 */
export function holdersToJudge(project: Project, changes: Changes, kinds: readonly (typeof LINK_ASPECTS)[number][]): readonly BeatSymbol[] {
  const moved = changes.moved;
  if (moved.length === 0) return changes.beats(kinds);
  return changes.memo(`link holders ${kinds.join()}`, () => {
    const names = new Set(moved.map((beat) => beat.name));
    const holders = [...changes.touched(kinds)];
    // In the files whose uses name a moved beat (every file when a name is declared twice).
    const files = filesNaming(project, names) ?? [...project.files.keys()];
    for (const [file, byAspect] of linksNaming(project, files, names, kinds)) {
      const beats = project.beatsIn(file);
      for (const places of byAspect.values()) for (const place of places) holders.push(beats[place]!);
    }
    return byIndex(holders);
  });
}


/** Reads every `causes`, `prevents` and `requires` off the events (once per analysis: `Derived.temporalLinks`). */
export function collectLinks(project: Project): Links {
  const links: { causes: ListLink[]; prevents: ListLink[]; requires: Requirement[] } = { causes: [], prevents: [], requires: [] };
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
  return links;
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
