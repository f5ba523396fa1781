/**
 * CST -> AST. Defensive throughout: a node produced by error recovery can
 * lack any of its children, and tokens inserted by recovery (empty images)
 * count as missing. A declaration whose name is missing is dropped (its syntax
 * error is already reported); any other missing part is left undefined.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as ast from './ast.js';
import { LIMIT_KEYS, NAME_LIST_BEAT_ITEMS, RULE_LEVELS, SCALES } from './ast.js';

type Children = Record<string, CstElement[] | undefined>;

function isToken(element: CstElement | undefined): element is IToken {
  return element !== undefined && (element as IToken).image !== undefined;
}

function token(children: Children, key: string, index = 0): IToken | undefined {
  const element = children[key]?.[index];
  if (!isToken(element) || element.isInsertedInRecovery || Number.isNaN(element.startOffset)) return undefined;
  return element;
}

function tokens(children: Children, key: string): IToken[] {
  const list = children[key];
  if (!list) return [];
  return list.filter((element): element is IToken => isToken(element) && !element.isInsertedInRecovery);
}

function node(children: Children, key: string, index = 0): CstNode | undefined {
  const element = children[key]?.[index];
  return element && !isToken(element) ? element : undefined;
}

function nodes(children: Children, key: string): CstNode[] {
  return (children[key] ?? []).filter((element): element is CstNode => !isToken(element));
}

export function tokenSpan(t: IToken): ast.Span {
  return { start: t.startOffset, end: t.endOffset! + 1 };
}

function nodeSpan(n: CstNode, fallback: ast.Span): ast.Span {
  const location = n.location;
  if (!location || Number.isNaN(location.startOffset) || location.endOffset === undefined || Number.isNaN(location.endOffset)) {
    return fallback;
  }
  return { start: location.startOffset, end: Math.max(location.endOffset + 1, fallback.end) };
}

function nameOf(t: IToken | undefined): ast.Name | undefined {
  return t ? { text: t.image, span: tokenSpan(t) } : undefined;
}

/**
 * Escapes of Arc strings: `\"`, `\\`, `\n`, `\t`; anything else is kept as written (and reported by the lexer pass).
 * `image` is the literal as written, with its opening quote and, when the string is closed, its closing quote.
 */
export function unescapeString(image: string): string {
  if (!image.includes('\\')) return image.slice(1, image.length >= 2 && image.endsWith('"') ? -1 : undefined);
  let value = '';
  // Scan from after the opening quote; an unescaped `"` closes the string.
  for (let i = 1; i < image.length; i++) {
    const c = image[i]!;
    if (c === '"') break;
    if (c !== '\\' || i + 1 >= image.length) {
      value += c;
      continue;
    }
    const next = image[++i]!;
    value += next === 'n' ? '\n' : next === 't' ? '\t' : next === '"' || next === '\\' ? next : `\\${next}`;
  }
  return value;
}

function stringOf(t: IToken | undefined): ast.StringLiteral | undefined {
  return t ? { value: unescapeString(t.image), span: tokenSpan(t) } : undefined;
}

function numberOf(t: IToken | undefined): ast.NumberLiteral | undefined {
  return t ? { value: Number(t.image), span: tokenSpan(t) } : undefined;
}

function timeOf(t: IToken | undefined): ast.TimeLiteral | undefined {
  return t ? { value: Number(t.image.slice(1)), span: tokenSpan(t) } : undefined;
}

function names(children: Children): ast.Name[] {
  return tokens(children, 'Name').map((t) => ({ text: t.image, span: tokenSpan(t) }));
}

function idList(children: Children): ast.Name[] {
  const list = node(children, 'idList');
  return list ? names(list.children) : [];
}

/** The `{ ... }` span of a block, when both braces are real. */
function bodySpan(children: Children): ast.Span | undefined {
  const open = token(children, 'LCurly');
  const close = token(children, 'RCurly');
  if (!open) return undefined;
  return { start: open.startOffset, end: close ? close.endOffset! + 1 : open.endOffset! + 1 };
}

/** The keyword token of a rule: the first token child whose key starts with `Kw_`. */
function keywordToken(children: Children): IToken | undefined {
  for (const key in children) {
    if (key.startsWith('Kw_')) {
      const t = token(children, key);
      if (t) return t;
    }
  }
  return undefined;
}

