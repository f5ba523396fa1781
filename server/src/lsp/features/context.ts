/**
 * What every feature handler gets: the workspace model, the analysis service
 * (whose snapshots every feature answers from), the logger and the request's
 * cancellation token.
 */
import type { Span } from '@nao/grammar';
import type { Position, Range } from 'vscode-languageserver/node';
import { throwIfCancelled, type BeatSymbol, type CancellationToken, type OptionSymbol } from '@narrative-arc/orchestrator';
import type { AnalysisService } from '../analysis-service.js';
import type { Logger } from '../logger.js';
import type { ArcSettings } from '../settings.js';
import type { ProjectSnapshot, SnapshotPhase } from '../snapshot.js';
import type { ArcWorkspace } from '../workspace.js';

export interface FeatureContext {
  readonly workspace: ArcWorkspace;
  readonly analysis: AnalysisService;
  readonly logger: Logger;
  readonly settings: ArcSettings;
  readonly token: CancellationToken;
  /** What the client supports. */
  readonly client: ClientSupport;
}

export interface ClientSupport {
  readonly snippets: boolean;
  readonly markdown: boolean;
  readonly hierarchicalSymbols: boolean;
  readonly codeActionResolve: boolean;
  readonly workDoneProgress: boolean;
  readonly configuration: boolean;
  readonly watchedFilesRegistration: boolean;
  readonly configurationRegistration: boolean;
}

export function checkCancelled(context: FeatureContext): void {
  throwIfCancelled(context.token);
}

/**
 * The snapshot of the project holding `uri`, current for its text, in at
 * least `phase` ('linked' for navigation, hover, lenses and impact;
 * 'analysed' for anything that reads conflicts). Waits for the analysis
 * that makes it; undefined for a document the server does not know.
 */
export function snapshotFor(context: FeatureContext, uri: string, phase: SnapshotPhase): Promise<ProjectSnapshot | undefined> {
  return context.analysis.snapshotFor(uri, phase, context.token);
}

/**
 * The current text of a document the server knows (open, or a story file of
 * the workspace), or undefined: a request about any other URI never reads
 * from disk.
 */
export function documentText(context: FeatureContext, uri: string): string | undefined {
  return context.workspace.isKnown(uri) ? context.workspace.text(uri) : undefined;
}

/** Offset of an LSP position in `text` (clamped). */
export function offsetAt(context: FeatureContext, uri: string, text: string, position: Position): number {
  if (!isPosition(position)) throw new TypeError('not a position');
  return context.workspace.texts.lineIndex(uri, text).offsetAt(position);
}

export function rangeIn(context: FeatureContext, uri: string, text: string, span: Span): Range {
  const index = context.workspace.texts.lineIndex(uri, text);
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

export function snapshotRange(snapshot: ProjectSnapshot, file: string, span: Span): Range | undefined {
  const index = snapshot.lineIndex(file);
  return index ? { start: index.positionAt(span.start), end: index.positionAt(span.end) } : undefined;
}

export function isPosition(value: unknown): value is Position {
  if (!value || typeof value !== 'object') return false;
  const p = value as { line?: unknown; character?: unknown };
  return typeof p.line === 'number' && typeof p.character === 'number' && Number.isFinite(p.line) && Number.isFinite(p.character);
}

/** "keep_watch → search, ferry → wait": the options that must be taken for `option` to be on the path. */
export function optionChain(option: OptionSymbol | undefined): string {
  const steps: string[] = [];
  for (let o = option; o; o = o.parent) steps.push(`${o.choice.name} → ${o.name}`);
  return steps.reverse().join(', ');
}

/** " (only when keep_watch → search)" for a beat inside an option, else "". */
export function onlyWhen(beat: BeatSymbol): string {
  return beat.option ? ` (only when ${optionChain(beat.option)})` : '';
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

export function formatTimeOf(beat: BeatSymbol): string {
  return Number.isNaN(beat.time) ? 'no time' : `@${formatNumber(beat.time)}`;
}

/** A name as inline code (names are identifiers; a backtick could never close the span early). */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}

/**
 * Story text (titles, descriptions, warnings, prose) as markdown that shows
 * exactly that text: every character markdown or HTML could read is
 * backslash-escaped, so no link, image, tag or emphasis can come of it.
 */
export function markdownText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>&~"'$%,/:;=?@^]/g, (c) => `\\${c}`);
}

/**
 * A message or repair title, which marks names as `code`: the code spans
 * stay code, and everything around them is escaped as story text (a syntax
 * error can quote what was written, titles can hold strings).
 */
export function markdownMessage(message: string): string {
  const parts = message.split('`');
  // An unmatched backtick: treat the whole message as text.
  if (parts.length % 2 === 0) return markdownText(message);
  return parts.map((part, i) => (i % 2 === 1 ? code(part) : markdownText(part))).join('');
}

export function quote(text: string): string {
  return `“${markdownText(text)}”`;
}
