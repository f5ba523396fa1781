/**
 * Conflict identity. Every conflict the core reports says what it is about
 * (its subject, built from names: beats, arcs, characters, files and counts
 * of same-named things, never offsets) and carries an id derived from its
 * code and subject. An edit elsewhere in the project, even one that shifts
 * every offset of a file, leaves the id of an unrelated conflict unchanged, so
 * that an editor can follow a conflict from one analysis to the next.
 */
/** What kind of symbol a name use expects (`Reference.role` in project.ts). */
export type ReferenceRole =
  | 'character' | 'place' | 'goal' | 'beat' | 'arc' | 'stage';

/** What kind of thing a declaration subject declares. */
export type DeclarationKind = 'character' | 'place' | 'goal' | 'node' | 'story' | 'option' | 'stages' | 'stage';

/** What a conflict is about. Names are as written; counts (`index`, `occurrence`) start at 1. */
export type ConflictSubject =
  /** E001: the `index`-th syntax error the parser reported in `file`. */
  | { readonly kind: 'syntax'; readonly file: string; readonly index: number }
  /** E007: the `index`-th number or time in `file` too large to be represented, as written. */
  | { readonly kind: 'literal'; readonly file: string; readonly text: string; readonly index: number }
  /** E004, E005: the `include "path"` of `file`; `path` is empty when `file` itself cannot be read. */
  | { readonly kind: 'include'; readonly file: string; readonly path: string }
  /**
   * E002, E006, E007 (stages): the `index`-th use in `file` of `name` where
   * `role` is expected, counting only the uses reported with this code.
   */
  | { readonly kind: 'reference'; readonly file: string; readonly role: ReferenceRole; readonly name: string; readonly index: number }
  /** E002: the `index`-th unknown conflict code `code` written in a `rules` or `allow` item of `file`. */
  | { readonly kind: 'code'; readonly file: string; readonly code: string; readonly index: number }
  /**
   * E003, U601: the `index`-th declaration of `name` (E003 reports the second
   * and later). Options are named `choice.option`, stages `character.stage`,
   * a character's `stages` item by the character,
   * the story header by its title.
   */
  | { readonly kind: 'declaration'; readonly declares: DeclarationKind; readonly name: string; readonly index: number }
  /**
   * An item of an event: `item` is its keyword (`causes`, `intensity`…) and
   * `name` the name in it the conflict is about, when it lists names (for
   * `requires`, its alternatives joined by ` or `). `occurrence` counts
   * repetitions of a once-only item (E003).
   */
  | { readonly kind: 'beatItem'; readonly beat: string; readonly item: string; readonly name?: string; readonly occurrence?: number }
  /** An item of an arc: `themes`, `goals` (with the name), `span`, `scale`. */
  | { readonly kind: 'arcItem'; readonly arc: string; readonly item: string; readonly name?: string; readonly occurrence?: number }
  /** An item of the story header: a `goal`, a `limits` entry (`name` is its key) or a `rules` entry (its code). */
  | { readonly kind: 'storyItem'; readonly item: 'goal' | 'limits' | 'rules'; readonly name: string; readonly occurrence?: number }
  /** A beat as a whole (its time, its place in an arc). */
  | { readonly kind: 'beat'; readonly beat: string }
  /** An arc as a whole (its scale, its resolution). */
  | { readonly kind: 'arc'; readonly arc: string }
  /** A beat as part of an arc (S503, S504). */
  | { readonly kind: 'beatInArc'; readonly beat: string; readonly arc: string }
  /** A character in one beat (C201, C203, C204). */
  | { readonly kind: 'character'; readonly character: string; readonly beat: string }
  /** Two beats that conflict with each other, named in alphabetical order (C202). */
  | { readonly kind: 'beatPair'; readonly first: string; readonly second: string }
  /** A cycle of the causal graph, by its beats in alphabetical order (T103). */
  | { readonly kind: 'cycle'; readonly beats: readonly string[] };

function count(separator: string, value: number | undefined): string {
  return value === undefined ? '' : `${separator}${value}`;
}

/** The subject as the part of an id after the code. */
export function subjectKey(subject: ConflictSubject): string {
  switch (subject.kind) {
    case 'syntax': return `${subject.file}#${subject.index}`;
    case 'literal': return `${subject.file}:literal:${subject.text.slice(0, 24)}#${subject.index}`;
    case 'include': return `${subject.file}:include:${subject.path}`;
    case 'reference': return `${subject.file}:${subject.role}:${subject.name}#${subject.index}`;
    case 'code': return `${subject.file}:code:${subject.code}#${subject.index}`;
    case 'declaration': return `${subject.declares}:${subject.name}#${subject.index}`;
    case 'beatItem': return `${subject.beat}:${subject.item}${subject.name === undefined ? '' : `:${subject.name}`}${count('#', subject.occurrence)}`;
    case 'arcItem': return `arc ${subject.arc}:${subject.item}${subject.name === undefined ? '' : `:${subject.name}`}${count('#', subject.occurrence)}`;
    case 'storyItem': return `story:${subject.item}:${subject.name}${count('#', subject.occurrence)}`;
    case 'beat': return subject.beat;
    case 'arc': return `arc ${subject.arc}`;
    case 'beatInArc': return `${subject.beat} in arc ${subject.arc}`;
    case 'character': return `${subject.character}@${subject.beat}`;
    case 'beatPair': return `${subject.first}+${subject.second}`;
    case 'cycle': return subject.beats.join('->');
  }
}

/**
 * Hands out the ids of one analysis: `CODE:subject`, with `~2`, `~3`… added
 * when two conflicts of one code share a subject (only in stories that
 * already reuse a name, such as two beats declared with one name).
 */
export class ConflictIds {
  private readonly taken = new Set<string>();

  constructor(existing: Iterable<string> = []) {
    for (const id of existing) this.taken.add(id);
  }

  next(code: string, subject: ConflictSubject): string {
    const base = `${code}:${subjectKey(subject)}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}~${n}`;
    this.taken.add(id);
    return id;
  }
}

/**
 * Counts occurrences of keys, for the `index` of a subject: the first call
 * for a key gives 1, the next 2, and so on.
 */
export class OccurrenceCounter {
  private readonly counts = new Map<string, number>();

  next(...key: readonly string[]): number {
    const joined = key.join('\u0000');
    const value = (this.counts.get(joined) ?? 0) + 1;
    this.counts.set(joined, value);
    return value;
  }
}
