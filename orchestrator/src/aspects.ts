/**
 * What a file says, split by aspect, without offsets: the inputs of the
 * incremental analysis (analysis.ts). Each check declares the aspects it
 * reads (`Check.reads`); when a new snapshot differs from the previous one
 * in no aspect a check reads, that check's result cannot have changed.
 *
 * - `structure`, read by every check: the includes, the story header, the
 *   characters and places, every arc and beat by name, kind, scale, title
 *   and nesting, and the options of every choice; everything but what the
 *   other aspects hold.
 * - `time`: the time of every beat, its value.
 * - `order`: which beat comes before which in time, and which are
 *   simultaneous: the path model's time order, ties included. It is derived
 *   from `time` over the whole project (analysis.ts compares the time orders
 *   of the two versions when a time changed), so a check that only compares
 *   beats' times with one another reads `order`; one that measures a time
 *   against a number (a spike `within`, a `span`) reads `time`. Moving a beat
 *   between the same two neighbours changes `time` and not `order`.
 * - one aspect per kind of beat or arc item (`causes`, `with`, `intensity`,
 *   `themes`, `goals`, `span`, `allow`…): every such item, with its beat or
 *   arc (by its place among the file's declarations).
 *
 * Nothing here holds an offset, a comment or prose: an edit that only moves
 * text changes no aspect. Files are compared by their syntax tree first (an
 * unchanged file keeps its tree, so nothing is computed for it).
 */
import type { ArcDecl, ArcFile, BeatItem, ChoiceDecl, EventDecl, OptionChild } from '@nao/grammar';

/** An aspect of a file that checks read (see the module comment). */
export type Aspect = 'structure' | 'time' | 'order' | 'goals' | 'span' | Exclude<BeatItem['kind'], 'prose'>;

type Fingerprint = ReadonlyMap<Aspect, string>;

/** A file's items as text, read once per syntax tree: its fingerprint, and its items' texts by beat. */
interface ItemTexts {
  readonly fingerprint: Fingerprint;
  /** By aspect, by a declaration's place (`at`): the texts of its items of that aspect. */
  readonly byAspect: ReadonlyMap<Aspect, ReadonlyMap<number, string>>;
  /** The place of each beat among the file's beats, by its place among the declarations (arcs have none). */
  readonly beats: readonly (number | undefined)[];
}

const itemTexts = new WeakMap<ArcFile, ItemTexts>();

/**
 * Walks a file's arcs and beats in declaration order (each numbered by its
 * place among them, `at`) and their items of every aspect but `structure`
 * and `order`, each as text without offsets.
 */
function walkItems(file: ArcFile, declared: (at: number, decl: OptionChild) => void, item: (aspect: Aspect, at: number, text: string) => void): void {
  let ordinal = 0;
  const walk = (decl: OptionChild): void => {
    const at = ordinal++;
    declared(at, decl);
    if (decl.kind === 'arc') return walkArc(decl, at);
    item('time', at, json(decl.time));
    if (decl.kind === 'event') return walkEvent(decl, at);
    walkChoice(decl);
  };
  const walkArc = (decl: ArcDecl, at: number): void => {
    for (const child of decl.items) {
      if (child.kind === 'arc' || child.kind === 'event' || child.kind === 'choice') walk(child);
      else item(child.kind, at, json(child));
    }
  };
  const walkEvent = (decl: EventDecl, at: number): void => {
    for (const child of decl.items) if (child.kind !== 'prose') item(child.kind, at, json(child));
  };
  const walkChoice = (decl: ChoiceDecl): void => {
    for (const option of decl.options) for (const child of option.children) walk(child);
  };
  for (const decl of file.declarations) {
    if (decl.kind === 'arc' || decl.kind === 'event' || decl.kind === 'choice') walk(decl);
  }
}

/** The file's items as text (computed once per syntax tree). */
function textsOf(file: ArcFile): ItemTexts {
  const known = itemTexts.get(file);
  if (known) return known;
  const parts = new Map<Aspect, string[]>();
  const byAspect = new Map<Aspect, Map<number, string>>();
  const beats: (number | undefined)[] = [];
  let count = 0;
  walkItems(file, (at, decl) => { beats[at] = decl.kind === 'arc' ? undefined : count++; }, (aspect, at, text) => {
    let list = parts.get(aspect);
    if (!list) parts.set(aspect, (list = []));
    list.push(`${at}:${text}`);
    let byPlace = byAspect.get(aspect);
    if (!byPlace) byAspect.set(aspect, (byPlace = new Map()));
    byPlace.set(at, `${byPlace.get(at) ?? ''}${text}\n`);
  });
  const fingerprint = new Map<Aspect, string>([['structure', JSON.stringify(file, structureOnly)]]);
  for (const [aspect, list] of parts) fingerprint.set(aspect, list.join('\n'));
  const texts: ItemTexts = { fingerprint, byAspect, beats };
  itemTexts.set(file, texts);
  return texts;
}

/** The file's aspects, each as text without offsets (computed once per syntax tree). */
export function fileAspects(file: ArcFile): Fingerprint {
  return textsOf(file).fingerprint;
}

/**
 * The beats whose items differ between two versions of a file with the
 * same `structure` (so the same declarations in the same places), by
 * aspect: each beat by its place among the file's beats, ascending.
 */
export function changedBeats(before: ArcFile, after: ArcFile): ReadonlyMap<Aspect, readonly number[]> {
  const a = textsOf(before);
  const b = textsOf(after);
  const result = new Map<Aspect, number[]>();
  for (const aspect of new Set([...a.byAspect.keys(), ...b.byAspect.keys()])) {
    const was = a.byAspect.get(aspect);
    const now = b.byAspect.get(aspect);
    const changed: number[] = [];
    b.beats.forEach((beat, at) => {
      if (beat !== undefined && was?.get(at) !== now?.get(at)) changed.push(beat);
    });
    if (changed.length > 0) result.set(aspect, changed);
  }
  return result;
}

/**
 * The aspects in which two versions of a file differ (none for the same
 * syntax tree). An aspect missing from one version and present in the
 * other differs.
 */
export function changedAspects(before: ArcFile, after: ArcFile, into: Set<Aspect>): void {
  if (before === after) return;
  const a = fileAspects(before);
  const b = fileAspects(after);
  for (const [aspect, text] of a) if (b.get(aspect) !== text) into.add(aspect);
  for (const aspect of b.keys()) if (!a.has(aspect)) into.add(aspect);
}

/** A key that holds an offset, or a part of the tree that no check reads (comments). */
function isOffsetOrComment(key: string): boolean {
  return key === 'span' || key.endsWith('Span') || key === 'body' || key === 'comments';
}

function json(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (isOffsetOrComment(key) ? undefined : v)) ?? '';
}

/** The `structure` aspect: the tree without offsets, comments, times, beat items and arc items other than nested declarations. */
function structureOnly(this: unknown, key: string, value: unknown): unknown {
  if (isOffsetOrComment(key)) return undefined;
  const holder = this as { kind?: string };
  if (holder.kind === 'file' && key === 'children') return undefined; // the same as includes, stories and declarations
  if ((holder.kind === 'event' || holder.kind === 'choice') && key === 'time') return undefined;
  if (holder.kind === 'event' && key === 'items') return undefined;
  if (holder.kind === 'arc' && key === 'items') {
    return (value as readonly { kind: string }[]).filter((item) => item.kind === 'arc' || item.kind === 'event' || item.kind === 'choice');
  }
  return value;
}
