/**
 * Completion by context, read from the tokens before the cursor:
 *
 * - keywords valid at an item position of the enclosing block;
 * - characters after `with` `kills` `exits` `enters` `stage` `regress`,
 *   places after `at`, beats after `causes` `requires` `prevents` `or`, arcs
 *   after `resolves`, goals after `addresses` `goals`, rule codes after
 *   `allow` and in `rules { }` (then levels), stages after `stage mara `,
 *   scales after `arc name `, limit keys in `limits { }`, known themes after
 *   `themes`, and known words after `tags` `setup` `payoff` `traits` `avoid`;
 * - also after a comma in a list (names already in the list are left out).
 */
import { RULE_LEVELS, LIMIT_KEYS, SCALES } from '@nao/grammar';
import {
  CompletionItemKind, type CompletionItem, type CompletionList, type Position, type Range,
} from 'vscode-languageserver/node';
import { CODES, type BeatSymbol, type Project } from '@narrative-arc/orchestrator';
import type { Tokens } from '../files.js';
import { documentText, formatTimeOf, offsetAt, rangeIn, type FeatureContext } from './context.js';

type Token = Tokens['tokens'][number];

const BLOCK_KEYWORDS: Readonly<Record<BlockKind, readonly string[]>> = {
  top: ['include', 'story', 'character', 'place', 'arc', 'event', 'choice'],
  story: ['themes', 'goal', 'limits', 'avoid', 'rules'],
  arc: ['themes', 'goals', 'span', 'allow', 'arc', 'event', 'choice'],
  event: ['at', 'with', 'intensity', 'tags', 'themes', 'causes', 'requires', 'prevents', 'kills', 'exits', 'enters',
    'stage', 'regress', 'addresses', 'setup', 'payoff', 'resolves', 'warning', 'allow'],
  choice: ['option'],
  option: ['arc', 'event', 'choice'],
  character: ['traits', 'stages'],
  limits: [...LIMIT_KEYS],
  rules: [],
};
type BlockKind = 'top' | 'story' | 'arc' | 'event' | 'choice' | 'option' | 'character' | 'limits' | 'rules';
const BLOCK_OWNERS = new Set<string>(['story', 'arc', 'event', 'choice', 'option', 'character', 'limits', 'rules']);

/** Keywords followed by a name (so a keyword right after them is a name). */
const NAME_TAKERS = new Set<string>([
  'with', 'kills', 'exits', 'enters', 'stage', 'regress', 'at', 'causes', 'requires', 'or', 'prevents', 'resolves',
  'addresses', 'goals', 'themes', 'tags', 'setup', 'payoff', 'avoid', 'traits', 'stages', 'allow', 'goal',
  'character', 'place', 'arc', 'event', 'choice', 'option',
]);

export type NameKind = 'character' | 'place' | 'beat' | 'arc' | 'goal' | 'code' | 'level' | 'scale' | 'stage'
  | 'theme' | 'tag' | 'setup' | 'payoff' | 'trait';

/** What may be written at the cursor. */
export type CompletionContext =
  | { readonly kind: 'none' }
  | { readonly kind: 'keywords'; readonly words: readonly string[] }
  | { readonly kind: 'names'; readonly names: NameKind; readonly exclude: readonly string[]; readonly character?: string };

const LIST_ROLES: Readonly<Record<string, NameKind>> = {
  with: 'character', kills: 'character', exits: 'character', enters: 'character', stage: 'character', regress: 'character',
  at: 'place', causes: 'beat', prevents: 'beat', requires: 'beat', or: 'beat', resolves: 'arc',
  addresses: 'goal', goals: 'goal', allow: 'code', themes: 'theme', tags: 'tag', avoid: 'tag', setup: 'setup', payoff: 'payoff', traits: 'trait',
};
/** Items whose names come as a comma-separated list. */
const LIST_ITEMS = new Set(['with', 'kills', 'exits', 'enters', 'causes', 'prevents', 'resolves', 'addresses', 'goals', 'allow',
  'themes', 'tags', 'avoid', 'setup', 'payoff', 'traits']);

function keywordOf(token: Token | undefined): string | undefined {
  return token && token.tokenType.name.startsWith('Kw_') ? token.tokenType.name.slice(3) : undefined;
}

function isNameToken(token: Token | undefined): boolean {
  if (!token) return false;
  const name = token.tokenType.name;
  return name === 'Identifier' || name === 'Code' || name.startsWith('Kw_');
}

