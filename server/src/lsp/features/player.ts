/**
 * The player's requests (docs/lsp.md, "Custom requests"):
 *
 * - `arc/playthrough`: one path of the project holding a document, played
 *   from the start or from a beat (named, or the beat at a position), with
 *   the picks given by name, from the analysed snapshot, so the conflicts on
 *   the path are the ones published. Every step carries where its beat is
 *   declared, so a client can reveal it and follow the cursor.
 * - `arc/pathStatistics`: the statistics over every path of that project
 *   (computed over the choice tree, never by listing paths) and the worst
 *   paths' pacing curves, memoised per snapshot.
 *
 * Both answer with the snapshot's version, so a client can tell an answer
 * about newer text from an older one.
 */
import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver/node';
import {
  computePathStatistics, computePlaythrough, pathStatisticsToJson,
  type BeatSymbol, type PathStatisticsJson, type Playthrough, type PlayStep,
} from '@narrative-arc/orchestrator';
import { pacingLimits, type PacingCurve, type PacingLimits } from '../../pacing/curve.js';
import { worstPaths } from '../../pacing/worst.js';
import type { ProjectSnapshot } from '../snapshot.js';
import { isPosition, snapshotFor, snapshotRange, type FeatureContext } from './context.js';

export const PLAYTHROUGH_REQUEST = 'arc/playthrough';
export const PATH_STATISTICS_REQUEST = 'arc/pathStatistics';

/** At most this many picks in one request (a story has far fewer choices on one path). */
const MAX_PICKS = 100_000;
const MAX_NAME = 4096;

export interface PlaythroughParams {
  readonly uri: string;
  /** Play from this beat (by name) ... */
  readonly from?: string;
  /** ... or from the innermost beat whose declaration holds this position in `uri` (the start when none does). */
  readonly position?: Position;
  /** The option to take at each choice, by name. */
  readonly picks?: Readonly<Record<string, string>>;
}

export interface LocatedStep extends PlayStep {
  readonly uri: string;
  /** The beat's name in its declaration. */
  readonly range: Range;
  /** The whole declaration. */
  readonly extent: Range;
}

export interface PlaythroughResult {
  readonly root: string;
  readonly version: number;
  /** The story's title, if any. */
  readonly title: string | null;
  readonly play: Omit<Playthrough, 'steps'> & { readonly steps: readonly LocatedStep[] };
  /** The story's limits, for the pacing curve (null: it sets none). */
  readonly limits: PacingLimits | null;
}

export interface PathStatisticsResult {
  readonly root: string;
  readonly version: number;
  readonly statistics: PathStatisticsJson;
  /** The paths with the highest peak and the worst rise, played to their end, as pacing curves. */
  readonly worst: readonly PacingCurve[];
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME;
}

/** The params if well formed, else a message saying what is wrong. */
export function checkPlaythroughParams(value: unknown): PlaythroughParams | string {
  const usage = `${PLAYTHROUGH_REQUEST} takes { uri, from?, position?, picks?: { choice: option } }`;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return usage;
  const p = value as Record<string, unknown>;
  if (typeof p.uri !== 'string') return usage;
  if (p.from !== undefined && !isName(p.from)) return `${usage}: from must be a beat's name`;
  if (p.position !== undefined && !isPosition(p.position)) return `${usage}: position must be { line, character }`;
  if (p.from !== undefined && p.position !== undefined) return `${usage}: give from or position, not both`;
  const picks: Record<string, string> = {};
  if (p.picks !== undefined) {
    if (!p.picks || typeof p.picks !== 'object' || Array.isArray(p.picks)) return `${usage}: picks must be an object`;
    const entries = Object.entries(p.picks as Record<string, unknown>);
    if (entries.length > MAX_PICKS) return `${usage}: too many picks`;
    for (const [choice, option] of entries) {
      if (!isName(choice) || !isName(option)) return `${usage}: each pick maps a choice's name to an option's name`;
      picks[choice] = option;
    }
  }
  return {
    uri: p.uri,
    ...(p.from !== undefined ? { from: p.from as string } : {}),
    ...(p.position !== undefined ? { position: p.position as Position } : {}),
    picks,
  };
}

export function isPathStatisticsParams(value: unknown): value is { uri: string } {
  return !!value && typeof value === 'object' && typeof (value as { uri?: unknown }).uri === 'string';
}

async function analysed(context: FeatureContext, uri: string): Promise<ProjectSnapshot & { analysis: NonNullable<ProjectSnapshot['analysis']> }> {
  const snapshot = await snapshotFor(context, uri, 'analysed');
  if (!snapshot?.analysis) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not an Arc document the server knows`);
  return snapshot as ProjectSnapshot & { analysis: NonNullable<ProjectSnapshot['analysis']> };
}

function versionOf(snapshot: ProjectSnapshot): number {
  let version = 0;
  for (const revision of snapshot.dependencies.values()) version = Math.max(version, revision);
  return version;
}

/** The innermost beat with a time whose declaration holds `offset` in `file`. */
function beatAt(snapshot: ProjectSnapshot, file: string, offset: number): BeatSymbol | undefined {
  let best: BeatSymbol | undefined;
  for (const beat of snapshot.project.beats) {
    if (beat.file !== file || Number.isNaN(beat.time) || snapshot.project.nodes.get(beat.name) !== beat) continue;
    const span = beat.decl.span;
    if (span.start <= offset && offset <= span.end && (!best || span.end - span.start < best.decl.span.end - best.decl.span.start)) best = beat;
  }
  return best;
}

export async function playthroughRequest(context: FeatureContext, params: PlaythroughParams): Promise<PlaythroughResult> {
  const snapshot = await analysed(context, params.uri);
  let from = params.from;
  if (params.position) {
    const index = snapshot.lineIndex(params.uri);
    if (index) from = beatAt(snapshot, params.uri, index.offsetAt(params.position))?.name;
  }
  const play = computePlaythrough(snapshot.analysis, { ...(from !== undefined ? { from } : {}), picks: params.picks ?? {} });
  if (!play) throw new ResponseError(ErrorCodes.InvalidParams, `there is no beat \`${from ?? ''}\` with a time to play from`);
  const empty: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const steps = play.steps.map((step): LocatedStep => {
    const beat = snapshot.project.nodes.get(step.beat);
    if (!beat || beat.kind === 'arc') return { ...step, uri: snapshot.root, range: empty, extent: empty };
    return {
      ...step,
      uri: beat.file,
      range: snapshotRange(snapshot, beat.file, beat.decl.name.span) ?? empty,
      extent: snapshotRange(snapshot, beat.file, beat.decl.span) ?? empty,
    };
  });
  return {
    root: snapshot.root,
    version: versionOf(snapshot),
    title: snapshot.project.story?.title ?? null,
    play: { ...play, steps },
    limits: pacingLimits(snapshot.analysis),
  };
}

export async function pathStatisticsRequest(context: FeatureContext, uri: string): Promise<PathStatisticsResult> {
  const snapshot = await analysed(context, uri);
  const cached = snapshot.memo.get(PATH_STATISTICS_REQUEST) as PathStatisticsResult | undefined;
  if (cached) return cached;
  const statistics = computePathStatistics(snapshot.analysis);
  const result: PathStatisticsResult = {
    root: snapshot.root,
    version: versionOf(snapshot),
    statistics: pathStatisticsToJson(statistics),
    worst: worstPaths(snapshot.analysis, statistics),
  };
  snapshot.memo.set(PATH_STATISTICS_REQUEST, result);
  return result;
}
