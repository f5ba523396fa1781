/**
 * Deterministic generators of test material for the benchmarks (and for
 * tests that need big inputs):
 *
 * - `generateStory`: a large, realistic Arc project that is CLEAN under every
 *   check of docs/checks.md (the orchestrator must report nothing).
 * - `generateDeepChoices`: n sequential two-way choices (2^n paths) with a few
 *   deliberate violations, each of which must be reported exactly once.
 * - `generateInkStory`: an ink story of about a given size, for comparing with
 *   inkle's compiler (inkjs).
 *
 * Everything is driven by a seeded PRNG: the same arguments give the same text.
 */

// ---------------------------------------------------------------------------
// PRNG

/** mulberry32: small, fast, good enough for generating text. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

// ---------------------------------------------------------------------------
// Word lists

const FIRST_NAMES = [
  'ana', 'ben', 'cleo', 'dev', 'edda', 'finn', 'gala', 'hugo', 'iris', 'jon', 'kira', 'lev', 'mara', 'nils',
  'orla', 'piet', 'quin', 'rosa', 'sami', 'tove', 'ugo', 'vera', 'wim', 'xena', 'yara', 'zeno',
];
const PLACE_WORDS = [
  'harbor', 'lighthouse', 'market', 'chapel', 'orchard', 'station', 'bakery', 'ferry', 'archive', 'garden',
  'bridge', 'quarry', 'school', 'attic', 'dunes', 'mill', 'clinic', 'pier', 'library', 'square',
];
const THEMES = ['grief', 'hope', 'trust', 'courage', 'memory', 'belonging', 'forgiveness', 'resilience'];
const GOALS: ReadonlyArray<readonly [string, string]> = [
  ['grounding', 'Practise grounding when overwhelmed'],
  ['breathing', 'Slow breathing before a hard conversation'],
  ['reaching_out', 'Ask someone for help'],
];
const TAGS = ['rain', 'letters', 'music', 'night', 'sea', 'debt', 'family', 'fire', 'travel', 'illness'];
const AVOIDED = ['graphic_violence', 'self_harm'];
const STAGE_SETS: ReadonlyArray<readonly string[]> = [
  ['denial', 'anger', 'bargaining', 'acceptance'],
  ['doubt', 'resolve', 'trust', 'peace'],
  ['stranger', 'ally', 'friend', 'family'],
];
const OPTION_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['stay', 'leave'], ['speak', 'listen'], ['wait', 'search'], ['trust', 'doubt'], ['forgive', 'confront'],
  ['write', 'call'], ['rest', 'work'], ['follow', 'refuse'],
];
const SUBJECTS = [
  'The wind', 'A letter', 'The old clock', 'Her brother', 'The ferry horn', 'A stranger', 'The rain',
  'The lamp', 'His mother', 'The tide', 'A neighbour', 'The radio', 'The dog', 'The last train',
];
const VERBS = [
  'carries', 'hides', 'returns', 'breaks', 'remembers', 'answers', 'waits for', 'pulls at', 'softens',
  'unsettles', 'follows', 'keeps',
];
const OBJECTS = [
  'the promise nobody kept', 'a name half forgotten', 'the smell of salt', 'the unpaid debt',
  'an old photograph', 'the quiet after the storm', 'the key under the step', 'a song from childhood',
  'the light on the water', 'the empty chair', 'a door left open', 'the map with the torn corner',
];
const ADVERBIALS = [
  'before dusk', 'without a word', 'for the first time in years', 'while the kettle boils',
  'as the bells ring', 'in the grey morning', 'long after midnight', 'at the edge of the square',
];
const TITLE_WORDS = [
  'Arrival', 'The letter', 'Low tide', 'A question', 'Late light', 'The promise', 'Crossing', 'Return',
  'Silence', 'The visit', 'Small hours', 'Rain again', 'The debt', 'First snow', 'Homecoming',
];
const WARNINGS = ['Mentions of loss', 'A hospital scene', 'An argument', 'Talk of debt', 'A storm at sea'];

function sentence(rng: Rng): string {
  return `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${rng.pick(ADVERBIALS)}.`;
}

function nameFrom(words: readonly string[], i: number): string {
  const round = Math.floor(i / words.length);
  return round === 0 ? words[i % words.length]! : `${words[i % words.length]!}_${round}`;
}

function pad(n: number, width = 6): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------
// The story model (built first, printed afterwards, so that links can be
// attached to beats that were created earlier)

type Scale = 'macro' | 'meso' | 'micro';

interface EventNode {
  kind: 'event';
  name: string;
  time: number;
  title?: string;
  scale: Scale;
  /** Outside every option: on every path. */
  mainLine: boolean;
  /** Which option holds it (`choice.option`), when inside one. */
  option?: string;
  at?: string;
  with: string[];
  intensity?: number;
  themes: string[];
  tags: string[];
  causes: string[];
  requires: string[][];
  prevents: string[];
  enters: string[];
  exits: string[];
  stages: Array<[string, string]>;
  addresses: string[];
  setup: string[];
  payoff: string[];
  resolves: string[];
  warning?: string;
  prose: string[];
}