/** The keyword a token stands for, when it is used as a keyword (not as a name). */
function keywordUse(tokens: readonly Token[], i: number): string | undefined {
  const word = keywordOf(tokens[i]);
  if (!word) return undefined;
  const before = tokens[i - 1];
  if (!before) return word;
  const type = before.tokenType.name;
  if (type === 'Comma' || type === 'Arrow') return undefined;
  const previousKeyword = keywordOf(before);
  // `place warning`, `with at`: a keyword right after a name-taking keyword is a name
  // (unless that keyword was itself a name: `with with` is rare enough to ignore).
  if (previousKeyword && NAME_TAKERS.has(previousKeyword) && keywordUse(tokens, i - 1) !== undefined) return undefined;
  return word;
}

function enclosingBlock(tokens: readonly Token[], end: number): BlockKind {
  let depth = 0;
  for (let j = end - 1; j >= 0; j--) {
    const type = tokens[j]!.tokenType.name;
    if (type === 'RCurly') depth++;
    else if (type === 'LCurly') {
      if (depth === 0) return blockOwner(tokens, j);
      depth--;
    }
  }
  return 'top';
}

/** The construct a `{` at `open` belongs to, checked against its header's shape. */
function blockOwner(tokens: readonly Token[], open: number): BlockKind {
  for (let k = open - 1; k >= 0 && k >= open - 6; k--) {
    const t = tokens[k]!;
    const type = t.tokenType.name;
    if (type === 'LCurly' || type === 'RCurly' || type === 'Prose') break;
    const word = keywordOf(t);
    if (!word || !BLOCK_OWNERS.has(word)) continue;
    const next = tokens[k + 1];
    const after = tokens[k + 2];
    const shapeFits = (() => {
      switch (word) {
        case 'story': return k + 1 === open || next?.tokenType.name === 'StringLiteral';
        case 'limits': case 'rules': return k + 1 === open;
        case 'arc': return isNameToken(next) && ['macro', 'meso', 'micro'].includes(keywordOf(after) ?? '');
        case 'event': case 'choice': return isNameToken(next) && after?.tokenType.name === 'Time';
        default: return isNameToken(next) && k + 1 < open;
      }
    })();
    if (shapeFits) return word as BlockKind;
  }
  return 'top';
}

/** Reads the completion context at `offset` from the tokens before it. */
export function completionContextAt(text: string, lexed: Tokens, offset: number): { context: CompletionContext; prefixStart: number } {
  const none = { context: { kind: 'none' } as const, prefixStart: offset };
  // Inside a comment: nothing.
  for (const c of lexed.groups['comments'] ?? []) {
    const end = c.startOffset + c.image.length;
    if (c.startOffset < offset && (offset < end || (offset === end && (c.image.startsWith('//') || !c.image.endsWith('*/'))))) return none;
  }
  const tokens = lexed.tokens;
  let n = 0;
  while (n < tokens.length && tokens[n]!.startOffset < offset) n++;
  let prefixStart = offset;
  const touching = tokens[n - 1];
  if (touching && touching.startOffset + touching.image.length >= offset) {
    const type = touching.tokenType.name;
    if (type === 'StringLiteral' || type === 'Prose' || type === 'Time' || type === 'Number') {
      const closedString = type === 'StringLiteral' && touching.image.length > 1 && touching.image.endsWith('"');
      if (!(closedString && touching.startOffset + touching.image.length === offset)) return none;
    } else if (isNameToken(touching)) {
      prefixStart = touching.startOffset;
      n--;
    }
  }
  const before = tokens.slice(Math.max(0, n - 64), n);
  const m = before.length;
  const last = before[m - 1];
  const block = enclosingBlock(tokens, n);
  const result = (context: CompletionContext) => ({ context, prefixStart });

  if (block === 'limits') {
    if (!last || last.tokenType.name === 'LCurly' || last.tokenType.name === 'Number') return result({ kind: 'keywords', words: LIMIT_KEYS });
    return none;
  }
  if (block === 'rules') {
    if (!last || last.tokenType.name === 'LCurly' || (RULE_LEVELS as readonly string[]).includes(keywordOf(last) ?? '')) {
      return result({ kind: 'names', names: 'code', exclude: [] });
    }
    if (isNameToken(last)) return result({ kind: 'names', names: 'level', exclude: [] });
    return none;
  }
  if (!last) return result({ kind: 'keywords', words: BLOCK_KEYWORDS.top });
  const lastType = last.tokenType.name;

  // After a comma: the list's keyword decides.
  if (lastType === 'Comma') {
    const listed: string[] = [];
    let j = m - 2;
    while (j >= 0 && isNameToken(before[j]) && before[j - 1]?.tokenType.name === 'Comma') {
      listed.push(before[j]!.image);
      j -= 2;
    }
    if (j >= 0 && isNameToken(before[j])) listed.push(before[j]!.image);
    const keyword = keywordUse(before, j - 1);
    if (keyword && LIST_ITEMS.has(keyword)) return result({ kind: 'names', names: LIST_ROLES[keyword]!, exclude: listed });
    return none;
  }

  const keyword = keywordUse(before, m - 1);
  if (keyword) {
    if (keyword in LIST_ROLES) return result({ kind: 'names', names: LIST_ROLES[keyword]!, exclude: [] });
    // Keywords followed by something that is not a known name (a new name, a number, a string, a time).
    if (['include', 'story', 'goal', 'character', 'place', 'arc', 'event', 'choice', 'option', 'intensity', 'span', 'warning', 'stages', 'max', 'spike', 'peak', 'calm', 'within', 'warn'].includes(keyword)) {
      return none;
    }
    if (['macro', 'meso', 'micro'].includes(keyword)) return none; // `arc name meso ` expects a title or `{`
  }

  if (isNameToken(last)) {
    const owner = keywordUse(before, m - 2);
    if (owner === 'stage' || owner === 'regress') return result({ kind: 'names', names: 'stage', exclude: [], character: last.image });
    if (owner === 'arc') return result({ kind: 'names', names: 'scale', exclude: [] });
    if (owner && ['event', 'choice', 'option', 'goal', 'include'].includes(owner)) return none;
    if (owner === 'requires' || owner === 'or') {
      return result({ kind: 'keywords', words: ['or', ...BLOCK_KEYWORDS[block]] });
    }
  }
  if (lastType === 'Arrow') return none;
  return result({ kind: 'keywords', words: BLOCK_KEYWORDS[block] });
}

