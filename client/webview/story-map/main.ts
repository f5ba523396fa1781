/**
 * The story map webview: draws what the extension sends (only what is
 * drawn: collapsed arcs come as one box each), with the same layout and
 * renderer as `nao map --format svg` (server/src/story-map/). Opening an
 * arc, the filters and the search are asked of the extension, which asks
 * the server: the page never holds more than it draws.
 * Story text reaches the page only as text nodes and attribute values
 * (createElementNS, setAttribute, createTextNode), never as markup. The view
 * keeps node positions, zoom and pan across updates, and its whole state
 * through getState/setState, so a hidden view comes back as it was.
 */
import { layoutStoryMap, type MapLayout } from '../../../server/src/story-map/layout.js';
import {
  LIGHT_PALETTE, MAP_STYLESHEET, PALETTE_KEYS, paletteCss, renderMap, SVG_NS, svgToString, VSCODE_PALETTE,
  type MapPalette, type SvgElement,
} from '../../../server/src/story-map/render.js';
import { COLLAPSE_ABOVE_NODES } from '../../../server/src/story-map/view.js';
import { parseToWebview, type FromWebview, type MapFilters, type PageView } from '../../src/story-map/protocol.js';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Camera { x: number; y: number; k: number }
interface Filters { character: string; arc: string; scale: string; code: string; search: string }
interface SavedState {
  readonly camera: Camera | null;
  readonly selected: string | null;
  readonly highlighted: string[];
  readonly filters: Filters;
  /** Positions of the last layout, so that a view shown again draws the same picture. */
  readonly layout: MapLayout | null;
}

const vscode = acquireVsCodeApi();
const saved = readState(vscode.getState());

let drawn: PageView | undefined;
/** What the last layout was made of (nodes, arcs, edges): a view that only matches differently is drawn again, not laid out. */
let laidOut: string | undefined;
let version = -1;
let layout: MapLayout | undefined = saved.layout ?? undefined;
let camera: Camera | null = saved.camera;
let selected: string | null = saved.selected;
let highlighted = new Set<string>(saved.highlighted);
const filters: Filters = { ...saved.filters };
let drawing: Promise<void> = Promise.resolve();
/** A node to bring into view once the map is drawn (a search's find, a conflict's node). */
let pendingView: string | undefined;

const view = document.getElementById('view')!;
const status = document.getElementById('status')!;
let svg: SVGSVGElement | undefined;
let cameraGroup: SVGGElement | undefined;

function readState(raw: unknown): SavedState {
  const empty: SavedState = { camera: null, selected: null, highlighted: [], filters: { character: '', arc: '', scale: '', code: '', search: '' }, layout: null };
  if (!raw || typeof raw !== 'object') return empty;
  const s = raw as Partial<SavedState>;
  const camera = s.camera && [s.camera.x, s.camera.y, s.camera.k].every((v) => typeof v === 'number' && Number.isFinite(v)) ? s.camera : null;
  const filters: Partial<Record<keyof Filters, unknown>> = s.filters && typeof s.filters === 'object' ? s.filters : {};
  return {
    camera,
    selected: typeof s.selected === 'string' ? s.selected : null,
    highlighted: Array.isArray(s.highlighted) ? s.highlighted.filter((h): h is string => typeof h === 'string') : [],
    filters: {
      character: typeof filters.character === 'string' ? filters.character : '',
      arc: typeof filters.arc === 'string' ? filters.arc : '',
      scale: typeof filters.scale === 'string' ? filters.scale : '',
      code: typeof filters.code === 'string' ? filters.code : '',
      search: typeof filters.search === 'string' ? filters.search : '',
    },
    layout: s.layout && typeof s.layout === 'object' && Array.isArray(s.layout.nodes) ? s.layout : null,
  };
}

function saveState(): void {
  const state: SavedState = {
    camera, selected, highlighted: [...highlighted], filters: { ...filters },
    layout: layout && layout.nodes.length <= 3000 ? layout : null,
  };
  vscode.setState(state);
}

// ---------------------------------------------------------------------------
// Drawing

/** The element tree as DOM: attributes with setAttribute, text as text nodes. */
function toDom(element: SvgElement): SVGElement {
  const node = document.createElementNS(SVG_NS, element.tag);
  for (const [name, value] of Object.entries(element.attrs)) node.setAttribute(name, value);
  for (const child of element.children) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : toDom(child));
  return node;
}

