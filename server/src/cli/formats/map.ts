/**
 * The story map as JSON (positions instead of offsets), Graphviz DOT and a
 * Mermaid flowchart. Every story string is escaped for its format: names,
 * titles and messages can hold quotes, backslashes, brackets and markup.
 */
import type { StoryMap, StoryMapConflict, StoryMapEdgeKind, StoryMapGroup, StoryMapNode } from '@narrative-arc/orchestrator';
import { worstSeverity } from '../../story-map/view.js';
import { displayPath, type Positions, type Range } from '../output.js';

export interface JsonMapNode extends Omit<StoryMapNode, 'range' | 'extent' | 'file'> {
  readonly file: string;
  readonly range: Range;
  readonly extent: Range;
}

export interface JsonMapGroup extends Omit<StoryMapGroup, 'range' | 'extent' | 'file'> {
  readonly file: string;
  readonly range: Range;
  readonly extent: Range;
}

export interface JsonMap extends Omit<StoryMap, 'nodes' | 'groups'> {
  readonly nodes: readonly JsonMapNode[];
  readonly groups: readonly JsonMapGroup[];
}

export function toJsonMap(map: StoryMap, positions: Positions, cwd: string): JsonMap {
  return {
    title: map.title,
    nodes: map.nodes.map((node) => ({
      ...node,
      file: displayPath(node.file, cwd),
      range: positions.range(node.file, node.range),
      extent: positions.range(node.file, node.extent),
    })),
    edges: map.edges,
    groups: map.groups.map((group) => ({
      ...group,
      file: displayPath(group.file, cwd),
      range: positions.range(group.file, group.range),
      extent: positions.range(group.file, group.extent),
    })),
    unplaced: map.unplaced,
  };
}

/** Nodes by their innermost arc (null: story level), and arcs by parent, in the map's order. */
function byArc(map: StoryMap): { nodes: Map<string | null, StoryMapNode[]>; arcs: Map<string | null, StoryMapGroup[]> } {
  const nodes = new Map<string | null, StoryMapNode[]>();
  const arcs = new Map<string | null, StoryMapGroup[]>();
  const known = new Set(map.groups.map((g) => g.id));
  for (const node of map.nodes) {
    const key = node.arc !== null && known.has(node.arc) ? node.arc : null;
    nodes.set(key, [...(nodes.get(key) ?? []), node]);
  }
  for (const group of map.groups) {
    const key = group.parent !== null && known.has(group.parent) ? group.parent : null;
    arcs.set(key, [...(arcs.get(key) ?? []), group]);
  }
  return { nodes, arcs };
}

function conflictSummary(conflicts: readonly StoryMapConflict[]): string {
  return conflicts.map((c) => `${c.severity} ${c.code}`).join(', ');
}

