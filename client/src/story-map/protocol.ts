/**
 * What the story map's extension side and its webview say to each other,
 * and the checks every message goes through before it is used: a webview is
 * a page, and whatever it posts is treated as untrusted input. The checks
 * build new objects from the fields they checked, so nothing else a message
 * holds (an own `__proto__`, a getter, extra fields) goes further.
 */
import type { StoryMapGroup, StoryMapNode } from '@narrative-arc/orchestrator';
import type { CollapsedArc, Expanded, MapFilters, StoryMapView } from '../../../server/src/story-map/view.js';
import { isCount, isId, isRecord, MAX_ID, ownFields } from '../message-checks.js';

export { MAX_ID };

export type { Expanded, MapFilters };

/** An LSP position and range (the webview has no vscode types). */
export interface MapPosition { readonly line: number; readonly character: number }
export interface MapRange { readonly start: MapPosition; readonly end: MapPosition }

type Located<T> = Omit<T, 'file' | 'range' | 'extent'> & { readonly uri: string; readonly range: MapRange; readonly extent: MapRange };
export type ViewNode = Located<StoryMapNode>;
export type ViewGroup = Located<StoryMapGroup>;
export type ViewCollapsedArc = Located<CollapsedArc>;

/** The view as the server answers it: what is drawn, with URIs and ranges. */
export type AnswerView = Omit<StoryMapView, 'nodes' | 'groups' | 'collapsed'> & {
  readonly nodes: readonly ViewNode[];
  readonly groups: readonly ViewGroup[];
  readonly collapsed: readonly ViewCollapsedArc[];
};

type Slim<T> = Omit<T, 'file' | 'range' | 'extent'>;
/** The view as the page gets it: no URIs or ranges (reveals and the cursor are handled by the extension). */
export type PageView = Omit<StoryMapView, 'nodes' | 'groups' | 'collapsed'> & {
  readonly nodes: readonly Slim<StoryMapNode>[];
  readonly groups: readonly Slim<StoryMapGroup>[];
  readonly collapsed: readonly Slim<CollapsedArc>[];
};

/** The answer of the server's `arc/storyMap` with `view`. */
export interface StoryMapAnswer {
  readonly root: string;
  readonly version: number;
  readonly view: AnswerView;
}

export const STORY_MAP_REQUEST = 'arc/storyMap';

/** Extension -> webview. */
export type ToWebview =
  | { readonly type: 'map'; readonly version: number; readonly view: PageView }
  | { readonly type: 'select'; readonly id: string | null };

/** Webview -> extension. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly id: string }
  | { readonly type: 'rendered'; readonly version: number; readonly nodes: number; readonly millis: number }
  | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly data: string }
  /** Opens exactly these arcs (the others collapsed), or all. */
  | { readonly type: 'expand'; readonly expanded: Expanded }
  | { readonly type: 'filter'; readonly filters: MapFilters }
  /** Opens the arcs around the first beat whose name or title holds the text, and selects it. */
  | { readonly type: 'find'; readonly query: string };

/** The most arcs an `expand` may name. */
export const MAX_EXPANDED = 100_000;
export const MAX_EXPORT = 64 * 1024 * 1024;
/** Base64 characters (a character class, not a repeated group: V8 would keep a backtracking entry per group on megabytes). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** What a PNG file starts with, base64-encoded: the signature and the first chunk's length and type (IHDR). */
const PNG_BASE64_START = 'iVBORw0KGgoAAAANSUhEU';
const FILTER_KEYS = ['character', 'arc', 'scale', 'code', 'search'] as const;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ID;
}

function readExpanded(value: unknown): Expanded | undefined {
  if (value === 'all') return 'all';
  if (!Array.isArray(value) || value.length > MAX_EXPANDED || !value.every(isId)) return undefined;
  return [...value];
}

function readFilters(raw: unknown): MapFilters | undefined {
  const value = ownFields(raw);
  if (!value) return undefined;
  const filters: { -readonly [K in keyof MapFilters]: string } = {};
  for (const key of FILTER_KEYS) {
    const f = value[key];
    if (f === undefined) continue;
    if (!isText(f)) return undefined;
    if (f !== '') filters[key] = f;
  }
  return filters;
}