const MAX_ITEMS = 500;

export function completion(context: FeatureContext, uri: string, position: Position): CompletionList {
  const text = documentText(context, uri);
  if (text === undefined) return { isIncomplete: false, items: [] };
  const offset = offsetAt(context, uri, text, position);
  const lexed = context.workspace.texts.tokens(uri, text);
  const { context: what, prefixStart } = completionContextAt(text, lexed, offset);
  if (what.kind === 'none') return { isIncomplete: false, items: [] };
  const range = rangeIn(context, uri, text, { start: prefixStart, end: offset });
  const prefix = text.slice(prefixStart, offset);
  if (what.kind === 'keywords') {
    return { isIncomplete: false, items: what.words.map((word) => keywordItem(word, range)) };
  }
  // Names only: the newest snapshot will do, even one made before the edit being typed.
  const snapshot = context.analysis.latestSnapshotFor(uri);
  const project = snapshot?.project;
  const candidates = project ? nameCandidates(project, what, uri, offset) : listed(staticCandidates(what));
  const { labels } = candidates;
  const excluded = new Set(what.exclude);
  let chosen: number[] = [];
  labels.forEach((label, i) => {
    if (!excluded.has(label)) chosen.push(i);
  });
  let isIncomplete = false;
  if (chosen.length > MAX_ITEMS) {
    const lower = prefix.toLowerCase();
    const matching = lower ? chosen.filter((i) => labels[i]!.toLowerCase().includes(lower)) : chosen;
    isIncomplete = matching.length > MAX_ITEMS || lower === '';
    chosen = matching.slice(0, MAX_ITEMS);
  }
  const items = chosen.map((i) => ({ ...candidates.item(i), textEdit: { range, newText: labels[i]! } }));
  return { isIncomplete, items };
}

/**
 * The names a completion may offer, and the item of each, made only for the
 * ones returned: a project has thousands of beats, and at most MAX_ITEMS
 * are sent.
 */
interface Candidates {
  readonly labels: readonly string[];
  item(index: number): CompletionItem;
}

function listed(items: readonly CompletionItem[]): Candidates {
  return { labels: items.map((item) => item.label), item: (i) => items[i]! };
}

function keywordItem(word: string, range: Range): CompletionItem {
  return { label: word, kind: CompletionItemKind.Keyword, textEdit: { range, newText: word } };
}

function staticCandidates(what: Extract<CompletionContext, { kind: 'names' }>): CompletionItem[] {
  switch (what.names) {
    case 'code': return codeItems();
    case 'level': return RULE_LEVELS.map((l) => ({ label: l, kind: CompletionItemKind.Keyword }));
    case 'scale': return SCALES.map((s) => ({ label: s, kind: CompletionItemKind.Keyword }));
    default: return [];
  }
}

