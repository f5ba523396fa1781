// Generates syntaxes/arc.tmLanguage.json: node scripts/generate-tmlanguage.mjs syntaxes/arc.tmLanguage.json
// Edit this script rather than the JSON; test/syntaxes.test.ts checks the result.
import { writeFileSync } from 'node:fs';

const IC = '[\\p{L}\\p{M}\\p{Nd}_]';          // identifier continue char
const IDENT = `[\\p{L}_]${IC}*`;
const B = `(?<!${IC})`;                        // word start boundary
const E = `(?!${IC})`;                         // word end boundary
const kw = (words) => `${B}(${words.join('|')})${E}`;
// "nothing but a comment may come next": used to stop a state at the next real token.
const COMMENT_OR_SPACE = '\\s|/[/*]';

const inc = (...names) => names.map((n) => ({ include: `#${n}` }));

/** State that ends at the first token not in `allowedStart` (a char class body). */
const headerEnd = (allowed, notBefore = '') =>
  `(?<=\\})|(?=[^\\s/${allowed}]|/(?![/*]))${notBefore ? `(?!${notBefore})` : ''}`;

const block = (name, patterns) => ({
  begin: '\\{',
  beginCaptures: { 0: { name: 'punctuation.section.block.begin.arc' } },
  end: '\\}',
  endCaptures: { 0: { name: 'punctuation.section.block.end.arc' } },
  name: `meta.block.${name}.arc`,
  patterns,
});

/** Name expected on a later line (the keyword ended its line). */
const nameOnNextLine = (scope) => ({
  begin: `\\G(?=\\s*(?:/[/*].*)?$)`,
  end: `(${IDENT})|(?=[^\\s/]|/(?![/*]))`,
  endCaptures: { 1: { name: scope } },
  patterns: inc('comments'),
});

/**
 * A declaration `kw NAME ...header... [{ block }]`: two variants, name on the
 * keyword's line (captured by begin) or on a later line.
 */
function decl(word, nameScope, bodyRepo, extraBegin = '', extraCaptures = {}, allowed = '"{', notBefore = '') {
  const declScope = { name: `keyword.declaration.${word}.arc` };
  return {
    patterns: [
      {
        name: `meta.declaration.${word}.arc`,
        begin: `${B}(${word})${E}\\s+(${IDENT})${extraBegin}`,
        beginCaptures: { 1: declScope, 2: { name: nameScope }, ...extraCaptures },
        end: headerEnd(allowed, notBefore),
        patterns: inc(bodyRepo),
      },
      {
        name: `meta.declaration.${word}.arc`,
        begin: `${B}(${word})${E}`,
        beginCaptures: { 1: declScope },
        end: headerEnd(allowed, notBefore),
        patterns: [nameOnNextLine(nameScope), ...inc(bodyRepo)],
      },
    ],
  };
}

/** `kw a <sep> b <sep> c`: a list of names (or codes) separated by `sep`. */
function list(words, sepRegex, sepScope, itemRegex, itemScope, keywordScope = 'keyword.other.$1.arc', sepIsWord = false) {
  const sepLook = sepIsWord ? `\\s+${sepRegex}${E}` : `\\s*${sepRegex}`;
  return {
    begin: kw(words),
    beginCaptures: { 1: { name: keywordScope } },
    // the last item (not followed by a separator), or any other token (not an item + separator)
    end: `(${itemRegex})${E}(?!${sepLook})|(?=[^\\s/]|/(?![/*]))(?!(?:${itemRegex})${E}${sepLook})`,
    endCaptures: { 1: { name: itemScope } },
    patterns: [
      ...inc('comments'),
      {
        match: `(${itemRegex})${E}(${sepIsWord ? '\\s+' : '\\s*'})(${sepRegex})${sepIsWord ? E : ''}`,
        captures: { 1: { name: itemScope }, 3: { name: sepScope } },
      },
    ],
  };
}

