/**
 * What the server knows about files: the open documents (their in-memory text
 * wins), the file system behind them, and caches keyed by file and text so
 * that an unchanged file is never parsed, lexed or indexed twice.
 *
 * Used by both the main thread (editor features) and the diagnostics worker.
 * Plain data in, plain data out; nothing here knows the protocol.
 */
import { LineIndex, parse, tokenize, type ParseResult } from '@nao/grammar';
import type { ProjectHost } from '@narrative-arc/orchestrator';
import { readTextFile } from '../read-text-file.js';
import { dirnameUri, displayNameOf, fsPathOf, isInsideFolder, realPathInside, resolveRelative } from './uris.js';

export type ReadResult = { text: string } | { error: string };

interface OpenDocument {
  readonly text: string;
  readonly version: number;
}

/** Open documents over the file system, with a revision counter per file. */
export class FileStore {
  private readonly open = new Map<string, OpenDocument>();
  private readonly disk = new Map<string, ReadResult>();
  private readonly revisions = new Map<string, number>();
  private readonly realPathVerdicts = new Map<string, boolean>();
  private counter = 0;
  /** Workspace folders (normalised URIs). */
  folders: readonly string[] = [];

  /** Increases on every change to any file; `revision(uri)` is the value at that file's last change. */
  get clock(): number {
    return this.counter;
  }

  revision(uri: string): number {
    return this.revisions.get(uri) ?? 0;
  }

  private touch(uri: string): void {
    this.revisions.set(uri, ++this.counter);
  }

  setOpen(uri: string, text: string, version: number): void {
    const previous = this.open.get(uri);
    this.open.set(uri, { text, version });
    if (!previous || previous.text !== text) this.touch(uri);
  }

  close(uri: string): void {
    if (!this.open.delete(uri)) return;
    this.disk.delete(uri);
    this.touch(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  /** The version of an open document. */
  version(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }

  /** A file changed, appeared or disappeared on disk. */
  diskChanged(uri: string): void {
    this.disk.delete(uri);
    this.realPathVerdicts.clear();
    if (!this.open.has(uri)) this.touch(uri);
  }

  read(uri: string): ReadResult {
    const open = this.open.get(uri);
    if (open) return { text: open.text };
    const cached = this.disk.get(uri);
    if (cached) return cached;
    const result = readFromDisk(uri);
    this.disk.set(uri, result);
    return result;
  }

  /** The text of a file, or undefined when it cannot be read. */
  text(uri: string): string | undefined {
    const read = this.read(uri);
    return 'text' in read ? read.text : undefined;
  }

  /** Folders an include from the project of `root` may reach: the workspace folders, or the root's own folder outside them. */
  boundariesFor(root: string): readonly string[] {
    if (this.folders.some((folder) => isInsideFolder(folder, root))) return this.folders;
    return [dirnameUri(root)];
  }

  realPathAllowed(folder: string, uri: string): boolean {
    const key = `${folder}\n${uri}`;
    let verdict = this.realPathVerdicts.get(key);
    if (verdict === undefined) {
      verdict = realPathInside(folder, uri);
      this.realPathVerdicts.set(key, verdict);
    }
    return verdict;
  }
}

function readFromDisk(uri: string): ReadResult {
  const path = fsPathOf(uri);
  if (!path) return { error: 'the file is not open and is not on the file system' };
  return readTextFile(path);
}

/**
 * A ProjectHost over a FileStore for one load of the project rooted at
 * `root`. It records every file it was asked for (read or not), so that a
 * snapshot knows what it depends on.
 */
export class StoreHost implements ProjectHost {
  readonly dependencies = new Set<string>();
  private readonly boundaries: readonly string[];

  constructor(private readonly store: FileStore, root: string) {
    this.boundaries = store.boundariesFor(root);
  }

  readFile(fileId: string): ReadResult {
    this.dependencies.add(fileId);
    return this.store.read(fileId);
  }

  resolveInclude(fromFileId: string, includePath: string): { fileId: string } | { error: string } {
    let target: string;
    try {
      target = resolveRelative(fromFileId, includePath);
    } catch (error) {
      return { error: `the path cannot be resolved (${(error as Error).message})` };
    }
    const folder = this.boundaries.find((f) => isInsideFolder(f, target));
    if (!folder) {
      return { error: this.boundaries.length > 1 ? 'the path leaves the workspace folders' : 'the path leaves the workspace' };
    }
    if (!this.store.realPathAllowed(folder, target)) return { error: 'the path leads outside the workspace' };
    return { fileId: target };
  }

  displayName(fileId: string): string {
    return displayNameOf(this.store.folders, fileId);
  }
}

/** Parses each file once per text: the last text and tree of every file. */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; result: ParseResult }>();
  hits = 0;
  misses = 0;

  /** `tokensOf`: the tokens of a file's text, when they are (or are to be) kept anyway; the parse then reads them instead of lexing again. */
  constructor(private readonly tokensOf: (uri: string, text: string) => Tokens | undefined = () => undefined) {}

  parse(uri: string, text: string): ParseResult {
    const entry = this.entries.get(uri);
    if (entry && entry.text === text) {
      this.hits++;
      return entry.result;
    }
    this.misses++;
    const result = parse(text, this.tokensOf(uri, text));
    this.entries.set(uri, { text, result });
    return result;
  }

  /** For `LoadOptions.parseFile`. */
  readonly parseFile = (uri: string, text: string): ParseResult => this.parse(uri, text);

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

export type Tokens = ReturnType<typeof tokenize>;

/** A text's tokens, and the text. */
interface LexedText {
  readonly text: string;
  readonly tokens: Tokens;
}

/**
 * Per-file caches that depend only on the text: line index and tokens. Two
 * texts' tokens are kept per file: those of the text the prose fast path
 * compares with (the text of the snapshot last published, `'analysed'`),
 * and those of the text asked for last (`'latest'`: an open document's
 * parse reads them, and the fast path compares them). Kept apart, so that
 * the versions of a burst, each parsed in turn, do not push out the one
 * every version is compared with.
 */
export class TextCache {
  private readonly lineIndexes = new Map<string, { text: string; index: LineIndex }>();
  private readonly tokenLists = new Map<string, { readonly analysed?: LexedText; readonly latest?: LexedText }>();

  lineIndex(uri: string, text: string): LineIndex {
    const entry = this.lineIndexes.get(uri);
    if (entry && entry.text === text) return entry.index;
    const index = new LineIndex(text);
    this.lineIndexes.set(uri, { text, index });
    return index;
  }

  /** The tokens of `uri`'s `text` (lexed once per text), kept as the file's `role` text. */
  tokens(uri: string, text: string, role: 'analysed' | 'latest' = 'latest'): Tokens {
    const { analysed, latest } = this.tokenLists.get(uri) ?? {};
    let entry = analysed?.text === text ? analysed : latest?.text === text ? latest : undefined;
    if (!entry) {
      const tokens = tokenize(text);
      for (const t of tokens.tokens) t.endOffset = t.startOffset + t.image.length - 1;
      for (const t of tokens.groups['comments'] ?? []) t.endOffset = t.startOffset + t.image.length - 1;
      entry = { text, tokens };
    }
    this.tokenLists.set(uri, role === 'analysed' ? { analysed: entry, latest } : { analysed, latest: entry });
    return entry.tokens;
  }

  delete(uri: string): void {
    this.lineIndexes.delete(uri);
    this.tokenLists.delete(uri);
  }
}
