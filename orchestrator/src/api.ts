/**
 * The orchestrator as a library: analyse a story project held in memory and
 * get plain data back (JSON-serialisable), with no I/O.
 *
 * ```ts
 * import { analyse, repairs, impact, fixAll } from '@narrative-arc/orchestrator';
 * const result = analyse({ files: { 'main.arc': text }, root: 'main.arc' });
 * for (const conflict of result.conflicts) console.log(conflict.code, conflict.message);
 * ```
 *
 * `impact`, `repairs`, `fixAll`, `playthrough` and `pathStatistics` take the result `analyse` returned (the
 * analysed project stays attached to it, out of sight); everything they
 * return is plain data too. Lines and characters are 0-based, characters in
 * UTF-16 code units (as in the Language Server Protocol); offsets count
 * UTF-16 code units from the start of the file.
 *
 * Callers that read files themselves pass a `host` (see ProjectHost)
 * instead of `files`: the command line's disk host is one.
 */
import { LineIndex, type RuleLevel, type Span } from '@nao/grammar';
import { analyseProject, type Analysis } from './analysis.js';
import type { CancellationToken } from './cancellation.js';
import type { ConflictSubject } from './conflicts.js';
import type { PathStep, Severity } from './diagnostics.js';
import { MemoryHost, type ProjectHost } from './host.js';
import { analyseImpact, type ImpactReport } from './impact.js';
import { loadProject, type AnySymbol } from './project.js';
import { fixAllConflicts, proposeResolutions, type AddedConflicts } from './resolutions.js';
import type { RepairKind } from './checks/check.js';

/** A project held in memory. */
export interface AnalyseFiles {
  /** Every file of the project: a path with `/` separators, relative to the project's folder, and its text. */
  readonly files: Readonly<Record<string, string>>;
  /** The root file: one of the keys of `files`. Includes are resolved relative to the including file and must stay among them. */
  readonly root: string;
  /** Severity per conflict code, winning over the story's `rules` block, e.g. `{ W406: 'off', C203: 'warning' }`. */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  /** Stops a long analysis: `analyse` then throws `CancelledError`. */
  readonly token?: CancellationToken;
}

/** A project whose files a host reads (from disk, a database, an editor...). */
export interface AnalyseWithHost {
  readonly host: ProjectHost;
  /** The root file's id, as the host knows it. */
  readonly root: string;
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  readonly token?: CancellationToken;
}

export type AnalyseInput = AnalyseFiles | AnalyseWithHost;

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based character in UTF-16 code units. */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Where something is: a file, its range and the same range as offsets. */
export interface Location {
  readonly file: string;
  readonly range: Range;
  readonly offsets: { readonly start: number; readonly end: number };
}

export interface RelatedInfo extends Location {
  readonly message: string;
}

/** One conflict, as `nao check --format json` reports it, with its identity. */
export interface Conflict extends Location {
  /** Stable across unrelated edits: names, not positions (e.g. `T101:lamp_fails:causes:ship_in_danger`). */
  readonly id: string;
  /** E.g. `T101`; see docs/checks.md. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The other beats involved. */
  readonly related: readonly RelatedInfo[];
  /** The witness path, for path-sensitive conflicts: the option taken at each choice (`[]`: on every path). */
  readonly path: readonly PathStep[];
  /** What the conflict is about (a beat and an item, a reference, an include...). */
  readonly subject: ConflictSubject;
}

/** A declared name of the project. */
export interface StorySymbol extends Location {
  readonly name: string;
  readonly kind: 'character' | 'place' | 'goal' | 'arc' | 'event' | 'choice' | 'option';
  /** For arcs and beats: micro, meso or macro. */
  readonly scale?: 'micro' | 'meso' | 'macro';
  /** For beats: the time (`null` when the time is missing). */
  readonly time?: number | null;
  /** For beats and arcs: the innermost enclosing arc. */
  readonly arc?: string | null;
  /** For options: the choice they belong to. */
  readonly choice?: string;
}

export interface AnalysisResult {
  readonly root: string;
  /** Every file the project read, root first. */
  readonly files: readonly string[];
  /** Every conflict, with the story's `rules`, the `rules` option and `allow` applied; by file, then position. */
  readonly conflicts: readonly Conflict[];
  readonly symbols: readonly StorySymbol[];
}

/** A text replacement in one file (positions in the text that was analysed). */
export interface TextChange extends Location {
  readonly newText: string;
}

