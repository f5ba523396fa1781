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
  code, documentText, formatNumber, formatTimeOf, markdownMessage, markdownText, offsetAt, onlyWhen, optionChain, quote, snapshotFor, type FeatureContext,
} from './context.js';
import { displayNameOf } from '../uris.js';
import { conflictsOf, resolutionsFor } from './repairs.js';

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

/**
 * What a diagnostic's hover adds to the diagnostic VS Code (or any client)
 * already shows above it: its verified repairs and the beats it relates to,
 * never its message again.
 */
function conflictsMarkdown(context: FeatureContext, snapshot: ProjectSnapshot, conflicts: readonly Diagnostic[]): string {
  const parts: string[] = [];
  for (const conflict of conflicts.slice(0, 4)) {
    const lines: string[] = [];
    const resolutions = resolutionsFor(context, snapshot, conflict);
    if (resolutions.length === 0) {
      lines.push(`**${conflict.code}** · no verified repair`);
    } else {
      lines.push([`**${conflict.code}** · Repairs:`, ...resolutions.slice(0, 5).map((r) => `- ${markdownMessage(r.title)}${r.preferred ? ' (preferred)' : ''}`)].join('\n'));
    }
    const related = relatedBeats(context, snapshot, conflict);
    if (related.length > 0) lines.push(`Related: ${related.join(', ')}`);
    parts.push(lines.join('\n\n'));
  }
  return parts.join('\n\n');
}

/** "`ship_in_danger` @3 (parts/storm.arc:4)" for each related location (the innermost beat holding it). */
function relatedBeats(context: FeatureContext, snapshot: ProjectSnapshot, conflict: Diagnostic): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const related of conflict.related) {
    let beat: BeatSymbol | undefined;
    for (const candidate of snapshot.project.beats) {
      if (candidate.file !== related.file) continue;
      const span = candidate.decl.span;
      if (span.start > related.span.start || related.span.start > span.end) continue;
      if (!beat || span.end - span.start < beat.decl.span.end - beat.decl.span.start) beat = candidate;
    }
    const line = (snapshot.lineIndex(related.file)?.positionAt(related.span.start).line ?? 0) + 1;
    const where = `${markdownText(displayNameOf(context.workspace.folders, related.file))}:${line}`;
    const text = beat ? `${code(beat.name)} ${formatTimeOf(beat)} (${where})` : `(${where})`;
    if (seen.has(text)) continue;
    seen.add(text);
    result.push(text);
  }
  return result;
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

export function arcMarkdown(snapshot: ProjectSnapshot, arc: ArcSymbol): string {
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

/**
 * A character's hover: every beat that involves them (`with`, `enters`,
 * `exits`, `kills`, `stage`, `regress`), in time order, each with where it
 * happens (`at`) and the branch it is on.
 */
function characterMarkdown(snapshot: ProjectSnapshot, character: CharacterSymbol): string {
  const title = character.decl.title ? ` ${quote(character.decl.title.value)}` : '';
  const lines = [`**character** ${code(character.name)}${title}`];
  if (character.stages.length > 0) lines[0] += ` · stages ${character.stages.join(' → ')}`;
  const timeline: string[] = [];
  for (const beat of snapshot.structure.paths.byTime) {
    if (beat.decl.kind !== 'event') continue;
    const what: string[] = [];
    const places: string[] = [];
    for (const item of beat.decl.items) {
      switch (item.kind) {
        case 'with':
          if (item.names.some((n) => n.text === character.name)) {
            const others = item.names.map((n) => n.text).filter((n) => n !== character.name);
            what.push(others.length > 0 ? `with ${others.map(code).join(', ')}` : 'present');
          }
          break;
        case 'enters': case 'exits': case 'kills':
          if (item.names.some((n) => n.text === character.name)) {
            what.push(item.kind === 'kills' ? 'killed' : item.kind);
          }
          break;
        case 'stage': case 'regress':
          if (item.character?.text === character.name) {
            what.push(`${item.kind === 'stage' ? 'stage' : 'regresses to'} ${item.stage ? code(item.stage.text) : '?'}`);
          }
          break;
        case 'at':
          if (item.place) places.push(item.place.text);
          break;
        default:
          break;
      }
    }
    if (what.length === 0) continue;
    const at = places.length > 0 ? ` at ${places.map(code).join(', ')}` : '';
    timeline.push(`- ${formatTimeOf(beat)} ${code(beat.name)}${at}: ${what.join(' · ')}${onlyWhen(beat)}`);
  }
  lines.push(`Involved in ${timeline.length} beat${timeline.length === 1 ? '' : 's'}.`);
  if (timeline.length > 0) {
    const shown = timeline.slice(0, TIMELINE_LIMIT);
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
