/**
 * The resolution engine (docs/checks.md, "Repairs"): candidate repairs for a
 * conflict, each verified on a copy of the project, ranked; and `fixAllConflicts`,
 * which applies the best verified repair per conflict. Every caller (the
 * CLI's `fix`, the editor's quick fixes and fix-all, the tests) goes through
 * these two functions, and whether a repair added an error is decided in one
 * place: `addsError`.
 */
import { parse, type ParseResult, type Span } from '@nao/grammar';
import { analyseProject, type Analysis, type AnalysisOptions } from './analysis.js';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from './cancellation.js';
import type { Repair, RepairContext, RepairKind, RepairProvider } from './checks/check.js';
import { FRONT_END_REPAIRS } from './checks/front-end.js';
import { checkFor } from './checks/index.js';
import type { Diagnostic, Severity } from './diagnostics.js';
import { addBeatItem, applyEdits, insertIntoArc, type TextEdit } from './edits.js';
import type { ProjectHost } from './host.js';
import { ALL_CODES, CODES } from './codes.js';
import { includeKey, loadProject, type Project } from './project.js';

/** Syntax and reference errors (E001-E007): no `allow` can silence them. */
const FRONT_END_CODES: ReadonlySet<string> = new Set(ALL_CODES.filter((code) => CODES.get(code)?.kind === 'syntax' || CODES.get(code)?.kind === 'reference' || CODES.get(code)?.kind === 'value'));

/** Conflicts of one code and severity that a repair adds (present after it, not before). */
export interface AddedConflicts {
  readonly code: string;
  readonly severity: Severity;
  readonly count: number;
}

export interface Resolution {
  /**
   * What the writer sees: the repair's own title, followed by what it adds
   * when it adds anything (`Move \`morning\` before \`collapse\` (@2.5) — adds
   * 2 warnings: S503`).
   */
  readonly title: string;
  /** The repair's own title, without what it adds. */
  readonly repairTitle: string;
  /** What the repair adds, as the title's tail says it (`adds 2 warnings: S503`); undefined when it adds nothing. */
  readonly detail?: string;
  readonly edits: readonly TextEdit[];
  /** What the repair changes: only the failing paths, the story's structure, or a label. */
  readonly kind: RepairKind;
  /** The conflicts the repair adds, by severity (errors first) then code; empty when it adds nothing. */
  readonly adds: readonly AddedConflicts[];
  /** Conflicts (any severity) present after the repair that were not there before: the sum of `adds`. */
  readonly newConflicts: number;
  /** The best-ranked resolution of its conflict. */
  readonly preferred: boolean;
  /** `allow CODE`: silences the conflict rather than repairing it; ranked last, never applied by `fixAllConflicts`. */
  readonly silences: boolean;
}

export interface ResolutionOptions {
  readonly token?: CancellationToken;
  /** Reads files the project did not load (only needed when a repair adds an include). */
  readonly host?: ProjectHost;
  /** At most this many candidates are verified (default 6). */
  readonly maxCandidates?: number;
}

/**
 * Verified repairs for one conflict of `analysis` (found by its id, so a
 * conflict of an earlier analysis of the same project works too), best first.
 * Empty when none verifies or the analysis does not report the conflict.
 */
export function proposeResolutions(analysis: Analysis, conflict: Diagnostic, options: ResolutionOptions = {}): Resolution[] {
  return verifiedResolutions(analysis, conflict, options, false);
}

/** A resolution with what its verification produced, when asked to keep it: the changed files' texts and their analysis. */
interface VerifiedResolution extends Resolution {
  readonly outcome?: { readonly replaced: ReadonlyMap<string, string>; readonly after: Analysis };
}

/**
 * `proposeResolutions`; with `keep`, each repair keeps its verified texts and
 * analysis, for `fixAllConflicts` to go on from without analysing again. Only
 * then: the analyses of every candidate would otherwise stay alive together.
 */
function verifiedResolutions(analysis: Analysis, conflict: Diagnostic, options: ResolutionOptions, keep: boolean): VerifiedResolution[] {
  const token = options.token ?? NEVER_CANCELLED;
  const candidates = candidateRepairs(analysis, conflict).slice(0, options.maxCandidates ?? 6);
  const verified: (VerifiedResolution & { readonly cost: number })[] = [];
  for (const candidate of candidates) {
    throwIfCancelled(token);
    const outcome = verify(analysis, conflict, candidate, options);
    if (!outcome) continue;
    const detail = describeAdded(outcome.adds);
    verified.push({
      title: detail ? `${candidate.repair.title} — ${detail}` : candidate.repair.title,
      repairTitle: candidate.repair.title,
      ...(detail ? { detail } : {}),
      edits: candidate.repair.edits,
      kind: candidate.repair.kind,
      adds: outcome.adds,
      newConflicts: outcome.newConflicts,
      preferred: false,
      silences: candidate.fallback,
      cost: editCost(candidate.repair.edits),
      ...(keep ? { outcome: { replaced: outcome.replaced, after: outcome.after } } : {}),
    });
  }
  return rankResolutions(verified).map(({ cost: _cost, ...r }, i) => ({ ...r, preferred: i === 0 }));
}

