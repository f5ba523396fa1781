export * from './ast.js';
export { checkGrammarDefinition, parse, tokenize, MAX_NESTING, MAX_SYNTAX_ERRORS } from './parse.js';
export { LineIndex, type Position } from './line-index.js';
export { KEYWORDS, type Keyword } from './tokens.js';
export { unescapeString, proseText } from './literals.js';