interface OptionNode {
  name: string;
  title: string;
  children: EventNode[];
}

interface ChoiceNode {
  kind: 'choice';
  name: string;
  time: number;
  title: string;
  options: OptionNode[];
}

interface ArcNode {
  kind: 'arc';
  name: string;
  scale: Scale;
  title: string;
  themes: string[];
  goals: string[];
  span?: [number, number];
  children: Array<ArcNode | EventNode | ChoiceNode>;
}

// ---------------------------------------------------------------------------
// generateStory

export interface StoryOptions {
  /** About how many beats (events and choices, including those inside options). */
  beats: number;
  seed: number;
  /** 1: a single file. More: a root with the story header that includes `files - 1` part files. */
  files?: number;
}

export interface GeneratedProject {
  /** File id -> text. */
  files: Map<string, string>;
  /** The root file's id. */
  root: string;
  /** The workspace folder of the file ids (for `new MemoryHost(files, workspace)`). */
  workspace: string;
}

export interface GeneratedStory extends GeneratedProject {
  /** The exact number of beats generated (events + choices). */
  beats: number;
  choices: number;
}

const LIMITS = 'limits { max 8  spike 3  peak 7  calm 2  within 3  warn 7 }';
const WORKSPACE = '/ws';

class StoryBuilder {
  private time = 0;
  beatCount = 0;
  choiceCount = 0;
  private intensity = 4;
  private characterTurn = 0;
  private placeTurn = 0;
  /** Recent main-line events: sources for `causes`, targets for `requires`. */
  private recentMain: EventNode[] = [];
  private pendingSetups: Array<{ motif: string; beat: number }> = [];
  private motifCount = 0;
  /** Stage moves waiting for their beat, sorted by beat. */
  private stageMoves: Array<{ beat: number; character: string; stage: string }> = [];
  /** Late characters: absent until an `enters`. */
  private lateEntries: Array<{ beat: number; character: string }> = [];
  /** Characters that may be involved now. */
  private active: string[];
  /** Characters that leave on the last beat (so never involved again). */
  readonly leavers: string[];
  readonly involvedCharacters = new Set<string>();
  /** Every event, in time order. */
  readonly events: EventNode[] = [];
  readonly usedPlaces = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly totalBeats: number,
    readonly characters: ReadonlyArray<{ name: string; stages?: readonly string[] }>,
    readonly lateCharacters: readonly string[],
    readonly places: readonly string[],
  ) {
    this.active = characters.map((c) => c.name);
    for (const c of characters) {
      if (!c.stages) continue;
      for (let k = 1; k < c.stages.length; k++) {
        const fraction = (k + rng.next() * 0.8) / (c.stages.length + 1);
        this.stageMoves.push({ beat: Math.floor(totalBeats * fraction), character: c.name, stage: c.stages[k]! });
      }
    }
    this.stageMoves.sort((a, b) => a.beat - b.beat);
    lateCharacters.forEach((name, i) => {
      this.lateEntries.push({ beat: Math.floor((totalBeats * (i + 1)) / (lateCharacters.length + 3)), character: name });
    });
    // The last beat lets two regular characters leave (they are never involved afterwards).
    this.leavers = characters.slice(0, Math.min(2, characters.length)).map((c) => c.name);
  }

  private nextTime(): number {
    return ++this.time;
  }

  /** A new event; `option` when inside an option, `arcThemes` the innermost arc's themes. */
  event(scale: Scale, arcThemes: readonly string[], option?: { key: string; siblings: EventNode[] }): EventNode {
    const rng = this.rng;
    this.beatCount++;
    const e: EventNode = {
      kind: 'event',
      name: `ev_${pad(this.beatCount)}`,
      time: this.nextTime(),
      scale,
      mainLine: option === undefined,
      with: [],
      themes: [],
      tags: [],
      causes: [],
      requires: [],
      prevents: [],
      enters: [],
      exits: [],
      stages: [],
      addresses: [],
      setup: [],
      payoff: [],
      resolves: [],
      prose: [],
    };
    if (option) e.option = option.key;
    this.events.push(e);
    if (rng.chance(0.45)) e.title = rng.pick(TITLE_WORDS);

    // Characters and places.
    if (this.active.length > 0) {
      const first = this.active[this.characterTurn++ % this.active.length]!;
      e.with.push(first);
      if (rng.chance(0.4)) {
        const second = rng.pick(this.active);
        if (second !== first) e.with.push(second);
      }
      for (const c of e.with) this.involvedCharacters.add(c);
    }
    if (rng.chance(0.7) && this.places.length > 0) {
      e.at = this.places[this.placeTurn++ % this.places.length]!;
      this.usedPlaces.add(e.at);
    }

    // Intensity: a walk in 3..5, so rises stay within `spike` and nothing reaches `peak` or `warn`.
    if (rng.chance(0.85)) {
      this.intensity = Math.min(5, Math.max(3, this.intensity + rng.int(-1, 1)));
      e.intensity = this.intensity;
    }
    if (rng.chance(0.25) && arcThemes.length > 0) e.themes.push(rng.pick(arcThemes));
    if (rng.chance(0.2)) e.tags.push(rng.pick(TAGS));
    if (rng.chance(0.04)) e.warning = rng.pick(WARNINGS);

    // Causes: from an earlier, co-possible beat (main line, or earlier in the same option),
    // never from a micro beat straight to a macro beat.
    if (rng.chance(0.3)) {
      const pool = option ? [...this.recentMain.slice(-8), ...option.siblings] : this.recentMain.slice(-20);
      const candidates = pool.filter((a) => !(a.scale === 'micro' && scale === 'macro'));
      if (candidates.length > 0) rng.pick(candidates).causes.push(e.name);
    }
    // Requires: an earlier beat on every path.
    if (rng.chance(0.15) && this.recentMain.length > 0) {
      const pool = this.recentMain.slice(-40);
      const x = rng.pick(pool);
      const alternatives = [x.name];
      if (rng.chance(0.3)) {
        const y = rng.pick(pool);
        if (y !== x) alternatives.push(y.name);
      }
      e.requires.push(alternatives);
    }

    if (!option) {
      // State changes and setups only on the main line, so they hold on every path.
      const stage = this.stageMoves[0];
      if (stage && stage.beat <= this.beatCount) {
        this.stageMoves.shift();
        e.stages.push([stage.character, stage.stage]);
        this.involvedCharacters.add(stage.character);
      }
      const entry = this.lateEntries[0];
      if (entry && entry.beat <= this.beatCount) {
        this.lateEntries.shift();
        e.enters.push(entry.character);
        // Involved from the next beat on, never before the entry.
        this.active.push(entry.character);
      }
      const due = this.pendingSetups[0];
      if (due && due.beat + 6 <= this.beatCount && rng.chance(0.5)) {
        this.pendingSetups.shift();
        e.payoff.push(due.motif);
      } else if (rng.chance(0.02) && this.beatCount < this.totalBeats * 0.9) {
        const motif = `motif_${++this.motifCount}`;
        this.pendingSetups.push({ motif, beat: this.beatCount });
        e.setup.push(motif);
      }
    }

    const proseLines = rng.chance(0.12) ? 2 : 1;
    for (let i = 0; i < proseLines; i++) e.prose.push(sentence(rng));

    if (option) {
      option.siblings.push(e);
    } else {
      this.recentMain.push(e);
      if (this.recentMain.length > 64) this.recentMain.splice(0, 32);
    }
    return e;
  }

  choice(arcThemes: readonly string[]): ChoiceNode {
    const rng = this.rng;
    this.beatCount++;
    this.choiceCount++;
    const [a, b] = rng.pick(OPTION_PAIRS);
    const c: ChoiceNode = {
      kind: 'choice',
      name: `ch_${pad(this.beatCount)}`,
      time: this.nextTime(),
      title: `${rng.pick(TITLE_WORDS)}?`,
      options: [],
    };
    const before = this.intensity;
    for (const optionName of [a, b]) {
      this.intensity = before;
      const siblings: EventNode[] = [];
      const count = rng.pick([1, 2, 2, 2, 3]);
      for (let i = 0; i < count; i++) this.event('micro', arcThemes, { key: `${c.name}.${optionName}`, siblings });
      c.options.push({ name: optionName, title: `${optionName[0]!.toUpperCase()}${optionName.slice(1)}`, children: siblings });
    }
    // Something that happens only on one branch prevents something only on the other: never both on a path.
    if (rng.chance(0.3)) {
      const [first, second] = c.options;
      first!.children[0]!.prevents.push(second!.children[second!.children.length - 1]!.name);
    }
    return c;
  }

  /** The last beat of the story: pays off every open setup and lets the leavers go. */
  finish(last: EventNode): void {
    for (const s of this.pendingSetups) last.payoff.push(s.motif);
    this.pendingSetups = [];
    last.with = last.with.filter((c) => !this.leavers.includes(c));
    if (last.with.length === 0) {
      const stayer = this.active.find((c) => !this.leavers.includes(c));
      if (stayer) last.with.push(stayer);
    }
    last.exits.push(...this.leavers);
  }

  get lastTime(): number {
    return this.time;
  }
}

