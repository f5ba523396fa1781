/**
 * The Arc parser: a Chevrotain CST parser with error recovery. One instance is
 * created once and reused by resetting `input` (see `parse.ts`).
 *
 * Every repetition that holds items also accepts a stray token (`junk*`
 * rules), so one unexpected word costs one error and never the rest of the
 * block or file. The rule names below are what error messages talk about, so
 * they are described in `RULE_DESCRIPTIONS`.
 */
import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import {
  allTokens, Arrow, Comma, DotDot, Kw, LCurly, Name, NumberLiteral, Prose, RCurly, StringLiteral, Time,
} from './tokens.js';


/** What a writer would call each rule, for "expected ..." messages. */
export const RULE_DESCRIPTIONS: Record<string, string> = {
  file: 'an `include`, a `story` header or a declaration (`character`, `place`, `arc`, `event`, `choice`)',
  topLevel: 'an `include`, a `story` header or a declaration (`character`, `place`, `arc`, `event`, `choice`)',
  storyItem: 'a story item (`themes`, `goal`, `limits`, `avoid`, `rules`)',
  limitEntry: 'a limit (`max`, `spike`, `peak`, `calm`, `within`, `warn`)',
  ruleEntry: 'a rule code like `T101`',
  ruleLevel: 'a severity (`off`, `error`, `warning`, `info`, `hint`)',
  characterItem: '`traits` or `stages`',
  arcScale: 'a scale (`macro`, `meso` or `micro`)',
  arcItem: 'an arc item (`themes`, `goals`, `span`, `allow`, `arc`, `event`, `choice`)',
  beatItem:
    'a beat item (`at`, `with`, `intensity`, `tags`, `themes`, `causes`, `requires`, `prevents`, `kills`, ' +
    '`exits`, `enters`, `stage`, `regress`, `addresses`, `setup`, `payoff`, `resolves`, `warning`, `allow` or a `>` prose line)',
  optionChild: 'an `arc`, `event` or `choice`',
  optionBlock: 'an `option`',
};

function tokenLabel(type: TokenType): string {
  if (type === EOF) return 'the end of the file';
  return type.LABEL ?? type.name;
}

function found(token: IToken): string {
  if (token.tokenType === EOF) return 'the file ended';
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
  return `found \`${image}\``;
}

function quoted(token: IToken): string {
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
  return `\`${image}\``;
}

/** What may stand inside each kind of block, for "unexpected ... in this block" messages. */
const BLOCK_ITEMS: Record<string, string> = {
  story: 'a story item (`themes`, `goal`, `limits`, `avoid`, `rules`)',
  limits: 'a limit (`max`, `spike`, `peak`, `calm`, `within`, `warn`) and its number',
  rules: 'a rule code and its severity (`T101 off`)',
  character: '`traits` or `stages`',
  arc: 'an arc item (`themes`, `goals`, `span`, `allow`, `arc`, `event`, `choice`)',
  event: 'a beat item (`at`, `with`, `intensity`, `causes`, ..., or a `>` prose line)',
  choice: 'an `option`',
  optionBlock: 'an `arc`, `event` or `choice`',
};