function keywordItem(n: CstNode): { keywordSpan: ast.Span; span: ast.Span; word: string } | undefined {
  const kw = keywordToken(n.children);
  if (!kw) return undefined;
  const keywordSpan = tokenSpan(kw);
  return { keywordSpan, span: nodeSpan(n, keywordSpan), word: kw.image };
}

// ---------------------------------------------------------------------------

export function buildFile(cst: CstNode, comments: readonly IToken[]): ast.ArcFile {
  const includes: ast.Include[] = [];
  const stories: ast.Story[] = [];
  const declarations: ast.Declaration[] = [];
  const children: ast.TopLevel[] = [];
  for (const top of nodes(cst.children, 'topLevel')) {
    const built = buildTopLevel(top);
    if (!built) continue;
    children.push(built);
    if (built.kind === 'include') includes.push(built);
    else if (built.kind === 'story') stories.push(built);
    else declarations.push(built);
  }
  return {
    kind: 'file',
    includes,
    stories,
    declarations,
    children,
    comments: comments.map((t) => ({
      kind: t.image.startsWith('//') ? 'line-comment' : 'block-comment',
      text: t.image,
      span: tokenSpan(t),
    })),
  };
}

function buildTopLevel(top: CstNode): ast.TopLevel | undefined {
  const c = top.children;
  const include = node(c, 'include');
  if (include) return buildInclude(include);
  const story = node(c, 'story');
  if (story) return buildStory(story);
  const character = node(c, 'character');
  if (character) return buildCharacter(character);
  const place = node(c, 'place');
  if (place) return buildPlace(place);
  return buildDeclarationLike(c);
}

/** Arcs, events and choices: shared by top level, arc bodies and option bodies. */
function buildDeclarationLike(c: Children): ast.ArcDecl | ast.EventDecl | ast.ChoiceDecl | undefined {
  const arc = node(c, 'arc');
  if (arc) return buildArc(arc);
  const event = node(c, 'event');
  if (event) return buildEvent(event);
  const choice = node(c, 'choice');
  if (choice) return buildChoice(choice);
  return undefined;
}

function buildInclude(n: CstNode): ast.Include | undefined {
  const kw = keywordItem(n);
  if (!kw) return undefined;
  return { kind: 'include', keywordSpan: kw.keywordSpan, span: kw.span, path: stringOf(token(n.children, 'StringLiteral')) };
}

function buildStory(n: CstNode): ast.Story | undefined {
  const kw = keywordItem(n);
  if (!kw) return undefined;
  const items: ast.StoryItem[] = [];
  for (const itemNode of nodes(n.children, 'storyItem')) {
    const c = itemNode.children;
    const themes = node(c, 'themes');
    const goal = node(c, 'goal');
    const limits = node(c, 'limits');
    const avoid = node(c, 'avoid');
    const rules = node(c, 'rules');
    const item = themes ? buildNameList(themes, 'themes')
      : goal ? buildGoal(goal)
      : limits ? buildLimits(limits)
      : avoid ? buildNameList(avoid, 'avoid')
      : rules ? buildRules(rules)
      : undefined;
    if (item) items.push(item as ast.StoryItem);
  }
  return {
    kind: 'story',
    keywordSpan: kw.keywordSpan,
    span: kw.span,
    title: stringOf(token(n.children, 'StringLiteral')),
    items,
  };
}

function buildNameList<K extends string>(n: CstNode, kind: K): { kind: K; keywordSpan: ast.Span; span: ast.Span; names: ast.Name[] } | undefined {
  const kw = keywordItem(n);
  if (!kw) return undefined;
  return { kind, keywordSpan: kw.keywordSpan, span: kw.span, names: idList(n.children) };
}

function buildGoal(n: CstNode): ast.GoalItem | undefined {
  const kw = keywordItem(n);
  const name = nameOf(token(n.children, 'Name'));
  if (!kw || !name) return undefined;
  return { kind: 'goal', keywordSpan: kw.keywordSpan, span: kw.span, name, description: stringOf(token(n.children, 'StringLiteral')) };
}