function subset(rng: Rng, from: readonly string[], min: number, max: number): string[] {
  const pool = [...from];
  const n = Math.min(pool.length, rng.int(min, max));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!);
  return out;
}

function firstTime(arc: ArcNode): number {
  const first = arc.children[0]!;
  return first.kind === 'arc' ? firstTime(first) : first.time;
}

/** An arc's opening beat carries all of the arc's themes (so M302 never fires). */
function openArc(b: StoryBuilder, arc: ArcNode): EventNode {
  const opener = b.event(arc.scale, arc.themes);
  opener.themes = [...arc.themes];
  arc.children.push(opener);
  return opener;
}

function buildMicro(b: StoryBuilder, rng: Rng, name: string, parentThemes: readonly string[], budget: number): ArcNode {
  const arc: ArcNode = { kind: 'arc', name, scale: 'micro', title: rng.pick(TITLE_WORDS), themes: subset(rng, parentThemes, 1, 1), goals: [], children: [] };
  openArc(b, arc);
  let left = budget - 1;
  let sinceChoice = 1;
  while (left > 0) {
    if (left >= 3 && sinceChoice >= 4 && (sinceChoice >= 7 || rng.chance(0.5))) {
      const before = b.beatCount;
      arc.children.push(b.choice(arc.themes));
      left -= b.beatCount - before;
      sinceChoice = 0;
    } else {
      arc.children.push(b.event('micro', arc.themes));
      left--;
      sinceChoice++;
    }
  }
  return arc;
}