function codeItems(): CompletionItem[] {
  return [...CODES.values()].map((info) => ({ label: info.code, kind: CompletionItemKind.Value, detail: `${info.kind} · ${info.severity}`, documentation: info.summary }));
}

/** The beat declared around `offset` in `uri` (to leave it out of its own links). */
function beatAround(project: Project, uri: string, offset: number): BeatSymbol | undefined {
  let found: BeatSymbol | undefined;
  for (const beat of project.beatsIn(uri)) {
    if (beat.decl.span.start <= offset && offset <= beat.decl.span.end) found = beat;
  }
  return found;
}

function wordsUsed(project: Project, kinds: ReadonlySet<string>, story: boolean): string[] {
  const words = new Set<string>();
  if (story && project.story) for (const theme of project.story.themes) words.add(theme);
  for (const beat of project.beats) {
    if (beat.decl.kind !== 'event') continue;
    for (const item of beat.decl.items) if (kinds.has(item.kind) && 'names' in item) for (const n of item.names) words.add(n.text);
  }
  if (kinds.has('themes')) {
    for (const arc of project.arcs) for (const item of arc.decl.items) if (item.kind === 'themes') for (const n of item.names) words.add(n.text);
  }
  if (kinds.has('traits')) {
    for (const character of project.characters.values()) {
      for (const item of character.decl.items) if (item.kind === 'traits') for (const n of item.names) words.add(n.text);
    }
  }
  return [...words].sort();
}

function nameCandidates(project: Project, what: Extract<CompletionContext, { kind: 'names' }>, uri: string, offset: number): Candidates {
  switch (what.names) {
    case 'beat': return beatCandidates(project, uri, offset);
    case 'character':
      return listed([...project.characters.values()].map((c) => ({ label: c.name, kind: CompletionItemKind.Class, detail: c.decl.title?.value ?? 'character' })));
    case 'place':
      return listed([...project.places.values()].map((p) => ({ label: p.name, kind: CompletionItemKind.Struct, detail: p.decl.title?.value ?? 'place' })));
    case 'goal':
      return listed([...project.goals.values()].map((g) => ({ label: g.name, kind: CompletionItemKind.Variable, detail: g.decl.description?.value ?? 'goal' })));
    case 'arc':
      return listed(project.arcs.map((a) => ({ label: a.name, kind: CompletionItemKind.Module, detail: `${a.scale} arc${a.decl.title ? ` · ${a.decl.title.value}` : ''}` })));
    case 'stage': {
      const character = what.character ? project.characters.get(what.character) : undefined;
      return listed((character?.stages ?? []).map((s, i) => ({ label: s, kind: CompletionItemKind.EnumMember, detail: `stage ${i + 1} of ${character!.stages.length}`, sortText: String(i).padStart(3, '0') })));
    }
    case 'theme': return listed(wordsUsed(project, new Set(['themes']), true).map((w) => ({ label: w, kind: CompletionItemKind.Text, detail: 'theme' })));
    case 'tag': return listed(wordsUsed(project, new Set(['tags']), false).map((w) => ({ label: w, kind: CompletionItemKind.Text, detail: 'tag' })));
    case 'setup': case 'payoff': return listed(wordsUsed(project, new Set(['setup', 'payoff']), false).map((w) => ({ label: w, kind: CompletionItemKind.Text, detail: 'setup / payoff' })));
    case 'trait': return listed(wordsUsed(project, new Set(['traits']), false).map((w) => ({ label: w, kind: CompletionItemKind.Text, detail: 'trait' })));
    case 'code': case 'level': case 'scale': return listed(staticCandidates(what));
  }
}

/** The beats a link may name: this file's first, then by time. */
function beatCandidates(project: Project, uri: string, offset: number): Candidates {
  const self = beatAround(project, uri, offset);
  const beats = project.beats.filter((b) => b !== self && project.nodes.get(b.name) === b);
  beats.sort((a, b) => Number(b.file === uri) - Number(a.file === uri) || (a.time - b.time) || a.index - b.index);
  return {
    labels: beats.map((beat) => beat.name),
    item: (i) => {
      const beat = beats[i]!;
      return {
        label: beat.name,
        kind: beat.kind === 'choice' ? CompletionItemKind.Enum : CompletionItemKind.Event,
        detail: `${beat.kind} ${formatTimeOf(beat)} · ${beat.scale}${beat.arc ? ` · ${beat.arc.name}` : ''}`,
        sortText: String(i).padStart(6, '0'),
      };
    },
  };
}
