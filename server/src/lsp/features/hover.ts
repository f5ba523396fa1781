/**
 * Hover: compact markdown about what is under the cursor.
 *
 * - a beat (declaration or use): the impact preview (downstream counts by
 *   scale, arcs touched, what breaks if it is removed, ripple score), its
 *   time and scale; for a choice, each option's consequences;
 * - a character: their timeline (entries, exits, deaths, stages) in time
 *   order, with the branch each happens on;
 * - an arc: scale, span and resolution status;
 * - a diagnostic's range: the conflicts and the titles of their verified repairs.
 */
import type { Span } from '@nao/grammar';
import { MarkupKind, type Diagnostic as LspDiagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import {
  analyseImpact, CancelledError, formatPath, type AnySymbol, type ArcSymbol, type BeatSymbol, type CharacterSymbol,
  type Diagnostic, type GoalSymbol, type ImpactReport, type OptionConsequences, type OptionSymbol, type PlaceSymbol,
} from '@narrative-arc/orchestrator';
import type { ProjectSnapshot, SymbolEntry } from '../snapshot.js';
import {
  code, documentText, formatNumber, formatTimeOf, markdownMessage, offsetAt, onlyWhen, optionChain, quote, snapshotFor, type FeatureContext,
} from './context.js';
import { conflictsOf, resolutionsFor } from './repairs.js';

const SEVERITY_WORD: Record<string, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };
/** At most this many timeline entries in a character hover. */
const TIMELINE_LIMIT = 12;

export async function hover(context: FeatureContext, uri: string, position: Position): Promise<Hover | null> {
  const text = documentText(context, uri);
  if (text === undefined) return null;
  const offset = offsetAt(context, uri, text, position);
  // Conflicts need the analysed snapshot; everything else only the linked one.
  const published = publishedDiagnosticsAt(context, uri, position);
  const snapshot = await snapshotFor(context, uri, published.length > 0 ? 'analysed' : 'linked');
  if (!snapshot) return null;
  const sections: string[] = [];
  let range: Span | undefined;

  // Conflicts first, when the cursor is on a published diagnostic's range.
  const conflicts = conflictsOf(snapshot, published);
  if (conflicts.length > 0) {
    sections.push(conflictsMarkdown(context, snapshot, conflicts));
    range = conflicts[0]!.span;
  }

  const entry = snapshot.at(uri, offset);
  if (entry) {
    const markdown = symbolMarkdown(context, snapshot, entry);
    if (markdown) {
      sections.push(markdown);
      range = entry.span;
    }
  }
  if (sections.length === 0) return null;
  const index = snapshot.lineIndex(uri);
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    ...(range && index ? { range: { start: index.positionAt(range.start), end: index.positionAt(range.end) } } : {}),
  };
}

function publishedDiagnosticsAt(context: FeatureContext, uri: string, position: Position): LspDiagnostic[] {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return context.analysis.diagnosticsOf(uri).filter((d) => before(d.range.start, position) && before(position, d.range.end));
}

function conflictsMarkdown(context: FeatureContext, snapshot: ProjectSnapshot, conflicts: readonly Diagnostic[]): string {
  const parts: string[] = [];
  for (const conflict of conflicts.slice(0, 4)) {
    const lines = [`**${conflict.code}** (${SEVERITY_WORD[conflict.severity] ?? conflict.severity}) ${markdownMessage(conflict.message)}`];
    if (conflict.path && conflict.path.length > 0 && !conflict.message.includes(formatPath(conflict.path))) {
      lines.push(`Path: ${formatPath(conflict.path)}`);
    }
    const resolutions = resolutionsFor(context, snapshot, conflict);
    if (resolutions.length === 0) {
      lines.push('No verified repair.');
    } else {
      lines.push(['Repairs:', ...resolutions.slice(0, 5).map((r) => `- ${markdownMessage(r.title)}${r.preferred ? ' (preferred)' : ''}`)].join('\n'));
    }
    parts.push(lines.join('\n\n'));
  }
  return parts.join('\n\n');
}

