/**
 * `arc/storyMap`: the story map of the project holding a document, from its
 * analysed snapshot (so the conflicts on it are the ones published), with
 * offsets turned into LSP ranges and file ids into URIs, and the snapshot's
 * version, so that a client can tell an answer about newer text from an
 * older one. The map view in VS Code draws it; any client can.
 */
import { ErrorCodes, ResponseError, type Range } from 'vscode-languageserver/node';
import { storyMap, type StoryMap, type StoryMapGroup, type StoryMapNode } from '@narrative-arc/orchestrator';
import { snapshotFor, snapshotRange, type FeatureContext } from './context.js';
import type { ProjectSnapshot } from '../snapshot.js';

export const STORY_MAP_REQUEST = 'arc/storyMap';

export interface StoryMapParams {
  readonly uri: string;
}

export type LspStoryMapNode = Omit<StoryMapNode, 'file' | 'range' | 'extent'> & { readonly uri: string; readonly range: Range; readonly extent: Range };
export type LspStoryMapGroup = Omit<StoryMapGroup, 'file' | 'range' | 'extent'> & { readonly uri: string; readonly range: Range; readonly extent: Range };

export interface StoryMapResult {
  /** The project's root document. */
  readonly root: string;
  /** Grows with every change to any file the snapshot read. */
  readonly version: number;
  readonly map: Omit<StoryMap, 'nodes' | 'groups'> & { readonly nodes: readonly LspStoryMapNode[]; readonly groups: readonly LspStoryMapGroup[] };
}

export function isStoryMapParams(value: unknown): value is StoryMapParams {
  return !!value && typeof value === 'object' && typeof (value as { uri?: unknown }).uri === 'string';
}

export async function storyMapRequest(context: FeatureContext, uri: string): Promise<StoryMapResult> {
  const snapshot = await snapshotFor(context, uri, 'analysed');
  if (!snapshot?.analysis) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not an Arc document the server knows`);
  const cached = snapshot.memo.get(STORY_MAP_REQUEST) as StoryMapResult | undefined;
  if (cached) return cached;
  const result = toResult(snapshot, storyMap(snapshot.analysis));
  snapshot.memo.set(STORY_MAP_REQUEST, result);
  return result;
}

function toResult(snapshot: ProjectSnapshot, map: StoryMap): StoryMapResult {
  const empty: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const located = <T extends { file: string; range: { start: number; end: number }; extent: { start: number; end: number } }>(item: T) => {
    const { file, range, extent, ...rest } = item;
    return { ...rest, uri: file, range: snapshotRange(snapshot, file, range) ?? empty, extent: snapshotRange(snapshot, file, extent) ?? empty };
  };
  let version = 0;
  for (const revision of snapshot.dependencies.values()) version = Math.max(version, revision);
  return {
    root: snapshot.root,
    version,
    map: { ...map, nodes: map.nodes.map(located), groups: map.groups.map(located) },
  };
}
