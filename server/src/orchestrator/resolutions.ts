/**
 * The resolution engine (LANGUAGE.md section 7): candidate repairs for a
 * conflict, each verified on a copy of the project, ranked.
 */
import { parse, type ParseResult, type Span } from '@nao/grammar';
import { analyseProject, type Analysis, type AnalysisOptions } from './analysis.js';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from './cancellation.js';
import type { Repair, RepairContext, TextEdit } from './checks/check.js';
import { FRONT_END_REPAIRS } from './checks/front-end.js';
import { checkFor } from './checks/index.js';
import type { Diagnostic } from './diagnostics.js';
import { addBeatItem, insertIntoArc } from './edits.js';
import type { ProjectHost } from './host.js';
import { includeKey, loadProject, type Project } from './project.js';

export interface Resolution {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Conflicts (any severity) present after the repair that were not there before. */
  readonly newConflicts: number;
  /** The best-ranked resolution of its conflict. */
  readonly preferred: boolean;
  /** `allow CODE`: silences the conflict rather than repairing it; ranked last, never applied by `fixAll`. */
  readonly silences: boolean;
}

export interface ResolutionOptions {
  readonly token?: CancellationToken;
  /** Reads files the project did not load (only needed when a repair adds an include). */
  readonly host?: ProjectHost;
  /** At most this many candidates are verified (default 6). */
  readonly maxCandidates?: number;
}

/** Verified repairs for one conflict of `analysis`, best first. Empty when none verifies. */
export function proposeResolutions(analysis: Analysis, conflict: Diagnostic, options: ResolutionOptions = {}): Resolution[] {
  const token = options.token ?? NEVER_CANCELLED;
  const candidates = candidateRepairs(analysis, conflict).slice(0, options.maxCandidates ?? 6);
  const verified: (Resolution & { cost: number })[] = [];
  for (const candidate of candidates) {
    throwIfCancelled(token);
    const outcome = verify(analysis, conflict, candidate, options);
    if (!outcome) continue;
    verified.push({
      title: candidate.repair.title,
      edits: candidate.repair.edits,
      newConflicts: outcome.newConflicts,
      preferred: false,
      silences: candidate.fallback,
      cost: editCost(candidate.repair.edits),
    });
  }
  verified.sort((a, b) => Number(a.silences) - Number(b.silences) || a.newConflicts - b.newConflicts || a.cost - b.cost);
  return verified.map((r, i) => ({ title: r.title, edits: r.edits, newConflicts: r.newConflicts, preferred: i === 0, silences: r.silences }));
}

interface Candidate {
  readonly repair: Repair;
  /** `allow CODE`: silences rather than repairs, so it ranks last and `fix all` never applies it. */
  readonly fallback: boolean;
}

function candidateRepairs(analysis: Analysis, conflict: Diagnostic): Candidate[] {
  const context: RepairContext = { project: analysis.project, paths: analysis.paths, graph: analysis.graph, scales: analysis.scales };
  const provider = FRONT_END_REPAIRS.get(conflict.code) ?? checkFor(conflict.code);
  let repairs: Repair[] = [];
  try {
    repairs = provider?.repairs?.(conflict, context) ?? [];
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

/** `allow CODE` in the innermost event or arc around the conflict (not for front-end codes). */
function allowRepair(project: Project, conflict: Diagnostic): Repair | undefined {
  if (conflict.code.startsWith('E')) return undefined;
  const inside = (span: Span): boolean => span.start <= conflict.span.start && conflict.span.end <= span.end;
  const beat = project.beats
    .filter((b) => b.decl.kind === 'event' && b.file === conflict.file && inside(b.decl.span))
    .sort((a, b) => (a.decl.span.end - a.decl.span.start) - (b.decl.span.end - b.decl.span.start))[0];
  if (beat) return { title: `Allow ${conflict.code} in \`${beat.name}\``, edits: [addBeatItem(project, beat, `allow ${conflict.code}`)] };
  const arc = project.arcs
    .filter((a) => a.file === conflict.file && inside(a.decl.span))
    .sort((a, b) => (a.decl.span.end - a.decl.span.start) - (b.decl.span.end - b.decl.span.start))[0];
  if (!arc) return undefined;
  const edit = insertIntoArc(project, arc, `allow ${conflict.code}`);
  return edit ? { title: `Allow ${conflict.code} in the arc \`${arc.name}\``, edits: [edit] } : undefined;
}

function editCost(edits: readonly TextEdit[]): number {
  return edits.reduce((sum, e) => sum + (e.span.end - e.span.start) + e.newText.length, 0);
}

/** Applies edits to texts, returning the new text of every touched file. */
export function applyEdits(files: ReadonlyMap<string, string>, edits: readonly TextEdit[]): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file) ?? [];
    list.push(edit);
    byFile.set(edit.file, list);
  }
  const result = new Map<string, string>();
  for (const [file, list] of byFile) {
    let text = files.get(file) ?? '';
    for (const edit of [...list].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end)) {
      text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    }
    result.set(file, text);
  }
  return result;
}

