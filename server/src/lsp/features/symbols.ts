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

/**
 * What a writer reads next to a name: "meso arc", "event @2", "choice @4",
 * "option of keep_watch", "character", "stage of mara", "place", "goal" (the
 * document symbol's detail adds the title). Also the flat list's and the
 * workspace symbols' `containerName`, the only room those have.
 */
const kindDetails = new WeakMap<DocumentSymbol, string>();

function symbol(index: LineIndex, name: string, kindDetail: string, title: string | undefined, kind: SymbolKind, span: Span, nameSpan: Span, children?: DocumentSymbol[]): DocumentSymbol {
  const result: DocumentSymbol = { name: name || '?', detail: join(kindDetail, title), kind, range: range(index, span), selectionRange: range(index, nameSpan) };
  if (children && children.length > 0) result.children = children;
  kindDetails.set(result, kindDetail);
  return result;
}

function time(value: number | undefined): string {
  return value === undefined ? '' : `@${formatNumber(value)}`;
}

function join(...parts: Array<string | undefined>): string {
  return parts.filter((p) => p).join(' · ');
}

function arcDetail(scale: string | undefined): string {
  return scale ? `${scale} arc` : 'arc';
}

function beatDetail(kind: 'event' | 'choice', value: number | undefined): string {
  return value === undefined ? kind : `${kind} ${time(value)}`;
}

function declarationSymbol(index: LineIndex, decl: Declaration | OptionChild): DocumentSymbol {
  switch (decl.kind) {
    case 'character': {
      const stages = decl.items.flatMap((i) => (i.kind === 'stages' ? i.names : []));
      const children = stages.map((s) => symbol(index, s.text, `stage of ${decl.name.text}`, undefined, SymbolKind.EnumMember, s.span, s.span));
      return symbol(index, decl.name.text, 'character', decl.title?.value, SymbolKind.Class, decl.span, decl.name.span, children);
    }
    case 'place':
      return symbol(index, decl.name.text, 'place', decl.title?.value, SymbolKind.Struct, decl.span, decl.name.span);
    case 'arc': {
      const children = decl.items
        .filter((i): i is Extract<ArcItem, { kind: 'arc' | 'event' | 'choice' }> => i.kind === 'arc' || i.kind === 'event' || i.kind === 'choice')
        .map((child) => declarationSymbol(index, child));
      return symbol(index, decl.name.text, arcDetail(decl.scale), decl.title?.value, SymbolKind.Namespace, decl.span, decl.name.span, children);
    }
    case 'event':
      return symbol(index, decl.name.text, beatDetail('event', decl.time?.value), decl.title?.value, SymbolKind.Event, decl.span, decl.name.span);
    case 'choice': {
      const options = decl.options.map((option) =>
        symbol(index, option.name.text, `option of ${decl.name.text}`, option.title?.value, SymbolKind.EnumMember, option.span, option.name.span,
          option.children.map((child) => declarationSymbol(index, child))));
      return symbol(index, decl.name.text, beatDetail('choice', decl.time?.value), decl.title?.value, SymbolKind.Enum, decl.span, decl.name.span, options);
    }
  }
}

/** "event @2 in storm"; an option's or a stage's detail already names its container. */
function containerDetail(kindDetail: string, container: string | undefined): string {
  if (!container || kindDetail.endsWith(` of ${container}`)) return kindDetail;
  return `${kindDetail} in ${container}`;
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
      const goals = top.items.flatMap((i) => (i.kind === 'goal' ? [symbol(index, i.name.text, 'goal', i.description?.value, SymbolKind.Property, i.span, i.name.span)] : []));
      const nameSpan = top.title?.span ?? top.keywordSpan;
      result.push(symbol(index, top.title?.value ?? 'story', 'story', undefined, SymbolKind.Module, top.span, nameSpan, goals));
      continue;
    }
    result.push(declarationSymbol(index, top));
  }
  if (context.client.hierarchicalSymbols) return result;
  // Flat list for clients without hierarchical symbols: the detail goes in `containerName`.
  const flat: SymbolInformation[] = [];
  const walk = (symbols: readonly DocumentSymbol[], container?: string): void => {
    for (const s of symbols) {
      const detail = containerDetail(kindDetails.get(s) ?? '', container);
      flat.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(detail ? { containerName: detail } : {}) });
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
  /** "event @2 in storm" (see `containerDetail`). */
  readonly detail: string;
}

const declaredCache = new WeakMap<ParseResult, Declared[]>();

function declaredIn(parsed: ParseResult): Declared[] {
  const cached = declaredCache.get(parsed);
  if (cached) return cached;
  const list: Declared[] = [];
  const visit = (decl: Declaration | OptionChild, container?: string): void => {
    switch (decl.kind) {
      case 'character': list.push({ name: decl.name.text, kind: SymbolKind.Class, span: decl.name.span, detail: 'character' }); break;
      case 'place': list.push({ name: decl.name.text, kind: SymbolKind.Struct, span: decl.name.span, detail: 'place' }); break;
      case 'event':
        list.push({ name: decl.name.text, kind: SymbolKind.Event, span: decl.name.span, detail: containerDetail(beatDetail('event', decl.time?.value), container) });
        break;
      case 'choice':
        list.push({ name: decl.name.text, kind: SymbolKind.Enum, span: decl.name.span, detail: containerDetail(beatDetail('choice', decl.time?.value), container) });
        for (const option of decl.options) {
          list.push({ name: `${decl.name.text}.${option.name.text}`, kind: SymbolKind.EnumMember, span: option.name.span, detail: `option of ${decl.name.text}` });
          for (const child of option.children) visit(child, decl.name.text);
        }
        break;
      case 'arc':
        list.push({ name: decl.name.text, kind: SymbolKind.Namespace, span: decl.name.span, detail: containerDetail(arcDetail(decl.scale), container) });
        for (const item of decl.items) {
          if (item.kind === 'arc' || item.kind === 'event' || item.kind === 'choice') visit(item, decl.name.text);
        }
        break;
    }
  };
  const file: ArcFile = parsed.file;
  for (const story of file.stories) {
    for (const item of story.items) if (item.kind === 'goal') list.push({ name: item.name.text, kind: SymbolKind.Property, span: item.name.span, detail: 'goal' });
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
      result.push({ name: d.name, kind: d.kind, location: { uri, range: range(index, d.span) }, containerName: d.detail });
      if (result.length >= WORKSPACE_SYMBOL_LIMIT) return result;
    }
  }
  return result;
}
