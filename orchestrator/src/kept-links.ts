/**
 * What linking kept, for the structures made from a linked project that
 * patch an earlier version instead of reading every beat again (the causal
 * graph), keyed by the linked project (typed as any object: this module
 * sits under project.ts). Not part of the package's API.
 *
 * A project linked from its previous version records the files linking
 * kept, and, composed with what that version recorded, the files kept since
 * each of a few versions before it: a version whose analysis made no graph
 * (a time or name edit) lends on the graph of the one before it.
 */
interface Kept {
  /** The earlier project (held weakly: a version must not keep its predecessors alive). */
  readonly previous: WeakRef<object>;
  /** The files whose symbols are those of `previous`, and whose uses of beat and arc names each bind to the same symbol. */
  readonly files: ReadonlySet<string>;
}

const kept = new WeakMap<object, readonly Kept[]>();

/** How many versions back the kept files are recorded. */
const MAX_VERSIONS_BACK = 8;

/** Records, when `project` was linked from `previous`, the files linking kept as they were (since `previous`, and since the versions before it). */
export function recordKeptLinks(project: object, previous: object, files: ReadonlySet<string>): void {
  const records: Kept[] = [{ previous: new WeakRef(previous), files }];
  for (const earlier of kept.get(previous) ?? []) {
    if (records.length === MAX_VERSIONS_BACK) break;
    if (earlier.previous.deref() === undefined) continue;
    records.push({ previous: earlier.previous, files: new Set([...files].filter((file) => earlier.files.has(file))) });
  }
  kept.set(project, records);
}

/** The files of `project` whose beats hold the same links as in `earlier` (see `Kept.files`), or undefined when it was not linked from it, directly or through a few versions. */
export function keptLinkFiles(project: object, earlier: object): ReadonlySet<string> | undefined {
  return kept.get(project)?.find((record) => record.previous.deref() === earlier)?.files;
}