function symbolMarkdown(context: FeatureContext, snapshot: ProjectSnapshot, entry: SymbolEntry): string | undefined {
  if (entry.kind === 'stage') return stageMarkdown(entry.character, entry.stage);
  let symbol: AnySymbol | undefined;
  if (entry.kind === 'declaration') symbol = entry.symbol;
  else if (entry.reference.role === 'stage') {
    return entry.reference.character ? stageMarkdown(entry.reference.character, entry.reference.name) : undefined;
  } else symbol = entry.reference.target;
  if (!symbol) return entry.kind === 'reference' ? `${code(entry.reference.name)} is not declared` : undefined;
  switch (symbol.kind) {
    case 'event': case 'choice': return beatMarkdown(context, snapshot, symbol);
    case 'arc': return arcMarkdown(snapshot, symbol);
    case 'character': return characterMarkdown(snapshot, symbol);
    case 'place': return placeMarkdown(snapshot, symbol);
    case 'goal': return goalMarkdown(snapshot, symbol);
    case 'option': return optionMarkdown(context, snapshot, symbol);
  }
}

/** The impact report, or undefined (logged) when the engine fails. */
export function impactOf(context: FeatureContext, snapshot: ProjectSnapshot, beat: string): ImpactReport | undefined {
  const key = `impact:${beat}`;
  if (snapshot.memo.has(key)) return snapshot.memo.get(key) as ImpactReport | undefined;
  let report: ImpactReport | undefined;
  try {
    report = analyseImpact(snapshot.structure, beat, context.token);
  } catch (error) {
    if (error instanceof CancelledError || context.token.isCancellationRequested) throw error;
    context.logger.error(`impact analysis of \`${beat}\` failed`, error);
    return undefined;
  }
  snapshot.memo.set(key, report);
  return report;
}

function names(list: readonly string[], limit = 6): string {
  const shown = list.slice(0, limit).map(code).join(', ');
  return list.length > limit ? `${shown} and ${list.length - limit} more` : shown;
}

function beatHeading(beat: BeatSymbol): string {
  const where = beat.arc ? `${beat.scale} (arc ${code(beat.arc.name)})` : `${beat.scale} (story level)`;
  const title = beat.decl.title ? ` ${quote(beat.decl.title.value)}` : '';
  return `**${beat.kind}** ${code(beat.name)}${title} · ${formatTimeOf(beat)} · ${where}${onlyWhen(beat)}`;
}

export function impactLines(report: ImpactReport): string[] {
  const lines: string[] = [];
  const n = report.downstream.length;
  lines.push(`**Impact** · ripple score ${report.score}`);
  lines.push(n === 0
    ? '- nothing downstream'
    : `- ${n} downstream: micro ${report.byScale.micro} · meso ${report.byScale.meso} · macro ${report.byScale.macro}`);
  if (report.arcs.length > 0) lines.push(`- arcs touched: ${names(report.arcs)}`);
  const breaks: string[] = [];
  for (const requirement of report.breaks.requirements) {
    breaks.push(`${code(requirement.beat)} loses its requirement (${requirement.requires.map(code).join(' or ')})`);
  }
  for (const arc of report.breaks.resolutions) breaks.push(`arc ${code(arc)} loses its resolution`);
  lines.push(breaks.length === 0 ? '- if removed: nothing breaks' : `- if removed: ${breaks.slice(0, 6).join('; ')}${breaks.length > 6 ? `; and ${breaks.length - 6} more` : ''}`);
  return lines;
}

