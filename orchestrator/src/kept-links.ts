/**
 * What linking kept, for the structures made from a linked project that
 * patch their previous version instead of reading every beat again (the
 * causal graph), keyed by the linked project (typed as any object: this
 * module sits under project.ts). Not part of the package's API.
 */
interface Kept {
  /** The project this one was linked from (held weakly: a version must not keep its predecessors alive). */
  readonly previous: WeakRef<object>;
  /** The files whose symbols are those of `previous`, and whose uses of beat and arc names each bind to the same symbol. */
  readonly files: ReadonlySet<string>;
}

const kept = new WeakMap<object, Kept>();

/** Records, when `project` was linked from `previous`, the files linking kept as they were. */
export function recordKeptLinks(project: object, previous: object, files: ReadonlySet<string>): void {
  kept.set(project, { previous: new WeakRef(previous), files });
}

/** The files of `project` whose beats hold the same links as in `previous` (see `Kept.files`), or undefined when it was not linked from it. */
export function keptLinkFiles(project: object, previous: object): ReadonlySet<string> | undefined {
  const found = kept.get(project);
  return found && found.previous.deref() === previous ? found.files : undefined;
}
