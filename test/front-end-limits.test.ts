/**
 * The front end on inputs at the limits: megabytes-long strings, comments,
 * prose lines, names and junk, 100,000-deep nesting, and numbers too large to
 * have a value. Each file also has a real E002 elsewhere, which must still be
 * reported: no input may cost the analysis of the rest of its file.
 */
import assert from 'node:assert/strict';
import { checkProject, MemoryHost, type Diagnostic } from '@narrative-arc/orchestrator';

const BIG = 10_000_000;
const UNDECLARED = 'event later @9 { with nobody }\n';

function check(text: string): readonly Diagnostic[] {
  return checkProject(new MemoryHost(new Map([['/main.arc', text]])), '/main.arc').diagnostics;
}

function assertStillAnalysed(diagnostics: readonly Diagnostic[]): void {
  const internal = diagnostics.find((d) => d.message.includes('internal error'));
  assert.equal(internal, undefined, internal?.message);
  assert.ok(diagnostics.some((d) => d.code === 'E002' && d.message.includes('`nobody`')),
    `E002 for \`nobody\` missing: ${JSON.stringify(diagnostics.map((d) => `${d.code} ${d.message.slice(0, 80)}`))}`);
}

describe('front end: inputs at the limits keep the rest of the file analysed', function () {
  this.timeout(60_000);

  const cases: Record<string, () => string> = {
    'a 10 MB string': () => `story "${'a'.repeat(BIG)}" {}\n${UNDECLARED}`,
    'a 10 MB string of escapes': () => `story "${'\\n'.repeat(BIG / 2)}" {}\n${UNDECLARED}`,
    'a 10 MB unterminated string': () => `story "${'a'.repeat(BIG)}\n${UNDECLARED}`,
    'a 10 MB block comment': () => `/*${'a*'.repeat(BIG / 2)}*/\n${UNDECLARED}`,
    'a 10 MB line comment': () => `// ${'a'.repeat(BIG)}\n${UNDECLARED}`,
    'a 10 MB prose line': () => `event a @1 {\n> ${'a'.repeat(BIG)}\n}\n${UNDECLARED}`,
    'a 10 MB prose line of astral characters': () => `event a @1 {\n> ${'𝒜'.repeat(BIG / 2)}\n}\n${UNDECLARED}`,
    'a 10 MB name': () => `event ${'a'.repeat(BIG)} @1 {}\n${UNDECLARED}`,
    'a 10 MB name of accented and astral letters': () => `event ${'é𝒜'.repeat(BIG / 3)} @1 {}\n${UNDECLARED}`,
    'a 10 MB name of combining marks': () => `event a${'\u0301'.repeat(BIG)} @1 {}\n${UNDECLARED}`,
    'a 10 MB number': () => `event a @1 { intensity ${'1'.repeat(BIG)} }\n${UNDECLARED}`,
    '100,000-deep nesting': () => `event a @1 {${'{'.repeat(100_000)}${'}'.repeat(100_000)}}\n${UNDECLARED}`,
    '100,000 unclosed blocks': () => `${UNDECLARED}event a @1 {${'{'.repeat(100_000)}`,
    '100,000 nested choices': () => `${UNDECLARED}${'choice c @1 { option o "o" { '.repeat(100_000)}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => assertStillAnalysed(check(text())));
  }

  it('a million broken items: parsing stops after 1000 syntax errors, saying so, and what comes before is analysed', () => {
    for (const broken of ['event '.repeat(1_000_000), `event a @1 { ${'story '.repeat(1_000_000)}}`, 'event a @1 { intensity } '.repeat(100_000)]) {
      const diagnostics = check(`${UNDECLARED}${broken}\n`);
      assertStillAnalysed(diagnostics);
      const stops = diagnostics.filter((d) => d.message.startsWith('more than 1000 syntax errors: the rest of the file, from here, is not read'));
      assert.equal(stops.length, 1);
      assert.ok(diagnostics.filter((d) => d.code === 'E001').length <= 102);
    }
  });

  it('10 MB of characters outside the language is one syntax error', () => {
    const diagnostics = check(`${'$'.repeat(BIG)}\n${UNDECLARED}`);
    assertStillAnalysed(diagnostics);
    const junk = diagnostics.filter((d) => d.code === 'E001');
    assert.equal(junk.length, 1);
    assert.match(junk[0]!.message, /^unexpected characters `\$+`: this is not part of the Arc language$/);
    assert.deepEqual(junk[0]!.span, { start: 0, end: BIG });
  });
});

describe('front end: numbers and times too large to have a value', () => {
  it('a time of 400 digits is E007, shown as written (shortened), and the beat has no time', () => {
    const digits = `1${'0'.repeat(399)}`;
    const text = `event a @${digits} { causes b }\nevent b @2 {}\n${UNDECLARED}`;
    const diagnostics = check(text);
    assertStillAnalysed(diagnostics);
    const e007 = diagnostics.filter((d) => d.code === 'E007');
    assert.deepEqual(e007.map((d) => d.message), ['the time `@1000000000000000000…` is too large to be a number (at most 9007199254740991)']);
    assert.deepEqual(e007[0]!.span, { start: text.indexOf('@'), end: text.indexOf('@') + 401 });
    assert.ok(!diagnostics.some((d) => d.message.includes('Infinity')));
  });

  it('an intensity of 999999999999999999999 is E007 with its digits, never 1e+21', () => {
    const diagnostics = check(`event a @1 { intensity 999999999999999999999 }\n${UNDECLARED}`);
    assertStillAnalysed(diagnostics);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'E007').map((d) => d.message),
      ['the number `999999999999999999999` is too large to be a number (at most 9007199254740991)']);
    assert.ok(!diagnostics.some((d) => d.message.includes('e+')));
  });

  it('negative and span times too large are E007 too; the largest exact integer is accepted', () => {
    const diagnostics = check(`arc m meso {\n  span @-99999999999999999..@9007199254740991\n  event a @9007199254740991 {}\n}\n${UNDECLARED}`);
    assertStillAnalysed(diagnostics);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'E007').map((d) => d.message),
      ['the time `@-99999999999999999` is too large to be a number (at most 9007199254740991)']);
  });

  it('values in messages are shown as written', () => {
    const diagnostics = check(`arc m meso {\n  span @3.50..@1.0\n  event a @2 { intensity 12.50 }\n}\n${UNDECLARED}`);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'E007').map((d) => d.message).sort(), [
      'intensity 12.50 is out of range: it must lie within 0..10',
      'the span starts at @3.50, after it ends at @1.0',
    ]);
  });
});
