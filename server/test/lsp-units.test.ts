/**
 * The language server's pure parts, in process: the formatter on every story
 * of the repository, completion contexts, the include graph's roots, and the
 * diagnostics fast path (reusing an analysis across prose-only edits) checked
 * against a full analysis.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenize } from '@nao/grammar';
import { CancelledError, NEVER_CANCELLED } from '@narrative-arc/orchestrator';
import type { Diagnostic as LspDiagnostic, RemoteConsole } from 'vscode-languageserver/node';
import { AnalysisService, ContentModifiedError } from '../src/lsp/analysis-service.js';
import { Logger } from '../src/lsp/logger.js';
import { TrackedWriter, type PendingOutput } from '../src/lsp/output.js';
import { TextCache } from '../src/lsp/files.js';
import { ArcWorkspace } from '../src/lsp/workspace.js';
import { completionContextAt } from '../src/lsp/features/completion.js';
import { formatText } from '../src/lsp/features/formatting.js';
import { IncludeIndex } from '../src/lsp/include-index.js';
import { CHARACTERS, MAIN } from './lsp-stories.js';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

function storyFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...storyFiles(path));
    else if (name.endsWith('.arc')) found.push(path);
  }
  return found;
}

function tokensAndComments(text: string): string[] {
  const lexed = tokenize(text);
  return [...lexed.tokens, ...(lexed.groups['comments'] ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('language server units: formatting', () => {
  const files = [...storyFiles(join(REPOSITORY, 'examples')), ...storyFiles(join(REPOSITORY, 'test', 'fixtures'))];

  it('finds the repository\'s stories', () => {
    assert.ok(files.length > 10, String(files.length));
  });

  for (const file of files) {
    const name = file.slice(REPOSITORY.length);
    it(`is idempotent and keeps every token, comment and prose line: ${name}`, () => {
      const text = readFileSync(file, 'utf8');
      const once = formatText(text);
      if (once === undefined) return; // a fixture with syntax errors: refused, as it must be
      assert.equal(formatText(once), once, 'formatting twice changes nothing more');
      assert.deepEqual(tokensAndComments(once), tokensAndComments(text));
      // Indentation: two spaces per level on every line that does not continue a block comment.
      const comments = (tokenize(once).groups['comments'] ?? []).filter((c) => c.image.includes('\n'));
      let offset = 0;
      for (const line of once.split('\n')) {
        const inside = comments.some((c) => c.startOffset < offset && offset < c.startOffset + c.image.length);
        if (!inside && line.trim() !== '') assert.match(line, /^( {2})*\S/, `two spaces per level: ${JSON.stringify(line)}`);
        if (!inside && !line.trimStart().startsWith('>')) assert.doesNotMatch(line, /[ \t]$/, `no trailing space: ${JSON.stringify(line)}`);
        offset += line.length + 1;
      }
    });
  }

  it('refuses a document with syntax errors', () => {
    assert.equal(formatText('event a @ {'), undefined);
  });

  it('keeps CRLF line breaks', () => {
    assert.equal(formatText('event a @1 {\r\nwith mara\r\n}\r\n'), 'event a @1 {\r\n  with mara\r\n}\r\n');
  });
});

describe('language server units: completion context', () => {
  const contextAt = (source: string) => {
    const offset = source.indexOf('|');
    const text = source.replace('|', '');
    return completionContextAt(text, tokenize(text), offset).context;
  };
  const names = (source: string) => {
    const c = contextAt(source);
    return c.kind === 'names' ? c.names : c.kind;
  };

  it('reads the role of a name from the keyword before it', () => {
    assert.equal(names('event a @1 { with |'), 'character');
    assert.equal(names('event a @1 { kills |'), 'character');
    assert.equal(names('event a @1 { enters | }'), 'character');
    assert.equal(names('event a @1 { at |'), 'place');
    assert.equal(names('event a @1 { causes |'), 'beat');
    assert.equal(names('event a @1 { requires x or |'), 'beat');
    assert.equal(names('event a @1 { prevents |'), 'beat');
    assert.equal(names('event a @1 { resolves |'), 'arc');
    assert.equal(names('event a @1 { addresses |'), 'goal');
    assert.equal(names('arc a macro { goals |'), 'goal');
    assert.equal(names('event a @1 { allow |'), 'code');
    assert.equal(names('story "s" { rules { |'), 'code');
    assert.equal(names('story "s" { rules { M302 |'), 'level');
    assert.equal(names('story "s" { rules { M302 off |'), 'code');
    assert.equal(names('arc a |'), 'scale');
    assert.equal(names('event a @1 { themes |'), 'theme');
  });

  it('reads the list keyword across commas, leaving out the names listed', () => {
    assert.deepEqual(contextAt('event a @1 { with mara, tom, |'), { kind: 'names', names: 'character', exclude: ['tom', 'mara'] });
    assert.deepEqual(contextAt('event a @1 { causes b,|'), { kind: 'names', names: 'beat', exclude: ['b'] });
  });

  it('offers stages of the character after `stage c` and `regress c`', () => {
    assert.deepEqual(contextAt('event a @1 { stage mara |'), { kind: 'names', names: 'stage', exclude: [], character: 'mara' });
    assert.deepEqual(contextAt('event a @1 { regress mara |'), { kind: 'names', names: 'stage', exclude: [], character: 'mara' });
  });

  it('treats a keyword in a name position as a name', () => {
    // `with at`: `at` is a character's name here, so what follows is an item position.
    const context = contextAt('event a @1 { with at |');
    assert.equal(context.kind, 'keywords');
  });

  it('offers the keywords of the enclosing block', () => {
    const words = (source: string) => {
      const c = contextAt(source);
      return c.kind === 'keywords' ? c.words : [];
    };
    assert.deepEqual(words('|'), ['include', 'story', 'character', 'place', 'arc', 'event', 'choice']);
    assert.ok(words('event a @1 { |').includes('intensity'));
    assert.deepEqual(words('choice c @1 { |'), ['option']);
    assert.deepEqual(words('choice c @1 { option o "x" { |'), ['arc', 'event', 'choice']);
    assert.deepEqual(words('character m { |'), ['traits', 'stages']);
    assert.deepEqual(words('story "s" { limits { |'), ['max', 'spike', 'peak', 'calm', 'within', 'warn']);
    assert.deepEqual(words('arc event meso { |'), ['themes', 'goals', 'span', 'allow', 'arc', 'event', 'choice'], 'an arc named `event`');
    assert.ok(words('event a @1 { requires b |').includes('or'));
    assert.ok(words('arc x macro {\n  event a @1 { with m }\n  |').includes('span'), 'back in the arc after the event block');
  });

  it('offers nothing where a new name, number, string or time is written, or in comments', () => {
    for (const source of ['event |', 'event a @1 { intensity |', 'character |', 'event a @1 { warning "x|" }', 'event a @1 { // with |', '/* with | */', 'event a @1 { > with |']) {
      assert.equal(contextAt(source).kind, 'none', source);
    }
  });
});

