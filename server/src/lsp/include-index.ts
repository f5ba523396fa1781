/**
 * Which files include which, over every Arc file the server knows (the
 * workspace's `*.arc` files and the open documents), and from that the
 * project roots: a root is a file that no other known file includes. A file
 * included by a root is analysed as part of that root's project; an edit to
 * it re-analyses every root whose project holds it.
 *
 * Files that only include one another in a cycle have no root; the first of
 * them (by URI) then stands as a root, so that every file is analysed.
 */
export class IncludeIndex {
  private readonly includes = new Map<string, readonly string[]>();
  private computed: { roots: string[]; rootSet: Set<string>; membership: Map<string, string[]> } | undefined;

  has(uri: string): boolean {
    return this.includes.has(uri);
  }

  files(): string[] {
    return [...this.includes.keys()];
  }

  includesOf(uri: string): readonly string[] {
    return this.includes.get(uri) ?? [];
  }

  /** Records a file's resolved includes; returns whether the include graph changed. */
  set(uri: string, included: readonly string[]): boolean {
    const previous = this.includes.get(uri);
    if (previous && previous.length === included.length && previous.every((u, i) => u === included[i])) return false;
    this.includes.set(uri, [...included]);
    this.computed = undefined;
    return true;
  }

  /** Forgets a file; returns whether the graph changed. */
  remove(uri: string): boolean {
    if (!this.includes.delete(uri)) return false;
    this.computed = undefined;
    return true;
  }

  roots(): readonly string[] {
    return this.compute().roots;
  }

  isRoot(uri: string): boolean {
    return this.compute().rootSet.has(uri);
  }

  /** The roots whose projects hold `uri` (the file itself when it is unknown). */
  rootsOf(uri: string): readonly string[] {
    return this.compute().membership.get(uri) ?? [uri];
  }

  private compute(): { roots: string[]; rootSet: Set<string>; membership: Map<string, string[]> } {
    if (this.computed) return this.computed;
    const included = new Set<string>();
    for (const [uri, list] of this.includes) for (const target of list) if (target !== uri) included.add(target);
    const files = [...this.includes.keys()].sort();
    const roots = files.filter((uri) => !included.has(uri));
    const membership = new Map<string, string[]>();
    const reach = (root: string): void => {
      const seen = new Set<string>([root]);
      const stack = [root];
      while (stack.length > 0) {
        const uri = stack.pop()!;
        let list = membership.get(uri);
        if (!list) membership.set(uri, (list = []));
        list.push(root);
        for (const target of this.includes.get(uri) ?? []) {
          if (!seen.has(target) && this.includes.has(target)) {
            seen.add(target);
            stack.push(target);
          }
        }
      }
    };
    for (const root of roots) reach(root);
    // Files reachable from no root (include cycles): the first stands as a root.
    for (const uri of files) {
      if (membership.has(uri)) continue;
      roots.push(uri);
      reach(uri);
    }
    this.computed = { roots, rootSet: new Set(roots), membership };
    return this.computed;
  }
}
