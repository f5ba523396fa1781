/**
 * `arc/storyMap`: the story map of the project holding a document, from its
 * analysed snapshot (so the conflicts on it are the ones published), with
 * offsets turned into LSP ranges and file ids into URIs, and the snapshot's
 * version, so that a client can tell an answer about newer text from an
 * older one. The map view in VS Code draws it; any client can.
 *
 * With `view`, the answer is only what is drawn (server/src/story-map/view.ts):
 * collapsed arcs as one box each with their counts, links added up between
 * the boxes drawn, and the answers to the view's filters, search and
 * conflict. Without it, the whole map (megabytes on a 20,000-beat story).
 * The map itself is made once per snapshot; each view is a pass over it.
 */
import { ErrorCodes, ResponseError, type Range } from 'vscode-languageserver/node';
import { storyMap, type StoryMap, type StoryMapGroup, type StoryMapNode } from '@narrative-arc/orchestrator';
import { storyMapView, type CollapsedArc, type MapFilters, type StoryMapView, type ViewRequest } from '../../story-map/view.js';
import { snapshotFor, snapshotRange, type FeatureContext } from './context.js';
import type { ProjectSnapshot } from '../snapshot.js';

export const STORY_MAP_REQUEST = 'arc/storyMap';

export interface StoryMapParams {
  readonly uri: string;
  /** Only what is drawn: see ViewRequest. */
  readonly view?: ViewRequest;
}

type Located<T> = Omit<T, 'file' | 'range' | 'extent'> & { readonly uri: string; readonly range: Range; readonly extent: Range };
export type LspStoryMapNode = Located<StoryMapNode>;
export type LspStoryMapGroup = Located<StoryMapGroup>;
export type LspCollapsedArc = Located<CollapsedArc>;

export type LspStoryMapView = Omit<StoryMapView, 'nodes' | 'groups' | 'collapsed'> & {
  readonly nodes: readonly LspStoryMapNode[];
  readonly groups: readonly LspStoryMapGroup[];
  readonly collapsed: readonly LspCollapsedArc[];
};

interface Answer {
  /** The project's root document. */
  readonly root: string;
  /** Grows with every change to any file the snapshot read. */
  readonly version: number;
}

/** The answer without `view`: the whole map. */
export interface StoryMapResult extends Answer {
  readonly map: Omit<StoryMap, 'nodes' | 'groups'> & { readonly nodes: readonly LspStoryMapNode[]; readonly groups: readonly LspStoryMapGroup[] };
}

/** The answer with `view`: what is drawn. */
export interface StoryMapViewResult extends Answer {
  readonly view: LspStoryMapView;
}

/** Longest string accepted in a view request (a search, an id). */
const MAX_TEXT = 4096;
/** Most arcs a request may name as open. */
const MAX_EXPANDED = 100_000;
const FILTER_KEYS = ['character', 'arc', 'scale', 'code', 'search'] as const;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request's view, checked field by field (unknown fields are ignored); undefined when malformed. */
function readView(value: unknown): ViewRequest | undefined {
  if (!isRecord(value)) return undefined;
  const view: { -readonly [K in keyof ViewRequest]: ViewRequest[K] } = {};
  if (value.expanded !== undefined) {
    const e = value.expanded;
    if (e === 'all') view.expanded = 'all';
    else if (Array.isArray(e) && e.length <= MAX_EXPANDED && e.every(isText)) view.expanded = e;
    else return undefined;
  }
  if (value.filters !== undefined) {
    if (!isRecord(value.filters)) return undefined;
    const filters: { -readonly [K in keyof MapFilters]: string } = {};
    for (const key of FILTER_KEYS) {
      const f = value.filters[key];
      if (f === undefined) continue;
      if (!isText(f)) return undefined;
      filters[key] = f;
    }
    view.filters = filters;
  }
  for (const key of ['find', 'conflict'] as const) {
    if (value[key] === undefined) continue;
    if (!isText(value[key])) return undefined;
    view[key] = value[key];
  }
  return view;
}

/** The parameters, checked; undefined when they are not `{ uri, view? }`. */
export function readStoryMapParams(value: unknown): StoryMapParams | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string') return undefined;
  if (value.view === undefined) return { uri: value.uri };
  const view = readView(value.view);
  return view ? { uri: value.uri, view } : undefined;
}

export function storyMapRequest(context: FeatureContext, uri: string): Promise<StoryMapResult>;
export function storyMapRequest(context: FeatureContext, uri: string, view: ViewRequest): Promise<StoryMapViewResult>;
export async function storyMapRequest(context: FeatureContext, uri: string, view?: ViewRequest): Promise<StoryMapResult | StoryMapViewResult> {
  const snapshot = await snapshotFor(context, uri, 'analysed');
  if (!snapshot?.analysis) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not an Arc document the server knows`);
  let map = snapshot.memo.get(STORY_MAP_MODEL) as StoryMap | undefined;
  if (!map) {
    map = storyMap(snapshot.analysis);
    snapshot.memo.set(STORY_MAP_MODEL, map);
  }
  const answer: Answer = { root: snapshot.root, version: versionOf(snapshot) };
  const locate = locator(snapshot);
  if (view) {
    const drawn = storyMapView(map, view);
    return { ...answer, view: { ...drawn, nodes: drawn.nodes.map(locate), groups: drawn.groups.map(locate), collapsed: drawn.collapsed.map(locate) } };
  }
  const cached = snapshot.memo.get(STORY_MAP_REQUEST) as StoryMapResult | undefined;
  if (cached) return cached;
  const result: StoryMapResult = { ...answer, map: { ...map, nodes: map.nodes.map(locate), groups: map.groups.map(locate) } };
  snapshot.memo.set(STORY_MAP_REQUEST, result);
  return result;
}

const STORY_MAP_MODEL = 'arc/storyMap:model';

function versionOf(snapshot: ProjectSnapshot): number {
  let version = 0;
  for (const revision of snapshot.dependencies.values()) version = Math.max(version, revision);
  return version;
}

function locator(snapshot: ProjectSnapshot) {
  const empty: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return <T extends { file: string; range: { start: number; end: number }; extent: { start: number; end: number } }>(item: T): Located<T> => {
    const { file, range, extent, ...rest } = item;
    return { ...rest, uri: file, range: snapshotRange(snapshot, file, range) ?? empty, extent: snapshotRange(snapshot, file, extent) ?? empty };
  };
}
