/**
 * Fuzzing the front end and the analysis: input generators and the property
 * every input must hold. Shared by test/fuzz.test.ts (a bounded, seeded run
 * in `npm test`) and scripts/fuzz.mjs (`npm run fuzz`, as long as asked).
 *
 * Two kinds of input:
 * - grammar-aware projects: stories, characters, places, arcs, events with
 *   items, choices with options, includes between generated files, links
 *   between generated names, with random junk inserted here and there;
 * - byte-level mutations of the example and fixture stories (flipped,
 *   inserted, deleted, duplicated and spliced bytes), decoded as the reader
 *   decodes files.
 *
 * The property: parsing never fails (no exception, no "internal error"),
 * analysing the project never throws, each input takes at most a time box,
 * and analysing twice gives the same diagnostics.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { KEYWORDS, parse } from '@nao/grammar';
import { checkProject, MemoryHost, type Diagnostic } from '@narrative-arc/orchestrator';

/** A project: file ids (`/ws/...`) and their texts, and the id of its root file. */
export interface FuzzProject {
  readonly files: ReadonlyArray<readonly [string, string]>;
  readonly root: string;
}

export const ROOT = '/ws/main.arc';
/** The most one input may take (parse and two analyses); only a hang or a blow-up reaches it. */
export const TIME_BOX_MS = 5_000;

// ---------------------------------------------------------------------------
// Grammar-aware generation

export const CHARACTERS = ['mara', 'tom', 'ana'];
const PLACES = ['harbor', 'hill'];
export const BEATS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const ARCS = ['storm', 'healing', 'night'];
const THEMES = ['grief', 'hope', 'calm'];
const GOALS = ['grounding', 'trust'];
const STAGES = ['denial', 'anger', 'acceptance'];
const TAGS = ['loss', 'violence'];
const OPTIONS = ['vigil', 'search', 'wait'];
const CODES = ['T101', 'T102', 'C201', 'W401', 'W406', 'M302', 'S502', 'U601', 'E002', 'X999'];
export const FILES = ['people.arc', 'places.arc', 'more.arc'];

const pick = (names: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...names);
const list = (names: readonly string[], max = 3): fc.Arbitrary<string> =>
  fc.array(pick(names), { minLength: 1, maxLength: max }).map((xs) => xs.join(', '));