function consequencesLine(option: OptionConsequences): string {
  const parts = [`${option.beats.length} beat${option.beats.length === 1 ? '' : 's'}${option.beats.length > 0 ? ` (${names(option.beats, 4)})` : ''}`];
  if (option.peakIntensity !== null) parts.push(`peak intensity ${formatNumber(option.peakIntensity)}`);
  if (option.goalsAddressed.length > 0) parts.push(`addresses ${names(option.goalsAddressed)}`);
  if (option.charactersKilled.length > 0) parts.push(`kills ${names(option.charactersKilled)}`);
  if (option.arcsResolved.length > 0) parts.push(`resolves ${names(option.arcsResolved)}`);
  const optionName = option.option.slice(option.option.indexOf('.') + 1);
  return `- ${code(optionName)}${option.title ? ` ${quote(option.title)}` : ''}: ${parts.join(' · ')}`;
}

/** The impact preview of a beat as markdown (also the `arc.showImpact` command's answer). */
export function beatMarkdown(context: FeatureContext, snapshot: ProjectSnapshot, beat: BeatSymbol): string {
  const lines = [beatHeading(beat)];
  const report = impactOf(context, snapshot, beat.name);
  if (!report) {
    lines.push('_Impact is not available._');
    return lines.join('\n\n');
  }
  lines.push(impactLines(report).join('\n'));
  if (report.options.length > 0) {
    lines.push(['**Options**', ...report.options.map(consequencesLine)].join('\n'));
  }
  return lines.join('\n\n');
}

function optionMarkdown(context: FeatureContext, snapshot: ProjectSnapshot, option: OptionSymbol): string {
  const title = option.decl.title ? ` ${quote(option.decl.title.value)}` : '';
  const lines = [`**option** ${code(option.qualifiedName)}${title} · choice ${code(option.choice.name)} at ${formatTimeOf(option.choice)}`];
  if (option.parent) lines.push(`Reached only when ${optionChain(option.parent)}.`);
  const report = impactOf(context, snapshot, option.choice.name);
  const consequences = report?.options.find((o) => o.option === option.qualifiedName);
  if (consequences) lines.push(consequencesLine(consequences).replace(/^- /, 'Consequences: '));
  return lines.join('\n\n');
}

export function arcStatusLine(snapshot: ProjectSnapshot, arc: ArcSymbol): string {
  const view = snapshot.structure.scales.view(arc);
  const by = view.resolvers.length > 0 ? ` by ${names(view.resolvers.map((r) => r.beat.name), 3)}` : '';
  if (view.status.kind === 'resolved') return `resolved on every path${by}`;
  const where = view.status.path.length > 0 ? `on path ${formatPath(view.status.path)}` : 'on every path';
  const note = arc.scale === 'micro' ? ' (a micro arc need not be resolved)' : '';
  return view.resolvers.length === 0 ? `never resolved${note}` : `not resolved ${where}${note}; resolved${by}`;
}

function arcMarkdown(snapshot: ProjectSnapshot, arc: ArcSymbol): string {
  const view = snapshot.structure.scales.view(arc);
  const title = arc.decl.title ? ` ${quote(arc.decl.title.value)}` : '';
  const lines = [`**arc** ${code(arc.name)}${title} · ${arc.scale}${arc.parent ? ` · inside ${code(arc.parent.name)}` : ''}`];
  const times = arc.beats.map((b) => b.time).filter((t) => !Number.isNaN(t));
  const extent = times.length > 0 ? `@${formatNumber(Math.min(...times))}..@${formatNumber(Math.max(...times))}` : 'no timed beats';
  const span = view.span?.from && view.span.to ? `span @${formatNumber(view.span.from.value)}..@${formatNumber(view.span.to.value)} (beats ${extent})` : `no \`span\` (beats ${extent})`;
  lines.push([
    `- ${span}`,
    `- ${view.beatCount} beat${view.beatCount === 1 ? '' : 's'} (${view.ownBeatCount} directly inside)`,
    `- resolution: ${arcStatusLine(snapshot, arc)}`,
  ].join('\n'));
  return lines.join('\n\n');
}

interface TimelineEntry {
  readonly beat: BeatSymbol;
  readonly what: string;
}