const REF = 'variable.other.arc';
const ID_LIST_COMMA = (words) => list(words, ',', 'punctuation.separator.comma.arc', IDENT, REF);

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Arc story script',
  scopeName: 'source.arc',
  fileTypes: ['arc'],
  comment:
    'Arc story scripts (see docs/language.md). Keywords are contextual: a word is scoped as a keyword only in keyword position (the start of an item or declaration); a keyword word standing where a name is expected is scoped as a name.',
  patterns: inc('comments', 'include', 'story', 'character', 'place', 'arc', 'event', 'choice', 'fallback'),
  repository: {
    comments: {
      patterns: [
        {
          name: 'comment.line.double-slash.arc',
          begin: '//',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.arc' } },
          end: '(?=$)',
        },
        {
          name: 'comment.block.arc',
          begin: '/\\*',
          beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.arc' } },
          end: '\\*/',
          endCaptures: { 0: { name: 'punctuation.definition.comment.end.arc' } },
        },
      ],
    },
    string: {
      name: 'string.quoted.double.arc',
      begin: '"',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.arc' } },
      end: '(")|$',
      endCaptures: { 1: { name: 'punctuation.definition.string.end.arc' } },
      patterns: [
        { name: 'constant.character.escape.arc', match: '\\\\["\\\\nt]' },
        { name: 'invalid.illegal.unrecognized-escape.arc', match: '\\\\(?:.|$)' },
      ],
    },
    time: {
      patterns: [
        {
          name: 'constant.numeric.time.arc',
          match: '(@)-?[0-9]+(?:\\.[0-9]+)?',
          captures: { 1: { name: 'punctuation.definition.time.arc' } },
        },
        { name: 'invalid.illegal.time.arc', match: '@' },
      ],
    },
    number: {
      name: 'constant.numeric.decimal.arc',
      match: `(?<![\\p{L}\\p{M}\\p{Nd}_.])-?[0-9]+(?:\\.[0-9]+)?`,
    },
    'rule-code': { name: 'constant.other.rule-code.arc', match: `${B}[A-Z][0-9]{3}${E}` },
    operators: {
      patterns: [
        { name: 'keyword.operator.arrow.arc', match: '->' },
        { name: 'keyword.operator.range.arc', match: '\\.\\.' },
        { name: 'punctuation.separator.comma.arc', match: ',' },
      ],
    },
    prose: {
      name: 'string.unquoted.prose.arc',
      match: '(>)[^\\r\\n]*',
      captures: { 1: { name: 'punctuation.definition.prose.arc' } },
    },
    'unknown-block': block('unknown', inc('comments', 'fallback')),
    fallback: { patterns: inc('string', 'time', 'number', 'operators', 'unknown-block') },

    // ---- top level ----------------------------------------------------
    include: {
      match: `${B}(include)${E}`,
      captures: { 1: { name: 'keyword.control.import.arc' } },
    },
    story: {
      name: 'meta.declaration.story.arc',
      begin: `${B}(story)${E}`,
      beginCaptures: { 1: { name: 'keyword.declaration.story.arc' } },
      end: headerEnd('"{'),
      patterns: [...inc('comments', 'string'), block('story', inc('comments', 'story-items', 'fallback'))],
    },
    'story-items': {
      patterns: [
        ...inc('themes'),
        ID_LIST_COMMA(['avoid']),
        {
          match: `${B}(goal)${E}(?:\\s+(${IDENT}))?`,
          captures: { 1: { name: 'keyword.other.goal.arc' }, 2: { name: 'entity.name.constant.goal.arc' } },
        },
        {
          name: 'meta.limits.arc',
          begin: `${B}(limits)${E}`,
          beginCaptures: { 1: { name: 'keyword.other.limits.arc' } },
          end: headerEnd('{'),
          patterns: [
            ...inc('comments'),
            block('limits', [
              ...inc('comments'),
              { name: 'constant.language.limit.arc', match: kw(['max', 'spike', 'peak', 'calm', 'within', 'warn']) },
              ...inc('fallback'),
            ]),
          ],
        },
        {
          name: 'meta.rules.arc',
          begin: `${B}(rules)${E}`,
          beginCaptures: { 1: { name: 'keyword.other.rules.arc' } },
          end: headerEnd('{'),
          patterns: [
            ...inc('comments'),
            block('rules', [
              ...inc('comments', 'rule-code'),
              { name: 'constant.language.severity.arc', match: kw(['off', 'error', 'warning', 'info', 'hint']) },
              ...inc('fallback'),
            ]),
          ],
        },
      ],
    },
    themes: ID_LIST_COMMA(['themes']),
    allow: list(['allow'], ',', 'punctuation.separator.comma.arc', '[A-Z][0-9]{3}', 'constant.other.rule-code.arc'),

    // ---- character / place -------------------------------------------
    character: decl('character', 'entity.name.class.character.arc', 'character-header'),
    'character-header': {
      patterns: [
        ...inc('comments', 'string'),
        block('character', [
          ...inc('comments'),
          ID_LIST_COMMA(['traits']),
          list(['stages'], '->', 'keyword.operator.arrow.arc', IDENT, 'variable.other.stage.arc'),
          ...inc('fallback'),
        ]),
      ],
    },
    place: decl('place', 'entity.name.type.place.arc', 'place-header', '', {}, '"'),
    'place-header': { patterns: inc('comments', 'string') },

    // ---- arcs, beats, choices ----------------------------------------
    arc: decl('arc', 'entity.name.type.arc', 'arc-header', `(?:\\s+${kw(['macro', 'meso', 'micro'])})?`, {
      3: { name: 'storage.modifier.scale.arc' },
    }, '"{', kw(['macro', 'meso', 'micro'])),
    'arc-header': {
      patterns: [
        ...inc('comments'),
        { name: 'storage.modifier.scale.arc', match: kw(['macro', 'meso', 'micro']) },
        ...inc('string'),
        block('arc', inc('comments', 'arc-items', 'fallback')),
      ],
    },
    'arc-items': {
      patterns: [
        ...inc('themes'),
        ID_LIST_COMMA(['goals']),
        { match: `${B}(span)${E}`, captures: { 1: { name: 'keyword.other.span.arc' } } },
        ...inc('allow', 'arc', 'event', 'choice'),
      ],
    },
    event: decl('event', 'entity.name.function.event.arc', 'event-header', '', {}, '@"{'),
    'event-header': {
      patterns: [...inc('comments', 'time', 'string'), block('event', inc('comments', 'beat-items', 'fallback'))],
    },
    'beat-items': {
      patterns: [
        ...inc('prose', 'allow'),
        ID_LIST_COMMA([
          'with', 'tags', 'themes', 'causes', 'prevents', 'kills', 'exits', 'enters',
          'addresses', 'setup', 'payoff', 'resolves',
        ]),
        list(['requires'], 'or', 'keyword.other.or.arc', IDENT, REF, 'keyword.other.$1.arc', true),
        {
          match: `${B}(at)${E}(?:\\s+(${IDENT}))?`,
          captures: { 1: { name: 'keyword.other.at.arc' }, 2: { name: REF } },
        },
        {
          match: `${B}(stage|regress)${E}(?:\\s+(${IDENT})(?:\\s+(${IDENT}))?)?`,
          captures: {
            1: { name: 'keyword.other.$1.arc' },
            2: { name: REF },
            3: { name: 'variable.other.stage.arc' },
          },
        },
        { match: kw(['intensity', 'warning']), captures: { 1: { name: 'keyword.other.$1.arc' } } },
      ],
    },
    choice: decl('choice', 'entity.name.function.choice.arc', 'choice-header', '', {}, '@"{'),
    'choice-header': {
      patterns: [...inc('comments', 'time', 'string'), block('choice', inc('comments', 'option', 'fallback'))],
    },
    option: decl('option', 'entity.name.function.option.arc', 'option-header'),
    'option-header': {
      patterns: [...inc('comments', 'string'), block('option', inc('comments', 'arc', 'event', 'choice', 'fallback'))],
    },
  },
};

writeFileSync(process.argv[2], JSON.stringify(grammar, null, 2) + '\n');