function nodeText(node: StoryMapNode): string {
  const name = node.kind === 'option' ? node.name : node.id;
  const time = node.kind !== 'option' && node.time !== null ? ` @${node.time}` : '';
  const lines = [`${name}${time}`];
  if (node.title !== null) lines.push(node.title);
  if (node.conflicts.length > 0) lines.push(conflictSummary(node.conflicts));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// DOT

/** A DOT double-quoted string: backslashes and quotes escaped, line ends as `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

const SEVERITY_COLOUR: Record<string, string> = { error: '#e51400', warning: '#bf8803', information: '#1a85ff', hint: '#6a6a6a' };
const SCALE_COLOUR: Record<string, string> = { macro: '#7a5cc4', meso: '#2f7fb8', micro: '#3d9a6a' };
const DOT_EDGE: Record<StoryMapEdgeKind, string> = {
  flow: 'color="#7a7a7a"',
  causes: 'style=dashed, color="#c0562b", label="causes", fontcolor="#c0562b", constraint=false',
  requires: 'style=dotted, color="#2f7fb8", label="requires", fontcolor="#2f7fb8", constraint=false',
  prevents: 'style=dashed, color="#b0306b", arrowhead=tee, label="prevents", fontcolor="#b0306b", constraint=false',
};

export function formatDot(map: StoryMap): string {
  const { nodes, arcs } = byArc(map);
  const out: string[] = [];
  out.push(`digraph ${dotString(map.title ?? 'story')} {`);
  out.push('  rankdir=TB;');
  out.push('  compound=true;');
  out.push('  node [fontname="Helvetica", fontsize=11, style=filled, fillcolor="#f3f3f3", color="#8a8a8a"];');
  out.push('  edge [fontname="Helvetica", fontsize=9];');
  const writeNodes = (arc: string | null, indent: string): void => {
    for (const node of nodes.get(arc) ?? []) {
      const attrs = [`label=${dotString(nodeText(node))}`];
      if (node.kind === 'choice') attrs.push('shape=hexagon', 'fillcolor="#e8f0fb"');
      else if (node.kind === 'option') attrs.push('shape=box', 'style="rounded,dashed,filled"', 'fillcolor="#ffffff"');
      else attrs.push('shape=box');
      const severity = worstSeverity(node.conflicts);
      if (severity) attrs.push(`color="${SEVERITY_COLOUR[severity]}"`, 'penwidth=2.5');
      const tooltip = node.conflicts.map((c) => `${c.code}: ${c.message}`).join('\n');
      if (tooltip) attrs.push(`tooltip=${dotString(tooltip)}`);
      out.push(`${indent}${dotString(node.id)} [${attrs.join(', ')}];`);
    }
    for (const group of arcs.get(arc) ?? []) {
      out.push(`${indent}subgraph ${dotString(`cluster_${group.id}`)} {`);
      const label = `${group.id} (${group.scale})${group.title !== null ? `: ${group.title}` : ''}` +
        (group.conflicts.length > 0 ? `\n${conflictSummary(group.conflicts)}` : '');
      out.push(`${indent}  label=${dotString(label)};`);
      out.push(`${indent}  color="${SCALE_COLOUR[group.scale] ?? '#8a8a8a'}";`);
      out.push(`${indent}  style=${group.scale === 'macro' ? 'solid' : group.scale === 'meso' ? 'dashed' : 'dotted'};`);
      writeNodes(group.id, `${indent}  `);
      out.push(`${indent}}`);
    }
  };
  writeNodes(null, '  ');
  for (const edge of map.edges) out.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [${DOT_EDGE[edge.kind]}];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// Mermaid

/**
 * Text inside a Mermaid label (`["…"]`): Mermaid reads `#name;` entity codes,
 * and draws labels as HTML, so quotes, markup characters, backticks and `#`
 * itself become numeric codes.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/[#"<>&`\\|[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`)
    .replace(/\r\n|\r|\n/g, '<br/>');
}

const MERMAID_EDGE: Record<StoryMapEdgeKind, string> = {
  flow: '-->',
  causes: '-.->|causes|',
  requires: '-.->|requires|',
  prevents: '--x|prevents|',
};

export function formatMermaid(map: StoryMap): string {
  const { nodes, arcs } = byArc(map);
  // Mermaid ids must be plain: number the nodes and arcs (the real names are in the labels).
  const ids = new Map<string, string>();
  map.nodes.forEach((node, i) => ids.set(node.id, `n${i}`));
  const arcIds = new Map<string, string>();
  map.groups.forEach((group, i) => arcIds.set(group.id, `a${i}`));
  const out: string[] = ['flowchart TB'];
  const writeNodes = (arc: string | null, indent: string): void => {
    for (const node of nodes.get(arc) ?? []) {
      const label = `"${mermaidText(nodeText(node))}"`;
      const id = ids.get(node.id)!;
      const shape = node.kind === 'choice' ? `{{${label}}}` : node.kind === 'option' ? `([${label}])` : `[${label}]`;
      out.push(`${indent}${id}${shape}`);
      const severity = worstSeverity(node.conflicts);
      if (severity) out.push(`${indent}class ${id} ${severity}`);
    }
    for (const group of arcs.get(arc) ?? []) {
      const label = `${group.id} (${group.scale})${group.title !== null ? `: ${group.title}` : ''}`;
      out.push(`${indent}subgraph ${arcIds.get(group.id)!}["${mermaidText(label)}"]`);
      out.push(`${indent}  direction TB`);
      writeNodes(group.id, `${indent}  `);
      out.push(`${indent}end`);
    }
  };
  writeNodes(null, '  ');
  for (const edge of map.edges) out.push(`  ${ids.get(edge.from)!} ${MERMAID_EDGE[edge.kind]} ${ids.get(edge.to)!}`);
  out.push('  classDef error stroke:#e51400,stroke-width:3px');
  out.push('  classDef warning stroke:#bf8803,stroke-width:3px');
  out.push('  classDef information stroke:#1a85ff,stroke-width:2px');
  out.push('  classDef hint stroke:#6a6a6a,stroke-width:2px');
  return `${out.join('\n')}\n`;
}
