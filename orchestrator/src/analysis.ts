/**
 * The one entry point for conflicts: `analyseProject` runs every check on a
 * project snapshot and returns the diagnostics as the writer should see them,
 * with the story's `rules`, any editor overrides and `allow` items applied.
 */
import type { RuleLevel } from '@nao/grammar';
import { compareFiles, type Aspect, type FileChanges } from './aspects.js';
import { Changes, linksNaming, type ChangedFile } from './changes.js';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from './cancellation.js';
import type { Check, CheckContext, ConflictReport } from './checks/check.js';
import { Derived } from './checks/derived.js';
import { CHECKS } from './checks/index.js';
import { CODES } from './codes.js';
import { ConflictIds } from './conflicts.js';
import { formatPath, type Diagnostic, type PathStep, type Severity } from './diagnostics.js';
import { CausalGraph } from './graph.js';
import type { ProjectHost } from './host.js';
import { filesNaming, mergedWithoutReport } from './name-uses.js';
import { PathModel } from './paths.js';
import { ScaleManager } from './scales.js';
import { loadProject, type LoadOptions, type Project } from './project.js';

export interface AnalysisOptions {
  readonly token?: CancellationToken;
  /** Severity overrides that win over the story's `rules` (for example from editor settings). */
  readonly severityOverrides?: ReadonlyMap<string, RuleLevel>;
  /** Run only these conflict codes (front-end codes are always reported). */
  readonly onlyCodes?: ReadonlySet<string>;
  /**
   * An analysis of an earlier version of the project (the previous snapshot
   * of an editor, the project a repair is tried on): a check whose inputs
   * did not change since then (see aspects.ts) and that reported nothing
   * there reports nothing now, so it is not run again. The result is exactly
   * that of a full analysis.
   */
  readonly previous?: Analysis;
}

/** What every check reads besides the project: built once per analysis, before the first check runs. */
export interface ProjectStructure {
  readonly project: Project;
  readonly paths: PathModel;
  readonly graph: CausalGraph;
  readonly scales: ScaleManager;
  /** What the checks derived from this snapshot and share (character timelines, link lists…), computed when first asked for. */
  readonly derived: Derived;
}

export interface Analysis extends ProjectStructure {
  /** Every diagnostic, suppressions and severities applied, sorted by file (load order) and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every conflict before `rules` and `allow` were applied (for the resolution engine's comparisons). */
  readonly raw: readonly Diagnostic[];
  /** The severity overrides it was run with, so that re-analyses of edited copies judge alike. */
  readonly severityOverrides?: ReadonlyMap<string, RuleLevel>;
  /**
   * What each reported conflict (of `raw`) is about in this snapshot's syntax
   * tree, by conflict id: the anchor its check or the front end kept for the repairs.
   */
  readonly anchors: ReadonlyMap<string, unknown>;
  /** The conflict of `diagnostics` with this id, if this analysis reports it. */
  conflict(id: string): Diagnostic | undefined;
}

export function analyseProject(project: Project, options: AnalysisOptions = {}): Analysis {
  const run = startAnalysis(project, options);
  for (;;) {
    const step = run.steps.next();
    if (step.done) return step.value;
  }
}

/**
 * An analysis taken one check at a time, so that a caller with an event loop
 * (the language server) can let other work run between checks and drop the
 * run when it is superseded. `structure` is ready at once (navigation and
 * impact need nothing more); `steps` runs one check per `next()` and returns
 * the finished Analysis. Running it to the end gives exactly `analyseProject`.
 */
export interface AnalysisRun {
  readonly structure: ProjectStructure;
  readonly steps: Generator<string, Analysis, void>;
}

export function startAnalysis(project: Project, options: AnalysisOptions = {}): AnalysisRun {
  const token = options.token ?? NEVER_CANCELLED;
  throwIfCancelled(token);
  const paths = new PathModel(project, options.previous?.paths);
  const derived = new Derived(project, paths);
  // The graph and the scales are made when first read: a run whose checks reading them are all reused never needs them.
  // The graph is patched from the previous analysis's, or from the graph that one was lent when it made none (a
  // time or a name edit reads no graph); only that one graph is held until the graph is made.
  const before = options.previous ? madeGraphs.get(options.previous) : undefined;
  const made: MadeGraph = { lent: before?.graph ?? before?.lent };
  let scales: ScaleManager | undefined;
  const structure: ProjectStructure = {
    project, paths, derived,
    get graph() {
      if (!made.graph) {
        made.graph = new CausalGraph(project, made.lent);
        made.lent = undefined;
      }
      return made.graph;
    },
    get scales() { return (scales ??= new ScaleManager(project, paths)); },
  };
  return { structure, steps: runChecks(structure, options, token, made) };
}

/** The causal graph of an analysis, once it was made, or the graph it was lent until then: the next analysis patches it. */
interface MadeGraph {
  graph?: CausalGraph;
  lent: CausalGraph | undefined;
}

const madeGraphs = new WeakMap<Analysis, MadeGraph>();

/** What an analysis keeps for the next one: how many conflicts each check that ran reported. */
const reportsByCheck = new WeakMap<Analysis, ReadonlyMap<Check, number>>();

