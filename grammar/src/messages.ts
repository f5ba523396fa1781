/**
 * Syntax error messages a writer understands: "expected a number after
 * `intensity`", "unexpected `foo` in the event's block: expected a beat item
 * or `}`". Rule names are what the parser reports; they are described here.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { RCurly } from './tokens.js';

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
  // Invented `}` tokens close blocks left open at the end of the file (parse.ts).
  if (token.tokenType === EOF || token.isInsertedInRecovery) return 'the file ended';
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
  return `found \`${image}\``;
}

function quoted(token: IToken): string {
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
  return `\`${image}\``;
}

/** How messages name each kind of block. */
const BLOCK_NAMES: Record<string, string> = {
  story: 'the story header',
  limits: 'the `limits` block',
  rules: 'the `rules` block',
  character: "the character's block",
  arc: 'the arc',
  event: "the event's block",
  choice: 'the choice',
  optionBlock: 'the option',
};

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
      return `unexpected ${quoted(actual)} in ${BLOCK_NAMES[ruleName] ?? 'this block'}: expected ${items} or \`}\``;
    }
    if (expected === RCurly && actual.tokenType === EOF) {
      return `${BLOCK_NAMES[ruleName] ?? 'this block'} is not closed: expected \`}\` before the end of the file`;
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
