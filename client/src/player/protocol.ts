/**
 * What the player's extension side and its webview say to each other, and
 * the checks every message goes through before it is used: whatever the
 * webview posts is untrusted input.
 */
import type { PathStatisticsJson, PlayChoice, PlayConflict, PlayState, PlayStep, Playthrough } from '@narrative-arc/orchestrator';
import type { PacingCurve, PacingLimits } from '../../../server/src/pacing/curve.js';
import { isCount, isId, isRecord, ownFields } from '../message-checks.js';

/** An LSP position and range (the webview has no vscode types). */
export interface PlayPosition { readonly line: number; readonly character: number }
export interface PlayRange { readonly start: PlayPosition; readonly end: PlayPosition }

export interface PathStep { readonly choice: string; readonly option: string }

/** A step as the server sends it: where its beat is declared, too. */
export interface LocatedStep extends PlayStep {
  readonly uri: string;
  readonly range: PlayRange;
  readonly extent: PlayRange;
}

/** The answer of the server's `arc/playthrough`. */
export interface PlaythroughAnswer {
  readonly root: string;
  readonly version: number;
  readonly title: string | null;
  readonly play: Omit<Playthrough, 'steps'> & { readonly steps: readonly LocatedStep[] };
  readonly limits: PacingLimits | null;
}

/** The answer of the server's `arc/pathStatistics`. */
export interface PathStatisticsAnswer {
  readonly root: string;
  readonly version: number;
  readonly statistics: PathStatisticsJson;
  readonly worst: readonly PacingCurve[];
}

export const PLAYTHROUGH_REQUEST = 'arc/playthrough';
export const PATH_STATISTICS_REQUEST = 'arc/pathStatistics';

/** What the page draws of a run. */
export interface PlayView {
  readonly version: number;
  readonly title: string | null;
  readonly from: string | null;
  /** Every option taken on the path (those `from` implies too). */
  readonly path: readonly PathStep[];
  /** How many of those the writer picked in this run (what "Back" can undo). */
  readonly picked: number;
  readonly steps: readonly PlayStep[];
  readonly next: PlayChoice | null;
  readonly ended: boolean;
  readonly conflicts: readonly PlayConflict[];
  readonly notes: readonly string[];
  /** Show the run only up to this beat (a conflict's beat), with a way to go on. */
  readonly stopAt: string | null;
  /** The conflict the run was opened for. */
  readonly focus: string | null;
  /** The story's limits, for the pacing curve. */
  readonly limits: PacingLimits | null;
}

/** Extension -> webview. */
export type ToWebview =
  | { readonly type: 'play'; readonly play: PlayView }
  | { readonly type: 'statistics'; readonly version: number; readonly statistics: PathStatisticsJson; readonly worst: readonly PacingCurve[] }
  | { readonly type: 'select'; readonly beat: string | null }
  | { readonly type: 'error'; readonly message: string };

/** Webview -> extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'pick'; readonly choice: string; readonly option: string }
  | { readonly type: 'back' }
  | { readonly type: 'restart' }
  | { readonly type: 'fromStart' }
  | { readonly type: 'continue' }
  | { readonly type: 'reveal'; readonly beat: string }
  | { readonly type: 'rendered'; readonly version: number; readonly steps: number };

/** The message if it is one the webview may send (a new object of its checked fields only), else undefined. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  const value = ownFields(raw);
  if (!value) return undefined;
  switch (value.type) {
    case 'ready': case 'back': case 'restart': case 'fromStart': case 'continue':
      return { type: value.type };
    case 'pick':
      return isId(value.choice) && isId(value.option) ? { type: 'pick', choice: value.choice, option: value.option } : undefined;
    case 'reveal':
      return isId(value.beat) ? { type: 'reveal', beat: value.beat } : undefined;
    case 'rendered':
      return isCount(value.version) && isCount(value.steps) ? { type: 'rendered', version: value.version, steps: value.steps } : undefined;
    default:
      return undefined;
  }
}

function isState(value: unknown): value is PlayState {
  return isRecord(value) && isRecord(value.characters) && isRecord(value.arcs) && isRecord(value.goals) && Array.isArray(value.setups);
}

/** The message if it is one the extension sends (the page checks too), else undefined. */
export function parseToWebview(raw: unknown): ToWebview | undefined {
  const value = ownFields(raw);
  if (!value) return undefined;
  switch (value.type) {
    case 'play': {
      const play = value.play;
      if (!isRecord(play) || typeof play.version !== 'number' || !Array.isArray(play.steps) || !Array.isArray(play.path) ||
        !Array.isArray(play.conflicts) || !Array.isArray(play.notes)) return undefined;
      if (!play.steps.every((s: unknown) => isRecord(s) && isId(s.beat) && Array.isArray(s.prose) && isState(s.state) && Array.isArray(s.conflicts))) {
        return undefined;
      }
      if (play.next !== null && !(isRecord(play.next) && isId(play.next.choice) && Array.isArray(play.next.options))) return undefined;
      return { type: 'play', play: play as unknown as PlayView };
    }
    case 'statistics':
      return isCount(value.version) && isRecord(value.statistics) && Array.isArray(value.worst) &&
        value.worst.every((c: unknown) => isRecord(c) && Array.isArray(c.points))
        ? { type: 'statistics', version: value.version as number, statistics: value.statistics as unknown as PathStatisticsJson, worst: value.worst as PacingCurve[] }
        : undefined;
    case 'select':
      return value.beat === null || isId(value.beat) ? { type: 'select', beat: value.beat as string | null } : undefined;
    case 'error':
      return typeof value.message === 'string' ? { type: 'error', message: value.message } : undefined;
    default:
      return undefined;
  }
}