/**
 * What changed between the project `previous` analysed and `project`, or
 * undefined when they hold different files (nothing is reused).
 */
function changesSince(previous: Analysis, project: Project, paths: PathModel): Changes | undefined {
  const before = previous.project.files;
  if (before.size !== project.files.size) return undefined;
  const changed = new Set<Aspect>();
  const compared = new Map<string, FileChanges>();
  const renamed = new Set<string>();
  const beforeIds = before.keys();
  for (const [id, file] of project.files) {
    if (beforeIds.next().value !== id) return undefined;
    const was = before.get(id)!;
    if (was.parse.file === file.parse.file) continue;
    const changes = compareFiles(was, file);
    for (const aspect of changes.aspects) changed.add(aspect);
    for (const name of changes.renamed) renamed.add(name);
    compared.set(id, changes);
  }
  const relinked = renamed.size > 0 && !changed.has('structure') ? relinkedBy(previous.project, project, renamed) : undefined;
  // A rename with a name declared twice, before or after, may change which declaration a use names: in full, then.
  if (renamed.size > 0 && !relinked) changed.add('structure');
  const files: ChangedFile[] = [];
  for (const id of project.files.keys()) {
    const links = relinked?.get(id);
    for (const aspect of links?.keys() ?? []) changed.add(aspect);
    const changes = compared.get(id);
    if (changes) files.push({ id, beats: links ? mergeBeats(changes.beats, links) : changes.beats });
    else if (links) files.push({ id, beats: links, relinked: true });
  }
  // The time order reads names too: simultaneous beats are ordered by name.
  if ((changed.has('time') || changed.has('names')) && !changed.has('structure') && !sameTimeOrder(previous.paths, paths)) changed.add('order');
  return new Changes(changed, files, project, previous.project);
}

/**
 * By file and aspect, the beats of `project` (by place among their file's
 * beats) whose links name one of `renamed`, the names of the beats and arcs
 * renamed, as they were and as they are: those links bind anew. Undefined
 * when a name is declared twice in either version (a use then names the
 * first declaration, and which one that is may change).
 */
function relinkedBy(previous: Project, project: Project, renamed: ReadonlySet<string>): Map<string, Map<Aspect, number[]>> | undefined {
  const files = mergedWithoutReport(previous) ? filesNaming(project, renamed) : undefined;
  return files && linksNaming(project, files, renamed, ['causes', 'prevents', 'requires', 'resolves']);
}

/** Two lists of beats by aspect, each list ascending, as one. */
function mergeBeats(a: ReadonlyMap<Aspect, readonly number[]>, b: ReadonlyMap<Aspect, readonly number[]>): Map<Aspect, readonly number[]> {
  const merged = new Map<Aspect, readonly number[]>(a);
  for (const [aspect, places] of b) merged.set(aspect, [...new Set([...(a.get(aspect) ?? []), ...places])].sort((x, y) => x - y));
  return merged;
}

/**
 * Whether two versions of a project with the same structure (so the same
 * beats at the same indices) order their beats alike in time: the same
 * beats with a time, in the same order, simultaneous exactly where they
 * were. Then every comparison of two beats' times gives what it gave.
 */
function sameTimeOrder(before: PathModel, after: PathModel): boolean {
  const a = before.byTime;
  const b = after.byTime;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.index !== b[i]!.index) return false;
    if (i > 0 && (a[i - 1]!.time === a[i]!.time) !== (b[i - 1]!.time === b[i]!.time)) return false;
  }
  return true;
}

/** Whether the previous analysis ran `check` and it reported nothing, on the same files (`changed` is defined only then). */
function reportedNothing(check: Check, previous: ReadonlyMap<Check, number> | undefined, changed: Changes | undefined): changed is Changes {
  return previous !== undefined && changed !== undefined && previous.get(check) === 0;
}

/** `reportedNothing`, and the structure is the same: the condition of any reuse but `perFile`'s. */
function reportedNothingBefore(check: Check, previous: ReadonlyMap<Check, number> | undefined, changed: Changes | undefined): changed is Changes {
  return reportedNothing(check, previous, changed) && !changed.has('structure');
}

/** Whether `check` certainly reports nothing on `project`, from the analysis of an earlier version. */
function reportsNothingAgain(check: Check, previous: ReadonlyMap<Check, number> | undefined, changed: Changes | undefined): boolean {
  return reportedNothingBefore(check, previous, changed) && !check.reads.some((aspect) => changed.has(aspect));
}

/** Whether `check` can run on the changed items alone (`Check.incremental`). */
function runsOnChanges(check: Check, previous: ReadonlyMap<Check, number> | undefined, changed: Changes | undefined): boolean {
  const incremental = check.incremental;
  return incremental !== undefined && reportedNothingBefore(check, previous, changed) &&
    check.reads.every((aspect) => !changed.has(aspect) || incremental.aspects.includes(aspect));
}

/**
 * Whether `check` can run on the files an edit changed alone (`Check.perFile`):
 * it reported nothing before on the same files, and the story header is the
 * same, whatever else changed.
 */
