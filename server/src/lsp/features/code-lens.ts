/**
 * Code lenses above beats ("7 downstream · meso 2 · macro 1") and arcs (their
 * resolution status). Lenses are listed cheaply and filled in on resolve, so
 * only the visible ones cost an impact analysis.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import type { ImpactReport } from '@narrative-arc/orchestrator';
import { snapshotFor, snapshotRange, type FeatureContext } from './context.js';
import { arcStatusLine, impactOf } from './hover.js';

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
  const project = snapshot.project;
  for (const arc of project.arcs) {
    if (arc.file !== uri || project.nodes.get(arc.name) !== arc) continue;
    const range = snapshotRange(snapshot, uri, arc.decl.keywordSpan);
    if (range) lenses.push({ range, data: { uri, name: arc.name, kind: 'arc' } satisfies LensData });
  }
  for (const beat of project.beats) {
    if (beat.file !== uri || project.nodes.get(beat.name) !== beat) continue;
    const range = snapshotRange(snapshot, uri, beat.decl.keywordSpan);
    if (range) lenses.push({ range, data: { uri, name: beat.name, kind: 'beat' } satisfies LensData });
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function impactSummary(report: ImpactReport): string {
  const n = report.downstream.length;
  if (n === 0) return 'no downstream beats';
  const parts = [`${n} downstream`];
  for (const scale of ['micro', 'meso', 'macro'] as const) if (report.byScale[scale] > 0) parts.push(`${scale} ${report.byScale[scale]}`);
  return parts.join(' · ');
}

export async function resolveCodeLens(context: FeatureContext, lens: CodeLens): Promise<CodeLens> {
  const data = lens.data as Partial<LensData> | undefined;
  if (!data || typeof data.uri !== 'string' || typeof data.name !== 'string') return { ...lens, command: { title: '', command: '' } };
  const snapshot = await snapshotFor(context, data.uri, 'linked');
  let title = '';
  if (snapshot) {
    const node = snapshot.project.nodes.get(data.name);
    if (node?.kind === 'arc') {
      title = `${node.scale} arc · ${arcStatusLine(snapshot, node).replace(/`/g, '')}`;
    } else if (node) {
      const report = impactOf(context, snapshot, node.name);
      title = report ? impactSummary(report) : 'impact not available';
    }
  }
  return { range: lens.range, command: { title: title || '—', command: '' } };
}
