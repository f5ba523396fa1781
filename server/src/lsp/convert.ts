/**
 * Between the orchestrator's plain data (file ids, character offsets) and
 * LSP's (URIs, line/character positions in UTF-16 code units).
 */
import type { LineIndex, Span } from '@nao/grammar';
import {
  DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation, type Range,
} from 'vscode-languageserver/node';
import type { Diagnostic, PathStep, Severity } from '@narrative-arc/orchestrator';

export function toRange(index: LineIndex, span: Span): Range {
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

export const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What `Diagnostic.data` holds for an Arc diagnostic. */
export interface DiagnosticData {
  /** The conflict's id: code actions, hover and fix-all look the conflict up by it. */
  readonly id: string;
  readonly code: string;
  /** The witness path (empty: every path), for path-sensitive conflicts. */
  readonly path?: readonly PathStep[];
  /** The primary range as offsets in the file's text when it was analysed. */
  readonly span: Span;
}

export function toLspDiagnostic(diagnostic: Diagnostic, lineIndexOf: (file: string) => LineIndex | undefined): LspDiagnostic | undefined {
  const index = lineIndexOf(diagnostic.file);
  if (!index) return undefined;
  const relatedInformation: DiagnosticRelatedInformation[] = [];
  for (const related of diagnostic.related) {
    const relatedIndex = lineIndexOf(related.file);
    if (!relatedIndex) continue;
    relatedInformation.push({ location: { uri: related.file, range: toRange(relatedIndex, related.span) }, message: related.message });
  }
  const data: DiagnosticData = {
    id: diagnostic.id,
    code: diagnostic.code,
    span: diagnostic.span,
    ...(diagnostic.path ? { path: diagnostic.path } : {}),
  };
  const result: LspDiagnostic = {
    range: toRange(index, diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: 'arc',
    message: diagnostic.message,
    data,
  };
  if (relatedInformation.length > 0) result.relatedInformation = relatedInformation;
  if (diagnostic.code === 'U601') result.tags = [DiagnosticTag.Unnecessary];
  return result;
}

/** The conflict id an LSP diagnostic carries in its `data`, if any. */
export function diagnosticId(diagnostic: LspDiagnostic): string | undefined {
  const data = diagnostic.data as { id?: unknown } | undefined;
  return data && typeof data === 'object' && typeof data.id === 'string' ? data.id : undefined;
}