describe('language server units: roots of the include graph', () => {
  it('takes files that nothing includes as roots, and maps every file to its roots', () => {
    const index = new IncludeIndex();
    index.set('a', ['c']);
    index.set('b', ['c']);
    index.set('c', ['d']);
    index.set('d', []);
    assert.deepEqual([...index.roots()], ['a', 'b']);
    assert.deepEqual([...index.rootsOf('d')], ['a', 'b']);
    assert.deepEqual([...index.rootsOf('a')], ['a']);
    assert.deepEqual([...index.rootsOf('unknown')], ['unknown']);
  });

  it('lets the first file of a cycle nobody includes stand as a root', () => {
    const index = new IncludeIndex();
    index.set('x', ['y']);
    index.set('y', ['x']);
    assert.deepEqual([...index.roots()], ['x']);
    assert.deepEqual([...index.rootsOf('y')], ['x']);
  });

  it('reports whether a change altered the graph', () => {
    const index = new IncludeIndex();
    assert.equal(index.set('a', ['b']), true);
    assert.equal(index.set('a', ['b']), false);
    assert.equal(index.set('a', []), true);
    assert.equal(index.remove('a'), true);
    assert.equal(index.remove('a'), false);
  });
});

/** An analysis service over an in-memory workspace, recording what it publishes. */
function service(fastPath = true, output?: PendingOutput) {
  const workspace = new ArcWorkspace();
  workspace.folders = ['file:///ws'];
  const published: { uri: string; version: number | undefined; diagnostics: LspDiagnostic[] }[] = [];
  const quiet = { error() {}, warn() {}, info() {}, log() {} } as unknown as RemoteConsole;
  const analysis = new AnalysisService(
    workspace, { publish: (uri, version, diagnostics) => published.push({ uri, version, diagnostics }) }, new Logger(quiet), output,
  );
  analysis.fastPath = fastPath;
  analysis.start();
  const open = (uri: string, text: string, version: number) => {
    workspace.store.setOpen(uri, text, version);
    workspace.refreshIncludes(uri);
    analysis.invalidate(workspace.rootsOf(uri));
  };
  /** The diagnostics last published for `uri`. */
  const last = (uri: string) => published.filter((p) => p.uri === uri).at(-1);
  return { workspace, analysis, published, open, last };
}

