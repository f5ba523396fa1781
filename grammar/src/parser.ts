/**
 * The Arc parser: a Chevrotain parser with error recovery that builds the AST
 * directly (embedded actions), one rule per production of the grammar
 * (docs/language.md). Building the tree while parsing, rather than through a CST and a
 * visitor, halves the allocations: the front end must keep within a few times
 * the lexer's time on 20,000-beat stories.
 *
 * One instance is created once and reused by resetting `input` (parse.ts).
 *
 * Every rule is defensive: during Chevrotain's self-analysis (recording) and
 * after error recovery, CONSUME may return an invented token and SUBRULE may
 * return undefined. Invented tokens count as missing (`present`), a node
 * without its name is dropped, and other missing parts stay undefined.
 */
import { EmbeddedActionsParser, type IOrAlt, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import type * as ast from './ast.js';
import { endOf, nameOf, numberOf, present, proseText, stringOf, timeOf, tokenSpan } from './literals.js';
import { errorMessages } from './messages.js';
import {
  allTokens, Arrow, Comma, DotDot, Kw, LCurly, Name, NumberLiteral, Prose, RCurly, StringLiteral, Time,
} from './tokens.js';

type Decl = ast.ArcDecl | ast.EventDecl | ast.ChoiceDecl;

/**
 * Past this many syntax errors the parser stops, and the rest of the file is
 * not read: recovering from an error costs tens of microseconds, so a file of
 * millions of broken items would otherwise take minutes.
 */
export const MAX_RECOVERED_ERRORS = 1000;

/** Thrown through the parser's rules (which rethrow what is not a recognition error) to stop it. */
class TooManyErrors extends Error {
  constructor(readonly token: IToken) {
    super('too many syntax errors');
  }
}

/** At most this many answers of in-rule recovery are remembered (see `memoiseRecoveryFollows`). */
const MAX_REMEMBERED_FOLLOWS = 4096;

const TOP_LEVEL_KINDS: ReadonlySet<string> = new Set(['include', 'story', 'character', 'place', 'arc', 'event', 'choice']);

/**
 * The list without the parts recovery could not make: the list itself when
 * it has none (a rule's list is its own, and nothing is added to it once its
 * node is built), so that a clean file allocates no second array per list.
 */
function defined<T>(list: (T | undefined)[]): T[] {
  return list.includes(undefined) ? list.filter((x): x is T => x !== undefined) : (list as T[]);
}

/** The keyword token and span start of an item, or undefined when the keyword was invented by recovery. */
function keywordSpan(t: IToken): ast.Span | undefined {
  return present(t) ? tokenSpan(t) : undefined;
}

function bodyOf(open: IToken | undefined, close: IToken | undefined): ast.Span | undefined {
  if (!present(open)) return undefined;
  return { start: open.startOffset, end: present(close) ? close.startOffset + 1 : open.startOffset + 1 };
}

export class ArcParser extends EmbeddedActionsParser {
  /**
   * `validate`: run Chevrotain's grammar validations (ambiguities, left
   * recursion…), which throw on a faulty grammar. They find nothing in a
   * grammar that passed them once and cost about a third of the parser's
   * set-up (12 of 38 ms) in every process, so only the grammar's test asks
   * for them (`checkGrammarDefinition`). `rememberFollows: false`: recover
   * without the memo of `memoiseRecoveryFollows` (for its test).
   */
  constructor(options: { readonly validate?: boolean; readonly rememberFollows?: boolean } = {}) {
    super(allTokens, { recoveryEnabled: true, errorMessageProvider: errorMessages, maxLookahead: 2, skipValidations: options.validate !== true });
    this.performSelfAnalysis();
    // Every syntax error passes through SAVE_ERROR (not in Chevrotain's typings): count them there.
    const parser = this as unknown as { SAVE_ERROR(error: IRecognitionException): IRecognitionException };
    const save = parser.SAVE_ERROR.bind(this);
    parser.SAVE_ERROR = (error) => {
      if (++this.errorCount > MAX_RECOVERED_ERRORS) throw new TooManyErrors(error.token);
      return save(error);
    };
    if (options.rememberFollows !== false) this.memoiseRecoveryFollows();
  }

  /**
   * Chevrotain's in-rule recovery (inserting or deleting one token) asks at
   * every mismatch which tokens may follow, by walking the grammar from the
   * top rule along the rule stack, and builds grammar nodes as it walks: a
   * file with errors, as a file being typed is, parsed about twice as
   * slowly as a clean one. The answer depends only on the rule stack, the expected
   * token and its occurrence, so it is kept per parser (not in Chevrotain's
   * typings; the grammar's tests compare recovery with and without it:
   * `rememberFollows: false`).
   */
  private memoiseRecoveryFollows(): void {
    type GrammarPath = { readonly ruleStack: readonly string[]; readonly occurrenceStack: readonly number[] };
    const parser = this as unknown as {
      getFollowsForInRuleRecovery(tokType: TokenType, tokIdxInRule: number): TokenType[];
      getCurrentGrammarPath(tokType: TokenType, tokIdxInRule: number): GrammarPath;
    };
    const follows = parser.getFollowsForInRuleRecovery.bind(this);
    const known = new Map<string, TokenType[]>();
    parser.getFollowsForInRuleRecovery = (tokType, tokIdxInRule) => {
      const path = parser.getCurrentGrammarPath(tokType, tokIdxInRule);
      const key = `${path.ruleStack.join(' ')}|${path.occurrenceStack.join(' ')}|${tokType.name}|${tokIdxInRule}`;
      let found = known.get(key);
      if (!found) {
        // Rule stacks are as deep as blocks nest (at most MAX_NESTING): the distinct ones are few, but bound them anyway.
        if (known.size >= MAX_REMEMBERED_FOLLOWS) known.clear();
        found = follows(tokType, tokIdxInRule);
        known.set(key, found);
      }
      return found;
    };
  }

  private errorCount = 0;

  /**
   * The alternatives of an `OR`, made once per parser (Chevrotain's advice):
   * an array of closures made on every call costs an allocation per
   * alternative for each item of the story. Their closures read nothing but
   * the parser. `key` is the name of the rule the `OR` is in; two `OR`s
   * under one key would share the first one's alternatives, so recording
   * the grammar (which runs every `OR` once) fails on a key used twice.
   */
  private alternatives<T>(key: string, make: () => IOrAlt<T>[]): IOrAlt<T>[] {
    if (this.RECORDING_PHASE) {
      if (this.recordedKeys.has(key)) throw new Error(`two ORs of the grammar use the alternatives key '${key}'`);
      this.recordedKeys.add(key);
    }
    let made = this.madeAlternatives[key] as IOrAlt<T>[] | undefined;
    if (!made) {
      made = make();
      this.madeAlternatives[key] = made;
    }
    return made;
  }

  /** By rule name: a plain object (a property read per `OR`, cheaper than a map lookup). */
  private readonly madeAlternatives: Record<string, unknown> = {};
  private readonly recordedKeys = new Set<string>();

  /** The partial node of the innermost rule being unwound by error recovery. */
  private recovered: unknown;

  /**
   * Runs a rule's body; if error recovery unwinds it, the node built from
   * what was read so far is kept for `recoveryValueFunc`, so that a rule cut
   * short still yields everything it read.
   */
  private guarded<T>(build: () => T | undefined, body: () => void): T | undefined {
    this.recovered = undefined;
    try {
      body();
    } catch (error) {
      this.recovered = build();
      throw error;
    }
    return build();
  }

  private readonly keepPartial = { recoveryValueFunc: (): never => this.takeRecovered() as never };

  /** For rules that only choose between others: keep a partial node of one of these kinds. */
  private keepPartialOf(kinds: readonly string[]): { recoveryValueFunc: () => never } {
    return {
      recoveryValueFunc: (): never => {
        const node = this.takeRecovered() as { kind?: string } | undefined;
        return (node?.kind !== undefined && kinds.includes(node.kind) ? node : undefined) as never;
      },
    };
  }

  private takeRecovered(): unknown {
    const node = this.recovered;
    this.recovered = undefined;
    return node;
  }

  /**
   * The top-level nodes read so far. Kept on the parser rather than in the
   * rule, so that error recovery unwinding the rule cannot lose them.
   */
  private topLevelNodes: ast.TopLevel[] = [];

  /**
   * Parses `tokens`: the top-level nodes and the syntax errors met, and the
   * token where parsing stopped when there were more than MAX_RECOVERED_ERRORS.
   */
  parseTopLevel(tokens: IToken[]): { nodes: ast.TopLevel[]; errors: IRecognitionException[]; stoppedAt?: IToken } {
    this.topLevelNodes = [];
    this.recovered = undefined;
    this.errorCount = 0;
    this.input = tokens;
    let stoppedAt: IToken | undefined;
    try {
      this.file();
    } catch (error) {
      if (!(error instanceof TooManyErrors)) throw error;
      stoppedAt = error.token;
    }
    // Recovery that unwound to the top leaves the declaration it cut short here.
    const partial = this.takeRecovered() as ast.TopLevel | undefined;
    if (partial && TOP_LEVEL_KINDS.has(partial.kind) && !this.topLevelNodes.includes(partial)) this.topLevelNodes.push(partial);
    const nodes = this.topLevelNodes;
    const errors = this.errors;
    // Hold no reference to the input or the tree between parses (setting `input` also clears `errors`).
    this.topLevelNodes = [];
    this.input = [];
    return stoppedAt ? { nodes, errors, stoppedAt } : { nodes, errors };
  }

  public file = this.RULE('file', (): void => {
    this.MANY(() => {
      const node = this.SUBRULE(this.topLevel);
      if (node && !this.RECORDING_PHASE) this.topLevelNodes.push(node);
    });
  });

  private topLevel = this.RULE('topLevel', (): ast.TopLevel | undefined => this.OR(this.alternatives<ast.TopLevel | undefined>('topLevel', () => [
    { ALT: () => this.SUBRULE(this.include) },
    { ALT: () => this.SUBRULE(this.story) },
    { ALT: () => this.SUBRULE(this.character) },
    { ALT: () => this.SUBRULE(this.place) },
    { ALT: () => this.SUBRULE(this.arc) },
    { ALT: () => this.SUBRULE(this.event) },
    { ALT: () => this.SUBRULE(this.choice) },
  ])), this.keepPartialOf(['story', 'character', 'arc', 'event', 'choice']));

  private include = this.RULE('include', (): ast.Include | undefined => {
    const kw = this.CONSUME(Kw.include);
    const path = stringOf(this.CONSUME(StringLiteral));
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return { kind: 'include', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, path) }, path };
  });

  private story = this.RULE('story', (): ast.Story | undefined => {
    let kw: IToken | undefined;
    let titleToken: IToken | undefined;
    let close: IToken | undefined;
    const items: (ast.StoryItem | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      if (!keyword) return undefined;
      const kept = defined(items);
      const title = stringOf(titleToken);
      return {
        kind: 'story' as const, keywordSpan: keyword, title, items: kept,
        span: { start: keyword.start, end: endOf(keyword.end, title, kept[kept.length - 1], close) },
      };
    }, () => {
      kw = this.CONSUME(Kw.story);
      titleToken = this.CONSUME(StringLiteral);
      this.CONSUME(LCurly);
      this.MANY(() => items.push(this.SUBRULE(this.storyItem)));
      close = this.CONSUME(RCurly);
    });
  }, this.keepPartial);

  private storyItem = this.RULE('storyItem', (): ast.StoryItem | undefined => this.OR(this.alternatives<ast.StoryItem | undefined>('storyItem', () => [
    { ALT: () => this.SUBRULE(this.themes) },
    { ALT: () => this.SUBRULE(this.goal) },
    { ALT: () => this.SUBRULE(this.limits) },
    { ALT: () => this.SUBRULE(this.avoid) },
    { ALT: () => this.SUBRULE(this.rules) },
  ])), this.keepPartialOf(['limits', 'rules']));

  private themes = this.RULE('themes', (): ast.ThemesItem | undefined => this.idListItem('themes', Kw.themes));
  private avoid = this.RULE('avoid', (): ast.AvoidItem | undefined => this.idListItem('avoid', Kw.avoid));
  private traits = this.RULE('traits', (): ast.TraitsItem | undefined => this.idListItem('traits', Kw.traits));
  private goals = this.RULE('goals', (): ast.GoalsItem | undefined => this.idListItem('goals', Kw.goals));

  /** `keyword name, name, ...` (the body shared by several rules). */
  private idListItem<K extends string>(kind: K, keywordType: TokenType): { kind: K; keywordSpan: ast.Span; span: ast.Span; names: ast.Name[] } | undefined {
    const kw = this.CONSUME(keywordType);
    const names = this.SUBRULE(this.idList) ?? [];
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return { kind, keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, names[names.length - 1]) }, names };
  }

  private goal = this.RULE('goal', (): ast.GoalItem | undefined => {
    const kw = this.CONSUME(Kw.goal);
    const name = nameOf(this.CONSUME(Name));
    const description = stringOf(this.OPTION(() => this.CONSUME(StringLiteral)));
    const keyword = keywordSpan(kw);
    if (!keyword || !name) return undefined;
    return { kind: 'goal', keywordSpan: keyword, span: { start: keyword.start, end: endOf(name.span.end, description) }, name, description };
  });

  private limits = this.RULE('limits', (): ast.LimitsItem | undefined => {
    let kw: IToken | undefined;
    let close: IToken | undefined;
    const entries: (ast.LimitEntry | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      if (!keyword) return undefined;
      const kept = defined(entries);
      return { kind: 'limits' as const, keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, kept[kept.length - 1], close) }, entries: kept };
    }, () => {
      kw = this.CONSUME(Kw.limits);
      this.CONSUME(LCurly);
      this.MANY(() => entries.push(this.SUBRULE(this.limitEntry)));
      close = this.CONSUME(RCurly);
    });
  }, this.keepPartial);

  private limitEntry = this.RULE('limitEntry', (): ast.LimitEntry | undefined => {
    const key = this.OR(this.alternatives<IToken>('limitEntry', () => [
      { ALT: () => this.CONSUME(Kw.max) },
      { ALT: () => this.CONSUME(Kw.spike) },
      { ALT: () => this.CONSUME(Kw.peak) },
      { ALT: () => this.CONSUME(Kw.calm) },
      { ALT: () => this.CONSUME(Kw.within) },
      { ALT: () => this.CONSUME(Kw.warn) },
    ]));
    const value = numberOf(this.CONSUME(NumberLiteral));
    if (!present(key)) return undefined;
    const keySpan = tokenSpan(key);
    return { key: key.image as ast.LimitKey, keySpan, span: { start: keySpan.start, end: endOf(keySpan.end, value) }, value };
  });

  private rules = this.RULE('rules', (): ast.RulesItem | undefined => {
    let kw: IToken | undefined;
    let close: IToken | undefined;
    const entries: (ast.RuleEntry | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      if (!keyword) return undefined;
      const kept = defined(entries);
      return { kind: 'rules' as const, keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, kept[kept.length - 1], close) }, entries: kept };
    }, () => {
      kw = this.CONSUME(Kw.rules);
      this.CONSUME(LCurly);
      this.MANY(() => entries.push(this.SUBRULE(this.ruleEntry)));
      close = this.CONSUME(RCurly);
    });
  }, this.keepPartial);

  private ruleEntry = this.RULE('ruleEntry', (): ast.RuleEntry | undefined => {
    let codeToken: IToken | undefined;
    let level: IToken | undefined;
    return this.guarded(() => {
      const code = nameOf(codeToken);
      if (!code) return undefined;
      const levelPresent = present(level);
      return {
        code,
        level: levelPresent ? (level!.image as ast.RuleLevel) : undefined,
        levelSpan: levelPresent ? tokenSpan(level!) : undefined,
        span: { start: code.span.start, end: endOf(code.span.end, level) },
      };
    }, () => {
      codeToken = this.CONSUME(Name);
      level = this.SUBRULE(this.ruleLevel);
    });
  }, this.keepPartial);

  private ruleLevel = this.RULE('ruleLevel', (): IToken => this.OR(this.alternatives<IToken>('ruleLevel', () => [
    { ALT: () => this.CONSUME(Kw.off) },
    { ALT: () => this.CONSUME(Kw.error) },
    { ALT: () => this.CONSUME(Kw.warning) },
    { ALT: () => this.CONSUME(Kw.info) },
    { ALT: () => this.CONSUME(Kw.hint) },
  ])));

  private character = this.RULE('character', (): ast.CharacterDecl | undefined => {
    let kw: IToken | undefined;
    let nameToken: IToken | undefined;
    let titleToken: IToken | undefined;
    let open: IToken | undefined;
    let close: IToken | undefined;
    const items: (ast.CharacterItem | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      const name = nameOf(nameToken);
      if (!keyword || !name) return undefined;
      const kept = defined(items);
      const title = stringOf(titleToken);
      return {
        kind: 'character' as const, keywordSpan: keyword, name, title, items: kept, body: bodyOf(open, close),
        span: { start: keyword.start, end: endOf(name.span.end, title, open, kept[kept.length - 1], close) },
      };
    }, () => {
      kw = this.CONSUME(Kw.character);
      nameToken = this.CONSUME(Name);
      titleToken = this.OPTION(() => this.CONSUME(StringLiteral));
      this.OPTION2(() => {
        open = this.CONSUME(LCurly);
        this.MANY(() => items.push(this.SUBRULE(this.characterItem)));
        close = this.CONSUME(RCurly);
      });
    });
  }, this.keepPartial);

  private characterItem = this.RULE('characterItem', (): ast.CharacterItem | undefined => this.OR(this.alternatives<ast.CharacterItem | undefined>('characterItem', () => [
    { ALT: () => this.SUBRULE(this.traits) },
    { ALT: () => this.SUBRULE(this.stages) },
  ])));

  private stages = this.RULE('stages', (): ast.StagesItem | undefined => {
    const kw = this.CONSUME(Kw.stages);
    const names: (ast.Name | undefined)[] = [nameOf(this.CONSUME(Name))];
    this.MANY(() => {
      this.CONSUME(Arrow);
      names.push(nameOf(this.CONSUME2(Name)));
    });
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    const kept = defined(names);
    return { kind: 'stages', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, kept[kept.length - 1]) }, names: kept };
  });

  private place = this.RULE('place', (): ast.PlaceDecl | undefined => {
    const kw = this.CONSUME(Kw.place);
    const name = nameOf(this.CONSUME(Name));
    const title = stringOf(this.OPTION(() => this.CONSUME(StringLiteral)));
    const keyword = keywordSpan(kw);
    if (!keyword || !name) return undefined;
    return { kind: 'place', keywordSpan: keyword, span: { start: keyword.start, end: endOf(name.span.end, title) }, name, title };
  });

  private arc = this.RULE('arc', (): ast.ArcDecl | undefined => {
    let kw: IToken | undefined;
    let nameToken: IToken | undefined;
    let scale: IToken | undefined;
    let titleToken: IToken | undefined;
    let open: IToken | undefined;
    let close: IToken | undefined;
    const items: (ast.ArcItem | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      const name = nameOf(nameToken);
      if (!keyword || !name) return undefined;
      const kept = defined(items);
      const title = stringOf(titleToken);
      const scalePresent = present(scale);
      return {
        kind: 'arc' as const, keywordSpan: keyword, name, title, items: kept, body: bodyOf(open, close),
        scale: scalePresent ? (scale!.image as ast.Scale) : undefined,
        scaleSpan: scalePresent ? tokenSpan(scale!) : undefined,
        span: { start: keyword.start, end: endOf(name.span.end, scale, title, open, kept[kept.length - 1], close) },
      };
    }, () => {
      kw = this.CONSUME(Kw.arc);
      nameToken = this.CONSUME(Name);
      scale = this.SUBRULE(this.arcScale);
      titleToken = this.OPTION(() => this.CONSUME(StringLiteral));
      open = this.CONSUME(LCurly);
      this.MANY(() => items.push(this.SUBRULE(this.arcItem)));
      close = this.CONSUME(RCurly);
    });
  }, this.keepPartial);

  private arcScale = this.RULE('arcScale', (): IToken => this.OR(this.alternatives<IToken>('arcScale', () => [
    { ALT: () => this.CONSUME(Kw.macro) },
    { ALT: () => this.CONSUME(Kw.meso) },
    { ALT: () => this.CONSUME(Kw.micro) },
  ])));

  private arcItem = this.RULE('arcItem', (): ast.ArcItem | undefined => this.OR(this.alternatives<ast.ArcItem | undefined>('arcItem', () => [
    { ALT: () => this.SUBRULE(this.themes) },
    { ALT: () => this.SUBRULE(this.goals) },
    { ALT: () => this.SUBRULE(this.span) },
    { ALT: () => this.SUBRULE(this.allow) },
    { ALT: () => this.SUBRULE(this.arc) },
    { ALT: () => this.SUBRULE(this.event) },
    { ALT: () => this.SUBRULE(this.choice) },
  ])), this.keepPartialOf(['arc', 'event', 'choice']));

  private span = this.RULE('span', (): ast.SpanItem | undefined => {
    const kw = this.CONSUME(Kw.span);
    const from = timeOf(this.CONSUME(Time));
    this.CONSUME(DotDot);
    const to = timeOf(this.CONSUME2(Time));
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return { kind: 'span', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, from, to) }, from, to };
  });

  private event = this.RULE('event', (): ast.EventDecl | undefined => {
    let kw: IToken | undefined;
    let nameToken: IToken | undefined;
    let timeToken: IToken | undefined;
    let titleToken: IToken | undefined;
    let open: IToken | undefined;
    let close: IToken | undefined;
    const items: (ast.BeatItem | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      const name = nameOf(nameToken);
      if (!keyword || !name) return undefined;
      const kept = defined(items);
      const time = timeOf(timeToken);
      const title = stringOf(titleToken);
      return {
        kind: 'event' as const, keywordSpan: keyword, name, time, title, items: kept, body: bodyOf(open, close),
        span: { start: keyword.start, end: endOf(name.span.end, time, title, open, kept[kept.length - 1], close) },
      };
    }, () => {
      kw = this.CONSUME(Kw.event);
      nameToken = this.CONSUME(Name);
      timeToken = this.CONSUME(Time);
      titleToken = this.OPTION(() => this.CONSUME(StringLiteral));
      this.OPTION2(() => {
        open = this.CONSUME(LCurly);
        this.MANY(() => items.push(this.SUBRULE(this.beatItem)));
        close = this.CONSUME(RCurly);
      });
    });
  }, this.keepPartial);

  private beatItem = this.RULE('beatItem', (): ast.BeatItem | undefined => this.OR(this.alternatives<ast.BeatItem | undefined>('beatItem', () => [
    { ALT: () => this.SUBRULE(this.at) },
    { ALT: () => this.SUBRULE(this.nameListItem) },
    { ALT: () => this.SUBRULE(this.intensity) },
    { ALT: () => this.SUBRULE(this.requires) },
    { ALT: () => this.SUBRULE(this.stageItem) },
    { ALT: () => this.SUBRULE(this.warning) },
    { ALT: () => this.SUBRULE(this.allow) },
    {
      ALT: () => {
        const t = this.CONSUME(Prose);
        return present(t) ? { kind: 'prose' as const, text: proseText(t.image), span: tokenSpan(t) } : undefined;
      },
    },
  ])));

  private at = this.RULE('at', (): ast.AtItem | undefined => {
    const kw = this.CONSUME(Kw.at);
    const place = nameOf(this.CONSUME(Name));
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return { kind: 'at', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, place) }, place };
  });

  /** Beat items whose payload is a list of names (`with`, `causes`, ...). */
  private nameListItem = this.RULE('nameListItem', (): ast.NameListBeatItem | undefined => {
    const kw = this.OR(this.alternatives<IToken>('nameListItem', () => [
      { ALT: () => this.CONSUME(Kw.with) },
      { ALT: () => this.CONSUME(Kw.tags) },
      { ALT: () => this.CONSUME(Kw.themes) },
      { ALT: () => this.CONSUME(Kw.causes) },
      { ALT: () => this.CONSUME(Kw.prevents) },
      { ALT: () => this.CONSUME(Kw.kills) },
      { ALT: () => this.CONSUME(Kw.exits) },
      { ALT: () => this.CONSUME(Kw.enters) },
      { ALT: () => this.CONSUME(Kw.addresses) },
      { ALT: () => this.CONSUME(Kw.setup) },
      { ALT: () => this.CONSUME(Kw.payoff) },
      { ALT: () => this.CONSUME(Kw.resolves) },
    ]));
    const names = this.SUBRULE(this.idList) ?? [];
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return {
      kind: kw.image as ast.NameListBeatItemKind, keywordSpan: keyword, names,
      span: { start: keyword.start, end: endOf(keyword.end, names[names.length - 1]) },
    };
  });

  private intensity = this.RULE('intensity', (): ast.IntensityItem | undefined => {
    const kw = this.CONSUME(Kw.intensity);
    const value = numberOf(this.CONSUME(NumberLiteral));
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return { kind: 'intensity', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, value) }, value };
  });

  private requires = this.RULE('requires', (): ast.RequiresItem | undefined => {
    const kw = this.CONSUME(Kw.requires);
    const alternatives: (ast.Name | undefined)[] = [nameOf(this.CONSUME(Name))];
    this.MANY(() => {
      this.CONSUME(Kw.or);
      alternatives.push(nameOf(this.CONSUME2(Name)));
    });
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    const kept = defined(alternatives);
    return { kind: 'requires', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, kept[kept.length - 1]) }, alternatives: kept };
  });

  private stageItem = this.RULE('stageItem', (): ast.StageItem | undefined => {
    const kw = this.OR(this.alternatives<IToken>('stageItem', () => [
      { ALT: () => this.CONSUME(Kw.stage) },
      { ALT: () => this.CONSUME(Kw.regress) },
    ]));
    const character = nameOf(this.CONSUME(Name));
    const stage = nameOf(this.CONSUME2(Name));
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return {
      kind: kw.image === 'regress' ? 'regress' : 'stage', keywordSpan: keyword, character, stage,
      span: { start: keyword.start, end: endOf(keyword.end, character, stage) },
    };
  });

  private warning = this.RULE('warning', (): ast.WarningItem | undefined => {
    const kw = this.CONSUME(Kw.warning);
    const text = stringOf(this.CONSUME(StringLiteral));
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    return { kind: 'warning', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, text) }, text };
  });

  private allow = this.RULE('allow', (): ast.AllowItem | undefined => {
    const kw = this.CONSUME(Kw.allow);
    const codes: (ast.Name | undefined)[] = [nameOf(this.CONSUME(Name))];
    this.MANY(() => {
      this.CONSUME(Comma);
      codes.push(nameOf(this.CONSUME2(Name)));
    });
    const keyword = keywordSpan(kw);
    if (!keyword) return undefined;
    const kept = defined(codes);
    return { kind: 'allow', keywordSpan: keyword, span: { start: keyword.start, end: endOf(keyword.end, kept[kept.length - 1]) }, codes: kept };
  });

  private choice = this.RULE('choice', (): ast.ChoiceDecl | undefined => {
    let kw: IToken | undefined;
    let nameToken: IToken | undefined;
    let timeToken: IToken | undefined;
    let titleToken: IToken | undefined;
    let open: IToken | undefined;
    let close: IToken | undefined;
    const options: (ast.OptionDecl | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      const name = nameOf(nameToken);
      if (!keyword || !name) return undefined;
      const kept = defined(options);
      const time = timeOf(timeToken);
      const title = stringOf(titleToken);
      return {
        kind: 'choice' as const, keywordSpan: keyword, name, time, title, options: kept, body: bodyOf(open, close),
        span: { start: keyword.start, end: endOf(name.span.end, time, title, open, kept[kept.length - 1], close) },
      };
    }, () => {
      kw = this.CONSUME(Kw.choice);
      nameToken = this.CONSUME(Name);
      timeToken = this.CONSUME(Time);
      titleToken = this.OPTION(() => this.CONSUME(StringLiteral));
      open = this.CONSUME(LCurly);
      this.MANY(() => options.push(this.SUBRULE(this.optionBlock)));
      close = this.CONSUME(RCurly);
    });
  }, this.keepPartial);

  private optionBlock = this.RULE('optionBlock', (): ast.OptionDecl | undefined => {
    let kw: IToken | undefined;
    let nameToken: IToken | undefined;
    let titleToken: IToken | undefined;
    let open: IToken | undefined;
    let close: IToken | undefined;
    const children: (Decl | undefined)[] = [];
    return this.guarded(() => {
      const keyword = kw && keywordSpan(kw);
      const name = nameOf(nameToken);
      if (!keyword || !name) return undefined;
      const kept = defined(children);
      const title = stringOf(titleToken);
      return {
        kind: 'option' as const, keywordSpan: keyword, name, title, children: kept, body: bodyOf(open, close),
        span: { start: keyword.start, end: endOf(name.span.end, title, open, kept[kept.length - 1], close) },
      };
    }, () => {
      kw = this.CONSUME(Kw.option);
      nameToken = this.CONSUME(Name);
      titleToken = this.CONSUME(StringLiteral);
      open = this.CONSUME(LCurly);
      this.MANY(() => children.push(this.SUBRULE(this.optionChild)));
      close = this.CONSUME(RCurly);
    });
  }, this.keepPartial);

  private optionChild = this.RULE('optionChild', (): Decl | undefined => this.OR(this.alternatives<Decl | undefined>('optionChild', () => [
    { ALT: () => this.SUBRULE(this.arc) },
    { ALT: () => this.SUBRULE(this.event) },
    { ALT: () => this.SUBRULE(this.choice) },
  ])), this.keepPartialOf(['arc', 'event', 'choice']));

  private idList = this.RULE('idList', (): ast.Name[] => {
    const names: (ast.Name | undefined)[] = [nameOf(this.CONSUME(Name))];
    this.MANY(() => {
      this.CONSUME(Comma);
      names.push(nameOf(this.CONSUME2(Name)));
    });
    return defined(names);
  });
}

/** Splits the top-level nodes into the file's lists. */
export function fileOf(
  children: readonly ast.TopLevel[], comments: readonly ast.Comment[], unrepresentable: readonly ast.UnrepresentableNumber[],
): ast.ArcFile {
  const includes: ast.Include[] = [];
  const stories: ast.Story[] = [];
  const declarations: ast.Declaration[] = [];
  for (const child of children) {
    if (child.kind === 'include') includes.push(child);
    else if (child.kind === 'story') stories.push(child);
    else declarations.push(child);
  }
  return { kind: 'file', includes, stories, declarations, children, comments, unrepresentable };
}
