/**
 * Which names each file of a linked project looks up, and whether its
 * declarations merged into the name tables without a report (so that no
 * name is declared twice): what the analysis of an edit that renames a beat
 * or an arc, or moves a beat in time, reads to find the links that name it
 * (analysis.ts, checks/temporal/shared.ts). Keyed by the
 * linked project (typed as any object: this module sits under project.ts).
 * Not part of the package's API.
 */
interface NameUses {
  /** Every name each file's uses looked up, by file. */
  readonly byFile: ReadonlyMap<string, { readonly names: ReadonlySet<string> }>;
  readonly mergedCleanly: boolean;
}

const recorded = new WeakMap<object, NameUses>();

export function recordNameUses(project: object, byFile: NameUses['byFile'], mergedCleanly: boolean): void {
  recorded.set(project, { byFile, mergedCleanly });
}

/**
 * The files of `project` whose uses look up one of `names`, in load order;
 * undefined when a name is declared twice in it (a use then names the first
 * declaration only, and which one that is may change with a rename).
 */
export function filesNaming(project: object, names: ReadonlySet<string>): string[] | undefined {
  const uses = recorded.get(project);
  if (!uses?.mergedCleanly) return undefined;
  const files: string[] = [];
  for (const [file, { names: looked }] of uses.byFile) {
    for (const name of names) {
      if (looked.has(name)) {
        files.push(file);
        break;
      }
    }
  }
  return files;
}

/** Whether the declarations of `project` merged into its name tables without a report (so no name is declared twice). */
export function mergedWithoutReport(project: object): boolean {
  return recorded.get(project)?.mergedCleanly ?? false;
}
