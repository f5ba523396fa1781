/**
 * What the story map's extension side and its webview say to each other,
 * and the checks every message goes through before it is used: a webview is
 * a page, and whatever it posts is treated as untrusted input.
 */
import type { StoryMap, StoryMapGroup, StoryMapNode } from '@narrative-arc/orchestrator';

/** An LSP position and range (the webview has no vscode types). */
export interface MapPosition { readonly line: number; readonly character: number }
export interface MapRange { readonly start: MapPosition; readonly end: MapPosition }

export type ViewNode = Omit<StoryMapNode, 'file' | 'range' | 'extent'> & { readonly uri: string; readonly range: MapRange; readonly extent: MapRange };
export type ViewGroup = Omit<StoryMapGroup, 'file' | 'range' | 'extent'> & { readonly uri: string; readonly range: MapRange; readonly extent: MapRange };
export type ViewMap = Omit<StoryMap, 'nodes' | 'groups'> & { readonly nodes: readonly ViewNode[]; readonly groups: readonly ViewGroup[] };

/** The answer of the server's `arc/storyMap`. */
export interface StoryMapAnswer {
  readonly root: string;
  readonly version: number;
  readonly map: ViewMap;
}

export const STORY_MAP_REQUEST = 'arc/storyMap';

/** Extension -> webview. */
export type ToWebview =
  | { readonly type: 'map'; readonly version: number; readonly map: ViewMap }
  | { readonly type: 'select'; readonly id: string | null }
  | { readonly type: 'highlight'; readonly conflictId: string };

/** Webview -> extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly id: string }
  | { readonly type: 'rendered'; readonly version: number; readonly nodes: number; readonly millis: number }
  | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly data: string };

const MAX_ID = 4096;
const MAX_EXPORT = 64 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

/** The message if it is one the webview may send, else undefined. */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return isId(value.id) ? { type: 'reveal', id: value.id } : undefined;
    case 'rendered':
      return typeof value.version === 'number' && Number.isFinite(value.version) && typeof value.nodes === 'number' &&
        Number.isFinite(value.nodes) && typeof value.millis === 'number' && Number.isFinite(value.millis)
        ? { type: 'rendered', version: value.version, nodes: value.nodes, millis: value.millis }
        : undefined;
    case 'export': {
      if (value.format !== 'svg' && value.format !== 'png') return undefined;
      if (typeof value.data !== 'string' || value.data.length === 0 || value.data.length > MAX_EXPORT) return undefined;
      if (value.format === 'png' && !BASE64.test(value.data)) return undefined;
      if (value.format === 'svg' && !value.data.startsWith('<svg')) return undefined;
      return { type: 'export', format: value.format, data: value.data };
    }
    default:
      return undefined;
  }
}

/** The message if it is one the extension sends (the webview checks too), else undefined. */
export function parseToWebview(value: unknown): ToWebview | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'map': {
      const map = value.map;
      if (typeof value.version !== 'number' || !isRecord(map) || !Array.isArray(map.nodes) || !Array.isArray(map.edges) ||
        !Array.isArray(map.groups) || !Array.isArray(map.unplaced)) return undefined;
      if (!map.nodes.every((n: unknown) => isRecord(n) && isId(n.id) && typeof n.kind === 'string' && Array.isArray(n.conflicts))) return undefined;
      if (!map.edges.every((e: unknown) => isRecord(e) && isId(e.from) && isId(e.to) && typeof e.kind === 'string')) return undefined;
      if (!map.groups.every((g: unknown) => isRecord(g) && isId(g.id) && Array.isArray(g.conflicts))) return undefined;
      return value as unknown as ToWebview;
    }
    case 'select':
      return value.id === null || isId(value.id) ? { type: 'select', id: value.id as string | null } : undefined;
    case 'highlight':
      return isId(value.conflictId) ? { type: 'highlight', conflictId: value.conflictId } : undefined;
    default:
      return undefined;
  }
}
