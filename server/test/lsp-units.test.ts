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
import { CancelledError, NEVER_CANCELLED } from '../src/orchestrator/index.js';
import { DiagnosticsEngine } from '../src/lsp/diagnostics-engine.js';
import { createEngineHandler, GENERATION, type FromEngine } from '../src/lsp/diagnostics-protocol.js';
import { completionContextAt } from '../src/lsp/features/completion.js';
import { formatText } from '../src/lsp/features/formatting.js';
import { FileStore } from '../src/lsp/files.js';
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

describe('language server units: diagnostics fast path', () => {
  const main = 'file:///ws/main.arc';
  const characters = 'file:///ws/characters.arc';

  function engines() {
    const make = (fastPath: boolean) => {
      const store = new FileStore();
      store.folders = ['file:///ws'];
      store.setOpen(characters, CHARACTERS, 1);
      const engine = new DiagnosticsEngine(store);
      engine.fastPath = fastPath;
      return { store, engine };
    };
    return { fast: make(true), full: make(false) };
  }

  const edits: ReadonlyArray<readonly [string, (text: string) => string, 'shifted' | 'full']> = [
    ['a prose line', (t) => t.replace('> The wind rose.', '> The wind rose and rose, and then some more.'), 'shifted'],
    ['a comment', (t) => t.replace('// The healing arc.', '// The healing arc, told slowly.\n// Another line.'), 'shifted'],
    ['layout', (t) => t.replace('  event rescue @4 {', '\n\n      event   rescue   @4 {'), 'shifted'],
    ['a time', (t) => t.replace('rescue @4', 'rescue @0.5'), 'full'],
    ['a name', (t) => t.replace('with tom  stage', 'with tomas  stage'), 'full'],
    ['a link', (t) => t.replace('causes rescue', 'causes finds_boat'), 'full'],
    ['an unclosed comment', (t) => t.replace('// The healing arc.', '/* The healing arc.'), 'full'],
  ];

  it('gives exactly what a full analysis gives, for every kind of edit', () => {
    const { fast, full } = engines();
    let text = MAIN;
    let version = 1;
    fast.store.setOpen(main, text, version);
    full.store.setOpen(main, text, version);
    assert.deepEqual(fast.engine.analyseRoot(main, NEVER_CANCELLED).files, full.engine.analyseRoot(main, NEVER_CANCELLED).files);
    for (const [name, edit, mode] of edits) {
      text = edit(text);
      version++;
      fast.store.setOpen(main, text, version);
      full.store.setOpen(main, text, version);
      const quick = fast.engine.analyseRoot(main, NEVER_CANCELLED);
      const reference = full.engine.analyseRoot(main, NEVER_CANCELLED);
      assert.equal(quick.mode, mode, name);
      assert.deepEqual(quick.files, reference.files, name);
      // And back, so that each edit starts from the clean story.
      text = MAIN;
      version++;
      fast.store.setOpen(main, text, version);
      full.store.setOpen(main, text, version);
      assert.deepEqual(fast.engine.analyseRoot(main, NEVER_CANCELLED).files, full.engine.analyseRoot(main, NEVER_CANCELLED).files, `${name}, undone`);
    }
  });

  it('reuses the analysis as is when nothing changed', () => {
    const { fast } = engines();
    fast.store.setOpen(main, MAIN, 1);
    fast.engine.analyseRoot(main, NEVER_CANCELLED);
    assert.equal(fast.engine.analyseRoot(main, NEVER_CANCELLED).mode, 'unchanged');
  });
});

describe('language server units: cancellation', () => {
  const main = 'file:///ws/main.arc';
  const characters = 'file:///ws/characters.arc';

  it('stops an analysis in flight when the token flips (CancelledError from the orchestrator)', () => {
    const store = new FileStore();
    store.folders = ['file:///ws'];
    store.setOpen(main, MAIN, 1);
    store.setOpen(characters, CHARACTERS, 1);
    const engine = new DiagnosticsEngine(store);
    let polls = 0;
    const token = { get isCancellationRequested() { return ++polls > 3; } };
    assert.throws(() => engine.analyseRoot(main, token), CancelledError);
    assert.ok(polls > 3, 'the analysis polled the token');
    // The next, uncancelled analysis is complete.
    assert.deepEqual(Object.keys(engine.analyseRoot(main, NEVER_CANCELLED).files).sort(), [characters, main].sort());
  });

  it('cancels the rest of a job when the shared generation moves on', () => {
    const shared = new Int32Array(new SharedArrayBuffer(4));
    const messages: FromEngine[] = [];
    const handle = createEngineHandler(shared, (message) => {
      messages.push(message);
      // A new edit arrives while the first root is being reported.
      if (message.type === 'result') Atomics.add(shared, GENERATION, 1);
    });
    handle({ type: 'folders', folders: ['file:///ws'] });
    handle({ type: 'open', uri: main, text: MAIN, version: 1 });
    handle({ type: 'open', uri: 'file:///ws/other.arc', text: 'event lonely @1\n', version: 1 });
    handle({ type: 'analyse', jobId: 7, generation: 0, roots: [main, 'file:///ws/other.arc'] });
    assert.deepEqual(messages.map((m) => m.type), ['result', 'done']);
    assert.deepEqual(messages[1], { type: 'done', jobId: 7, cancelled: true });
  });
});