function buildMeso(b: StoryBuilder, rng: Rng, name: string, parent: ArcNode, budget: number): ArcNode {
  const arc: ArcNode = { kind: 'arc', name, scale: 'meso', title: rng.pick(TITLE_WORDS), themes: subset(rng, parent.themes, 1, 2), goals: [], children: [] };
  if (rng.chance(0.3)) arc.goals.push(rng.pick(GOALS)[0]);
  openArc(b, arc);
  const micros = Math.max(1, Math.round((budget - 2) / 11));
  const perMicro = Math.max(1, Math.floor((budget - 2) / micros));
  for (let i = 0; i < micros; i++) {
    arc.children.push(buildMicro(b, rng, `${name}_${pad(i + 1, 2)}`, arc.themes, perMicro));
    if (rng.chance(0.15)) arc.children.push(b.event('meso', arc.themes));
  }
  const closer = b.event('meso', arc.themes);
  closer.resolves.push(name);
  closer.addresses.push(...arc.goals);
  arc.children.push(closer);
  arc.span = [firstTime(arc), closer.time];
  return arc;
}

function buildMacro(b: StoryBuilder, rng: Rng, index: number, budget: number, addressAllGoals: boolean): ArcNode {
  const name = `arc_${pad(index + 1, 3)}`;
  const arc: ArcNode = { kind: 'arc', name, scale: 'macro', title: `Part ${index + 1}`, themes: subset(rng, THEMES, 2, 3), goals: [GOALS[index % GOALS.length]![0]], children: [] };
  openArc(b, arc);
  const mesos = Math.max(1, Math.round((budget - 2) / 100));
  const perMeso = Math.max(3, Math.floor((budget - 2) / mesos));
  for (let i = 0; i < mesos; i++) {
    arc.children.push(buildMeso(b, rng, `${name}_${pad(i + 1, 2)}`, arc, perMeso));
    if (rng.chance(0.3)) arc.children.push(b.event('macro', arc.themes));
  }
  const closer = b.event('macro', arc.themes);
  closer.resolves.push(name);
  closer.addresses.push(...(addressAllGoals ? GOALS.map((g) => g[0]) : arc.goals));
  arc.children.push(closer);
  arc.span = [firstTime(arc), closer.time];
  return arc;
}