/** Checks a picture the page exported: an SVG document, or a PNG file in base64. */
function isPicture(format: 'svg' | 'png', data: string): boolean {
  if (data.length === 0 || data.length > MAX_EXPORT) return false;
  if (format === 'png') return data.length % 4 === 0 && data.startsWith(PNG_BASE64_START) && BASE64.test(data);
  return /^<svg[\s>]/.test(data) && data.trimEnd().endsWith('</svg>');
}

/** The message if it is one the webview may send, else undefined. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  const value = ownFields(raw);
  if (!value) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return isId(value.id) ? { type: 'reveal', id: value.id } : undefined;
    case 'rendered':
      return isCount(value.version) && isCount(value.nodes) && isCount(value.millis)
        ? { type: 'rendered', version: value.version, nodes: value.nodes, millis: value.millis }
        : undefined;
    case 'export': {
      if (value.format !== 'svg' && value.format !== 'png') return undefined;
      if (typeof value.data !== 'string' || !isPicture(value.format, value.data)) return undefined;
      return { type: 'export', format: value.format, data: value.data };
    }
    case 'expand': {
      const expanded = readExpanded(value.expanded);
      return expanded ? { type: 'expand', expanded } : undefined;
    }
    case 'filter': {
      const filters = readFilters(value.filters);
      return filters ? { type: 'filter', filters } : undefined;
    }
    case 'find':
      return isText(value.query) ? { type: 'find', query: value.query } : undefined;
    default:
      return undefined;
  }
}

function allStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isConflictList(value: unknown): boolean {
  return Array.isArray(value) && value.every((c: unknown) => isRecord(c) && isId(c.id) && typeof c.code === 'string' &&
    typeof c.severity === 'string' && typeof c.message === 'string');
}

function isCounts(value: unknown): boolean {
  return isRecord(value) && isCount(value.error) && isCount(value.warning) && isCount(value.information) && isCount(value.hint);
}

function isPageView(view: unknown): view is PageView {
  if (!isRecord(view)) return false;
  if (!Array.isArray(view.nodes) || !Array.isArray(view.edges) || !Array.isArray(view.groups) || !Array.isArray(view.collapsed) ||
    !isConflictList(view.unplaced)) return false;
  if (view.expanded !== 'all' && !allStrings(view.expanded)) return false;
  if (!view.nodes.every((n: unknown) => isRecord(n) && isId(n.id) && typeof n.kind === 'string' && typeof n.name === 'string' &&
    typeof n.scale === 'string' && isConflictList(n.conflicts) && allStrings(n.characters))) return false;
  if (!view.edges.every((e: unknown) => isRecord(e) && isId(e.from) && isId(e.to) && typeof e.kind === 'string' && isCount(e.count))) return false;
  if (!view.groups.every((g: unknown) => isRecord(g) && isId(g.id) && typeof g.scale === 'string' && isConflictList(g.conflicts))) return false;
  if (!view.collapsed.every((a: unknown) => isRecord(a) && isId(a.id) && typeof a.scale === 'string' && isCount(a.beats) &&
    isCounts(a.counts) && isConflictList(a.conflicts))) return false;
  const totals = view.totals;
  if (!isRecord(totals) || !isCount(totals.nodes) || !isCounts(totals.conflicts)) return false;
  const facets = view.facets;
  if (!isRecord(facets) || !allStrings(facets.characters) || !allStrings(facets.codes) || !allStrings(facets.arcs)) return false;
  if (view.matched !== undefined && !allStrings(view.matched)) return false;
  if (view.found !== undefined && view.found !== null && !isId(view.found)) return false;
  const highlight = view.highlight;
  if (highlight !== undefined && highlight !== null && !(isRecord(highlight) && isId(highlight.owner) && allStrings(highlight.ids) &&
    isRecord(highlight.conflict) && isConflictList([highlight.conflict]))) return false;
  return true;
}

/** The message if it is one the extension sends (the webview checks too), else undefined. */
export function parseToWebview(value: unknown): ToWebview | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'map':
      return isCount(value.version) && isPageView(value.view) ? { type: 'map', version: value.version, view: value.view } : undefined;
    case 'select':
      return value.id === null || isId(value.id) ? { type: 'select', id: value.id as string | null } : undefined;
    default:
      return undefined;
  }
}
