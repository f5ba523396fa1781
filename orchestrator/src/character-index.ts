/**
 * Which beats of a file name each character in the items a character's
 * timeline is made of (`with`, `kills`, `exits`, `enters`, `stage`,
 * `regress`), per syntax tree: the timelines of the few characters an edit
 * touched are read from the beats that name them, not from every beat of
 * the project (a pass over 20,000 beats and their items costs tens of
 * milliseconds: the trees are large and scattered in memory).
 *
 * An index depends on the syntax tree alone, so it is made once per parse
 * and serves every version of the project that keeps that parse.
 */
import type { ArcFile, ArcItem, EventDecl, OptionChild } from '@nao/grammar';
import type { BeatSymbol, Project } from './project.js';

interface FileIndex {
  /** How many beats (events and choices) the file declares. */
  readonly beats: number;
  /** By character name: the events naming it, with their position among the file's beats. */
  readonly naming: ReadonlyMap<string, readonly { readonly at: number; readonly decl: EventDecl }[]>;
}

const indexes = new WeakMap<ArcFile, FileIndex>();

/** The index of a file, its beats counted in the order the linker declares them (depth first, in document order). */
function indexOf(file: ArcFile): FileIndex {
  const known = indexes.get(file);
  if (known) return known;
  const naming = new Map<string, { at: number; decl: EventDecl }[]>();
  let beats = 0;
  const name = (text: string, at: number, decl: EventDecl): void => {
    const list = naming.get(text);
    if (!list) naming.set(text, [{ at, decl }]);
    else if (list[list.length - 1]!.at !== at) list.push({ at, decl });
  };
  const visit = (node: ArcItem | OptionChild): void => {
    switch (node.kind) {
      case 'arc':
        for (const item of node.items) visit(item);
        break;
      case 'choice':
        beats++;
        for (const option of node.options) for (const child of option.children) visit(child);
        break;
      case 'event': {
        const at = beats++;
        for (const item of node.items) {
          if (item.kind === 'with' || item.kind === 'kills' || item.kind === 'exits' || item.kind === 'enters') {
            for (const n of item.names) name(n.text, at, node);
          } else if ((item.kind === 'stage' || item.kind === 'regress') && item.character) {
            name(item.character.text, at, node);
          }
        }
        break;
      }
      default:
        break;
    }
  };
  for (const declaration of file.declarations) {
    if (declaration.kind === 'arc' || declaration.kind === 'event' || declaration.kind === 'choice') visit(declaration);
  }
  const index: FileIndex = { beats, naming };
  indexes.set(file, index);
  return index;
}

/**
 * The beats of `project` whose events name one of `names` in an item of a
 * character's timeline, each once, in no particular order; undefined when
 * the project's beats are not laid out as its files declare them (then the
 * caller reads every beat).
 */
export function beatsNaming(project: Project, names: ReadonlySet<string>): BeatSymbol[] | undefined {
  const found = new Set<BeatSymbol>();
  let offset = 0;
  for (const source of project.files.values()) {
    const index = indexOf(source.parse.file);
    for (const name of names) {
      for (const { at, decl } of index.naming.get(name) ?? []) {
        const beat = project.beats[offset + at];
        if (beat?.decl !== decl) return undefined;
        found.add(beat);
      }
    }
    offset += index.beats;
  }
  return offset === project.beats.length ? [...found] : undefined;
}