/** A repair that the engine applied to a copy of the project and checked: the conflict is gone and no error came. */
export interface VerifiedRepair {
  readonly title: string;
  readonly changes: readonly TextChange[];
  /** The best-ranked repair of its conflict. */
  readonly preferred: boolean;
  /** `allow CODE`: silences the conflict rather than repairing it; always ranked last. */
  readonly silences: boolean;
  /** Conflicts (of any severity) the repair brings that were not there before. */
  readonly newConflicts: number;
  /** What it brings, by code and severity (the title says it too, at its end: "— adds 2 warnings: S503"). */
  readonly adds: readonly AddedConflicts[];
  /** `path`: changes only the paths where the conflict happens; `structure`: the story for every reader; `label`: a label nothing depends on. */
  readonly kind: RepairKind;
}

export interface FixAllOutcome {
  /** The new text of every file that changed. */
  readonly files: Readonly<Record<string, string>>;
  /** What was applied, in order. */
  readonly applied: readonly { readonly code: string; readonly message: string; readonly title: string; readonly file: string }[];
  /** The project analysed again after the last repair. */
  readonly result: AnalysisResult;
}

interface Attached {
  readonly analysis: Analysis;
  readonly host: ProjectHost;
  /** File id (inside the engine) -> file name (in results), and back. */
  readonly toName: (fileId: string) => string;
  readonly toId: (file: string) => string;
}

const ATTACHED = new WeakMap<AnalysisResult, Attached>();

/** Analyses a project and returns plain data. Never throws on bad input: every problem is a conflict. */
export function analyse(input: AnalyseInput): AnalysisResult {
  const rules = input.rules ? new Map(Object.entries(input.rules)) : undefined;
  if ('files' in input) {
    if (!input.files || typeof input.files !== 'object') throw new TypeError('analyse: `files` must map file names to texts');
    const files = new Map<string, string>();
    for (const [name, text] of Object.entries(input.files)) {
      if (typeof text !== 'string') throw new TypeError(`analyse: the text of ${JSON.stringify(name)} must be a string`);
      files.set(toMemoryId(name), text);
    }
    const host = new MemoryHost(files, '/');
    return run(host, toMemoryId(input.root), rules, input.token, (id) => id.slice(1), toMemoryId);
  }
  return run(input.host, input.root, rules, input.token, (id) => id, (name) => name);
}

/** What depends on a beat (see docs/language.md, "Impact"); undefined when no beat has that name. */
export function impact(result: AnalysisResult, beat: string): ImpactReport | undefined {
  return analyseImpact(attached(result, 'impact').analysis, beat);
}

/** The verified repairs of one conflict of `result`, best first (empty when none verifies or the id is unknown). */
export function repairs(result: AnalysisResult, conflictId: string, options: { readonly token?: CancellationToken } = {}): VerifiedRepair[] {
  const { analysis, host, toName } = attached(result, 'repairs');
  const conflict = analysis.conflict(conflictId);
  if (!conflict) return [];
  return proposeResolutions(analysis, conflict, { host, ...(options.token ? { token: options.token } : {}) }).map((r) => ({
    title: r.title,
    changes: r.edits.map((edit) => ({ ...locate(analysis, toName, edit.file, edit.span), newText: edit.newText })),
    preferred: r.preferred,
    silences: r.silences,
    newConflicts: r.newConflicts,
    adds: r.adds.map((a) => ({ code: a.code, severity: a.severity, count: a.count })),
    kind: r.kind,
  }));
}

/**
 * Applies the best verified repair of each conflict in turn (never `allow`),
 * analysing again after each, as `nao fix` does. Nothing is written: the new
 * texts are returned.
 */