const KIND_RANK: Readonly<Record<RepairKind, number>> = { path: 0, structure: 1, label: 2 };

/**
 * THE ranking of verified repairs (docs/checks.md, "How to read a report"),
 * best first:
 *
 * 1. `allow CODE` last of all: it silences rather than repairs;
 * 2. then label-only repairs after every other: a label is the last resort;
 * 3. then repairs that add no conflict at all before those that add some;
 * 4. then repairs that change only the failing paths before those that
 *    change the story for every reader;
 * 5. then fewest added conflicts, then the smallest edit.
 *
 * Stable: candidates that tie keep the order their check proposed them in.
 */
export function rankResolutions<R extends Pick<Resolution, 'silences' | 'kind' | 'newConflicts'> & { readonly cost: number }>(resolutions: readonly R[]): R[] {
  const label = (r: R): number => Number(r.kind === 'label');
  return [...resolutions].sort((a, b) =>
    Number(a.silences) - Number(b.silences) ||
    label(a) - label(b) ||
    Number(a.newConflicts > 0) - Number(b.newConflicts > 0) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    a.newConflicts - b.newConflicts ||
    a.cost - b.cost);
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const SEVERITY_NOUN: Readonly<Record<Severity, readonly [string, string]>> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  information: ['information note', 'information notes'],
  hint: ['hint', 'hints'],
};

