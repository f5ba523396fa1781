/**
 * Code lenses above beats ("7 downstream · meso 2 · macro 1") and arcs (their
 * resolution status). Lenses are listed cheaply and filled in on resolve, so
 * only the visible ones cost an impact analysis.
 *
 * A lens opens what it counts, through a command of the VS Code extension
 * (client/src/commands.ts): `arc.peekLocations` for the downstream beats of a
 * beat or the beats that resolve an arc, `arc.showMarkdown` for an arc that
 * nothing resolves (its status) and, with `codeLens.showEmpty`, for a beat
 * with nothing downstream (its impact). Beats with nothing downstream get no
 * lens unless `codeLens.showEmpty` is set.
 *
 * The story header and every beat with a time (events and choices) also get
 * "Play from here", which opens the player (`arc.playFromHere`) there.
 */
import type { CodeLens, Command, Location, Position } from 'vscode-languageserver/node';
import type { BeatSymbol, ImpactReport } from '@narrative-arc/orchestrator';
import type { ProjectSnapshot } from '../snapshot.js';
import { snapshotFor, snapshotRange, type FeatureContext } from './context.js';
import { arcMarkdown, arcStatusLine, beatMarkdown, impactOf } from './hover.js';

/** Client commands a lens runs (registered by the VS Code extension). */
export const LENS_COMMANDS = {
  /** `(uri: string, position: Position, locations: Location[])`, protocol types. */
  peekLocations: 'arc.peekLocations',
  /** `(title: string, markdown: string)`: a read-only markdown view. */
  showMarkdown: 'arc.showMarkdown',
  /** `({ uri: string, from?: string })`: the player, from the start or from the beat `from`. */
  play: 'arc.playFromHere',
} as const;

export const PLAY_LENS_TITLE = '▷ Play from here';

function playLens(range: CodeLens['range'], uri: string, from?: string): CodeLens {
  return { range, command: { title: PLAY_LENS_TITLE, command: LENS_COMMANDS.play, arguments: [from === undefined ? { uri } : { uri, from }] } };
}

interface LensData {
  readonly uri: string;
  readonly name: string;
  readonly kind: 'beat' | 'arc';
}

export async function codeLenses(context: FeatureContext, uri: string): Promise<CodeLens[]> {
  if (!context.settings.codeLens) return [];
  const snapshot = await snapshotFor(context, uri, 'linked');
  if (!snapshot) return [];
  const lenses: CodeLens[] = [];
  // Pushed after the others: on a line with both, "Play from here" comes last (the sort is stable).
  const plays: CodeLens[] = [];
  const project = snapshot.project;
  if (project.story?.file === uri) {
    const range = snapshotRange(snapshot, uri, project.story.decl.keywordSpan);
    if (range) plays.push(playLens(range, uri));
  }
  for (const arc of project.arcs) {
    if (arc.file !== uri || project.nodes.get(arc.name) !== arc) continue;
    const range = snapshotRange(snapshot, uri, arc.decl.keywordSpan);
    if (range) lenses.push({ range, data: { uri, name: arc.name, kind: 'arc' } satisfies LensData });
  }
  for (const beat of project.beats) {
    if (beat.file !== uri || project.nodes.get(beat.name) !== beat) continue;
    if (!Number.isNaN(beat.time)) {
      const range = snapshotRange(snapshot, uri, beat.decl.keywordSpan);
      if (range) plays.push(playLens(range, uri, beat.name));
    }
    // Reachability alone is cheap; the full impact waits for resolve.
    if (!context.settings.codeLensShowEmpty && snapshot.structure.graph.downstream(beat).length === 0) continue;
    const range = snapshotRange(snapshot, uri, beat.decl.keywordSpan);
    if (range) lenses.push({ range, data: { uri, name: beat.name, kind: 'beat' } satisfies LensData });
  }
  return [...lenses, ...plays].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function impactSummary(report: ImpactReport): string {
  const n = report.downstream.length;
  if (n === 0) return 'no downstream beats';
  const parts = [`${n} downstream`];
  for (const scale of ['micro', 'meso', 'macro'] as const) if (report.byScale[scale] > 0) parts.push(`${scale} ${report.byScale[scale]}`);
  return parts.join(' · ');
}

function locationOf(snapshot: ProjectSnapshot, beat: BeatSymbol): Location | undefined {
  const range = snapshotRange(snapshot, beat.file, beat.decl.name.span);
  return range ? { uri: beat.file, range } : undefined;
}

function peek(title: string, uri: string, position: Position, locations: Location[]): Command {
  return { title, command: LENS_COMMANDS.peekLocations, arguments: [uri, position, locations] };
}

export async function resolveCodeLens(context: FeatureContext, lens: CodeLens): Promise<CodeLens> {
  const data = lens.data as Partial<LensData> | undefined;
  const nothing = { range: lens.range, command: { title: '—', command: '' } };
  if (!data || typeof data.uri !== 'string' || typeof data.name !== 'string') return nothing;
  const snapshot = await snapshotFor(context, data.uri, 'linked');
  if (!snapshot) return nothing;
  const node = snapshot.project.nodes.get(data.name);
  if (!node) return nothing;
  if (node.kind === 'arc') {
    const title = `${node.scale} arc · ${arcStatusLine(snapshot, node).replace(/`/g, '')}`;
    const resolvers = snapshot.structure.scales.view(node).resolvers
      .map((r) => locationOf(snapshot, r.beat)).filter((l): l is Location => l !== undefined);
    const command = resolvers.length > 0
      ? peek(title, data.uri, lens.range.start, resolvers)
      : { title, command: LENS_COMMANDS.showMarkdown, arguments: [`Status of arc ${node.name}`, arcMarkdown(snapshot, node)] };
    return { range: lens.range, command };
  }
  const report = impactOf(context, snapshot, node.name);
  if (!report) return { range: lens.range, command: { title: 'impact not available', command: '' } };
  const title = impactSummary(report);
  const downstream = report.downstream
    .map((name) => snapshot.project.nodes.get(name))
    .map((beat) => (beat && beat.kind !== 'arc' ? locationOf(snapshot, beat) : undefined))
    .filter((l): l is Location => l !== undefined);
  const command = downstream.length > 0
    ? peek(title, data.uri, lens.range.start, downstream)
    : { title, command: LENS_COMMANDS.showMarkdown, arguments: [`Impact of ${node.name}`, beatMarkdown(context, snapshot, node)] };
  return { range: lens.range, command };
}