export function fixAll(result: AnalysisResult, options: { readonly code?: string; readonly files?: readonly string[]; readonly token?: CancellationToken } = {}): FixAllOutcome {
  const { analysis, host, toName, toId } = attached(result, 'fixAll');
  const outcome = fixAllConflicts(analysis, {
    host,
    ...(options.code ? { code: options.code } : {}),
    ...(options.files ? { files: new Set(options.files.map(toId)) } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
  const files: Record<string, string> = {};
  for (const [id, text] of outcome.files) files[toName(id)] = text;
  const after = present(outcome.analysis, host, toName, toId);
  return {
    files,
    applied: outcome.applied.map((a) => ({ code: a.code, message: a.message, title: a.title, file: toName(a.file) })),
    result: after,
  };
}

// ---------------------------------------------------------------------------

function toMemoryId(name: string): string {
  return `/${String(name).replace(/^\/+/, '')}`;
}

function run(
  host: ProjectHost, root: string, rules: ReadonlyMap<string, RuleLevel> | undefined, token: CancellationToken | undefined,
  toName: (fileId: string) => string, toId: (file: string) => string,
): AnalysisResult {
  const project = loadProject(host, root);
  const analysis = analyseProject(project, { ...(token ? { token } : {}), ...(rules ? { severityOverrides: rules } : {}) });
  return present(analysis, host, toName, toId);
}

function present(analysis: Analysis, host: ProjectHost, toName: (fileId: string) => string, toId: (file: string) => string): AnalysisResult {
  const project = analysis.project;
  const conflicts: Conflict[] = analysis.diagnostics.map((d) => ({
    id: d.id,
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...locate(analysis, toName, d.file, d.span),
    related: d.related.map((r) => ({ ...locate(analysis, toName, r.file, r.span), message: r.message })),
    path: (d.path ?? []).map((step) => ({ choice: step.choice, option: step.option })),
    subject: d.subject,
  }));
  const symbols: StorySymbol[] = [];
  const add = (symbol: AnySymbol, extra: Partial<StorySymbol> = {}): void => {
    symbols.push({ name: symbol.kind === 'option' ? symbol.qualifiedName : symbol.name, kind: symbol.kind, ...locate(analysis, toName, symbol.file, symbol.nameSpan), ...extra });
  };
  for (const s of project.characters.values()) add(s);
  for (const s of project.places.values()) add(s);
  for (const s of project.goals.values()) add(s);
  for (const s of project.arcs) add(s, { scale: s.scale, arc: s.parent?.name ?? null });
  for (const s of project.beats) add(s, { scale: s.scale, time: Number.isNaN(s.time) ? null : s.time, arc: s.arc?.name ?? null });
  for (const s of project.options) add(s, { choice: s.choice.name });
  const result: AnalysisResult = { root: toName(project.root), files: [...project.files.keys()].map(toName), conflicts, symbols };
  ATTACHED.set(result, { analysis, host, toName, toId });
  return result;
}

const lineIndexes = new WeakMap<Analysis, Map<string, LineIndex>>();

function locate(analysis: Analysis, toName: (fileId: string) => string, file: string, span: Span): Location {
  let indexes = lineIndexes.get(analysis);
  if (!indexes) lineIndexes.set(analysis, (indexes = new Map()));
  let index = indexes.get(file);
  if (!index) indexes.set(file, (index = new LineIndex(analysis.project.files.get(file)?.text ?? '')));
  return {
    file: toName(file),
    range: { start: index.positionAt(span.start), end: index.positionAt(span.end) },
    offsets: { start: span.start, end: span.end },
  };
}

function attached(result: AnalysisResult, caller: string): Attached {
  const found = result && typeof result === 'object' ? ATTACHED.get(result) : undefined;
  if (!found) throw new TypeError(`${caller}: pass the result that analyse() returned (a copy of it has no analysed project attached)`);
  return found;
}

// ---------------------------------------------------------------------------
// Playing a story, and statistics over its paths (imports are hoisted: kept
// here, beside the calls that use them)

import { computePlaythrough, type PlayOptions, type Playthrough } from './playthrough.js';
import { computePathStatistics, pathStatisticsToJson, type PathStatisticsJson } from './path-statistics.js';

/**
 * Plays one path of the story (see docs/language.md, "Playing a story"):
 * its beats in time order from the start, or from the beat `from` (the
 * options enclosing it are taken), each with its prose and the state after
 * it, the conflicts that happen on the path so far, and where the run
 * stopped: the next choice without a pick in `picks` (by name), or a pick
 * whose option no longer exists (in `notes`). Undefined when `from` names no
 * beat with a time.
 */
export function playthrough(result: AnalysisResult, options: PlayOptions = {}): Playthrough | undefined {
  return computePlaythrough(attached(result, 'playthrough').analysis, options);
}

/**
 * Statistics over every path, computed without listing paths: how many
 * paths (a decimal string: it can pass 2^53), beats and words per path,
 * beats on every path, the peak, the largest rise between consecutive
 * intensities, the longest run without a calm beat, and which beats and
 * conflicts few paths reach.
 */
export function pathStatistics(result: AnalysisResult): PathStatisticsJson {
  return pathStatisticsToJson(computePathStatistics(attached(result, 'pathStatistics').analysis));
}