function buildLimits(n: CstNode): ast.LimitsItem | undefined {
  const kw = keywordItem(n);
  if (!kw) return undefined;
  const entries: ast.LimitEntry[] = [];
  for (const entry of nodes(n.children, 'limitEntry')) {
    const keyToken = LIMIT_KEYS.map((key) => token(entry.children, `Kw_${key}`)).find((t) => t !== undefined);
    if (!keyToken) continue;
    const keySpan = tokenSpan(keyToken);
    entries.push({
      key: keyToken.image as ast.LimitKey,
      keySpan,
      span: nodeSpan(entry, keySpan),
      value: numberOf(token(entry.children, 'Number')),
    });
  }
  return { kind: 'limits', keywordSpan: kw.keywordSpan, span: kw.span, entries };
}

function buildRules(n: CstNode): ast.RulesItem | undefined {
  const kw = keywordItem(n);
  if (!kw) return undefined;
  const entries: ast.RuleEntry[] = [];
  for (const entry of nodes(n.children, 'ruleEntry')) {
    const code = nameOf(token(entry.children, 'Name'));
    if (!code) continue;
    const levelNode = node(entry.children, 'ruleLevel');
    const levelToken = levelNode
      ? RULE_LEVELS.map((level) => token(levelNode.children, `Kw_${level}`)).find((t) => t !== undefined)
      : undefined;
    entries.push({
      code,
      level: levelToken?.image as ast.RuleLevel | undefined,
      levelSpan: levelToken ? tokenSpan(levelToken) : undefined,
      span: nodeSpan(entry, code.span),
    });
  }
  return { kind: 'rules', keywordSpan: kw.keywordSpan, span: kw.span, entries };
}

function buildCharacter(n: CstNode): ast.CharacterDecl | undefined {
  const kw = keywordItem(n);
  const name = nameOf(token(n.children, 'Name'));
  if (!kw || !name) return undefined;
  const items: ast.CharacterItem[] = [];
  for (const itemNode of nodes(n.children, 'characterItem')) {
    const traits = node(itemNode.children, 'traits');
    const stages = node(itemNode.children, 'stages');
    if (traits) {
      const item = buildNameList(traits, 'traits');
      if (item) items.push(item);
    } else if (stages) {
      const stagesKw = keywordItem(stages);
      if (stagesKw) {
        items.push({ kind: 'stages', keywordSpan: stagesKw.keywordSpan, span: stagesKw.span, names: names(stages.children) });
      }
    }
  }
  return {
    kind: 'character',
    keywordSpan: kw.keywordSpan,
    span: kw.span,
    name,
    title: stringOf(token(n.children, 'StringLiteral')),
    items,
    body: bodySpan(n.children),
  };
}

function buildPlace(n: CstNode): ast.PlaceDecl | undefined {
  const kw = keywordItem(n);
  const name = nameOf(token(n.children, 'Name'));
  if (!kw || !name) return undefined;
  return { kind: 'place', keywordSpan: kw.keywordSpan, span: kw.span, name, title: stringOf(token(n.children, 'StringLiteral')) };
}

function buildArc(n: CstNode): ast.ArcDecl | undefined {
  const kw = keywordItem(n);
  const name = nameOf(token(n.children, 'Name'));
  if (!kw || !name) return undefined;
  const scaleNode = node(n.children, 'arcScale');
  const scaleToken = scaleNode ? SCALES.map((s) => token(scaleNode.children, `Kw_${s}`)).find((t) => t !== undefined) : undefined;
  const items: ast.ArcItem[] = [];
  for (const itemNode of nodes(n.children, 'arcItem')) {
    const c = itemNode.children;
    const themes = node(c, 'themes');
    const goals = node(c, 'goals');
    const span = node(c, 'span');
    const allow = node(c, 'allow');
    const item = themes ? buildNameList(themes, 'themes')
      : goals ? buildNameList(goals, 'goals')
      : span ? buildSpan(span)
      : allow ? buildAllow(allow)
      : buildDeclarationLike(c);
    if (item) items.push(item);
  }
  return {
    kind: 'arc',
    keywordSpan: kw.keywordSpan,
    span: kw.span,
    name,
    scale: scaleToken?.image as ast.Scale | undefined,
    scaleSpan: scaleToken ? tokenSpan(scaleToken) : undefined,
    title: stringOf(token(n.children, 'StringLiteral')),
    items,
    body: bodySpan(n.children),
  };
}

