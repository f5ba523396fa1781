/**
 * `nao` as a real process: bin/nao.js run with this Node on small projects in
 * a temporary folder and on the lighthouse example. Output of every format
 * is parsed and checked field by field; SARIF is also validated against the
 * official SARIF 2.1.0 schema.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type * as Sarif from 'sarif';
import { runCli } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/output.js';
import { ALL_CODES, CODES } from '@narrative-arc/orchestrator';
import { BIN, nao, project, removeProjects, serverFolder, type Run } from './cli-helpers.js';

const VERSION = (JSON.parse(readFileSync(path.join(serverFolder, 'package.json'), 'utf8')) as { version: string }).version;

interface JsonPosition { line: number; character: number }
interface JsonRange { start: JsonPosition; end: JsonPosition }
interface JsonDiagnostic {
  file: string;
  range: JsonRange;
  severity: string;
  code: string;
  message: string;
  related: { file: string; range: JsonRange; message: string }[];
  path?: { choice: string; option: string }[];
}

function parseJson(run: Run): JsonDiagnostic[] {
  const parsed = JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] };
  assert.deepEqual(Object.keys(parsed), ['diagnostics']);
  return parsed.diagnostics;
}

/** 0-based position of the `occurrence`-th `needle` in `text` (UTF-16 code units, as in LSP). */
function positionOf(text: string, needle: string, occurrence = 1): JsonPosition {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `'${needle}' occurs ${occurrence} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function rangeOf(text: string, needle: string, occurrence = 1): JsonRange {
  const start = positionOf(text, needle, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

// ---------------------------------------------------------------------------
// Small projects

/** One error (E002), one warning (W406 raised by `rules`), one information (U601), over two files. */
const SUMMARY_MAIN = `include "places.arc"

story "Summary" {
  limits { warn 6 }
  rules { W406 warning }
}

character mara "Mara"

event one @1 "🌊 wave" { with mara  intensity 7  causes missing }
`;
const SUMMARY_PLACES = `place harbor "Harbor"
`;

/** A path-sensitive conflict: Tom is involved after being killed on the `search` branch. */
const BRANCHING = `story "Branching" {
  themes grief
}

character mara "Mara"
character tom "Tom"

arc night macro "The night" {
  themes grief
  event start @1 { with mara, tom  themes grief }
  choice keep_watch @2 "What does Mara do?" {
    option vigil "Stay" {
      event stay @3 { with mara }
    }
    option search "Go down" {
      event go @3 { with mara  kills tom }
    }
  }
  event later @4 { with tom  resolves night }
}
`;

const CLEAN = `character mara "Mara"

event one @1 { with mara }
`;

describe('nao (command line)', function () {
  this.timeout(60000);

  after(removeProjects);

  describe('help and version', () => {
    it('prints the commands, options and exit codes with --help', () => {
      const run = nao(['--help']);
      assert.equal(run.status, 0);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^Usage: nao <command>/m);
      assert.match(run.stdout, /^ {2}check +Check story projects/m);
      assert.match(run.stdout, /--version/);
      for (const code of ['0', '1', '2', '3']) assert.match(run.stdout, new RegExp(`^ {2}${code} {2}\\S`, 'm'));
      assert.match(run.stdout, /internal error/);
    });

    it('prints the help of check with `help check`, `check --help` and `--help check`', () => {
      const run = nao(['help', 'check']);
      assert.equal(run.status, 0);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^Usage: nao check \[--format text\|json\|sarif\] \[--root DIR\] \[--max-file-size SIZE\] FILE\.\.\./);
      assert.match(run.stdout, /--format FORMAT/);
      assert.match(run.stdout, /--root DIR/);
      assert.match(run.stdout, /Exit codes:/);
      assert.equal(nao(['check', '--help']).stdout, run.stdout);
      assert.equal(nao(['check', '-h']).stdout, run.stdout);
      assert.equal(nao(['--help', 'check']).stdout, run.stdout);
    });

    it('prints the same help with `help` as with --help', () => {
      const run = nao(['help']);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, nao(['--help']).stdout);
      assert.equal(nao(['-h']).stdout, run.stdout);
    });

    it('prints the version of the server package with --version', () => {
      const run = nao(['--version']);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, `${VERSION}\n`);
      assert.equal(run.stderr, '');
    });

    it('refuses to run on Node older than 22, with exit 2 and a clear message', () => {
      // Pretend to be Node 20, then load the launcher as `nao --version` would.
      const script = `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.11.1' } });
        process.argv = [process.argv[0], ${JSON.stringify(BIN)}, '--version'];
        await import(${JSON.stringify(pathToFileURL(BIN).href)});`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^nao needs Node >= 22 \(this is Node 20\.11\.1\)/);
    });
  });

  describe('check: the lighthouse example', () => {
    it('checks with exit 0 and no E-code, in text', () => {
      const run = nao(['check', 'examples/lighthouse.arc']);
      assert.equal(run.stderr, '');
      assert.equal(run.status, 0, run.stdout);
      assert.doesNotMatch(run.stdout, /\bE\d{3}\b/);
      assert.match(run.stdout, /(no problems|\d+ problems? \(.*\)) in 2 files\n$/);
    });

    it('checks with exit 0 and no E-code, in JSON and SARIF', () => {
      const json = nao(['check', '--format', 'json', 'examples/lighthouse.arc']);
      assert.equal(json.status, 0);
      for (const d of parseJson(json)) {
        assert.notEqual(d.severity, 'error', d.message);
        assert.doesNotMatch(d.code, /^E/);
      }
      const sarif = nao(['check', '--format=sarif', 'examples/lighthouse.arc']);
      assert.equal(sarif.status, 0);
      const log = JSON.parse(sarif.stdout) as Sarif.Log;
      assertValidSarif(log);
      for (const result of log.runs[0]!.results!) assert.notEqual(result.level, 'error');
    });
  });

  describe('check: text', () => {
    it('prints file:line:col: severity CODE message and a summary', () => {
      const folder = project({ 'main.arc': SUMMARY_MAIN, 'places.arc': SUMMARY_PLACES });
      const run = nao(['check', 'main.arc'], { cwd: folder });
      assert.equal(run.status, 1);
      assert.equal(run.stderr, '');
      const lines = run.stdout.split('\n');
      const missing = positionOf(SUMMARY_MAIN, 'missing');
      assert.ok(lines.includes(`main.arc:${missing.line + 1}:${missing.character + 1}: error E002 the beat \`missing\` is not declared`), run.stdout);
      const harbor = positionOf(SUMMARY_PLACES, 'harbor');
      assert.ok(lines.some((line) => line.startsWith(`places.arc:${harbor.line + 1}:${harbor.character + 1}: information U601 `)), run.stdout);
      const w406 = lines.findIndex((line) => /^main\.arc:\d+:\d+: warning W406 /.test(line));
      assert.ok(w406 >= 0, run.stdout);
      assert.match(lines[w406 + 1]!, /^ {4}main\.arc:4:\d+: note: /, 'the related location is indented beneath');
      assert.equal(lines.at(-2), '3 problems (1 error, 1 warning, 1 information) in 2 files');
      assert.equal(lines.at(-1), '');
    });

    it('counts columns in UTF-16 code units, 1-based', () => {
      const folder = project({ 'main.arc': SUMMARY_MAIN, 'places.arc': SUMMARY_PLACES });
      const run = nao(['check', 'main.arc'], { cwd: folder });
      // "🌊" is two code units: `missing` starts at column 57, not 56.
      assert.match(run.stdout, /^main\.arc:10:57: error E002 /m);
    });

    it('shows the witness path beneath a path-sensitive conflict', () => {
      const folder = project({ 'story.arc': BRANCHING });
      const run = nao(['check', 'story.arc'], { cwd: folder });
      const lines = run.stdout.split('\n');
      const c201 = lines.findIndex((line) => line.startsWith(`story.arc:19:25: warning C201 `));
      assert.ok(c201 >= 0, run.stdout);
      const go = positionOf(BRANCHING, 'go @3');
      assert.match(lines[c201 + 1]!, new RegExp(`^ {4}story\\.arc:${go.line + 1}:${go.character + 1}: note: `));
      assert.equal(lines[c201 + 2], '    path: keep_watch → search');
    });

    it('says "no problems" and exits 0 for a clean story', () => {
      const folder = project({ 'clean.arc': CLEAN });
      const run = nao(['check', 'clean.arc'], { cwd: folder });
      assert.equal(run.status, 0);
      assert.equal(run.stdout, 'no problems in 1 file\n');
      assert.equal(run.stderr, '');
    });

    it('names files relative to the current folder when inside it, else absolutely', () => {
      const folder = project({ 'stories/main.arc': SUMMARY_MAIN, 'stories/places.arc': SUMMARY_PLACES });
      const inside = nao(['check', path.join(folder, 'stories', 'main.arc')], { cwd: folder });
      assert.match(inside.stdout, new RegExp(`^${escape(path.join('stories', 'main.arc'))}:10:57: error E002 `, 'm'));
      const elsewhere = project({});
      const outside = nao(['check', path.join(folder, 'stories', 'main.arc')], { cwd: elsewhere });
      assert.match(outside.stdout, new RegExp(`^${escape(path.join(folder, 'stories', 'main.arc'))}:10:57: error E002 `, 'm'));
    });

    it('uses no colour when stdout is piped, and colour when FORCE_COLOR asks for it', () => {
      const folder = project({ 'main.arc': SUMMARY_MAIN, 'places.arc': SUMMARY_PLACES });
      const piped = nao(['check', 'main.arc'], { cwd: folder });
      assert.doesNotMatch(piped.stdout, /\u001b\[/);
      const forced = nao(['check', 'main.arc'], { cwd: folder, env: { FORCE_COLOR: '1' } });
      assert.match(forced.stdout, /\u001b\[31m/, 'errors in red');
      assert.equal(stripAnsi(forced.stdout), piped.stdout);
    });
  });

  describe('check: JSON', () => {
    it('gives 0-based UTF-16 ranges, severities, related locations and relative files', () => {
      const folder = project({ 'main.arc': SUMMARY_MAIN, 'places.arc': SUMMARY_PLACES });
      const run = nao(['check', '--format', 'json', 'main.arc'], { cwd: folder });
      assert.equal(run.status, 1);
      assert.equal(run.stderr, '');
      const diagnostics = parseJson(run);
      assert.deepEqual(diagnostics.map((d) => [d.file, d.code, d.severity]), [
        ['main.arc', 'W406', 'warning'],
        ['main.arc', 'E002', 'error'],
        ['places.arc', 'U601', 'information'],
      ]);
      const e002 = diagnostics[1]!;
      assert.deepEqual(e002.range, rangeOf(SUMMARY_MAIN, 'missing'));
      assert.equal(e002.range.start.character, 56, 'the wave emoji counts as two code units');
      assert.deepEqual(e002.related, []);
      assert.equal(e002.path, undefined, 'no path for a conflict that is not path-sensitive');
      assert.deepEqual(diagnostics[2]!.range, rangeOf(SUMMARY_PLACES, 'harbor'));
      const w406 = diagnostics[0]!;
      assert.equal(w406.related.length, 1);
      assert.equal(w406.related[0]!.file, 'main.arc');
      assert.equal(w406.related[0]!.range.start.line, 3);
      assert.equal(typeof w406.related[0]!.message, 'string');
    });

    it('gives the witness path as choice/option steps', () => {
      const folder = project({ 'story.arc': BRANCHING });
      const diagnostics = parseJson(nao(['check', '-f', 'json', 'story.arc'], { cwd: folder }));
      const c201 = diagnostics.find((d) => d.code === 'C201');
      assert.ok(c201, JSON.stringify(diagnostics));
      assert.deepEqual(c201.path, [{ choice: 'keep_watch', option: 'search' }]);
      assert.deepEqual(c201.range, rangeOf(BRANCHING, 'tom', 4));
      assert.deepEqual(c201.related.map((r) => [r.file, r.range]), [['story.arc', rangeOf(BRANCHING, 'go')]]);
    });

    it('prints an empty list for a clean story', () => {
      const folder = project({ 'clean.arc': CLEAN });
      const run = nao(['check', '--format', 'json', 'clean.arc'], { cwd: folder });
      assert.equal(run.status, 0);
      assert.deepEqual(JSON.parse(run.stdout), { diagnostics: [] });
    });
  });

  describe('check: SARIF', () => {
    it('is valid SARIF 2.1.0 with a rule for every code', () => {
      const folder = project({ 'main.arc': SUMMARY_MAIN, 'places.arc': SUMMARY_PLACES });
      const run = nao(['check', '--format', 'sarif', 'main.arc'], { cwd: folder });
      assert.equal(run.status, 1);
      assert.equal(run.stderr, '');
      const log = JSON.parse(run.stdout) as Sarif.Log;
      assertValidSarif(log);
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const driver = log.runs[0]!.tool.driver;
      assert.equal(driver.name, 'nao');
      assert.equal(driver.version, VERSION);
      // Links a code-scanning reader can follow: the repository's checks reference.
      const docs = 'https://github.com/narrative-arc/narrative-arc-orchestrator/blob/main/docs/checks.md';
      assert.equal(driver.informationUri, docs);
      assert.deepEqual(driver.rules!.map((rule) => rule.id), ALL_CODES);
      for (const rule of driver.rules!) {
        const info = CODES.get(rule.id)!;
        assert.match(rule.name!, /^[A-Z][A-Za-z]+$/);
        assert.equal(rule.shortDescription!.text, info.summary);
        assert.equal(rule.helpUri, `${docs}#${rule.id.toLowerCase()}`);
        assert.ok(rule.fullDescription!.text.startsWith(info.summary));
        assert.ok(rule.help!.text.length > 0 && rule.help!.markdown!.includes(`allow ${rule.id}`));
        assert.equal(rule.defaultConfiguration!.level, info.severity === 'error' ? 'error' : info.severity === 'warning' ? 'warning' : 'note');
        assert.deepEqual(rule.properties!.tags, ['arc', info.kind]);
      }
      assert.equal(new Set(driver.rules!.map((rule) => rule.name)).size, ALL_CODES.length, 'rule names are distinct');
    });

    it('gives results with rule index, level, 1-based regions and URIs relative to the base folder', () => {
      const folder = project({ 'main.arc': SUMMARY_MAIN, 'places.arc': SUMMARY_PLACES });
      const log = JSON.parse(nao(['check', '--format', 'sarif', 'main.arc'], { cwd: folder }).stdout) as Sarif.Log;
      const run = log.runs[0]!;
      assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(folder).href + '/' } });
      const results = run.results!;
      assert.deepEqual(results.map((r) => [r.ruleId, r.level]), [['W406', 'warning'], ['E002', 'error'], ['U601', 'note']]);
      for (const result of results) assert.equal(run.tool.driver.rules![result.ruleIndex!]!.id, result.ruleId);
      const e002 = results[1]!;
      assert.equal(e002.message.text, 'the beat `missing` is not declared');
      const missing = rangeOf(SUMMARY_MAIN, 'missing');
      assert.deepEqual(e002.locations, [{
        physicalLocation: {
          artifactLocation: { uri: 'main.arc', uriBaseId: '%SRCROOT%' },
          region: {
            startLine: missing.start.line + 1, startColumn: missing.start.character + 1,
            endLine: missing.end.line + 1, endColumn: missing.end.character + 1,
          },
        },
      }]);
      assert.equal(results[2]!.locations![0]!.physicalLocation!.artifactLocation!.uri, 'places.arc');
      const related = results[0]!.relatedLocations!;
      assert.equal(related.length, 1);
      assert.equal(related[0]!.id, 1);
      assert.equal(related[0]!.physicalLocation!.artifactLocation!.uri, 'main.arc');
      assert.equal(related[0]!.physicalLocation!.region!.startLine, 4);
      assert.ok(related[0]!.message!.text!.length > 0);
    });

    it('rejects SARIF that breaks the schema (the validation is real)', () => {
      const folder = project({ 'main.arc': SUMMARY_MAIN, 'places.arc': SUMMARY_PLACES });
      const log = JSON.parse(nao(['check', '--format', 'sarif', 'main.arc'], { cwd: folder }).stdout) as Sarif.Log;
      const broken = structuredClone(log) as unknown as { runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
      broken.runs[0]!.results[0]!.level = 'information';
      assert.throws(() => assertValidSarif(broken), /level/);
      const zeroLine = structuredClone(log) as unknown as typeof broken;
      zeroLine.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
      assert.throws(() => assertValidSarif(zeroLine), /startLine/);
    });

    it('carries the witness path in properties and in the message', () => {
      const folder = project({ 'story.arc': BRANCHING });
      const log = JSON.parse(nao(['check', '--format', 'sarif', 'story.arc'], { cwd: folder }).stdout) as Sarif.Log;
      assertValidSarif(log);
      const c201 = log.runs[0]!.results!.find((r) => r.ruleId === 'C201');
      assert.ok(c201);
      assert.deepEqual(c201.properties, { path: [{ choice: 'keep_watch', option: 'search' }] });
      assert.match(c201.message.text!, /keep_watch → search/);
      assert.equal(c201.level, 'warning');
    });
  });

  describe('check: several files and workspaces', () => {
    it('reports a file included by another given FILE once', () => {
      const main = `include "other.arc"\n\ncharacter mara "Mara"\n\nevent one @1 { with mara }\n`;
      const other = `event stray @2 { with mara  causes nowhere }\n`;
      const folder = project({ 'main.arc': main, 'other.arc': other });
      const both = parseJson(nao(['check', '--format', 'json', 'main.arc', 'other.arc'], { cwd: folder }));
      const nowhere = both.filter((d) => d.code === 'E002' && d.message.includes('nowhere'));
      assert.equal(nowhere.length, 1, JSON.stringify(both));
      assert.equal(nowhere[0]!.file, 'other.arc');
      // Checked on its own, other.arc does not know `mara`: that is a different diagnostic, reported too.
      assert.ok(both.some((d) => d.code === 'E002' && d.message.includes('mara') && d.file === 'other.arc'));
      const text = nao(['check', 'main.arc', 'other.arc', 'main.arc'], { cwd: folder });
      assert.equal(text.status, 1);
      assert.equal(text.stdout.split('\n').filter((line) => line.includes('`nowhere`')).length, 1);
      assert.match(text.stdout, / in 2 files\n$/);
    });

    it('checks several independent projects in one run', () => {
      const folder = project({ 'a/clean.arc': CLEAN, 'b/main.arc': SUMMARY_MAIN, 'b/places.arc': SUMMARY_PLACES });
      const run = nao(['check', 'a/clean.arc', 'b/main.arc'], { cwd: folder });
      assert.equal(run.status, 1);
      assert.match(run.stdout, new RegExp(`^${escape(path.join('b', 'main.arc'))}:10:57: error E002 `, 'm'));
      assert.match(run.stdout, /^3 problems \(1 error, 1 warning, 1 information\) in 3 files$/m);
      const clean = nao(['check', 'a/clean.arc', 'a/clean.arc'], { cwd: folder });
      assert.equal(clean.stdout, 'no problems in 1 file\n');
    });

    it('keeps includes inside the root file\'s folder unless --root widens the workspace', () => {
      const main = `include "../shared/people.arc"\n\nevent one @1 { with mara }\n`;
      const people = `character mara "Mara"\n`;
      const folder = project({ 'stories/main.arc': main, 'shared/people.arc': people });

      const confined = parseJson(nao(['check', '--format', 'json', 'stories/main.arc'], { cwd: folder }));
      const e004 = confined.find((d) => d.code === 'E004');
      assert.ok(e004, JSON.stringify(confined));
      assert.equal(e004.severity, 'error');
      assert.equal(e004.file, path.join('stories', 'main.arc'));
      assert.deepEqual(e004.range, rangeOf(main, '"../shared/people.arc"'));
      assert.match(e004.message, /leaves the workspace/);
      assert.equal(nao(['check', 'stories/main.arc'], { cwd: folder }).status, 1);

      const widened = nao(['check', '--root', '.', 'stories/main.arc'], { cwd: folder });
      assert.equal(widened.stdout, 'no problems in 2 files\n');
      assert.equal(widened.status, 0);
    });

    it('makes SARIF URIs relative to --root', () => {
      const main = `include "../shared/people.arc"\n\nevent one @1 { with mara  causes missing }\n`;
      const folder = project({ 'stories/main.arc': main, 'shared/people.arc': `character mara "Mara"\n` });
      const elsewhere = project({});
      const log = JSON.parse(nao(['check', '--format', 'sarif', '--root', folder, path.join(folder, 'stories', 'main.arc')], { cwd: elsewhere }).stdout) as Sarif.Log;
      assertValidSarif(log);
      const run = log.runs[0]!;
      assert.equal(run.originalUriBaseIds!['%SRCROOT%']!.uri, pathToFileURL(folder).href + '/');
      assert.deepEqual(run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation), [{ uri: 'stories/main.arc', uriBaseId: '%SRCROOT%' }]);

      // Without --root the base is the current folder; a file outside it gets an absolute URI.
      const outside = JSON.parse(nao(['check', '--format', 'sarif', path.join(folder, 'stories', 'main.arc')], { cwd: elsewhere }).stdout) as Sarif.Log;
      assertValidSarif(outside);
      assert.equal(outside.runs[0]!.originalUriBaseIds!['%SRCROOT%']!.uri, pathToFileURL(elsewhere).href + '/');
      const locations = outside.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!);
      assert.ok(locations.length > 0);
      for (const location of locations) assert.deepEqual(location, { uri: pathToFileURL(path.join(folder, 'stories', 'main.arc')).href });
    });
  });

  describe('check: usage problems (exit 2, message on stderr, nothing on stdout)', () => {
    const folder = (): string => project({ 'clean.arc': CLEAN, 'sub/x.arc': CLEAN });
    const cases: [string, string[], RegExp][] = [
      ['no command', [], /^nao: no command given\n/],
      ['an unknown command', ['chek', 'clean.arc'], /^nao: unknown command 'chek' \(did you mean 'check'\?\)/],
      ['an unknown global option', ['--verbose'], /^nao: unknown option '--verbose'/],
      ['a command option before the command', ['--format', 'json', 'check', 'clean.arc'], /belongs after the command/],
      ['an unknown flag', ['check', '--fromat', 'json', 'clean.arc'], /^nao check: unknown option '--fromat' \(did you mean '--format'\?\)\nUsage: nao check /],
      ['an unknown format', ['check', '--format', 'xml', 'clean.arc'], /^nao check: unknown format 'xml' \(expected 'text', 'json' or 'sarif'\)/],
      ['a format without value', ['check', 'clean.arc', '--format'], /^nao check: option '--format' needs a value/],
      ['a missing FILE', ['check'], /^nao check: no FILE given/],
      ['a FILE that does not exist', ['check', 'clean.arc', 'nope.arc'], /^nao check: nope\.arc: no such file/],
      ['a folder as FILE', ['check', 'sub'], /^nao check: sub: is a folder/],
      ['a --root that does not exist', ['check', '--root', 'nowhere', 'clean.arc'], /^nao check: --root nowhere: no such folder/],
      ['a FILE outside --root', ['check', '--root', 'sub', 'clean.arc'], /^nao check: clean\.arc: outside the --root folder sub/],
      ['help for an unknown command', ['help', 'fly'], /^nao: unknown command 'fly'/],
      ['a value given to --help', ['check', '--help=yes'], /^nao check: option '--help' takes no value/],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, () => {
        const run = nao(args, { cwd: folder() });
        assert.equal(run.status, 2, run.stderr);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, message);
      });
    }
  });

  describe('internal errors', () => {
    it('exits 3 with a message on stderr when something unexpected fails', async () => {
      const folder = project({ 'clean.arc': CLEAN });
      let stderr = '';
      const io: CliIo = {
        cwd: folder, env: {}, stdoutIsTTY: false,
        writeOut: () => { throw new Error('the disk is full'); },
        writeErr: (text) => { stderr += text; },
      };
      assert.equal(await runCli(['check', 'clean.arc'], io), 3);
      assert.match(stderr, /^nao: internal error: Error: the disk is full/);
      assert.match(stderr, /This is a bug in nao/);
    });
  });
});

// ---------------------------------------------------------------------------

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stripAnsi(text: string): string {

  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

let validateSarif: ((log: unknown) => boolean) & { errors?: unknown } | undefined;

/**
 * Validates against the official SARIF 2.1.0 (rtm.5) JSON schema, kept in
 * server/test/schemas/ as published (the OASIS SARIF TC's sarif-schema-2.1.0,
 * rtm.5). The schema is draft-04; the only draft-04-only
 * keyword it uses is the top-level `id`, so it is adapted for Ajv's draft-07.
 * Validation is checked to be real in "rejects SARIF that breaks the schema".
 */
function assertValidSarif(log: unknown): void {
  if (!validateSarif) {
    const schemaFile = path.join(serverFolder, 'test', 'schemas', 'sarif-2.1.0-rtm.5.json');
    const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    // unicodeRegExp: false because the schema's `language` pattern (`…[a-zA-Z]{2}]?$`) is not a valid /u expression.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormatsModule.default(ajv);
    validateSarif = ajv.compile({ ...schema, $id: String(id) });
  }
  const valid = validateSarif(log);
  assert.ok(valid, JSON.stringify(validateSarif.errors, null, 2));
}