// ---------------------------------------------------------------------------
// Printing

function q(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function printEvent(e: EventNode, indent: string, out: string[]): void {
  const head = `${indent}event ${e.name} @${e.time}${e.title ? ' ' + q(e.title) : ''} {`;
  out.push(head);
  const i2 = indent + '  ';
  const line: string[] = [];
  if (e.at) line.push(`at ${e.at}`);
  if (e.with.length) line.push(`with ${e.with.join(', ')}`);
  if (e.intensity !== undefined) line.push(`intensity ${e.intensity}`);
  if (line.length) out.push(i2 + line.join('  '));
  const list = (keyword: string, names: readonly string[]): void => {
    if (names.length) out.push(`${i2}${keyword} ${names.join(', ')}`);
  };
  list('themes', e.themes);
  list('tags', e.tags);
  list('causes', e.causes);
  for (const alternatives of e.requires) out.push(`${i2}requires ${alternatives.join(' or ')}`);
  list('prevents', e.prevents);
  list('enters', e.enters);
  list('exits', e.exits);
  for (const [c, s] of e.stages) out.push(`${i2}stage ${c} ${s}`);
  list('addresses', e.addresses);
  list('setup', e.setup);
  list('payoff', e.payoff);
  list('resolves', e.resolves);
  if (e.warning) out.push(`${i2}warning ${q(e.warning)}`);
  for (const p of e.prose) out.push(`${i2}> ${p}`);
  out.push(`${indent}}`);
}

function printChoice(c: ChoiceNode, indent: string, out: string[]): void {
  out.push(`${indent}choice ${c.name} @${c.time} ${q(c.title)} {`);
  for (const o of c.options) {
    out.push(`${indent}  option ${o.name} ${q(o.title)} {`);
    for (const e of o.children) printEvent(e, indent + '    ', out);
    out.push(`${indent}  }`);
  }
  out.push(`${indent}}`);
}

function printArc(arc: ArcNode, indent: string, out: string[]): void {
  out.push(`${indent}arc ${arc.name} ${arc.scale} ${q(arc.title)} {`);
  const i2 = indent + '  ';
  if (arc.themes.length) out.push(`${i2}themes ${arc.themes.join(', ')}`);
  if (arc.goals.length) out.push(`${i2}goals ${arc.goals.join(', ')}`);
  if (arc.span) out.push(`${i2}span @${arc.span[0]}..@${arc.span[1]}`);
  for (const child of arc.children) {
    if (child.kind === 'arc') printArc(child, i2, out);
    else if (child.kind === 'event') printEvent(child, i2, out);
    else printChoice(child, i2, out);
  }
  out.push(`${indent}}`);
}

function storyHeader(title: string, themes: readonly string[], goals: ReadonlyArray<readonly [string, string]>): string {
  const lines = [`story ${q(title)} {`, `  themes ${themes.join(', ')}`];
  for (const [g, d] of goals) lines.push(`  goal ${g} ${q(d)}`);
  lines.push(`  ${LIMITS}`, `  avoid ${AVOIDED.join(', ')}`, '}');
  return lines.join('\n');
}

/**
 * A large story project, clean under every check of docs/checks.md.
 * About 200 bytes per beat.
 */
export function generateStory({ beats, seed, files = 1 }: StoryOptions): GeneratedStory {
  const rng = createRng(seed);
  const target = Math.max(5, Math.floor(beats));
  const parts = Math.max(1, Math.floor(files) - 1);
  const multi = files > 1;

  // Enough characters and places for a cast, but never more than the beats can involve.
  const characterCount = Math.min(400, Math.max(Math.min(6, Math.ceil(target / 4)), Math.round(target / 100)));
  const placeCount = Math.min(200, Math.max(Math.min(4, Math.ceil(target / 8)), Math.round(target / 200)));
  const characters = Array.from({ length: characterCount }, (_, i) => ({
    name: nameFrom(FIRST_NAMES, i),
    stages: i % 4 === 1 ? STAGE_SETS[i % STAGE_SETS.length] : undefined,
  }));
  const lateCount = target < 200 ? 0 : Math.min(3, Math.max(1, Math.floor(characterCount / 20)));
  const late = Array.from({ length: lateCount }, (_, i) => `newcomer_${i + 1}`);
  const places = Array.from({ length: placeCount }, (_, i) => nameFrom(PLACE_WORDS, i));

  const builder = new StoryBuilder(rng, target, characters, late, places);

  const macroCount = Math.max(multi ? parts : 1, Math.round(target / 1000));
  const macros: ArcNode[] = [];
  let produced = 0;
  for (let i = 0; i < macroCount; i++) {
    const budget = Math.max(5, Math.round(((i + 1) * target) / macroCount) - produced);
    const before = builder.beatCount;
    macros.push(buildMacro(builder, rng, i, budget, i === 0));
    produced += builder.beatCount - before;
  }
  const lastMacro = macros[macros.length - 1]!;
  builder.finish(lastMacro.children[lastMacro.children.length - 1] as EventNode);

  // Small stories: whoever was not involved yet joins the opening beat (every character is
  // present from the start, except the late ones, which are never left out at these sizes).
  const opener = macros[0]!.children[0] as EventNode;
  for (const c of characters) {
    if (!builder.involvedCharacters.has(c.name)) {
      opener.with.push(c.name);
      builder.involvedCharacters.add(c.name);
    }
  }
  // ...and unused places go to events that have none.
  const unusedPlaces = places.filter((p) => !builder.usedPlaces.has(p));
  for (const e of builder.events) {
    if (unusedPlaces.length === 0) break;
    if (e.at === undefined) {
      e.at = unusedPlaces.shift()!;
      builder.usedPlaces.add(e.at);
    }
  }

  // Self-check: every declared character and place is involved (U601).
  for (const c of [...characters.map((c) => c.name), ...late]) {
    if (!builder.involvedCharacters.has(c)) throw new Error(`generateStory: character ${c} is never involved`);
  }
  for (const p of places) {
    if (!builder.usedPlaces.has(p)) throw new Error(`generateStory: place ${p} is never used`);
  }

  const characterDecls = characters.map((c) => {
    const title = `${c.name[0]!.toUpperCase()}${c.name.slice(1).replace(/_/g, ' ')}`;
    if (!c.stages) return `character ${c.name} ${q(title)}`;
    return `character ${c.name} ${q(title)} {\n  traits ${rng.pick(['steadfast', 'restless', 'warm', 'guarded'])}\n  stages ${c.stages.join(' -> ')}\n}`;
  });
  for (const name of late) characterDecls.push(`character ${name} "A newcomer" { traits curious }`);
  const placeDecls = places.map((p) => `place ${p} ${q(`The ${p.replace(/_/g, ' ')}`)}`);
  const header = storyHeader(`A generated story of ${builder.beatCount} beats`, THEMES, GOALS);

  const fileMap = new Map<string, string>();
  const root = `${WORKSPACE}/story.arc`;
  const printMacros = (list: readonly ArcNode[]): string => {
    const out: string[] = [];
    for (const m of list) printArc(m, '', out);
    return out.join('\n');
  };

  if (!multi) {
    const text = [
      '// Generated by bench/src/generate.ts: a clean story (no conflicts expected).',
      header,
      characterDecls.join('\n'),
      placeDecls.join('\n'),
      printMacros(macros),
    ].join('\n\n');
    fileMap.set(root, text + '\n');
  } else {
    const partIds = Array.from({ length: parts }, (_, i) => `${WORKSPACE}/part-${pad(i + 1, 3)}.arc`);
    const rootText = [
      '// Generated by bench/src/generate.ts: a clean story (no conflicts expected).',
      partIds.map((id) => `include ${q(id.slice(WORKSPACE.length + 1))}`).join('\n'),
      header,
    ].join('\n\n');
    fileMap.set(root, rootText + '\n');
    for (let p = 0; p < parts; p++) {
      const from = Math.floor((p * macros.length) / parts);
      const to = Math.floor(((p + 1) * macros.length) / parts);
      const decls = [
        ...characterDecls.filter((_, i) => i % parts === p),
        ...placeDecls.filter((_, i) => i % parts === p),
      ];
      const text = [`// Part ${p + 1} of ${parts}`, decls.join('\n'), printMacros(macros.slice(from, to))].filter((s) => s !== '').join('\n\n');
      fileMap.set(partIds[p]!, text + '\n');
    }
  }
  return { files: fileMap, root, workspace: WORKSPACE, beats: builder.beatCount, choices: builder.choiceCount };
}

// ---------------------------------------------------------------------------
// generateDeepChoices

/** A violation planted in the deep-choices story: reported exactly once, with this witness. */
export interface ExpectedViolation {
  readonly code: string;
  /** The beat, goal or item the report is about. */
  readonly subject: string;
  /** The (only) choice/option whose taking makes it happen. */
  readonly witness: { readonly choice: string; readonly option: string };
  readonly description: string;
}

export interface DeepChoicesStory extends GeneratedProject {
  readonly choices: number;
  readonly expected: readonly ExpectedViolation[];
}

/** The codes planted by `generateDeepChoices`, each reported exactly once. */
export const DEEP_CHOICES_EXPECTED_CODES: readonly string[] = ['C201', 'T102', 'T105', 'M303', 'W405'];

/**
 * n sequential two-way choices (2^n paths), each option holding one event,
 * with five planted violations, each of which holds on some paths only and
 * must be reported exactly once (see `expected`). n must be at least 12.
 */
export function generateDeepChoices(n: number): DeepChoicesStory {
  if (n < 12) throw new Error('generateDeepChoices needs at least 12 choices');
  const at = (k: number): number => Math.max(1, Math.min(n, Math.round((n * k) / 60)));
  // Where the violations sit (for n = 60: the choices named below).
  const prevent = at(5); // option a prevents `gate`, which comes after choice `gateAfter`
  const kill = at(10); // option a kills ghost, who appears after choice `haunt`
  const needed = at(20); // only option b holds what `needs_key` requires
  const needsAfter = at(30);
  const gateAfter = at(40);
  const haunt = at(50);
  const goalAt = at(55); // only option b addresses the goal
  const payoffAt = at(58); // only option a pays off the setup
  const distinct = new Set([prevent, kill, needed, goalAt, payoffAt]);
  if (distinct.size !== 5) throw new Error('generateDeepChoices: choose a larger n');

  const lines: string[] = [
    '// Generated by bench/src/generate.ts: deep sequential choices with planted violations.',
    'story "Deep choices" {',
    '  themes patience',
    '  goal calm_down "Calm down before the end"',
    `  ${LIMITS}`,
    '}',
    '',
    'character ana "Ana"',
    'character ben "Ben"',
    'character ghost "The ghost"',
    'place hall "The hall"',
    'place yard "The yard"',
    '',
    'event start @1 "Start" {',
    '  at hall  with ana, ghost  intensity 3',
    '  setup lantern',
    '  > The house is quiet.',
    '}',
  ];
  let t = 1;
  const choiceName = (k: number): string => `choice_${k}`;
  const mainEvent = (name: string, items: string): void => {
    t++;
    lines.push(`event ${name} @${t} {`, `  at yard  with ben  intensity 4`, ...(items ? [`  ${items}`] : []), '}');
  };
  for (let k = 1; k <= n; k++) {
    const ct = ++t;
    const ta = ++t;
    const tb = ++t;
    const extraA: string[] = [];
    const extraB: string[] = [];
    if (k === prevent) extraA.push('prevents gate');
    if (k === kill) extraA.push('kills ghost');
    if (k === goalAt) extraB.push('addresses calm_down');
    if (k === payoffAt) extraA.push('payoff lantern');
    const who = k % 2 === 0 ? 'ana' : 'ben';
    const ia = 3 + (k % 3);
    const ib = 3 + ((k + 1) % 3);
    lines.push(
      `choice ${choiceName(k)} @${ct} "Choice ${k}" {`,
      `  option a "Left" {`,
      `    event e${k}_a @${ta} { with ${who}  intensity ${ia}${extraA.map((x) => '  ' + x).join('')} }`,
      '  }',
      `  option b "Right" {`,
      `    event e${k}_b @${tb} { with ${who}  intensity ${ib}${extraB.map((x) => '  ' + x).join('')} }`,
      '  }',
      '}',
    );
    if (k === needsAfter) mainEvent('needs_key', `requires e${needed}_b`);
    if (k === gateAfter) mainEvent('gate', '');
    if (k === haunt) {
      t++;
      lines.push(`event haunting @${t} { at hall  with ghost  intensity 4 }`);
    }
  }
  t++;
  lines.push(`event ending @${t} "The end" { at hall  with ana, ben  intensity 3 }`);

  const expected: ExpectedViolation[] = [
    { code: 'T105', subject: `e${prevent}_a prevents gate`, witness: { choice: choiceName(prevent), option: 'a' }, description: `option a of ${choiceName(prevent)} prevents \`gate\`, which follows on every path` },
    { code: 'C201', subject: 'haunting: with ghost', witness: { choice: choiceName(kill), option: 'a' }, description: `ghost is killed in option a of ${choiceName(kill)} and involved after ${choiceName(haunt)}` },
    { code: 'T102', subject: `needs_key requires e${needed}_b`, witness: { choice: choiceName(needed), option: 'a' }, description: `needs_key requires a beat that only option b of ${choiceName(needed)} holds` },
    { code: 'W405', subject: 'goal calm_down', witness: { choice: choiceName(goalAt), option: 'a' }, description: `calm_down is addressed only in option b of ${choiceName(goalAt)}` },
    { code: 'M303', subject: 'start: setup lantern', witness: { choice: choiceName(payoffAt), option: 'b' }, description: `lantern is paid off only in option a of ${choiceName(payoffAt)}` },
  ];
  const root = `${WORKSPACE}/deep.arc`;
  return { files: new Map([[root, lines.join('\n') + '\n']]), root, workspace: WORKSPACE, choices: n, expected };
}

// ---------------------------------------------------------------------------
// generateInkStory

/**
 * An ink story (inkle's scripting language) of about `bytes` bytes: knots with
 * stitches, text, choices and diverts, ending in `-> END`. Compiles without
 * errors with inkjs.
 */
export function generateInkStory(bytes: number, seed = 7): string {
  const rng = createRng(seed);
  const out: string[] = ['// Generated by bench/src/generate.ts', 'VAR courage = 0', '', '-> knot_0', ''];
  let size = out.join('\n').length;
  const knots: string[][] = [];
  // Build knots until the size is reached; each knot diverts onward, the last one ends.
  let k = 0;
  while (size < bytes) {
    const knot: string[] = [`=== knot_${k} ===`, sentence(rng), ''];
    const stitches = rng.int(2, 4);
    knot.push(`-> knot_${k}.s0`);
    for (let s = 0; s < stitches; s++) {
      knot.push(`= s${s}`);
      const texts = rng.int(1, 3);
      for (let i = 0; i < texts; i++) knot.push(sentence(rng));
      const next = s + 1 < stitches ? `knot_${k}.s${s + 1}` : `knot_${k + 1}`;
      if (rng.chance(0.6)) {
        knot.push(`* [${rng.pick(TITLE_WORDS)}] ${sentence(rng)}`);
        knot.push(`    ~ courage = courage + 1`);
        knot.push(`    -> ${next}`);
        knot.push(`* [${rng.pick(TITLE_WORDS)} again] ${sentence(rng)} -> ${next}`);
        if (rng.chance(0.3)) knot.push(`* {courage > 2} [Go on bravely] -> ${next}`);
      } else {
        knot.push(`{courage > 1: ${rng.pick(SUBJECTS)} smiles.|${rng.pick(SUBJECTS)} sighs.}`);
        knot.push(`-> ${next}`);
      }
      knot.push('');
    }
    knots.push(knot);
    size += knot.join('\n').length + 1;
    k++;
  }
  for (const knot of knots) out.push(...knot);
  out.push(`=== knot_${k} ===`, 'The end.', '-> END', '');
  return out.join('\n');
}

/** Total size in bytes (UTF-8) of a project's files. */
export function projectBytes(files: ReadonlyMap<string, string>): number {
  let n = 0;
  for (const text of files.values()) n += Buffer.byteLength(text, 'utf8');
  return n;
}