function characterMarkdown(snapshot: ProjectSnapshot, character: CharacterSymbol): string {
  const title = character.decl.title ? ` ${quote(character.decl.title.value)}` : '';
  const lines = [`**character** ${code(character.name)}${title}`];
  if (character.stages.length > 0) lines[0] += ` · stages ${character.stages.join(' → ')}`;
  const timeline: TimelineEntry[] = [];
  let involved = 0;
  for (const beat of snapshot.structure.paths.byTime) {
    if (beat.decl.kind !== 'event') continue;
    let counted = false;
    for (const item of beat.decl.items) {
      switch (item.kind) {
        case 'with':
          if (item.names.some((n) => n.text === character.name)) counted = true;
          break;
        case 'enters': case 'exits': case 'kills':
          if (item.names.some((n) => n.text === character.name)) {
            timeline.push({ beat, what: item.kind === 'kills' ? 'killed' : item.kind === 'enters' ? 'enters' : 'exits' });
            counted = true;
          }
          break;
        case 'stage': case 'regress':
          if (item.character?.text === character.name) {
            timeline.push({ beat, what: `${item.kind === 'stage' ? 'stage' : 'regresses to'} ${item.stage ? code(item.stage.text) : '?'}` });
            counted = true;
          }
          break;
        default:
          break;
      }
    }
    if (counted) involved++;
  }
  lines.push(`Involved in ${involved} beat${involved === 1 ? '' : 's'}.`);
  if (timeline.length > 0) {
    const shown = timeline.slice(0, TIMELINE_LIMIT).map((e) => `- ${formatTimeOf(e.beat)} ${code(e.beat.name)}: ${e.what}${onlyWhen(e.beat)}`);
    if (timeline.length > TIMELINE_LIMIT) shown.push(`- … and ${timeline.length - TIMELINE_LIMIT} more`);
    lines.push(['**Timeline**', ...shown].join('\n'));
  }
  return lines.join('\n\n');
}

function stageMarkdown(character: CharacterSymbol, stage: string): string {
  const position = character.stages.indexOf(stage);
  if (position < 0) return `${code(stage)} is not a stage of ${code(character.name)}`;
  const chain = character.stages.map((s) => (s === stage ? `**${s}**` : s)).join(' → ');
  return `**stage** ${code(stage)} of ${code(character.name)} (${position + 1} of ${character.stages.length}: ${chain})`;
}

function placeMarkdown(snapshot: ProjectSnapshot, place: PlaceSymbol): string {
  const title = place.decl.title ? ` ${quote(place.decl.title.value)}` : '';
  const uses = snapshot.project.references.filter((r) => r.target === place && r.role === 'place').length;
  return `**place** ${code(place.name)}${title} · ${uses} beat${uses === 1 ? '' : 's'} take${uses === 1 ? 's' : ''} place here`;
}

function goalMarkdown(snapshot: ProjectSnapshot, goal: GoalSymbol): string {
  const description = goal.decl.description ? ` ${quote(goal.decl.description.value)}` : '';
  const beats = snapshot.project.references.filter((r) => r.target === goal && r.role === 'goal');
  return `**goal** ${code(goal.name)}${description} · named by ${beats.length} item${beats.length === 1 ? '' : 's'} (\`addresses\`, \`goals\`)`;
}

/** The `arc.showImpact` command: the impact markdown of the beat at a position. */
export async function showImpact(context: FeatureContext, uri: string, position: Position): Promise<string | null> {
  const text = documentText(context, uri);
  if (text === undefined) return null;
  const snapshot = await snapshotFor(context, uri, 'linked');
  if (!snapshot) return null;
  const entry = snapshot.at(uri, offsetAt(context, uri, text, position));
  const symbol = entry?.kind === 'declaration' ? entry.symbol : entry?.kind === 'reference' ? entry.reference.target : undefined;
  if (!symbol) return null;
  if (symbol.kind === 'event' || symbol.kind === 'choice') return beatMarkdown(context, snapshot, symbol);
  if (symbol.kind === 'option') return beatMarkdown(context, snapshot, symbol.choice);
  return null;
}