function after(previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || previous.image === '') return '';
  const image = previous.image.length > 40 ? `${previous.image.slice(0, 40)}…` : previous.image;
  return ` after \`${image}\``;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    if (expected === EOF) return `unexpected ${quoted(actual)}: expected ${RULE_DESCRIPTIONS.topLevel}`;
    const items = BLOCK_ITEMS[ruleName];
    if (expected === RCurly && items && actual.tokenType !== EOF) {
      return `unexpected ${quoted(actual)} in this ${ruleName === 'optionBlock' ? 'option' : ruleName}: expected ${items} or \`}\``;
    }
    if (expected === RCurly && actual.tokenType === EOF) {
      return `this ${ruleName === 'optionBlock' ? 'option' : ruleName} block is not closed: expected \`}\` before the end of the file`;
    }
    return `expected ${tokenLabel(expected)}${after(previous)}, but ${found(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected \`${firstRedundant.image}\`: expected ${RULE_DESCRIPTIONS.topLevel}`;
  },
  buildNoViableAltMessage({ actual, previous, ruleName }) {
    const what = RULE_DESCRIPTIONS[ruleName] ?? 'something else';
    return `expected ${what}${after(previous)}, but ${found(actual[0] ?? previous)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, ruleName }) {
    const what = RULE_DESCRIPTIONS[ruleName] ??
      expectedIterationPaths.map((path) => path.map(tokenLabel).join(' ')).join(' or ');
    return `expected ${what}${after(previous)}, but ${found(actual[0] ?? previous)}`;
  },
};

export class ArcParser extends CstParser {
  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: errorMessages,
      maxLookahead: 2,
    });
    this.performSelfAnalysis();
  }

  public file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  private topLevel = this.RULE('topLevel', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.include) },
      { ALT: () => this.SUBRULE(this.story) },
      { ALT: () => this.SUBRULE(this.character) },
      { ALT: () => this.SUBRULE(this.place) },
      { ALT: () => this.SUBRULE(this.arc) },
      { ALT: () => this.SUBRULE(this.event) },
      { ALT: () => this.SUBRULE(this.choice) },
    ]);
  });

  private include = this.RULE('include', () => {
    this.CONSUME(Kw.include);
    this.CONSUME(StringLiteral);
  });

  private story = this.RULE('story', () => {
    this.CONSUME(Kw.story);
    this.CONSUME(StringLiteral);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.storyItem));
    this.CONSUME(RCurly);
  });

  private storyItem = this.RULE('storyItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.themes) },
      { ALT: () => this.SUBRULE(this.goal) },
      { ALT: () => this.SUBRULE(this.limits) },
      { ALT: () => this.SUBRULE(this.avoid) },
      { ALT: () => this.SUBRULE(this.rules) },
    ]);
  });

  private themes = this.RULE('themes', () => {
    this.CONSUME(Kw.themes);
    this.SUBRULE(this.idList);
  });

  private goal = this.RULE('goal', () => {
    this.CONSUME(Kw.goal);
    this.CONSUME(Name);
    this.OPTION(() => this.CONSUME(StringLiteral));
  });

  private limits = this.RULE('limits', () => {
    this.CONSUME(Kw.limits);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.limitEntry));
    this.CONSUME(RCurly);
  });

  private limitEntry = this.RULE('limitEntry', () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.max) },
      { ALT: () => this.CONSUME(Kw.spike) },
      { ALT: () => this.CONSUME(Kw.peak) },
      { ALT: () => this.CONSUME(Kw.calm) },
      { ALT: () => this.CONSUME(Kw.within) },
      { ALT: () => this.CONSUME(Kw.warn) },
    ]);
    this.CONSUME(NumberLiteral);
  });

  private avoid = this.RULE('avoid', () => {
    this.CONSUME(Kw.avoid);
    this.SUBRULE(this.idList);
  });

  private rules = this.RULE('rules', () => {
    this.CONSUME(Kw.rules);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.ruleEntry));
    this.CONSUME(RCurly);
  });

  private ruleEntry = this.RULE('ruleEntry', () => {
    this.CONSUME(Name);
    this.SUBRULE(this.ruleLevel);
  });

  private ruleLevel = this.RULE('ruleLevel', () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.off) },
      { ALT: () => this.CONSUME(Kw.error) },
      { ALT: () => this.CONSUME(Kw.warning) },
      { ALT: () => this.CONSUME(Kw.info) },
      { ALT: () => this.CONSUME(Kw.hint) },
    ]);
  });

  private character = this.RULE('character', () => {
    this.CONSUME(Kw.character);
    this.CONSUME(Name);
    this.OPTION(() => this.CONSUME(StringLiteral));
    this.OPTION2(() => {
      this.CONSUME(LCurly);
      this.MANY(() => this.SUBRULE(this.characterItem));
      this.CONSUME(RCurly);
    });
  });

  private characterItem = this.RULE('characterItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.traits) },
      { ALT: () => this.SUBRULE(this.stages) },
    ]);
  });

  private traits = this.RULE('traits', () => {
    this.CONSUME(Kw.traits);
    this.SUBRULE(this.idList);
  });

  private stages = this.RULE('stages', () => {
    this.CONSUME(Kw.stages);
    this.CONSUME(Name);
    this.MANY(() => {
      this.CONSUME(Arrow);
      this.CONSUME2(Name);
    });
  });

  private place = this.RULE('place', () => {
    this.CONSUME(Kw.place);
    this.CONSUME(Name);
    this.OPTION(() => this.CONSUME(StringLiteral));
  });

  private arc = this.RULE('arc', () => {
    this.CONSUME(Kw.arc);
    this.CONSUME(Name);
    this.SUBRULE(this.arcScale);
    this.OPTION(() => this.CONSUME(StringLiteral));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.arcItem));
    this.CONSUME(RCurly);
  });

  private arcScale = this.RULE('arcScale', () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.macro) },
      { ALT: () => this.CONSUME(Kw.meso) },
      { ALT: () => this.CONSUME(Kw.micro) },
    ]);
  });

  private arcItem = this.RULE('arcItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.themes) },
      { ALT: () => this.SUBRULE(this.goals) },
      { ALT: () => this.SUBRULE(this.span) },
      { ALT: () => this.SUBRULE(this.allow) },
      { ALT: () => this.SUBRULE(this.arc) },
      { ALT: () => this.SUBRULE(this.event) },
      { ALT: () => this.SUBRULE(this.choice) },
    ]);
  });

  private goals = this.RULE('goals', () => {
    this.CONSUME(Kw.goals);
    this.SUBRULE(this.idList);
  });

  private span = this.RULE('span', () => {
    this.CONSUME(Kw.span);
    this.CONSUME(Time);
    this.CONSUME(DotDot);
    this.CONSUME2(Time);
  });

  private event = this.RULE('event', () => {
    this.CONSUME(Kw.event);
    this.CONSUME(Name);
    this.CONSUME(Time);
    this.OPTION(() => this.CONSUME(StringLiteral));
    this.OPTION2(() => {
      this.CONSUME(LCurly);
      this.MANY(() => this.SUBRULE(this.beatItem));
      this.CONSUME(RCurly);
    });
  });

  private beatItem = this.RULE('beatItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.at) },
      { ALT: () => this.SUBRULE(this.nameListItem) },
      { ALT: () => this.SUBRULE(this.intensity) },
      { ALT: () => this.SUBRULE(this.requires) },
      { ALT: () => this.SUBRULE(this.stageItem) },
      { ALT: () => this.SUBRULE(this.warning) },
      { ALT: () => this.SUBRULE(this.allow) },
      { ALT: () => this.CONSUME(Prose) },
    ]);
  });

  private at = this.RULE('at', () => {
    this.CONSUME(Kw.at);
    this.CONSUME(Name);
  });

  private nameListItem = this.RULE('nameListItem', () => {
    this.OR([
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
    ]);
    this.SUBRULE(this.idList);
  });

  private intensity = this.RULE('intensity', () => {
    this.CONSUME(Kw.intensity);
    this.CONSUME(NumberLiteral);
  });

  private requires = this.RULE('requires', () => {
    this.CONSUME(Kw.requires);
    this.CONSUME(Name);
    this.MANY(() => {
      this.CONSUME(Kw.or);
      this.CONSUME2(Name);
    });
  });

  private stageItem = this.RULE('stageItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(Kw.stage) },
      { ALT: () => this.CONSUME(Kw.regress) },
    ]);
    this.CONSUME(Name);
    this.CONSUME2(Name);
  });

  private warning = this.RULE('warning', () => {
    this.CONSUME(Kw.warning);
    this.CONSUME(StringLiteral);
  });

  private allow = this.RULE('allow', () => {
    this.CONSUME(Kw.allow);
    this.CONSUME(Name);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME2(Name);
    });
  });

  private choice = this.RULE('choice', () => {
    this.CONSUME(Kw.choice);
    this.CONSUME(Name);
    this.CONSUME(Time);
    this.OPTION(() => this.CONSUME(StringLiteral));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.optionBlock));
    this.CONSUME(RCurly);
  });

  private optionBlock = this.RULE('optionBlock', () => {
    this.CONSUME(Kw.option);
    this.CONSUME(Name);
    this.CONSUME(StringLiteral);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.optionChild));
    this.CONSUME(RCurly);
  });

  private optionChild = this.RULE('optionChild', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.arc) },
      { ALT: () => this.SUBRULE(this.event) },
      { ALT: () => this.SUBRULE(this.choice) },
    ]);
  });

  private idList = this.RULE('idList', () => {
    this.CONSUME(Name);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME2(Name);
    });
  });
}

