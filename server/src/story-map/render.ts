/**
 * Draws a laid-out story map as SVG, once, for both of its uses: `nao map
 * --format svg` turns the element tree into a string (every story string
 * escaped), the map view in VS Code turns the same tree into DOM elements
 * (createElementNS, setAttribute, text nodes: never markup). Nothing here
 * knows which of the two it draws for.
 */
import type { LayoutEdge, LayoutGroup, LayoutNode, MapLayout } from './layout.js';
import { countsText } from './view.js';

/** An SVG element: a tag, attributes and children (text children are plain text, never markup). */
export interface SvgElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (SvgElement | string)[];
}

export interface RenderOptions {
  /** CSS put into a <style> element of the picture (a stand-alone file needs its colours inside). */
  readonly embeddedStyle?: string;
  /** Node ids drawn as selected. */
  readonly selected?: ReadonlySet<string>;
  /** Node and arc ids drawn highlighted (a conflict's witness path and related beats). */
  readonly highlighted?: ReadonlySet<string>;
  /** Node ids drawn faded (filtered out). */
  readonly dimmed?: ReadonlySet<string>;
  /** Makes nodes focusable (tabindex) for the keyboard. */
  readonly interactive?: boolean;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string>, children: (SvgElement | string)[] = []): SvgElement {
  return { tag, attrs, children };
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** "error C201 …" lines for a tooltip; a collapsed arc's counts first, and how many are not listed. */
function conflictLines(item: { conflicts: LayoutNode['conflicts']; counts?: LayoutNode['counts'] }): string[] {
  const lines = item.conflicts.map((c) => `${c.severity} ${c.code}: ${c.message}`);
  if (!item.counts) return lines;
  const total = conflictCount(item);
  if (total === 0) return lines;
  return [`conflicts inside: ${countsText(item.counts)}`, ...lines, ...(total > lines.length ? [`… and ${total - lines.length} more`] : [])];
}

function conflictCount(item: { conflicts: LayoutNode['conflicts']; counts?: LayoutNode['counts'] }): number {
  const c = item.counts;
  return c ? c.error + c.warning + c.information + c.hint : item.conflicts.length;
}

export function renderMap(layout: MapLayout, options: RenderOptions = {}): SvgElement {
  const children: SvgElement[] = [];
  if (options.embeddedStyle !== undefined) children.push(el('style', {}, [options.embeddedStyle]));
  children.push(el('defs', {}, (['flow', 'causes', 'requires', 'prevents'] as const).map((kind) =>
    el('marker', {
      id: `arc-map-arrow-${kind}`, class: `arrow ${kind}`, viewBox: '0 0 10 10', refX: '9', refY: '5',
      markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse',
    }, [el('path', { d: 'M0,0 L10,5 L0,10 z' })]))));
  children.push(el('rect', { class: 'background', x: '0', y: '0', width: n(layout.width), height: n(layout.height) }));
  children.push(el('g', { class: 'groups' }, layout.groups.map((g) => group(g, options))));
  children.push(el('g', { class: 'edges' }, layout.edges.map(edge)));
  children.push(el('g', { class: 'nodes' }, layout.nodes.map((node) => mapNode(node, options))));
  const label = layout.title === null ? 'Story map' : `Story map of ${layout.title}`;
  return el('svg', {
    xmlns: SVG_NS, class: 'arc-story-map', role: 'img', 'aria-label': label,
    width: n(layout.width), height: n(layout.height), viewBox: `0 0 ${n(layout.width)} ${n(layout.height)}`,
  }, [el('title', {}, [label]), ...children]);
}

function stateClasses(id: string, options: RenderOptions): string {
  let classes = '';
  if (options.selected?.has(id)) classes += ' selected';
  if (options.highlighted?.has(id)) classes += ' highlighted';
  if (options.dimmed?.has(id)) classes += ' dimmed';
  return classes;
}

function group(g: LayoutGroup, options: RenderOptions): SvgElement {
  const tooltip = [`arc ${g.id} (${g.scale})`, ...conflictLines(g)].join('\n');
  return el('g', {
    class: `group scale-${g.scale}${g.severity ? ` severity-${g.severity}` : ''}${stateClasses(g.id, options)}`,
    'data-group': g.id,
  }, [
    el('title', {}, [tooltip]),
    el('rect', { class: 'group-box', x: n(g.x), y: n(g.y), width: n(g.width), height: n(g.height), rx: '6' }),
    el('text', { class: 'group-label', x: n(g.x + 10), y: n(g.y + 19), ...(options.interactive ? { 'data-collapse': g.id } : {}) },
      [`${options.interactive ? '▾ ' : ''}${g.label}`]),
  ]);
}

function edge(e: LayoutEdge): SvgElement {
  const { start: s, end: t } = e;
  let d: string;
  if (e.route === 'down') {
    const bend = Math.max(12, (t.y - s.y) / 2);
    d = `M${n(s.x)},${n(s.y)} C${n(s.x)},${n(s.y + bend)} ${n(t.x)},${n(t.y - bend)} ${n(t.x)},${n(t.y)}`;
  } else {
    const out = 40 + Math.min(120, Math.abs(t.y - s.y) / 4);
    const x = Math.max(s.x, t.x) + out;
    d = `M${n(s.x)},${n(s.y)} C${n(x)},${n(s.y)} ${n(x)},${n(t.y)} ${n(t.x)},${n(t.y)}`;
  }
  return el('path', {
    class: `edge ${e.kind}`, d, 'marker-end': `url(#arc-map-arrow-${e.kind})`, 'data-from': e.from, 'data-to': e.to,
  }, [el('title', {}, [`${e.from} ${e.kind === 'flow' ? '→' : e.kind} ${e.to}${e.count > 1 ? ` (${e.count} links)` : ''}`])]);
}

function shape(node: LayoutNode): SvgElement {
  const { x, y, width: w, height: h } = node;
  switch (node.kind) {
    case 'choice': {
      const k = Math.min(14, h / 2);
      const points = [[x + k, y], [x + w - k, y], [x + w, y + h / 2], [x + w - k, y + h], [x + k, y + h], [x, y + h / 2]];
      return el('polygon', { class: 'shape', points: points.map(([px, py]) => `${n(px!)},${n(py!)}`).join(' ') });
    }
    case 'option':
      return el('rect', { class: 'shape', x: n(x), y: n(y), width: n(w), height: n(h), rx: n(Math.min(11, h / 2)) });
    case 'arc':
      return el('rect', { class: 'shape', x: n(x), y: n(y), width: n(w), height: n(h), rx: '6' });
    default:
      return el('rect', { class: 'shape', x: n(x), y: n(y), width: n(w), height: n(h), rx: '3' });
  }
}

function mapNode(node: LayoutNode, options: RenderOptions): SvgElement {
  const kindName = node.kind === 'arc' ? `arc (${node.scale}, collapsed)` : node.kind;
  const tooltip = [`${kindName} ${node.id}${node.detail ? ` — ${node.detail}` : ''}`, ...conflictLines(node)].join('\n');
  const lines: SvgElement[] = [];
  const cx = node.x + node.width / 2;
  if (node.detail) {
    lines.push(el('text', { class: 'label', x: n(cx), y: n(node.y + 15) }, [node.label]));
    lines.push(el('text', { class: 'detail', x: n(cx), y: n(node.y + node.height - 8) }, [node.detail]));
  } else {
    lines.push(el('text', { class: 'label', x: n(cx), y: n(node.y + node.height / 2 + 4) }, [node.label]));
  }
  const badge: SvgElement[] = [];
  if (node.severity) {
    badge.push(el('circle', { class: 'badge', cx: n(node.x + node.width - 2), cy: n(node.y + 2), r: '6' }));
    badge.push(el('text', { class: 'badge-text', x: n(node.x + node.width - 2), y: n(node.y + 5.5) }, [String(conflictCount(node))]));
  }
  return el('g', {
    class: `node ${node.kind} scale-${node.scale}${node.severity ? ` severity-${node.severity}` : ''}${stateClasses(node.id, options)}`,
    'data-id': node.id,
    ...(options.interactive ? { tabindex: '0', role: 'button', 'aria-label': tooltip.replace(/\n/g, '; ') } : {}),
  }, [el('title', {}, [tooltip]), shape(node), ...lines, ...badge]);
}

// ---------------------------------------------------------------------------
// As a string

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\n/g, '&#10;');
}