export const number = fc.oneof(
  { weight: 16, arbitrary: fc.integer({ min: -2, max: 12 }).map(String) },
  { weight: 3, arbitrary: fc.tuple(fc.nat(10), fc.nat(99)).map(([a, b]) => `${a}.${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('999999999999999999999', '9007199254740991', `1${'0'.repeat(400)}`, '-0', '007') },
);
const time = number.map((n) => `@${n}`);
const title = fc.oneof(
  fc.constantFrom('"A title"', '"🌊 wave"', '"esc \\" \\n"', '""'),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
);
const severity = pick(['off', 'error', 'warning', 'info', 'hint']);

export const beatItem: fc.Arbitrary<string> = fc.oneof(
  pick(PLACES).map((p) => `at ${p}`),
  list(CHARACTERS).map((c) => `with ${c}`),
  number.map((n) => `intensity ${n}`),
  list(TAGS).map((t) => `tags ${t}`),
  list(THEMES).map((t) => `themes ${t}`),
  list(BEATS).map((b) => `causes ${b}`),
  fc.array(pick(BEATS), { minLength: 1, maxLength: 3 }).map((b) => `requires ${b.join(' or ')}`),
  list(BEATS).map((b) => `prevents ${b}`),
  list(CHARACTERS, 2).map((c) => `kills ${c}`),
  list(CHARACTERS, 2).map((c) => `exits ${c}`),
  list(CHARACTERS, 2).map((c) => `enters ${c}`),
  fc.tuple(pick(CHARACTERS), pick(STAGES), fc.boolean()).map(([c, s, r]) => `${r ? 'regress' : 'stage'} ${c} ${s}`),
  list(GOALS).map((g) => `addresses ${g}`),
  list(THEMES).map((t) => `setup ${t}`),
  list(THEMES).map((t) => `payoff ${t}`),
  list(ARCS, 2).map((a) => `resolves ${a}`),
  title.map((t) => `warning ${t}`),
  list(CODES, 2).map((c) => `allow ${c}`),
  fc.string({ maxLength: 20 }).map((s) => `\n> ${s.replace(/[\r\n]/g, ' ')}\n`),
);

export const event = fc.record({ name: pick(BEATS), time, title: fc.option(title), items: fc.array(beatItem, { maxLength: 6 }) })
  .map(({ name, time: t, title: ti, items }) => `event ${name} ${t}${ti ? ` ${ti}` : ''} { ${items.join('  ')} }`);

/** Arcs, events and choices, nested up to a few levels. */
export const declarations = fc.letrec<{ child: string; choice: string; arc: string }>((tie) => ({
  child: fc.oneof({ depthSize: 'small', withCrossShrink: true }, event, tie('choice'), tie('arc')),
  choice: fc.record({
    name: pick(BEATS), time, title: fc.option(title),
    options: fc.array(fc.record({ name: pick(OPTIONS), title, children: fc.array(tie('child'), { maxLength: 3 }) }), { maxLength: 3 }),
  }).map(({ name, time: t, title: ti, options }) =>
    `choice ${name} ${t}${ti ? ` ${ti}` : ''} {\n${options.map((o) => `  option ${o.name} ${o.title} {\n${o.children.join('\n')}\n  }`).join('\n')}\n}`),
  arc: fc.record({
    name: pick(ARCS), scale: pick(['macro', 'meso', 'micro']), title: fc.option(title),
    items: fc.array(fc.oneof(
      list(THEMES).map((t) => `themes ${t}`),
      list(GOALS).map((g) => `goals ${g}`),
      fc.tuple(time, time).map(([x, y]) => `span ${x}..${y}`),
      list(CODES, 2).map((c) => `allow ${c}`),
      tie('child'),
    ), { maxLength: 5 }),
  }).map(({ name, scale, title: ti, items }) => `arc ${name} ${scale}${ti ? ` ${ti}` : ''} {\n${items.join('\n')}\n}`),
}));

const story = fc.array(fc.oneof(
  list(THEMES).map((t) => `themes ${t}`),
  fc.tuple(pick(GOALS), title).map(([g, t]) => `goal ${g} ${t}`),
  fc.array(fc.tuple(pick(['max', 'spike', 'peak', 'calm', 'within', 'warn']), number), { maxLength: 4 })
    .map((entries) => `limits { ${entries.map(([k, v]) => `${k} ${v}`).join('  ')} }`),
  list(TAGS).map((t) => `avoid ${t}`),
  fc.array(fc.tuple(pick(CODES), severity), { maxLength: 3 }).map((rules) => `rules { ${rules.map(([c, s]) => `${c} ${s}`).join('  ')} }`),
), { maxLength: 5 }).chain((items) => title.map((t) => `story ${t} {\n  ${items.join('\n  ')}\n}`));

const character = fc.record({
  name: pick(CHARACTERS), title, traits: fc.option(list(['brave', 'shy'])),
  stages: fc.option(fc.array(pick(STAGES), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(' -> '))),
})
  .map(({ name, title: t, traits, stages }) => {
    const body = [traits ? `traits ${traits}` : '', stages ? `stages ${stages}` : ''].filter(Boolean).join('  ');
    return `character ${name} ${t}${body ? ` { ${body} }` : ''}`;
  });
const place = fc.tuple(pick(PLACES), title).map(([p, t]) => `place ${p} ${t}`);
const include = fc.oneof(
  { weight: 5, arbitrary: pick(FILES) },
  { weight: 1, arbitrary: fc.constantFrom('main.arc', '../outside.arc', 'missing.arc', '/ws/people.arc', '') },
).map((f) => `include ${JSON.stringify(f)}`);

const topLevel = fc.oneof(
  { weight: 1, arbitrary: include },
  { weight: 1, arbitrary: story },
  { weight: 2, arbitrary: character },
  { weight: 1, arbitrary: place },
  { weight: 4, arbitrary: declarations.child },
);

/** Pieces of Arc and near-Arc, to insert as junk. */
const JUNK = [
  ...KEYWORDS, '{', '}', '{{', '}}', ',', '->', '..', '@', '@x', '"', '"open\n', '/*', '*/', '//', '>', '\\', '$', ';',
  '\u0000', '\ufeff', '\r', '\r\n', '\u0301', '\ud800', '𝒜', '-', '.', 'T1', '999999999999999999999999',
];
export const junk = fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));

/** Inserts junk at random places of a text. */
function withJunk(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  // Half of the files get none: they exercise the checks rather than recovery.
  const insertions = fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.nat(), junk), { minLength: 1, maxLength: 3 }));
  return fc.tuple(text, insertions).map(([t, insertions]) => {
    let out = t;
    for (const [at, piece] of insertions) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + piece + out.slice(i);
    }
    return out;
  });
}

export const fileText = withJunk(fc.array(topLevel, { maxLength: 8 }).map((items) => items.join('\n') + '\n'));

/** A generated project: main.arc and up to three included files. */
export const generatedProject: fc.Arbitrary<FuzzProject> = fc.tuple(fileText, fc.array(fileText, { maxLength: 3 }))
  .map(([main, others]) => ({ root: ROOT, files: [[ROOT, main] as const, ...others.map((text, i) => [`/ws/${FILES[i]}`, text] as const)] }));

// ---------------------------------------------------------------------------
// Byte-level mutation of the examples and fixtures

interface Seed {
  /** The project's files, as bytes, by id; the mutated one is `root`. */
  readonly files: ReadonlyArray<readonly [string, Buffer]>;
  readonly root: string;
}

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function arcFilesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...arcFilesUnder(full));
    else if (entry.name.endsWith('.arc')) found.push(full);
  }
  return found.sort();
}

let seeds: Seed[] | undefined;

/** Every example and fixture story, each with the other .arc files of its folder (so that includes resolve). */
export function seedStories(): Seed[] {
  if (seeds) return seeds;
  const stories = [...arcFilesUnder(path.join(repository, 'examples')), ...arcFilesUnder(path.join(repository, 'test', 'fixtures'))];
  seeds = stories.map((file) => {
    const folder = path.dirname(file);
    const files = arcFilesUnder(folder).map((f) => [`/ws/${path.relative(folder, f).split(path.sep).join('/')}`, readFileSync(f)] as const);
    return { files, root: `/ws/${path.basename(file)}` };
  });
  return seeds;
}

type ByteMutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'splice'; at: number; from: number; length: number }
  | { kind: 'truncate'; at: number };

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutateBytes(bytes: Buffer, mutations: readonly ByteMutation[], donor: Buffer): Buffer {
  let out = bytes;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    switch (m.kind) {
      case 'flip':
        if (out.length > 0) {
          out = Buffer.from(out);
          const index = at % out.length;
          out[index] = out[index]! ^ (1 << m.bit);
        }
        break;
      case 'insert': out = Buffer.concat([out.subarray(0, at), m.bytes, out.subarray(at)]); break;
      case 'delete': out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]); break;
      case 'duplicate': out = Buffer.concat([out.subarray(0, at + m.length), out.subarray(at, at + m.length), out.subarray(at + m.length)]); break;
      case 'splice': {
        const from = donor.length === 0 ? 0 : m.from % donor.length;
        out = Buffer.concat([out.subarray(0, at), donor.subarray(from, from + m.length), out.subarray(at)]);
        break;
      }
      case 'truncate': out = out.subarray(0, at); break;
    }
  }
  return out;
}

/** A fixture or example project with its root file's bytes mutated (and bytes spliced in from another story). */
export function mutatedProject(): fc.Arbitrary<FuzzProject> {
  const all = seedStories();
  return fc.tuple(fc.nat(all.length - 1), fc.nat(all.length - 1), fc.array(byteMutation, { minLength: 1, maxLength: 6 }))
    .map(([which, donorIndex, mutations]) => {
      const seed = all[which]!;
      const donor = all[donorIndex]!.files.find(([id]) => id === all[donorIndex]!.root)![1];
      const files = seed.files.map(([id, bytes]) => [id, (id === seed.root ? mutateBytes(bytes, mutations, donor) : bytes).toString('utf8')] as const);
      return { root: seed.root, files };
    });
}

// ---------------------------------------------------------------------------
// The property

function comparable(diagnostics: readonly Diagnostic[]): unknown {
  return diagnostics.map((d) => [d.code, d.severity, d.file, d.span.start, d.span.end, d.message,
    d.related.map((r) => [r.file, r.span.start, r.span.end, r.message]), d.path?.map((s) => [s.choice, s.option]) ?? null]);
}

/**
 * Checks one project: every file parses without an internal error, the
 * analysis of the project never throws, finishes within TIME_BOX_MS, and is
 * the same when run twice. Throws (an assertion error) when one fails.
 */
export function holds(input: FuzzProject): boolean {
  const started = performance.now();
  for (const [id, text] of input.files) {
    let result;
    try {
      result = parse(text);
    } catch (error) {
      assert.fail(`parse threw on ${id}: ${String(error)}`);
    }
    const internal = result.errors.find((e) => e.message.includes('internal error'));
    assert.equal(internal, undefined, `parse of ${id}: ${internal?.message}`);
  }
  const files = new Map(input.files);
  const first = checkProject(new MemoryHost(files, '/ws'), input.root);
  const second = checkProject(new MemoryHost(files, '/ws'), input.root);
  assert.deepEqual(comparable(second.diagnostics), comparable(first.diagnostics), 'analysing twice gave different diagnostics');
  const internal = first.diagnostics.find((d) => d.message.includes('internal error'));
  assert.equal(internal, undefined, internal?.message);
  const elapsed = performance.now() - started;
  assert.ok(elapsed <= TIME_BOX_MS, `one input took ${Math.round(elapsed)} ms (more than the ${TIME_BOX_MS} ms time box)`);
  return true;
}

/** The two fuzzers, by name. */
export function fuzzers(): Record<string, fc.Arbitrary<FuzzProject>> {
  return { generated: generatedProject, mutated: mutatedProject() };
}