function structureOf(v: PageView): string {
  return JSON.stringify([v.title, v.expanded, v.nodes, v.groups, v.collapsed, v.edges]);
}

/** Lays out again (keeping the positions of nodes already drawn) when what is drawn changed, and draws. */
function relayout(): Promise<void> {
  drawing = drawing.then(async () => {
    if (!drawn) return;
    const started = performance.now();
    const structure = structureOf(drawn);
    if (structure !== laidOut || !layout) {
      layout = await layoutStoryMap(drawn, layout ? { previous: layout } : {});
      laidOut = structure;
    }
    answered(drawn);
    draw();
    saveState();
    vscode.postMessage({ type: 'rendered', version, nodes: layout.nodes.length, millis: performance.now() - started });
  }).catch((error: unknown) => {
    status.textContent = `The map could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
  });
  return drawing;
}

/** Filtered out: what is drawn and neither is nor holds a match (the server says which do). */
function dimmedIds(): Set<string> {
  const dimmed = new Set<string>();
  if (!drawn?.matched || !layout) return dimmed;
  const matched = new Set(drawn.matched);
  for (const node of layout.nodes) if (!matched.has(node.id)) dimmed.add(node.id);
  return dimmed;
}

function draw(): void {
  if (!layout) return;
  const tree = renderMap(layout, {
    interactive: true,
    selected: new Set(selected ? [selected] : []),
    highlighted,
    dimmed: dimmedIds(),
  });
  const next = toDom(tree) as SVGSVGElement;
  next.removeAttribute('viewBox');
  next.setAttribute('width', '100%');
  next.setAttribute('height', '100%');
  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('class', 'camera');
  for (const child of [...next.childNodes]) {
    if (child instanceof SVGElement && (child.tagName === 'defs' || child.tagName === 'title')) continue;
    group.appendChild(child);
  }
  next.appendChild(group);
  const focused = (document.activeElement as Element | null)?.getAttribute?.('data-id') ?? null;
  view.replaceChildren(next);
  svg = next;
  cameraGroup = group;
  if (!camera) fit();
  else applyCamera();
  if (focused) (svg.querySelector(`[data-id="${CSS.escape(focused)}"]`) as SVGElement | null)?.focus();
  const totals = drawn?.totals;
  const conflicts = totals ? totals.conflicts.error + totals.conflicts.warning + totals.conflicts.information + totals.conflicts.hint : 0;
  const collapsed = layout.nodes.filter((n) => n.kind === 'arc').length;
  const summary = `${totals?.nodes ?? 0} beats and options · ${conflicts} conflict${conflicts === 1 ? '' : 's'}${collapsed > 0 ? ` · ${collapsed} arc${collapsed === 1 ? '' : 's'} collapsed (click to open)` : ''}`;
  if (!status.dataset.message) status.textContent = summary;
  fillFilters();
}

function applyCamera(): void {
  if (!cameraGroup || !camera) return;
  cameraGroup.setAttribute('transform', `translate(${camera.x},${camera.y}) scale(${camera.k})`);
}

function fit(): void {
  if (!layout) return;
  const width = view.clientWidth || 800;
  const height = view.clientHeight || 600;
  const whole = Math.min(width / layout.width, height / layout.height);
  // A big map is not shrunk past reading: it starts at its top left, the rest a pan away.
  const k = Math.min(2, Math.max(0.3, whole));
  camera = k > whole
    ? { k, x: 8, y: 8 }
    : { k, x: (width - layout.width * k) / 2, y: Math.max(0, (height - layout.height * k) / 2) };
  applyCamera();
  saveState();
}

function zoom(factor: number, cx = view.clientWidth / 2, cy = view.clientHeight / 2): void {
  if (!camera) return;
  const k = Math.min(4, Math.max(0.02, camera.k * factor));
  camera = { k, x: cx - ((cx - camera.x) * k) / camera.k, y: cy - ((cy - camera.y) * k) / camera.k };
  applyCamera();
  saveState();
}

/** Pans so that a node is in view (only when it is not). */
function bringIntoView(id: string): void {
  const node = layout?.nodes.find((n) => n.id === id);
  if (!node || !camera) return;
  const left = camera.x + node.x * camera.k;
  const top = camera.y + node.y * camera.k;
  const right = left + node.width * camera.k;
  const bottom = top + node.height * camera.k;
  if (left >= 0 && top >= 0 && right <= view.clientWidth && bottom <= view.clientHeight) return;
  camera = { ...camera, x: view.clientWidth / 2 - (node.x + node.width / 2) * camera.k, y: view.clientHeight / 2 - (node.y + node.height / 2) * camera.k };
  applyCamera();
  saveState();
}

// ---------------------------------------------------------------------------
// Filters

function fillSelect(select: HTMLSelectElement, values: readonly string[], current: string): void {
  const wanted = ['', ...values];
  const have = [...select.options].map((o) => o.value);
  if (wanted.length === have.length && wanted.every((v, i) => v === have[i])) return;
  const first = select.options[0]!;
  select.replaceChildren(first);
  for (const value of values) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = value;
    select.appendChild(option);
  }
  select.value = values.includes(current) ? current : '';
}

function fillFilters(): void {
  if (!drawn) return;
  fillSelect(document.getElementById('filter-character') as HTMLSelectElement, drawn.facets.characters, filters.character);
  fillSelect(document.getElementById('filter-arc') as HTMLSelectElement, drawn.facets.arcs, filters.arc);
  fillSelect(document.getElementById('filter-code') as HTMLSelectElement, drawn.facets.codes, filters.code);
}

/** The filters that are set, as the extension takes them. */
function activeFilters(): MapFilters {
  const active: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) if (value !== '') active[key] = value;
  return active;
}

function bindFilter(id: string, key: keyof Filters, event: 'change' | 'input'): void {
  const element = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
  element.value = filters[key];
  element.addEventListener(event, () => {
    filters[key] = element.value;
    saveState();
    // The server tells what matches, inside collapsed arcs too; the map is drawn again when it answers.
    vscode.postMessage({ type: 'filter', filters: activeFilters() });
  });
}

// ---------------------------------------------------------------------------
// Expanding and collapsing arcs: the extension asks the server for the new view.

function setExpanded(arc: string, open: boolean): void {
  if (!drawn) return;
  const current = new Set(drawn.expanded === 'all' ? drawn.facets.arcs : drawn.expanded);
  if (open) current.add(arc);
  else current.delete(arc);
  status.dataset.message = '1';
  status.textContent = open ? `Opening ${arc}…` : `Collapsing ${arc}…`;
  vscode.postMessage({ type: 'expand', expanded: current.size === drawn.facets.arcs.length ? 'all' : [...current] });
}

// ---------------------------------------------------------------------------
// Messages from the extension

function select(id: string | null): void {
  if (selected === id) return;
  selected = id;
  draw();
  if (id) bringIntoView(id);
  saveState();
}

/** What a view answers once: the beat a search found, the conflict to show. */
function answered(v: PageView): void {
  if (status.dataset.message && /^(Opening|Collapsing) /.test(status.textContent ?? '')) {
    delete status.dataset.message;
  }
  if (v.found !== undefined) {
    if (v.found === null) {
      status.dataset.message = '1';
      status.textContent = `No beat or option holds “${filters.search}” in its name or title.`;
    } else {
      delete status.dataset.message;
      selected = v.found;
      pendingView = v.found;
    }
  }
  if (v.highlight !== undefined) {
    status.dataset.message = '1';
    if (v.highlight === null) {
      highlighted = new Set();
      status.textContent = 'That conflict is no longer on the map.';
    } else {
      const { conflict } = v.highlight;
      highlighted = new Set(v.highlight.ids);
      status.textContent = `${conflict.code} ${conflict.severity}: ${conflict.message}`;
      pendingView = v.highlight.owner;
    }
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'map':
      if (message.version < version) return;
      version = message.version;
      drawn = message.view;
      void relayout().then(() => {
        if (pendingView !== undefined) bringIntoView(pendingView);
        pendingView = undefined;
      });
      break;
    case 'select':
      drawing = drawing.then(() => select(message.id));
      break;
  }
});

// ---------------------------------------------------------------------------
// Pointer and keyboard

function activate(target: Element): void {
  const collapse = target.closest('[data-collapse]');
  if (collapse) {
    setExpanded(collapse.getAttribute('data-collapse')!, false);
    return;
  }
  const item = target.closest('[data-id]');
  if (!item || !layout) return;
  const id = item.getAttribute('data-id')!;
  const node = layout.nodes.find((n) => n.id === id);
  if (!node) return;
  if (node.kind === 'arc') {
    setExpanded(id, true);
    return;
  }
  selected = id;
  draw();
  saveState();
  vscode.postMessage({ type: 'reveal', id });
}

let drag: { x: number; y: number; camera: Camera; moved: boolean } | undefined;

view.addEventListener('pointerdown', (event) => {
  if (!camera || event.button !== 0) return;
  drag = { x: event.clientX, y: event.clientY, camera: { ...camera }, moved: false };
});
window.addEventListener('pointermove', (event) => {
  if (!drag) return;
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  drag.moved = true;
  camera = { ...drag.camera, x: drag.camera.x + dx, y: drag.camera.y + dy };
  applyCamera();
});
window.addEventListener('pointerup', (event) => {
  const wasDrag = drag?.moved;
  drag = undefined;
  if (wasDrag) {
    saveState();
    return;
  }
  if (event.target instanceof Element && view.contains(event.target)) activate(event.target);
});
view.addEventListener('wheel', (event) => {
  event.preventDefault();
  const rect = view.getBoundingClientRect();
  zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - rect.left, event.clientY - rect.top);
}, { passive: false });
view.addEventListener('keydown', (event) => {
  if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof Element && event.target.closest('[data-id],[data-collapse]')) {
    event.preventDefault();
    activate(event.target);
  } else if (event.key === '+' || event.key === '=') zoom(1.2);
  else if (event.key === '-') zoom(1 / 1.2);
});

// ---------------------------------------------------------------------------
// Toolbar

bindFilter('filter-character', 'character', 'change');
bindFilter('filter-arc', 'arc', 'change');
bindFilter('filter-scale', 'scale', 'change');
bindFilter('filter-code', 'code', 'change');
bindFilter('search', 'search', 'input');
document.getElementById('search')!.addEventListener('keydown', (event) => {
  // The first beat that matches, wherever it is: the server opens the arcs around it.
  if (event.key === 'Enter' && drawn && filters.search !== '') vscode.postMessage({ type: 'find', query: filters.search });
});
document.getElementById('fit')!.addEventListener('click', () => fit());
document.getElementById('zoom-in')!.addEventListener('click', () => zoom(1.25));
document.getElementById('zoom-out')!.addEventListener('click', () => zoom(1 / 1.25));
document.getElementById('expand-all')!.addEventListener('click', () => {
  if (!drawn) return;
  camera = null; // fitted again once drawn
  // A big story is not drawn whole (tens of thousands of boxes): each press opens the arcs drawn collapsed, one level deeper.
  if (drawn.totals.nodes > COLLAPSE_ABOVE_NODES && drawn.expanded !== 'all') {
    vscode.postMessage({ type: 'expand', expanded: [...drawn.expanded, ...drawn.collapsed.map((a) => a.id)] });
  } else {
    vscode.postMessage({ type: 'expand', expanded: 'all' });
  }
});
document.getElementById('collapse-all')!.addEventListener('click', () => {
  camera = null;
  vscode.postMessage({ type: 'expand', expanded: [] });
});
document.getElementById('export-svg')!.addEventListener('click', () => {
  const data = exportSvg();
  if (data) vscode.postMessage({ type: 'export', format: 'svg', data });
});
document.getElementById('export-png')!.addEventListener('click', () => void exportPng());

/** The theme's current colours, for a picture that must carry its colours inside. */
function resolvedPalette(): MapPalette {
  const style = getComputedStyle(document.body);
  const palette: Record<string, string> = {};
  for (const key of PALETTE_KEYS) {
    const names = [...VSCODE_PALETTE[key].matchAll(/--vscode-[\w-]+/g)].map((m) => m[0]);
    const value = names.map((name) => style.getPropertyValue(name).trim()).find((v) => v !== '');
    palette[key] = value ?? LIGHT_PALETTE[key];
  }
  return palette as unknown as MapPalette;
}

function exportSvg(): string | undefined {
  if (!layout) return undefined;
  return svgToString(renderMap(layout, { embeddedStyle: paletteCss(resolvedPalette()) + MAP_STYLESHEET }));
}

async function exportPng(): Promise<void> {
  const data = exportSvg();
  if (!data || !layout) return;
  const image = new Image();
  const bytes = new TextEncoder().encode(data);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await image.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(layout.width * scale);
  canvas.height = Math.ceil(layout.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.scale(scale, scale);
  context.drawImage(image, 0, 0);
  const png = canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  vscode.postMessage({ type: 'export', format: 'png', data: png });
}

window.addEventListener('resize', () => {
  if (!camera) fit();
});

if (layout) draw();
vscode.postMessage({ type: 'ready' });