/** Characters XML 1.0 does not allow at all (control characters other than tab and line ends). */
function xmlSafe(text: string): string {

  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

/** The element tree as SVG markup, every text and attribute value escaped. */
export function svgToString(element: SvgElement): string {
  const parts: string[] = [];
  const write = (node: SvgElement | string): void => {
    if (typeof node === 'string') {
      parts.push(escapeText(xmlSafe(node)));
      return;
    }
    parts.push(`<${node.tag}`);
    for (const [name, value] of Object.entries(node.attrs)) parts.push(` ${name}="${escapeAttribute(xmlSafe(value))}"`);
    if (node.children.length === 0) {
      parts.push('/>');
      return;
    }
    parts.push('>');
    for (const child of node.children) write(child);
    parts.push(`</${node.tag}>`);
  };
  write(element);
  return parts.join('');
}

/** A stand-alone SVG document of a layout (what `nao map --format svg` prints). */
export function renderSvg(layout: MapLayout, palette: MapPalette = LIGHT_PALETTE): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svgToString(renderMap(layout, { embeddedStyle: paletteCss(palette) + MAP_STYLESHEET }))}\n`;
}

// ---------------------------------------------------------------------------
// Colours

/** The colours the picture uses, as CSS custom properties `--map-<key>`. */
export interface MapPalette {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly nodeFill: string;
  readonly nodeStroke: string;
  readonly choiceFill: string;
  readonly optionFill: string;
  readonly arcFill: string;
  readonly macro: string;
  readonly meso: string;
  readonly micro: string;
  readonly flow: string;
  readonly causes: string;
  readonly requires: string;
  readonly prevents: string;
  readonly error: string;
  readonly warning: string;
  readonly information: string;
  readonly hint: string;
  readonly selected: string;
  readonly highlighted: string;
  readonly font: string;
}

export const LIGHT_PALETTE: MapPalette = {
  background: '#ffffff', foreground: '#1f1f1f', muted: '#6a6a6a',
  nodeFill: '#f3f3f3', nodeStroke: '#8a8a8a', choiceFill: '#e8f0fb', optionFill: '#ffffff', arcFill: '#eef3e8',
  macro: '#7a5cc4', meso: '#2f7fb8', micro: '#3d9a6a',
  flow: '#7a7a7a', causes: '#c0562b', requires: '#2f7fb8', prevents: '#b0306b',
  error: '#e51400', warning: '#bf8803', information: '#1a85ff', hint: '#6a6a6a',
  selected: '#0066bf', highlighted: '#f5a623',
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
};

/** The VS Code theme's colours for each palette entry (what the map view uses). */
export const VSCODE_PALETTE: MapPalette = {
  background: 'var(--vscode-editor-background)',
  foreground: 'var(--vscode-editor-foreground)',
  muted: 'var(--vscode-descriptionForeground)',
  nodeFill: 'var(--vscode-editorWidget-background)',
  nodeStroke: 'var(--vscode-editorWidget-border, var(--vscode-contrastBorder, var(--vscode-descriptionForeground)))',
  choiceFill: 'var(--vscode-list-inactiveSelectionBackground, var(--vscode-editorWidget-background))',
  optionFill: 'var(--vscode-editor-background)',
  arcFill: 'var(--vscode-sideBar-background, var(--vscode-editor-background))',
  macro: 'var(--vscode-charts-purple)',
  meso: 'var(--vscode-charts-blue)',
  micro: 'var(--vscode-charts-green)',
  flow: 'var(--vscode-descriptionForeground)',
  causes: 'var(--vscode-charts-orange)',
  requires: 'var(--vscode-charts-blue)',
  prevents: 'var(--vscode-charts-red)',
  error: 'var(--vscode-editorError-foreground)',
  warning: 'var(--vscode-editorWarning-foreground)',
  information: 'var(--vscode-editorInfo-foreground)',
  hint: 'var(--vscode-descriptionForeground)',
  selected: 'var(--vscode-focusBorder)',
  highlighted: 'var(--vscode-editorOverviewRuler-findMatchForeground, var(--vscode-charts-yellow))',
  font: 'var(--vscode-font-family)',
};

export const PALETTE_KEYS = Object.keys(LIGHT_PALETTE) as (keyof MapPalette)[];

function cssName(key: string): string {
  return `--map-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `.arc-story-map { --map-background: …; … }` */
