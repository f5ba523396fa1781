/**
 * Semantic tokens (full document), from the file's syntax tree and tokens
 * alone: every name is classified by the position it stands in (keywords are
 * contextual, so `place warning` colours `warning` as a place, not a keyword).
 */
import type { ArcFile, BeatItem, Declaration, Name, OptionChild, Span } from '@nao/grammar';
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node';
import { documentText, type FeatureContext } from './context.js';

export const TOKEN_TYPES = [
  'namespace', // arcs
  'function', // events (and beat references)
  'enum', // choices
  'enumMember', // options
  'class', // characters
  'type', // places
  'variable', // goals
  'property', // stages
  'decorator', // free words: themes, tags, traits, setup/payoff, avoid
  'macro', // rule codes
  'keyword',
  'string',
  'number',
  'comment',
  'operator',
] as const;
export type TokenTypeName = (typeof TOKEN_TYPES)[number];
export const TOKEN_MODIFIERS = ['declaration'] as const;

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_INDEX = new Map<TokenTypeName, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const DECLARATION = 1;

interface Classified {
  readonly type: TokenTypeName;
  readonly declaration: boolean;
}

/** Classifies every name of the syntax tree by where it stands; keyed by start offset. */
export function classifyNames(file: ArcFile): Map<number, Classified> {
  const names = new Map<number, Classified>();
  const put = (name: Name | undefined, type: TokenTypeName, declaration = false): void => {
    if (name) names.set(name.span.start, { type, declaration });
  };
  const putAll = (list: readonly Name[], type: TokenTypeName): void => {
    for (const n of list) put(n, type);
  };
  const beatItem = (item: BeatItem): void => {
    switch (item.kind) {
      case 'at': put(item.place, 'type'); break;
      case 'with': case 'kills': case 'exits': case 'enters': putAll(item.names, 'class'); break;
      case 'causes': case 'prevents': putAll(item.names, 'function'); break;
      case 'requires': putAll(item.alternatives, 'function'); break;
      case 'resolves': putAll(item.names, 'namespace'); break;
      case 'addresses': putAll(item.names, 'variable'); break;
      case 'tags': case 'themes': case 'setup': case 'payoff': putAll(item.names, 'decorator'); break;
      case 'stage': case 'regress': put(item.character, 'class'); put(item.stage, 'property'); break;
      case 'allow': putAll(item.codes, 'macro'); break;
      default: break;
    }
  };
  const declaration = (decl: Declaration | OptionChild): void => {
    switch (decl.kind) {
      case 'character':
        put(decl.name, 'class', true);
        for (const item of decl.items) {
          if (item.kind === 'traits') putAll(item.names, 'decorator');
          else for (const n of item.names) put(n, 'property', true);
        }
        break;
      case 'place': put(decl.name, 'type', true); break;
      case 'arc':
        put(decl.name, 'namespace', true);
        for (const item of decl.items) {
          switch (item.kind) {
            case 'themes': putAll(item.names, 'decorator'); break;
            case 'goals': putAll(item.names, 'variable'); break;
            case 'allow': putAll(item.codes, 'macro'); break;
            case 'span': break;
            default: declaration(item);
          }
        }
        break;
      case 'event':
        put(decl.name, 'function', true);
        for (const item of decl.items) beatItem(item);
        break;
      case 'choice':
        put(decl.name, 'enum', true);
        for (const option of decl.options) {
          put(option.name, 'enumMember', true);
          for (const child of option.children) declaration(child);
        }
        break;
    }
  };
  for (const story of file.stories) {
    for (const item of story.items) {
      switch (item.kind) {
        case 'themes': case 'avoid': putAll(item.names, 'decorator'); break;
        case 'goal': put(item.name, 'variable', true); break;
        case 'rules': for (const entry of item.entries) put(entry.code, 'macro'); break;
        default: break;
      }
    }
  }
  for (const decl of file.declarations) declaration(decl);
  return names;
}

interface RawToken {
  readonly start: number;
  readonly length: number;
  readonly type: number;
  readonly modifiers: number;
}

export function semanticTokens(context: FeatureContext, uri: string): SemanticTokens {
  const text = documentText(context, uri);
  if (text === undefined) return { data: [] };
  const parsed = context.workspace.parses.parse(uri, text);
  const lexed = context.workspace.texts.tokens(uri, text);
  const names = classifyNames(parsed.file);
  const raw: RawToken[] = [];
  const push = (span: Span, type: TokenTypeName, modifiers = 0): void => {
    raw.push({ start: span.start, length: span.end - span.start, type: TYPE_INDEX.get(type)!, modifiers });
  };
  for (const t of lexed.tokens) {
    const span = { start: t.startOffset, end: t.startOffset + t.image.length };
    const named = names.get(t.startOffset);
    if (named) {
      push(span, named.type, named.declaration ? DECLARATION : 0);
      continue;
    }
    const kind = t.tokenType.name;
    if (kind.startsWith('Kw_')) push(span, 'keyword');
    else if (kind === 'StringLiteral' || kind === 'Prose') push(span, 'string');
    else if (kind === 'Number' || kind === 'Time') push(span, 'number');
    else if (kind === 'Arrow' || kind === 'DotDot') push(span, 'operator');
    else if (kind === 'Code') push(span, 'macro');
  }
  for (const c of lexed.groups['comments'] ?? []) push({ start: c.startOffset, end: c.startOffset + c.image.length }, 'comment');
  raw.sort((a, b) => a.start - b.start);

  const index = context.workspace.texts.lineIndex(uri, text);
  const builder = new SemanticTokensBuilder();
  for (const token of raw) {
    // Tokens may not span lines (clients need not support it): split at line breaks.
    let start = token.start;
    const end = token.start + token.length;
    while (start < end) {
      const position = index.positionAt(start);
      const lineEnd = index.offsetAt({ line: position.line, character: Number.MAX_SAFE_INTEGER });
      const pieceEnd = Math.min(end, lineEnd);
      if (pieceEnd > start) builder.push(position.line, position.character, pieceEnd - start, token.type, token.modifiers);
      const next = index.offsetAt({ line: position.line + 1, character: 0 });
      if (next <= start) break;
      start = next;
    }
  }
  return builder.build();
}
