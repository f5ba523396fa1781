/**
 * The main thread's model of the workspace: files (open documents over the
 * file system) and the include graph with its roots. Snapshots of projects
 * are made and kept by the analysis service.
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { RuleLevel } from '@nao/grammar';
import { FileStore, ParseCache, StoreHost, TextCache } from './files.js';
import { IncludeIndex } from './include-index.js';
import { fsPathOf, uriFromPath } from './uris.js';

/** Folders never searched for story files. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist']);
/** At most this many files are indexed per workspace folder. */
export const MAX_INDEXED_FILES = 20_000;

export class ArcWorkspace {
  readonly store = new FileStore();
  readonly texts = new TextCache();
  /**
   * An open document's text is lexed once: its parse puts the tokens in the
   * TextCache as the file's latest text, where the prose fast path finds
   * them. Files that are not open are lexed by their parse alone.
   */
  readonly parses = new ParseCache((uri, text) => (this.store.isOpen(uri) ? this.texts.tokens(uri, text) : undefined));
  readonly includes = new IncludeIndex();
  /** `*.arc` files found in the workspace folders (open or not). */
  readonly workspaceFiles = new Set<string>();
  severityOverrides: ReadonlyMap<string, RuleLevel> = new Map();

  get folders(): readonly string[] {
    return this.store.folders;
  }

  set folders(folders: readonly string[]) {
    this.store.folders = folders;
  }

  /** Whether the server tracks `uri` (a workspace file or an open document). */
  isKnown(uri: string): boolean {
    return this.workspaceFiles.has(uri) || this.store.isOpen(uri);
  }

  /** Files whose text changed since their include items were read (see `settleIncludes`). */
  private readonly staleIncludes = new Set<string>();

  /** `uri`'s text changed: its include items are read again by the next `settleIncludes`. */
  includesChanged(uri: string): void {
    this.staleIncludes.add(uri);
  }

  /**
   * Reads the include items of the files changed since the last call, once
   * for any number of edits of each (the analysis calls it before a run:
   * parsing a 20,000-beat file at every keystroke of a burst left the server
   * tens of seconds behind). Returns the files whose includes changed the
   * graph.
   */
  settleIncludes(): string[] {
    const changed: string[] = [];
    for (const uri of this.staleIncludes) {
      this.staleIncludes.delete(uri);
      if (this.refreshIncludes(uri)) changed.push(uri);
    }
    return changed;
  }

  /**
   * Re-reads `uri`'s include items and updates the include graph (or removes
   * the file when it is neither open nor in the workspace any more).
   * Returns whether the graph changed.
   */
  refreshIncludes(uri: string): boolean {
    if (!this.isKnown(uri)) return this.includes.remove(uri);
    const text = this.store.text(uri);
    if (text === undefined) {
      // A workspace file that cannot be read: known, includes nothing.
      return this.includes.set(uri, []);
    }
    const parsed = this.parses.parse(uri, text);
    const host = new StoreHost(this.store, uri);
    const targets: string[] = [];
    for (const include of parsed.file.includes) {
      if (!include.path) continue;
      const resolved = host.resolveInclude(uri, include.path.value);
      if ('fileId' in resolved) targets.push(resolved.fileId);
    }
    return this.includes.set(uri, targets);
  }

  /** Forgets caches of a file that is no longer open nor in the workspace. */
  dropCaches(uri: string): void {
    this.parses.delete(uri);
    this.texts.delete(uri);
  }

  roots(): readonly string[] {
    return this.includes.roots();
  }

  /** Whether `uri` is a root, or a file the include graph does not know (which stands alone). */
  isRoot(uri: string): boolean {
    return this.includes.has(uri) ? this.includes.isRoot(uri) : true;
  }

  rootsOf(uri: string): readonly string[] {
    return this.includes.rootsOf(uri);
  }

  /** The current text of a file the server can read. */
  text(uri: string): string | undefined {
    return this.store.text(uri);
  }
}

/**
 * Every `*.arc` file under a folder URI (not following symbolic links, not
 * entering hidden folders, `node_modules`, `out` or `dist`), in a stable order.
 */
export async function findStoryFiles(folder: string, limit = MAX_INDEXED_FILES): Promise<string[]> {
  const root = fsPathOf(folder);
  if (!root) return [];
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0 && found.length < limit) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) pending.push(path.join(dir, entry.name));
      } else if (entry.isFile() && entry.name.endsWith('.arc')) {
        found.push(uriFromPath(path.join(dir, entry.name)));
        if (found.length >= limit) break;
      }
    }
  }
  return found.sort();
}