export function paletteCss(palette: MapPalette): string {
  return `.arc-story-map{${PALETTE_KEYS.map((key) => `${cssName(key)}:${palette[key]}`).join(';')}}\n`;
}

const v = (key: keyof MapPalette): string => `var(${cssName(key)})`;

/** The picture's rules, in terms of the palette's custom properties. */
export const MAP_STYLESHEET = `
.arc-story-map{font-family:${v('font')};font-size:12px}
.arc-story-map .background{fill:${v('background')}}
.arc-story-map text{fill:${v('foreground')};text-anchor:middle;dominant-baseline:auto}
.arc-story-map .detail{fill:${v('muted')};font-size:10.5px}
.arc-story-map .group-box{fill:${v('arcFill')};fill-opacity:.55;stroke-width:1.5}
.arc-story-map .group.scale-macro .group-box{stroke:${v('macro')}}
.arc-story-map .group.scale-meso .group-box{stroke:${v('meso')};stroke-dasharray:6 3}
.arc-story-map .group.scale-micro .group-box{stroke:${v('micro')};stroke-dasharray:2 3}
.arc-story-map .group-label{text-anchor:start;font-weight:600;fill:${v('muted')}}
.arc-story-map .node .shape{fill:${v('nodeFill')};stroke:${v('nodeStroke')};stroke-width:1.2}
.arc-story-map .node.choice .shape{fill:${v('choiceFill')}}
.arc-story-map .node.option .shape{fill:${v('optionFill')};stroke-dasharray:3 2}
.arc-story-map .node.option text{font-style:italic}
.arc-story-map .node.arc .shape{fill:${v('arcFill')};stroke-width:2}
.arc-story-map .node.arc.scale-macro .shape{stroke:${v('macro')}}
.arc-story-map .node.arc.scale-meso .shape{stroke:${v('meso')}}
.arc-story-map .node.arc.scale-micro .shape{stroke:${v('micro')}}
.arc-story-map .node.severity-error .shape{stroke:${v('error')};stroke-width:2.5}
.arc-story-map .node.severity-warning .shape{stroke:${v('warning')};stroke-width:2.5}
.arc-story-map .node.severity-information .shape{stroke:${v('information')};stroke-width:2}
.arc-story-map .node.severity-hint .shape{stroke:${v('hint')};stroke-width:2}
.arc-story-map .badge{stroke:${v('background')};stroke-width:1}
.arc-story-map .severity-error .badge{fill:${v('error')}}
.arc-story-map .severity-warning .badge{fill:${v('warning')}}
.arc-story-map .severity-information .badge{fill:${v('information')}}
.arc-story-map .severity-hint .badge{fill:${v('hint')}}
.arc-story-map .badge-text{fill:${v('background')};font-size:9px;font-weight:700}
.arc-story-map .edge{fill:none;stroke-width:1.3}
.arc-story-map .edge.flow{stroke:${v('flow')}}
.arc-story-map .edge.causes{stroke:${v('causes')};stroke-dasharray:6 3;stroke-width:1.6}
.arc-story-map .edge.requires{stroke:${v('requires')};stroke-dasharray:2 3;stroke-width:1.6}
.arc-story-map .edge.prevents{stroke:${v('prevents')};stroke-dasharray:8 2 2 2;stroke-width:1.6}
.arc-story-map .arrow.flow path{fill:${v('flow')}}
.arc-story-map .arrow.causes path{fill:${v('causes')}}
.arc-story-map .arrow.requires path{fill:${v('requires')}}
.arc-story-map .arrow.prevents path{fill:${v('prevents')}}
.arc-story-map .node.selected .shape{stroke:${v('selected')};stroke-width:3}
.arc-story-map .highlighted .shape,.arc-story-map .group.highlighted .group-box{stroke:${v('highlighted')};stroke-width:3.5}
.arc-story-map .dimmed{opacity:.25}
`;
