/**
 * The Arc syntax tree. Plain data: every node carries exact source spans
 * (character offsets into its file's text), so that diagnostics, hovers and
 * edits can point at the offending item rather than the whole block.
 *
 * The tree is built from a recovering parse, so it holds everything that could
 * be read even when the file has syntax errors. Nodes that the parser could not
 * complete are either dropped (when their name is missing) or kept with the
 * optional parts left undefined (a missing time, title or value).
 */

/** A half-open range of character offsets `[start, end)` in one file. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** An identifier as written, with where it was written. */
export interface Name {
  readonly text: string;
  readonly span: Span;
}

/** A string literal, unescaped, with the span of the literal including quotes. */
export interface StringLiteral {
  readonly value: string;
  readonly span: Span;
}

export interface NumberLiteral {
  readonly value: number;
  /** The number as written (`007`, `2.50`), for messages. */
  readonly text: string;
  readonly span: Span;
}

/** `@3.5`: the value and the span of the whole `@...` token. */
export interface TimeLiteral {
  readonly value: number;
  /** The time as written, with its `@` (`@2.50`), for messages. */
  readonly text: string;
  readonly span: Span;
}

/**
 * A number or time too large to be represented exactly (more than
 * 9007199254740991 in magnitude, or beyond floating point altogether). It
 * has no value, so the tree leaves it out where it stands (as if missing);
 * the analysis reports it (E007).
 */
export interface UnrepresentableNumber {
  readonly kind: 'number' | 'time';
  /** As written, with the `@` of a time. */
  readonly text: string;
  readonly span: Span;
}

/** Everything a node has in common: its kind and its full span. */
interface NodeBase {
  readonly span: Span;
}

/** An item that starts with a keyword: the keyword's own span is kept. */
interface KeywordItem extends NodeBase {
  readonly keywordSpan: Span;
}

// ---------------------------------------------------------------------------
// Files and headers

export interface ArcFile {
  readonly kind: 'file';
  readonly includes: readonly Include[];
  readonly stories: readonly Story[];
  readonly declarations: readonly Declaration[];
  /** Every top-level node in source order (includes, stories, declarations). */
  readonly children: readonly TopLevel[];
  /** Comments, in source order, for formatters and folding. */
  readonly comments: readonly Comment[];
  /** Numbers and times too large to have a value, in source order. */
  readonly unrepresentable: readonly UnrepresentableNumber[];
}

export type TopLevel = Include | Story | Declaration;

export interface Comment extends NodeBase {
  readonly kind: 'line-comment' | 'block-comment';
  readonly text: string;
}

export interface Include extends KeywordItem {
  readonly kind: 'include';
  /** Missing when the parser recovered from `include` without a string. */
  readonly path?: StringLiteral;
}

export interface Story extends KeywordItem {
  readonly kind: 'story';
  readonly title?: StringLiteral;
  readonly items: readonly StoryItem[];
}

export type StoryItem = ThemesItem | GoalItem | LimitsItem | AvoidItem | RulesItem;

export interface GoalItem extends KeywordItem {
  readonly kind: 'goal';
  readonly name: Name;
  readonly description?: StringLiteral;
}