/** Where an offset of the old text lands after the edits (inside a replaced range: at its start). */
function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const edit of edits) {
    if (edit.span.end <= offset && !(edit.span.start === edit.span.end && edit.span.start === offset)) {
      delta += edit.newText.length - (edit.span.end - edit.span.start);
    } else if (edit.span.start < offset && offset < edit.span.end) {
      return edit.span.start + delta;
    }
  }
  return offset + delta;
}

function diagnosticKey(d: Diagnostic, start: number): string {
  return `${d.code}\u0000${d.file}\u0000${start}`;
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
  const project = loadProject(overlayHost(previous, replaced, options.host), previous.root, { parseFile });
  return analyseProject(project, { severityOverrides: analysis.severityOverrides, ...options });
}

interface VerifyOutcome {
  readonly after: Analysis;
  readonly newConflicts: number;
}

/**
 * Applies the candidate to a copy and re-analyses: the repair verifies when
 * the conflict is gone and no error appears that was not there before.
 */
function verify(analysis: Analysis, conflict: Diagnostic, candidate: Candidate, options: ResolutionOptions): VerifyOutcome | undefined {
  const texts = new Map<string, string>();
  for (const [id, source] of analysis.project.files) texts.set(id, source.text);
  const edits = candidate.repair.edits;
  const replaced = applyEdits(texts, edits);
  const after = reanalyse(analysis, replaced, { host: options.host, token: options.token });
  const editsIn = (file: string): TextEdit[] => edits.filter((e) => e.file === file).sort((a, b) => a.span.start - b.span.start);
  const mapped = (d: Diagnostic): number => mapOffset(d.span.start, editsIn(d.file));

  const target = mapped(conflict);
  const stillThere = after.diagnostics.some((d) => d.code === conflict.code && d.file === conflict.file &&
    (d.span.start === target || (d.span.start <= target && target < d.span.end)));
  if (stillThere) return undefined;

  const before = new Map<string, number>();
  for (const d of analysis.diagnostics) {
    const key = diagnosticKey(d, mapped(d));
    before.set(key, (before.get(key) ?? 0) + 1);
  }
  let newConflicts = 0;
  for (const d of after.diagnostics) {
    const key = diagnosticKey(d, d.span.start);
    const count = before.get(key) ?? 0;
    if (count > 0) {
      before.set(key, count - 1);
      continue;
    }
    if (d.severity === 'error') return undefined;
    newConflicts++;
  }
  return { after, newConflicts };
}

export interface FixAllResult {
  /** The new text of every changed file. */
  readonly files: ReadonlyMap<string, string>;
  /** What was applied, in order: the conflict's code and message before, and the repair's title. */
  readonly applied: readonly { readonly code: string; readonly message: string; readonly title: string; readonly file: string }[];
  /** The analysis after the last applied repair. */
  readonly analysis: Analysis;
}

export interface FixAllOptions extends ResolutionOptions {
  /** Only conflicts with this code. */
  readonly code?: string;
  /** Only conflicts anchored in these files. */
  readonly files?: ReadonlySet<string>;
  /** Stop after this many repairs (default 200). */
  readonly maxRepairs?: number;
}

/**
 * Applies the best verified repair per conflict, re-analysing after each,
 * until no conflict can be repaired any more. `allow` is never applied: it
 * silences rather than repairs. Each applied repair is verified, so no file
 * gains a syntax or reference error.
 */
export function fixAll(analysis: Analysis, options: FixAllOptions = {}): FixAllResult {
  const token = options.token ?? NEVER_CANCELLED;
  const texts = new Map<string, string>();
  for (const [id, source] of analysis.project.files) texts.set(id, source.text);
  const changed = new Set<string>();
  const applied: { code: string; message: string; title: string; file: string }[] = [];
  const unrepairable = new Set<string>();
  let current = analysis;
  const limit = options.maxRepairs ?? 200;
  while (applied.length < limit) {
    throwIfCancelled(token);
    const next = current.diagnostics.find((d) => (!options.code || d.code === options.code) &&
      (!options.files || options.files.has(d.file)) &&
      !unrepairable.has(`${d.code}\u0000${d.file}\u0000${d.message}`));
    if (!next) break;
    const best = proposeResolutions(current, next, options).find((r) => !r.silences);
    if (!best) {
      unrepairable.add(`${next.code}\u0000${next.file}\u0000${next.message}`);
      continue;
    }
    const replaced = applyEdits(texts, best.edits);
    for (const [file, text] of replaced) {
      texts.set(file, text);
      changed.add(file);
    }
    current = reanalyse(current, replaced, { host: options.host, token });
    applied.push({ code: next.code, message: next.message, title: best.title, file: next.file });
  }
  const files = new Map<string, string>();
  for (const file of changed) files.set(file, texts.get(file)!);
  return { files, applied, analysis: current };
}