function runsPerFile(check: Check, previous: ReadonlyMap<Check, number> | undefined, changed: Changes | undefined): changed is Changes {
  return check.perFile !== undefined && reportedNothing(check, previous, changed) && changed.project.story?.decl === changed.previous.story?.decl;
}

function* runChecks(structure: ProjectStructure, options: AnalysisOptions, token: CancellationToken, made: MadeGraph): Generator<string, Analysis, void> {
  const { project, paths, derived } = structure;
  // Nothing below may keep `options` (or the previous analysis) in a closure: the finished
  // analysis would then hold its predecessor, and every analysis before it.
  const { onlyCodes, severityOverrides } = options;
  const previous = options.previous ? reportsByCheck.get(options.previous) : undefined;
  const changed = previous ? changesSince(options.previous!, project, paths) : undefined;
  const reported = new Map<Check, number>();
  const raw: Diagnostic[] = [...project.diagnostics];
  const anchors = new Map<string, unknown>(project.anchors);
  const ids = new ConflictIds(raw.map((d) => d.id));
  const report = (conflict: ConflictReport): void => {
    const id = ids.next(conflict.code, conflict.subject);
    if (conflict.anchor !== undefined) anchors.set(id, conflict.anchor);
    raw.push({
      id,
      subject: conflict.subject,
      code: conflict.code,
      severity: conflict.severity ?? CODES.get(conflict.code)?.severity ?? 'warning',
      message: withWitness(conflict.message, conflict.path),
      file: conflict.file,
      span: conflict.span,
      related: conflict.related ?? [],
      ...(conflict.path ? { path: conflict.path } : {}),
    });
  };
  for (const check of CHECKS) {
    throwIfCancelled(token);
    if (onlyCodes && !check.codes.some((code) => onlyCodes.has(code))) continue;
    if (reportsNothingAgain(check, previous, changed)) {
      reported.set(check, 0);
      continue;
    }
    const before = raw.length;
    const context: CheckContext = {
      project, paths, derived, token, report,
      get graph() { return structure.graph; },
      get scales() { return structure.scales; },
    };
    if (runsOnChanges(check, previous, changed)) check.incremental!.run(context, changed!);
    else if (runsPerFile(check, previous, changed)) for (const file of changed.changedFiles) check.perFile!(context, file);
    else check.run(context);
    reported.set(check, raw.length - before);
    yield check.codes.join(',');
  }
  throwIfCancelled(token);
  const diagnostics = present(project, raw, severityOverrides);
  const byId = new Map(diagnostics.map((d) => [d.id, d]));
  const analysis: Analysis = {
    project, paths, derived, raw, diagnostics, anchors,
    get graph() { return structure.graph; },
    get scales() { return structure.scales; },
    ...(severityOverrides ? { severityOverrides } : {}),
    conflict: (id) => byId.get(id),
  };
  reportsByCheck.set(analysis, reported);
  madeGraphs.set(analysis, made);
  return analysis;
}

/**
 * A path-sensitive conflict's message names its witness path (docs/checks.md,
 * "How to read a report"): checks usually write it themselves; when one does
 * not, it is added here, so that every presentation (the command line, the
 * editor, the library) says the same.
 */
function withWitness(message: string, path: readonly PathStep[] | undefined): string {
  if (!path || path.length === 0) return message;
  const formatted = formatPath(path);
  return message.includes(formatted) ? message : `${message} (on path ${formatted})`;
}

/** Loads the project rooted at `root` and analyses it. */
export function checkProject(host: ProjectHost, root: string, options: AnalysisOptions & LoadOptions = {}): Analysis {
  const previousProject = options.previousProject ?? options.previous?.project;
  return analyseProject(loadProject(host, root, { ...options, ...(previousProject ? { previousProject } : {}) }), options);
}

const LEVEL_TO_SEVERITY: Record<Exclude<RuleLevel, 'off'>, Severity> = {
  error: 'error',
  warning: 'warning',
  info: 'information',
  hint: 'hint',
};

/** Applies `rules`, overrides and `allow`, and sorts. */
function present(project: Project, raw: readonly Diagnostic[], overrides: ReadonlyMap<string, RuleLevel> | undefined): Diagnostic[] {
  const fileOrder = new Map([...project.files.keys()].map((id, i) => [id, i]));
  const result: Diagnostic[] = [];
  for (const diagnostic of raw) {
    const level = overrides?.get(diagnostic.code) ?? project.story?.rules.get(diagnostic.code);
    if (level === 'off') continue;
    if (isAllowed(project, diagnostic)) continue;
    result.push(level ? { ...diagnostic, severity: LEVEL_TO_SEVERITY[level] } : diagnostic);
  }
  return result.sort((a, b) =>
    (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) ||
    a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

function isAllowed(project: Project, diagnostic: Diagnostic): boolean {
  for (const allowance of project.allowances) {
    if (allowance.file === diagnostic.file &&
      allowance.codes.has(diagnostic.code) &&
      allowance.block.start <= diagnostic.span.start &&
      diagnostic.span.end <= allowance.block.end) {
      return true;
    }
  }
  return false;
}