export const LIMIT_KEYS = ['max', 'spike', 'peak', 'calm', 'within', 'warn'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

export interface LimitEntry extends NodeBase {
  readonly key: LimitKey;
  readonly keySpan: Span;
  readonly value?: NumberLiteral;
}

export interface LimitsItem extends KeywordItem {
  readonly kind: 'limits';
  readonly entries: readonly LimitEntry[];
}

export interface AvoidItem extends KeywordItem {
  readonly kind: 'avoid';
  readonly names: readonly Name[];
}

export const RULE_LEVELS = ['off', 'error', 'warning', 'info', 'hint'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export interface RuleEntry extends NodeBase {
  readonly code: Name;
  readonly level?: RuleLevel;
  readonly levelSpan?: Span;
}

export interface RulesItem extends KeywordItem {
  readonly kind: 'rules';
  readonly entries: readonly RuleEntry[];
}

// ---------------------------------------------------------------------------
// Declarations

export type Declaration = CharacterDecl | PlaceDecl | ArcDecl | EventDecl | ChoiceDecl;
/** Beats are events and choices: the things that sit on the timeline. */
export type Beat = EventDecl | ChoiceDecl;
/** What may stand inside an option block. */
export type OptionChild = ArcDecl | EventDecl | ChoiceDecl;

export interface CharacterDecl extends KeywordItem {
  readonly kind: 'character';
  readonly name: Name;
  readonly title?: StringLiteral;
  readonly items: readonly CharacterItem[];
  /** The `{ ... }` block, when present. */
  readonly body?: Span;
}

export type CharacterItem = TraitsItem | StagesItem;

export interface TraitsItem extends KeywordItem {
  readonly kind: 'traits';
  readonly names: readonly Name[];
}

export interface StagesItem extends KeywordItem {
  readonly kind: 'stages';
  /** The stages in order, `first -> second -> ...`. */
  readonly names: readonly Name[];
}

export interface PlaceDecl extends KeywordItem {
  readonly kind: 'place';
  readonly name: Name;
  readonly title?: StringLiteral;
}

export const SCALES = ['micro', 'meso', 'macro'] as const;
export type Scale = (typeof SCALES)[number];

export interface ArcDecl extends KeywordItem {
  readonly kind: 'arc';
  readonly name: Name;
  readonly scale?: Scale;
  readonly scaleSpan?: Span;
  readonly title?: StringLiteral;
  readonly items: readonly ArcItem[];
  readonly body?: Span;
}

export type ArcItem = ThemesItem | GoalsItem | SpanItem | AllowItem | ArcDecl | EventDecl | ChoiceDecl;

export interface GoalsItem extends KeywordItem {
  readonly kind: 'goals';
  readonly names: readonly Name[];
}

export interface SpanItem extends KeywordItem {
  readonly kind: 'span';
  readonly from?: TimeLiteral;
  readonly to?: TimeLiteral;
}

export interface EventDecl extends KeywordItem {
  readonly kind: 'event';
  readonly name: Name;
  /** Missing only when the parser recovered from a beat written without `@time`. */
  readonly time?: TimeLiteral;
  readonly title?: StringLiteral;
  readonly items: readonly BeatItem[];
  readonly body?: Span;
}

export interface ChoiceDecl extends KeywordItem {
  readonly kind: 'choice';
  readonly name: Name;
  readonly time?: TimeLiteral;
  readonly title?: StringLiteral;
  readonly options: readonly OptionDecl[];
  readonly body?: Span;
}

export interface OptionDecl extends KeywordItem {
  readonly kind: 'option';
  readonly name: Name;
  readonly title?: StringLiteral;
  readonly children: readonly OptionChild[];
  readonly body?: Span;
}

// ---------------------------------------------------------------------------
// Items

export interface ThemesItem extends KeywordItem {
  readonly kind: 'themes';
  readonly names: readonly Name[];
}

export interface AllowItem extends KeywordItem {
  readonly kind: 'allow';
  readonly codes: readonly Name[];
}

/** Beat items whose payload is a comma-separated list of names. */
export const NAME_LIST_BEAT_ITEMS = [
  'with', 'tags', 'themes', 'causes', 'prevents', 'kills', 'exits', 'enters',
  'addresses', 'setup', 'payoff', 'resolves',
] as const;
export type NameListBeatItemKind = (typeof NAME_LIST_BEAT_ITEMS)[number];

export interface NameListBeatItem extends KeywordItem {
  readonly kind: NameListBeatItemKind;
  readonly names: readonly Name[];
}

export interface AtItem extends KeywordItem {
  readonly kind: 'at';
  readonly place?: Name;
}

export interface IntensityItem extends KeywordItem {
  readonly kind: 'intensity';
  readonly value?: NumberLiteral;
}

/** `requires a or b or c`: any one of the alternatives satisfies it. */
export interface RequiresItem extends KeywordItem {
  readonly kind: 'requires';
  readonly alternatives: readonly Name[];
}

/** `stage mara acceptance` / `regress mara denial`. */
export interface StageItem extends KeywordItem {
  readonly kind: 'stage' | 'regress';
  readonly character?: Name;
  readonly stage?: Name;
}

export interface WarningItem extends KeywordItem {
  readonly kind: 'warning';
  readonly text?: StringLiteral;
}

/** A prose line: `> text`, kept verbatim minus `>` and one optional space. */
export interface ProseItem extends NodeBase {
  readonly kind: 'prose';
  readonly text: string;
}

export type BeatItem =
  | NameListBeatItem
  | AtItem
  | IntensityItem
  | RequiresItem
  | StageItem
  | WarningItem
  | AllowItem
  | ProseItem;

// ---------------------------------------------------------------------------
// Syntax errors

/** A syntax error (reported as E001). */
export interface SyntaxError {
  readonly message: string;
  readonly span: Span;
}

/** The result of parsing one file: always a tree, plus the errors met on the way. */
export interface ParseResult {
  readonly file: ArcFile;
  readonly errors: readonly SyntaxError[];
}
