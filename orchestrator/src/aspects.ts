/**
 * What a file says, split by aspect, without offsets: the inputs of the
 * incremental analysis (analysis.ts). Each check declares the aspects it
 * reads (`Check.reads`); when a new snapshot differs from the previous one
 * in no aspect a check reads, that check's result cannot have changed.
 *
 * - `structure`, read by every check: the includes, the story header, the
 *   characters and places, every arc and beat by kind, scale and nesting,
 *   and the options of every choice; everything but what the other aspects
 *   hold.
 * - `names`: what the arcs, beats and options are called, their names and
 *   titles, when they stay in their places. No check reads it: a check
 *   reads a name through the links that use it, and the analysis counts
 *   the links naming a renamed beat or arc, in every file, as changed items
 *   of their aspect (analysis.ts), as if they had been edited.
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
 * Two versions of a file are compared by their syntax trees, walked side
 * by side (an unchanged file keeps its tree, so nothing is compared for
 * it). Offsets and prose count for nothing: an edit that only moves text
 * changes no aspect. An item is compared by the text it spans, so an edit
 * of the layout or of a comment inside an item changes its aspect (its
 * checks run again and find what they found). When the structure differs,
 * nothing else is compared: every check runs in full.
 */
import type { ArcDecl, BeatItem, ChoiceDecl, EventDecl, OptionChild, OptionDecl, Span } from '@nao/grammar';
import type { SourceFile } from './project.js';

/** An aspect of a file that checks read (see the module comment). */
export type Aspect = 'structure' | 'names' | 'time' | 'order' | 'goals' | 'span' | Exclude<BeatItem['kind'], 'prose'>;

/** What differs between two versions of a file. */
export interface FileChanges {
  /** The aspects that differ; `structure` alone when the structure does (the rest is then not compared). */
  readonly aspects: ReadonlySet<Aspect>;
  /**
   * When the structure is the same (so the same declarations in the same
   * places): by aspect, the beats whose items of that aspect differ, each by
   * its place among the file's beats, ascending; under `time`, those whose
   * time differs, and under `names`, those renamed. (Arcs' items count in
   * `aspects` only.)
   */
  readonly beats: ReadonlyMap<Aspect, readonly number[]>;
  /** When the structure is the same: the names of the arcs and beats renamed, as they were and as they are. */
  readonly renamed: ReadonlySet<string>;
}

const UNCHANGED: FileChanges = { aspects: new Set(), beats: new Map(), renamed: new Set() };
const RESTRUCTURED: FileChanges = { aspects: new Set(['structure']), beats: new Map(), renamed: new Set() };

/**
 * The parts of a declaration that are not an offset. The comparison below
 * reads them by hand, so a field added to one of these declarations must be
 * placed (in the structure, in an aspect, or among the offsets) before this
 * compiles again.
 */
type Exactly<T, K extends keyof T> = [Exclude<keyof T, K>] extends [never] ? true : never;
const PLACED: readonly true[] = [
  true satisfies Exactly<ArcDecl, 'kind' | 'name' | 'scale' | 'title' | 'items' | 'span' | 'keywordSpan' | 'scaleSpan' | 'body'>,
  true satisfies Exactly<EventDecl, 'kind' | 'name' | 'time' | 'title' | 'items' | 'span' | 'keywordSpan' | 'body'>,
  true satisfies Exactly<ChoiceDecl, 'kind' | 'name' | 'time' | 'title' | 'options' | 'span' | 'keywordSpan' | 'body'>,
  true satisfies Exactly<OptionDecl, 'kind' | 'name' | 'title' | 'children' | 'span' | 'keywordSpan' | 'body'>,
];
void PLACED;

/** Thrown inside the walk when the two structures differ. */
const DIFFERENT_STRUCTURE = new Error('different structure');

/**
 * What differs between two versions of a file, by walking their trees side
 * by side: the structure (the includes, the header, characters and places,
 * as JSON without offsets; the kinds, scales and nesting of arcs, beats and
 * options), their names and titles, each beat's time as written, and each
 * item by the text it spans.
 *
 * Every part of an item lies within its span (the parser's tests assert it
 * of every tree, broken ones included), so two items that span the same
 * text are the same item. Comparing texts costs next to nothing; writing
 * every item of both versions out without its offsets, as this did before,
 * cost about 440 ms for a 4 MB file (1.7 ms for a file of 100 beats) at
 * every version.
 */
export function compareFiles(before: SourceFile, after: SourceFile): FileChanges {
  const a = before.parse.file;
  const b = after.parse.file;
  if (a === b) return UNCHANGED;
  // A number too large to be read (E007, reported by the link) lies in a time, an item or a declaration compared below.
  if (json(a.includes) !== json(b.includes) || json(a.stories) !== json(b.stories) || a.declarations.length !== b.declarations.length) {
    return RESTRUCTURED;
  }
  const comparison = new Comparison(before.text, after.text);
  try {
    for (let i = 0; i < a.declarations.length; i++) {
      const x = a.declarations[i]!;
      const y = b.declarations[i]!;
      if (x.kind === 'character' || x.kind === 'place' || y.kind === 'character' || y.kind === 'place') {
        if (json(x) !== json(y)) return RESTRUCTURED;
      } else {
        comparison.declaration(x, y as OptionChild);
      }
    }
  } catch (error) {
    if (error === DIFFERENT_STRUCTURE) return RESTRUCTURED;
    throw error;
  }
  return comparison.aspects.size === 0 ? UNCHANGED : { aspects: comparison.aspects, beats: comparison.beats, renamed: comparison.renamed };
}