describe('language server units: diagnostics fast path', () => {
  const main = 'file:///ws/main.arc';
  const characters = 'file:///ws/characters.arc';

  const edits: ReadonlyArray<readonly [string, (text: string) => string, boolean]> = [
    ['a prose line', (t) => t.replace('> The wind rose.', '> The wind rose and rose, and then some more.'), true],
    ['a comment', (t) => t.replace('// The healing arc.', '// The healing arc, told slowly.\n// Another line.'), true],
    ['layout', (t) => t.replace('  event rescue @4 {', '\n\n      event   rescue   @4 {'), true],
    ['a time', (t) => t.replace('rescue @4', 'rescue @0.5'), false],
    ['a name', (t) => t.replace('with tom  stage', 'with tomas  stage'), false],
    ['a link', (t) => t.replace('causes rescue', 'causes finds_boat'), false],
    ['an unclosed comment', (t) => t.replace('// The healing arc.', '/* The healing arc.'), false],
  ];

  it('gives exactly what a full analysis gives, for every kind of edit', async () => {
    const fast = service(true);
    const full = service(false);
    let version = 1;
    const both = async (text: string) => {
      version++;
      for (const s of [fast, full]) s.open(main, text, version);
      await Promise.all([fast.analysis.settled(), full.analysis.settled()]);
    };
    for (const s of [fast, full]) s.open(characters, CHARACTERS, 1);
    await both(MAIN);
    assert.deepEqual(fast.last(main)?.diagnostics, full.last(main)?.diagnostics);
    for (const [name, edit, shifted] of edits) {
      const before = fast.analysis.counters.shifted;
      await both(edit(MAIN));
      assert.equal(fast.analysis.counters.shifted > before, shifted, `${name}: fast path taken`);
      assert.equal(fast.last(main)?.version, version, name);
      assert.deepEqual(fast.last(main)?.diagnostics, full.last(main)?.diagnostics, name);
      // And back, so that each edit starts from the clean story.
      await both(MAIN);
      assert.deepEqual(fast.last(main)?.diagnostics, full.last(main)?.diagnostics, `${name}, undone`);
    }
    assert.equal(full.analysis.counters.shifted, 0);
  });
});

describe('language server units: text cache', () => {
  it('keeps the tokens of the text last analysed and of the text asked for last, so that each text of a burst is lexed once', () => {
    const cache = new TextCache();
    const uri = 'file:///ws/main.arc';
    const [a, b, c, d] = ['event a @1 {}', 'event b @2 {}', 'event c @3 {}', 'event d @4 {}'];
    const tokensA = cache.tokens(uri, a);
    assert.deepEqual(tokensA.tokens.map((t) => t.image), ['event', 'a', '@1', '{', '}']);
    assert.equal(tokensA.tokens[2]!.endOffset, 9, 'end offsets are filled in');
    // `a` was analysed; `b` and then `c` are parsed in turn (the latest text each time), each compared with `a`.
    assert.equal(cache.tokens(uri, a, 'analysed'), tokensA, 'the latest text becomes the analysed one without lexing again');
    const tokensB = cache.tokens(uri, b);
    assert.equal(cache.tokens(uri, a, 'analysed'), tokensA);
    assert.equal(cache.tokens(uri, b), tokensB);
    const tokensC = cache.tokens(uri, c);
    assert.equal(cache.tokens(uri, a, 'analysed'), tokensA, 'the versions of a burst do not push out the text they are compared with');
    assert.equal(cache.tokens(uri, c), tokensC);
    // `c` is analysed, then `d` comes: `a` and `b` are gone.
    assert.equal(cache.tokens(uri, c, 'analysed'), tokensC);
    const tokensD = cache.tokens(uri, d);
    assert.equal(cache.tokens(uri, c, 'analysed'), tokensC);
    assert.equal(cache.tokens(uri, d), tokensD);
    assert.notEqual(cache.tokens(uri, b), tokensB, 'a later text replaces the one asked for before it');
    assert.notEqual(cache.tokens(uri, a, 'analysed'), tokensA, 'so does a later analysed text');
    assert.equal(cache.tokens('file:///ws/other.arc', c) === tokensC, false, 'per file');
  });
});

