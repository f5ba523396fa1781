/**
 * Document symbols (the outline: story, characters, places, arcs, then beats,
 * then options) and workspace symbols (every declaration of every known file).
 * Both read one file's syntax tree only.
 */
import type { ArcFile, ArcItem, Declaration, LineIndex, OptionChild, ParseResult, Span } from '@nao/grammar';
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import { documentText, formatNumber, type FeatureContext } from './context.js';

function range(index: LineIndex, span: Span) {
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

function symbol(index: LineIndex, name: string, detail: string, kind: SymbolKind, span: Span, nameSpan: Span, children?: DocumentSymbol[]): DocumentSymbol {
  const result: DocumentSymbol = { name: name || '?', detail, kind, range: range(index, span), selectionRange: range(index, nameSpan) };
  if (children && children.length > 0) result.children = children;
  return result;
}

function time(value: number | undefined): string {
  return value === undefined ? '' : `@${formatNumber(value)}`;
}

function join(...parts: Array<string | undefined>): string {
  return parts.filter((p) => p).join(' · ');
}

function declarationSymbol(index: LineIndex, decl: Declaration | OptionChild): DocumentSymbol {
  switch (decl.kind) {
    case 'character': {
      const stages = decl.items.flatMap((i) => (i.kind === 'stages' ? i.names : []));
      const children = stages.map((s) => symbol(index, s.text, 'stage', SymbolKind.EnumMember, s.span, s.span));
      return symbol(index, decl.name.text, join('character', decl.title?.value), SymbolKind.Class, decl.span, decl.name.span, children);
    }
    case 'place':
      return symbol(index, decl.name.text, join('place', decl.title?.value), SymbolKind.Struct, decl.span, decl.name.span);
    case 'arc': {
      const children = decl.items
        .filter((i): i is Extract<ArcItem, { kind: 'arc' | 'event' | 'choice' }> => i.kind === 'arc' || i.kind === 'event' || i.kind === 'choice')
        .map((child) => declarationSymbol(index, child));
      return symbol(index, decl.name.text, join(decl.scale ?? '', decl.title?.value), SymbolKind.Namespace, decl.span, decl.name.span, children);
    }
    case 'event':
      return symbol(index, decl.name.text, join(time(decl.time?.value), decl.title?.value), SymbolKind.Event, decl.span, decl.name.span);
    case 'choice': {
      const options = decl.options.map((option) =>
        symbol(index, option.name.text, join('option', option.title?.value), SymbolKind.EnumMember, option.span, option.name.span,
          option.children.map((child) => declarationSymbol(index, child))));
      return symbol(index, decl.name.text, join('choice', time(decl.time?.value), decl.title?.value), SymbolKind.Enum, decl.span, decl.name.span, options);
    }
  }
}

export function documentSymbols(context: FeatureContext, uri: string): DocumentSymbol[] | SymbolInformation[] {
  const text = documentText(context, uri);
  if (text === undefined) return [];
  const parsed = context.workspace.parses.parse(uri, text);
  const index = context.workspace.texts.lineIndex(uri, text);
  const result: DocumentSymbol[] = [];
  for (const top of parsed.file.children) {
    if (top.kind === 'include') continue;
    if (top.kind === 'story') {
      const goals = top.items.flatMap((i) => (i.kind === 'goal' ? [symbol(index, i.name.text, join('goal', i.description?.value), SymbolKind.Property, i.span, i.name.span)] : []));
      const nameSpan = top.title?.span ?? top.keywordSpan;
      result.push(symbol(index, top.title?.value ?? 'story', 'story', SymbolKind.Module, top.span, nameSpan, goals));
      continue;
    }
    result.push(declarationSymbol(index, top));
  }
  if (context.client.hierarchicalSymbols) return result;
  // Flat list for clients without hierarchical symbols.
  const flat: SymbolInformation[] = [];
  const walk = (symbols: readonly DocumentSymbol[], container?: string): void => {
    for (const s of symbols) {
      flat.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(container ? { containerName: container } : {}) });
      if (s.children) walk(s.children, s.name);
    }
  };
  walk(result);
  return flat;
}

// ---------------------------------------------------------------------------
// Workspace symbols

interface Declared {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly span: Span;
  readonly container?: string;
}

const declaredCache = new WeakMap<ParseResult, Declared[]>();

function declaredIn(parsed: ParseResult): Declared[] {
  const cached = declaredCache.get(parsed);
  if (cached) return cached;
  const list: Declared[] = [];
  const visit = (decl: Declaration | OptionChild, container?: string): void => {
    switch (decl.kind) {
      case 'character': list.push({ name: decl.name.text, kind: SymbolKind.Class, span: decl.name.span }); break;
      case 'place': list.push({ name: decl.name.text, kind: SymbolKind.Struct, span: decl.name.span }); break;
      case 'event': list.push({ name: decl.name.text, kind: SymbolKind.Event, span: decl.name.span, ...(container ? { container } : {}) }); break;
      case 'choice':
        list.push({ name: decl.name.text, kind: SymbolKind.Enum, span: decl.name.span, ...(container ? { container } : {}) });
        for (const option of decl.options) {
          list.push({ name: `${decl.name.text}.${option.name.text}`, kind: SymbolKind.EnumMember, span: option.name.span, container: decl.name.text });
          for (const child of option.children) visit(child, decl.name.text);
        }
        break;
      case 'arc':
        list.push({ name: decl.name.text, kind: SymbolKind.Namespace, span: decl.name.span, ...(container ? { container } : {}) });
        for (const item of decl.items) {
          if (item.kind === 'arc' || item.kind === 'event' || item.kind === 'choice') visit(item, decl.name.text);
        }
        break;
    }
  };
  const file: ArcFile = parsed.file;
  for (const story of file.stories) {
    for (const item of story.items) if (item.kind === 'goal') list.push({ name: item.name.text, kind: SymbolKind.Property, span: item.name.span });
  }
  for (const decl of file.declarations) visit(decl);
  declaredCache.set(parsed, list);
  return list;
}

/** Case-insensitive subsequence match ("lmpf" finds "lamp_fails"). */
export function fuzzyMatches(query: string, name: string): boolean {
  if (query === '') return true;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
  return i === q.length;
}

export const WORKSPACE_SYMBOL_LIMIT = 1000;

export function workspaceSymbols(context: FeatureContext, query: string): SymbolInformation[] {
  const result: SymbolInformation[] = [];
  const files = new Set([...context.workspace.includes.files(), ...context.workspace.store.openUris()]);
  for (const uri of [...files].sort()) {
    if (context.token.isCancellationRequested) break;
    const text = context.workspace.text(uri);
    if (text === undefined) continue;
    const matches = declaredIn(context.workspace.parses.parse(uri, text)).filter((d) => fuzzyMatches(query, d.name));
    if (matches.length === 0) continue;
    const index = context.workspace.texts.lineIndex(uri, text);
    for (const d of matches) {
      result.push({ name: d.name, kind: d.kind, location: { uri, range: range(index, d.span) }, ...(d.container ? { containerName: d.container } : {}) });
      if (result.length >= WORKSPACE_SYMBOL_LIMIT) return result;
    }
  }
  return result;
}