function buildSpan(n: CstNode): ast.SpanItem | undefined {
  const kw = keywordItem(n);
  if (!kw) return undefined;
  return {
    kind: 'span',
    keywordSpan: kw.keywordSpan,
    span: kw.span,
    from: timeOf(token(n.children, 'Time', 0)),
    to: timeOf(token(n.children, 'Time', 1)),
  };
}

function buildAllow(n: CstNode): ast.AllowItem | undefined {
  const kw = keywordItem(n);
  if (!kw) return undefined;
  return { kind: 'allow', keywordSpan: kw.keywordSpan, span: kw.span, codes: names(n.children) };
}

function buildEvent(n: CstNode): ast.EventDecl | undefined {
  const kw = keywordItem(n);
  const name = nameOf(token(n.children, 'Name'));
  if (!kw || !name) return undefined;
  const items: ast.BeatItem[] = [];
  for (const itemNode of nodes(n.children, 'beatItem')) {
    const item = buildBeatItem(itemNode);
    if (item) items.push(item);
  }
  return {
    kind: 'event',
    keywordSpan: kw.keywordSpan,
    span: kw.span,
    name,
    time: timeOf(token(n.children, 'Time')),
    title: stringOf(token(n.children, 'StringLiteral')),
    items,
    body: bodySpan(n.children),
  };
}

const NAME_LIST_KINDS: ReadonlySet<string> = new Set(NAME_LIST_BEAT_ITEMS);

/** `> text` minus the `>` and one optional space. */
export function proseText(image: string): string {
  return image.startsWith('> ') ? image.slice(2) : image.slice(1);
}

function buildBeatItem(n: CstNode): ast.BeatItem | undefined {
  const c = n.children;
  const prose = token(c, 'Prose');
  if (prose) return { kind: 'prose', text: proseText(prose.image), span: tokenSpan(prose) };
  const inner = Object.values(c).flat().find((element): element is CstNode => element !== undefined && !isToken(element));
  if (!inner) return undefined;
  const kw = keywordItem(inner);
  if (!kw) return undefined;
  const base = { keywordSpan: kw.keywordSpan, span: kw.span };
  const ic = inner.children;
  switch (inner.name) {
    case 'at':
      return { kind: 'at', ...base, place: nameOf(token(ic, 'Name')) };
    case 'nameListItem':
      if (!NAME_LIST_KINDS.has(kw.word)) return undefined;
      return { kind: kw.word as ast.NameListBeatItemKind, ...base, names: idList(ic) };
    case 'intensity':
      return { kind: 'intensity', ...base, value: numberOf(token(ic, 'Number')) };
    case 'requires':
      return { kind: 'requires', ...base, alternatives: names(ic) };
    case 'stageItem':
      return {
        kind: kw.word === 'regress' ? 'regress' : 'stage',
        ...base,
        character: nameOf(token(ic, 'Name', 0)),
        stage: nameOf(token(ic, 'Name', 1)),
      };
    case 'warning':
      return { kind: 'warning', ...base, text: stringOf(token(ic, 'StringLiteral')) };
    case 'allow':
      return buildAllow(inner);
    default:
      return undefined;
  }
}

function buildChoice(n: CstNode): ast.ChoiceDecl | undefined {
  const kw = keywordItem(n);
  const name = nameOf(token(n.children, 'Name'));
  if (!kw || !name) return undefined;
  const options: ast.OptionDecl[] = [];
  for (const optionNode of nodes(n.children, 'optionBlock')) {
    const option = buildOption(optionNode);
    if (option) options.push(option);
  }
  return {
    kind: 'choice',
    keywordSpan: kw.keywordSpan,
    span: kw.span,
    name,
    time: timeOf(token(n.children, 'Time')),
    title: stringOf(token(n.children, 'StringLiteral')),
    options,
    body: bodySpan(n.children),
  };
}

function buildOption(n: CstNode): ast.OptionDecl | undefined {
  const kw = keywordItem(n);
  const name = nameOf(token(n.children, 'Name'));
  if (!kw || !name) return undefined;
  const children: ast.OptionChild[] = [];
  for (const childNode of nodes(n.children, 'optionChild')) {
    const child = buildDeclarationLike(childNode.children);
    if (child) children.push(child);
  }
  return {
    kind: 'option',
    keywordSpan: kw.keywordSpan,
    span: kw.span,
    name,
    title: stringOf(token(n.children, 'StringLiteral')),
    children,
    body: bodySpan(n.children),
  };
}