/** Two versions of a file's arcs and beats, compared in declaration order. */
class Comparison {
  readonly aspects = new Set<Aspect>();
  readonly beats = new Map<Aspect, number[]>();
  readonly renamed = new Set<string>();
  /** The place among the file's beats of the next beat. */
  private beat = 0;

  constructor(private readonly before: string, private readonly after: string) {}

  declaration(x: OptionChild, y: OptionChild): void {
    if (x.kind !== y.kind) throw DIFFERENT_STRUCTURE;
    const renamed = x.name.text !== y.name.text;
    if (renamed) this.renamed.add(x.name.text).add(y.name.text);
    if (renamed || x.title?.value !== y.title?.value) this.aspects.add('names');
    if (x.kind === 'arc') return this.arc(x, y as ArcDecl);
    const beat = this.beat++;
    // A renamed beat by its place: simultaneous beats are ordered by name, so it may move in the time order.
    if (renamed) this.changed('names', beat);
    if (x.time?.text !== (y as EventDecl | ChoiceDecl).time?.text) this.changed('time', beat);
    if (x.kind === 'event') return this.items(x.items, (y as EventDecl).items, beat);
    const options = (y as ChoiceDecl).options;
    if (x.options.length !== options.length) throw DIFFERENT_STRUCTURE;
    for (let i = 0; i < options.length; i++) {
      const option = x.options[i]!;
      const other = options[i]!;
      if (option.children.length !== other.children.length) throw DIFFERENT_STRUCTURE;
      // An option is named only in messages and paths (no item names one): its name is not a renamed node.
      if (option.name.text !== other.name.text || option.title?.value !== other.title?.value) this.aspects.add('names');
      for (let k = 0; k < option.children.length; k++) this.declaration(option.children[k]!, other.children[k]!);
    }
  }

  private arc(x: ArcDecl, y: ArcDecl): void {
    if (x.scale !== y.scale) throw DIFFERENT_STRUCTURE;
    // The arc's own items (themes, goals, span, allow) belong to it: its children's beats are numbered after it, in order.
    this.items(x.items, y.items, undefined);
    const xs = x.items;
    const ys = y.items;
    let j = 0;
    for (let i = 0; i < xs.length; i++) {
      const child = xs[i]!;
      if (!isDeclaration(child.kind)) continue;
      while (j < ys.length && !isDeclaration(ys[j]!.kind)) j++;
      if (j === ys.length) throw DIFFERENT_STRUCTURE;
      this.declaration(child as OptionChild, ys[j++] as OptionChild);
    }
    while (j < ys.length) if (isDeclaration(ys[j++]!.kind)) throw DIFFERENT_STRUCTURE;
  }

  /**
   * The items of one beat (or arc: `beat` undefined) in both versions,
   * prose and nested declarations left out: most often the same items in
   * the same order, so they are compared pair by pair first.
   */
  private items(xs: readonly Item[], ys: readonly Item[], beat: number | undefined): void {
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < xs.length && skipped(xs[i]!.kind)) i++;
      while (j < ys.length && skipped(ys[j]!.kind)) j++;
      if (i === xs.length || j === ys.length) {
        if (i === xs.length && j === ys.length) return;
        break;
      }
      const x = xs[i++]!;
      const y = ys[j++]!;
      if (x.kind !== y.kind || !this.same(x.span, y.span)) break;
    }
    // Something differs: compare each aspect's items, in order.
    const kept = (items: readonly Item[]): Item[] => items.filter((item) => !skipped(item.kind));
    const x = kept(xs);
    const y = kept(ys);
    for (const kind of new Set([...x, ...y].map((item) => item.kind as Aspect))) {
      const xk = x.filter((item) => item.kind === kind);
      const yk = y.filter((item) => item.kind === kind);
      if (xk.length !== yk.length || !xk.every((item, k) => this.same(item.span, yk[k]!.span))) this.changed(kind, beat);
    }
  }

  /** Whether a span of the version before and one of the version after hold the same text. */
  private same(x: Span, y: Span): boolean {
    return x.end - x.start === y.end - y.start && this.before.slice(x.start, x.end) === this.after.slice(y.start, y.end);
  }

  private changed(aspect: Aspect, beat: number | undefined): void {
    this.aspects.add(aspect);
    if (beat === undefined) return;
    let list = this.beats.get(aspect);
    if (!list) this.beats.set(aspect, (list = []));
    if (list[list.length - 1] !== beat) list.push(beat);
  }
}

/** An item of a beat or an arc, as far as comparing them goes. */
interface Item {
  readonly kind: string;
  readonly span: Span;
}

function isDeclaration(kind: string): boolean {
  return kind === 'arc' || kind === 'event' || kind === 'choice';
}

/** What `items` leaves out: prose, which no check reads, and the declarations nested in an arc, compared as structure. */
function skipped(kind: string): boolean {
  return kind === 'prose' || isDeclaration(kind);
}

/** A key that holds an offset, or a part of the tree that no check reads (comments). */
function isOffsetOrComment(key: string): boolean {
  return key === 'span' || key.endsWith('Span') || key === 'body' || key === 'comments';
}

/** A node as JSON without its offsets (for the few top-level nodes that are not arcs or beats). */
function json(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (isOffsetOrComment(key) ? undefined : v)) ?? '';
}