describe('language server units: one analysis per burst of edits', () => {
  const main = 'file:///ws/main.arc';
  const characters = 'file:///ws/characters.arc';

  it('drops the work of superseded versions and publishes only the last one', async () => {
    const s = service();
    s.open(characters, CHARACTERS, 1);
    s.open(main, MAIN, 1);
    await s.analysis.settled();
    const finished = s.analysis.counters.finished;
    // Ten edits in one turn of the event loop: no run starts before the last.
    for (let v = 2; v <= 11; v++) s.open(main, MAIN.replace('rescue @4', `rescue @${v}`), v);
    await s.analysis.settled();
    assert.equal(s.analysis.counters.finished - finished, 1, 'one analysis for the burst');
    const versions = s.published.filter((p) => p.uri === main).map((p) => p.version);
    assert.equal(versions.at(-1), 11);
    assert.deepEqual(versions, [...versions].sort((a, b) => (a ?? 0) - (b ?? 0)), 'never an older version after a newer one');
  });

  it('stops a run in flight at its next step when a newer edit arrives', async () => {
    const s = service(false);
    s.analysis.sliceMs = 0; // the event loop gets a turn after every check
    s.open(characters, CHARACTERS, 1);
    s.open(main, MAIN, 1);
    // The run has linked version 1 and is running its checks: edit now.
    const linked = await s.analysis.snapshotFor(main, 'linked', NEVER_CANCELLED);
    assert.equal(linked?.phase, 'linked');
    s.open(main, MAIN.replace('rescue @4', 'rescue @5'), 2);
    await s.analysis.settled();
    assert.equal(s.analysis.counters.superseded, 1);
    const published = s.published.filter((p) => p.uri === main);
    assert.deepEqual(published.map((p) => p.version), [2], 'version 1 was never published');
  });

  it('answers a request from the snapshot the diagnostics were published from', async () => {
    const s = service();
    s.open(characters, CHARACTERS, 1);
    s.open(main, MAIN, 1);
    const snapshot = await s.analysis.snapshotFor(main, 'analysed', NEVER_CANCELLED);
    assert.ok(snapshot?.analysis);
    const ids = new Set(snapshot.analysis.diagnostics.filter((d) => d.file === main).map((d) => d.id));
    const published = s.last(main)!.diagnostics.map((d) => (d.data as { id: string }).id);
    assert.deepEqual(new Set(published), ids);
    // The same snapshot again while nothing changed: no second analysis.
    assert.equal(await s.analysis.snapshotFor(main, 'linked', NEVER_CANCELLED), snapshot);
  });

  it('answers ContentModified when the document changes while a request waits', async () => {
    const s = service();
    s.open(characters, CHARACTERS, 1);
    s.open(main, MAIN, 1);
    const waiting = s.analysis.snapshotFor(main, 'analysed', NEVER_CANCELLED);
    s.open(main, MAIN.replace('rescue @4', 'rescue @5'), 2);
    await assert.rejects(waiting, ContentModifiedError);
    await s.analysis.settled();
  });

  it('writes the answers of waiting requests before it runs the next check', async () => {
    // Once the project is linked, a message is on its way out until the test releases it.
    let holding = false;
    let writing: (() => void) | undefined;
    const output: PendingOutput = {
      flushed: () => (holding && !writing ? new Promise<void>((resolve) => { writing = resolve; }) : Promise.resolve()),
    };
    const s = service(false, output);
    s.open(characters, CHARACTERS, 1);
    s.open(main, MAIN, 1);
    const linked = await s.analysis.snapshotFor(main, 'linked', NEVER_CANCELLED);
    holding = true;
    assert.equal(linked?.phase, 'linked');
    // Many turns of the event loop: the checks of this small story would have run in a few.
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(linked.phase, 'linked', 'no check ran while a message was being written');
    assert.equal(s.published.filter((p) => p.uri === main).length, 0);
    assert.ok(writing, 'the run waits for the message');
    writing();
    await s.analysis.settled();
    assert.equal(linked.phase, 'analysed');
    assert.deepEqual(s.published.filter((p) => p.uri === main).map((p) => p.version), [1]);
  });

  it('knows when the messages handed to its writer are written, and stops waiting for a writer that never finishes', async () => {
    const finish: (() => void)[] = [];
    const inner = {
      onError: () => ({ dispose() {} }), onClose: () => ({ dispose() {} }), end() {}, dispose() {},
      write: () => new Promise<void>((resolve) => finish.push(resolve)),
    };
    const writer = new TrackedWriter(inner as unknown as ConstructorParameters<typeof TrackedWriter>[0]);
    let flushed = false;
    await writer.flushed(60_000);
    void writer.write({ jsonrpc: '2.0' });
    void writer.write({ jsonrpc: '2.0' });
    const waiting = writer.flushed(60_000).then(() => { flushed = true; });
    finish[0]!();
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(flushed, false, 'one message is still being written');
    finish[1]!();
    await waiting;
    assert.equal(flushed, true);
    // A write that never finishes: the wait ends at its limit.
    void writer.write({ jsonrpc: '2.0' });
    await writer.flushed(1);
  });

  it('stops waiting when the request is cancelled', async () => {
    const s = service();
    s.open(main, MAIN, 1);
    let cancelled = false;
    const waiting = s.analysis.snapshotFor(main, 'analysed', { get isCancellationRequested() { return cancelled; } });
    cancelled = true;
    await assert.rejects(waiting, CancelledError);
    await s.analysis.settled();
  });
});