/** The conflicts `after` reports that `before` did not, counted by severity and code. */
export function addedConflicts(before: Analysis, after: Analysis): AddedConflicts[] {
  const counts = new Map<string, AddedConflicts>();
  for (const d of after.diagnostics) {
    if (before.conflict(d.id)) continue;
    const key = `${d.severity}\u0000${d.code}`;
    const found = counts.get(key);
    counts.set(key, { code: d.code, severity: d.severity, count: (found?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) =>
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * `adds 2 warnings: S503`, `adds 3 warnings: S503 (2), W402; 1 information
 * note: M302`; undefined when nothing is added.
 */
export function describeAdded(adds: readonly AddedConflicts[]): string | undefined {
  if (adds.length === 0) return undefined;
  const groups: string[] = [];
  for (const severity of SEVERITY_ORDER) {
    const ofSeverity = adds.filter((a) => a.severity === severity);
    if (ofSeverity.length === 0) continue;
    const total = ofSeverity.reduce((sum, a) => sum + a.count, 0);
    const codes = ofSeverity.map((a) => (ofSeverity.length > 1 && a.count > 1 ? `${a.code} (${a.count})` : a.code));
    groups.push(`${total} ${SEVERITY_NOUN[severity][total === 1 ? 0 : 1]}: ${codes.join(', ')}`);
  }
  return `adds ${groups.join('; ')}`;
}

/** Whether the engine has repairs of a code's own (beyond `allow`): a check or front-end module that proposes them. */
export function hasRepairs(code: string): boolean {
  const provider: RepairProvider | undefined = FRONT_END_REPAIRS.get(code) ?? checkFor(code);
  return provider?.repairs !== undefined;
}

interface Candidate {
  readonly repair: Repair;
  /** `allow CODE`: silences rather than repairs, so it ranks last and `fix all` never applies it. */
  readonly fallback: boolean;
}

/** What a check's `repairs` sees for one conflict of `analysis`: the snapshot and the conflict's anchor. */
export function repairContext(analysis: Analysis, conflict: Diagnostic): RepairContext {
  const { project, paths, graph, scales, derived } = analysis;
  return { project, paths, graph, scales, derived, anchor: analysis.anchors.get(conflict.id) };
}

function candidateRepairs(analysis: Analysis, reported: Diagnostic): Candidate[] {
  // This analysis's own report of the conflict: its spans are this snapshot's.
  const conflict = analysis.raw.find((d) => d.id === reported.id);
  if (!conflict) return [];
  const provider: RepairProvider | undefined = FRONT_END_REPAIRS.get(conflict.code) ?? checkFor(conflict.code);
  let repairs: Repair[] = [];
  try {
    repairs = provider?.repairs?.(conflict, repairContext(analysis, conflict)) ?? [];
  } catch {
    // A repair provider must not take the engine down; its conflict simply gets no repair from it.
    repairs = [];
  }
  const candidates: Candidate[] = repairs.filter(wellFormed).map((repair) => ({ repair, fallback: false }));
  const allow = allowRepair(analysis.project, conflict);
  if (allow) candidates.push({ repair: allow, fallback: true });
  return candidates;
}

/** Edits in one file must not overlap; every span must lie inside its file. */
function wellFormed(repair: Repair): boolean {
  if (repair.edits.length === 0) return false;
  const byFile = new Map<string, Span[]>();
  for (const edit of repair.edits) {
    if (edit.span.start > edit.span.end || edit.span.start < 0) return false;
    const list = byFile.get(edit.file) ?? [];
    list.push(edit.span);
    byFile.set(edit.file, list);
  }
  for (const spans of byFile.values()) {
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) if (spans[i]!.start < spans[i - 1]!.end) return false;
  }
  return true;
}

/**
 * `allow CODE` in the innermost event or arc around the conflict's primary
 * range: `allow` silences by where a conflict is reported (analysis.ts), so
 * this repair is placed by the same rule. Not for syntax and reference errors.
 */
function allowRepair(project: Project, conflict: Diagnostic): Repair | undefined {
  if (FRONT_END_CODES.has(conflict.code)) return undefined;
  const inside = (span: Span): boolean => span.start <= conflict.span.start && conflict.span.end <= span.end;
  const beat = project.beats
    .filter((b) => b.decl.kind === 'event' && b.file === conflict.file && inside(b.decl.span))
    .sort((a, b) => (a.decl.span.end - a.decl.span.start) - (b.decl.span.end - b.decl.span.start))[0];
  if (beat) return { title: `Allow ${conflict.code} in \`${beat.name}\``, edits: [addBeatItem(project, beat, `allow ${conflict.code}`)], kind: 'label' };
  const arc = project.arcs
    .filter((a) => a.file === conflict.file && inside(a.decl.span))
    .sort((a, b) => (a.decl.span.end - a.decl.span.start) - (b.decl.span.end - b.decl.span.start))[0];
  if (!arc) return undefined;
  const edit = insertIntoArc(project, arc, `allow ${conflict.code}`);
  return edit ? { title: `Allow ${conflict.code} in the arc \`${arc.name}\``, edits: [edit], kind: 'label' } : undefined;
}

function editCost(edits: readonly TextEdit[]): number {
  return edits.reduce((sum, e) => sum + (e.span.end - e.span.start) + e.newText.length, 0);
}

/** A host that serves the project's files (some replaced) and falls back to `host` for others. */
function overlayHost(project: Project, replaced: ReadonlyMap<string, string>, host: ProjectHost | undefined): ProjectHost {
  return {
    readFile(fileId) {
      const text = replaced.get(fileId) ?? project.files.get(fileId)?.text;
      if (text !== undefined) return { text };
      return host ? host.readFile(fileId) : { error: 'no such file' };
    },
    resolveInclude(from, includePath) {
      if (host) return host.resolveInclude(from, includePath);
      // Without a host, the includes the project already had resolve as they did; a new one cannot.
      return project.includeResolutions.get(includeKey(from, includePath)) ??
        { error: 'a new include cannot be resolved without a host' };
    },
  };
}

/** Re-analyses the project with some files replaced, reusing the parse of every unchanged file. */
export function reanalyse(analysis: Analysis, replaced: ReadonlyMap<string, string>, options: { host?: ProjectHost } & AnalysisOptions = {}): Analysis {
  // Keep the caller's severity overrides: a repair is judged as the writer sees the conflicts.
  const previous = analysis.project;
  const parseFile = (fileId: string, text: string): ParseResult => {
    const source = previous.files.get(fileId);
    return source && source.text === text ? source.parse : parse(text);
  };
  const project = loadProject(overlayHost(previous, replaced, options.host), previous.root, { parseFile, previousProject: previous });
  // The checks whose inputs the edit left alone and that reported nothing are not run again (AnalysisOptions.previous).
  return analyseProject(project, { severityOverrides: analysis.severityOverrides, previous: analysis, ...options });
}

interface VerifyOutcome {
  readonly replaced: ReadonlyMap<string, string>;
  readonly after: Analysis;
  readonly adds: readonly AddedConflicts[];
  readonly newConflicts: number;
}

/**
 * The errors `after` (an analysis of the project with some repair applied)
 * reports that `before` did not: THE criterion for a repair breaking the
 * story. Conflicts are matched by id, so text moved by the repair does not
 * matter; an error is new when no conflict of its id was reported before.
 */
export function addedErrors(before: Analysis, after: Analysis): Diagnostic[] {
  return after.diagnostics.filter((d) => d.severity === 'error' && !before.conflict(d.id));
}

/** Whether a repair broke the story: `addedErrors` found any. */
export function addsError(before: Analysis, after: Analysis): boolean {
  return addedErrors(before, after).length > 0;
}

/** How many conflicts (any severity) `after` reports that `before` did not. */
export function countNewConflicts(before: Analysis, after: Analysis): number {
  return after.diagnostics.filter((d) => !before.conflict(d.id)).length;
}

/**
 * Applies the candidate to a copy and re-analyses: the repair verifies when
 * the conflict is gone and no error appears that was not there before.
 */
function verify(analysis: Analysis, conflict: Diagnostic, candidate: Candidate, options: ResolutionOptions): VerifyOutcome | undefined {
  const texts = new Map<string, string>();
  for (const [id, source] of analysis.project.files) texts.set(id, source.text);
  const replaced = applyEdits(texts, candidate.repair.edits);
  const after = reanalyse(analysis, replaced, { host: options.host, token: options.token });
  if (after.conflict(conflict.id) || addsError(analysis, after)) return undefined;
  const adds = addedConflicts(analysis, after);
  return { replaced, after, adds, newConflicts: adds.reduce((sum, a) => sum + a.count, 0) };
}

export interface AppliedRepair {
  readonly code: string;
  readonly message: string;
  readonly title: string;
  readonly file: string;
  /** The conflicts this repair added (a later repair may have removed them again). */
  readonly adds: readonly AddedConflicts[];
}

export interface FixAllResult {
  /** The new text of every changed file. */
  readonly files: ReadonlyMap<string, string>;
  /**
   * What was applied, in order: the conflict's code and message before, the
   * repair's own title (without what it adds) and what it added when it was
   * applied.
   */
  readonly applied: readonly AppliedRepair[];
  /** The analysis after the last applied repair. */
  readonly analysis: Analysis;
}

export interface FixAllOptions extends ResolutionOptions {
  /** Only conflicts with this code. */
  readonly code?: string;
  /** Only conflicts reported in these files (a repair may still edit another file, e.g. to declare a name). */
  readonly files?: ReadonlySet<string>;
  /** Stop after this many repairs (default 200). */
  readonly maxRepairs?: number;
}

/** Whether a conflict that was repaired is reported again in `after`. */
function comesBack(repaired: ReadonlySet<string>, after: Analysis): boolean {
  for (const id of repaired) if (after.conflict(id)) return true;
  return false;
}

/**
 * Applies the best verified repair per conflict, re-analysing after each,
 * until no conflict can be repaired any more. `allow` is never applied: it
 * silences rather than repairs. Each applied repair is verified, so no file
 * gains a syntax or reference error. A repair that would bring back a
 * conflict repaired earlier in the run is passed over for the conflict's
 * next one, so the run never undoes its own work.
 */
export function fixAllConflicts(analysis: Analysis, options: FixAllOptions = {}): FixAllResult {
  const token = options.token ?? NEVER_CANCELLED;
  const texts = new Map<string, string>();
  for (const [id, source] of analysis.project.files) texts.set(id, source.text);
  const changed = new Set<string>();
  const applied: AppliedRepair[] = [];
  /** Ids of conflicts no repair verified for; an id stays with its conflict from one analysis to the next. */
  const unrepairable = new Set<string>();
  /** Ids of the conflicts repaired so far. */
  const repaired = new Set<string>();
  let current = analysis;
  const limit = options.maxRepairs ?? 200;
  while (applied.length < limit) {
    throwIfCancelled(token);
    const next = current.diagnostics.find((d) => (!options.code || d.code === options.code) &&
      (!options.files || options.files.has(d.file)) && !unrepairable.has(d.id));
    if (!next) break;
    // Never undo an earlier repair of this run: two repairs that each bring back the conflict the other
    // removed would otherwise alternate (or grow the story) until the limit.
    const best = verifiedResolutions(current, next, { ...options, token }, true)
      .find((r) => !r.silences && r.outcome && !comesBack(repaired, r.outcome.after));
    if (!best?.outcome) {
      unrepairable.add(next.id);
      continue;
    }
    for (const [file, text] of best.outcome.replaced) {
      texts.set(file, text);
      changed.add(file);
    }
    current = best.outcome.after;
    repaired.add(next.id);
    applied.push({ code: next.code, message: next.message, title: best.repairTitle, file: next.file, adds: best.adds });
  }
  const files = new Map<string, string>();
  for (const file of changed) files.set(file, texts.get(file)!);
  return { files, applied, analysis: current };
}
