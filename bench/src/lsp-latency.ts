/**
 * Language-server latency: a workspace of 200 files holding 20,000 beats
 * (one root including the rest), the real server over stdio.
 *
 * - LEX, the baseline: the time to tokenize every file of the workspace with
 *   the project's own lexer, measured in this run (in this process), before
 *   the edits and between them (`LexBaseline`);
 * - edit -> diagnostics: the time from sending a `didChange` to receiving the
 *   `publishDiagnostics` of that document version, over 50 edits of four
 *   kinds (prose, a time, a name, a link), each applied then undone;
 * - the same for three edits of a beat, reported without a target: renamed,
 *   moved past the next beat in time, and a beat added (a structure edit);
 * - the first hover after an edit (of every kind), hover and completion;
 * - a burst of 100 edits of the four kinds sent 10 ms apart: the time from
 *   the last edit to the diagnostics of its version, against the single-edit
 *   p95; then the same kinds of edit at the offsets they had before the
 *   burst, which leave the text half-typed (a structure edit, reported
 *   without a target);
 * - the server's memory after the edits (/proc VmRSS/VmHWM) and start-up;
 * - single-file projects (2,000 and 20,000 beats in one file): a burst of
 *   edits of the four kinds, and the time from the last to its diagnostics
 *   (reported, without a target).
 *
 * Targets, as ratios to figures of the same run: edit -> diagnostics p95 and
 * first hover after an edit p95 <= 0.5 x LEX; the burst settles within 3 x
 * the single-edit p95; RSS <= 300 MB. Hover and completion p95 <= 50 ms.
 */
import { readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LineIndex, tokenize } from '@nao/grammar';
import { generateStory, projectBytes } from './generate.js';
import { BenchLspClient } from './lsp-client.js';
import { keep, mb, ms, summarize, type Timing } from './measure.js';
import { figure, note, table, target } from './report.js';
import type { Section } from './section.js';
import { writeTempProject } from './temp-project.js';

export const LSP_BEATS = 20_000;
export const LSP_FILES = 200;
const SEED = 1;
const EDITS = 50;
const REQUESTS = 50;
/** First hovers after an edit: enough that the p95 is not just the slowest one. */
const HOVERS_AFTER_EDIT = 40;
/** The part file the benchmark edits (in the middle of the story). */
const EDITED_PART = 'part-100.arc';

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly n: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1]!, n: sorted.length };
}

type EditKind = 'prose' | 'time' | 'name' | 'link';
/** Edits of a beat, reported without a target: renamed, moved past the next beat in time, and a beat added. */
type BeatEditKind = 'beat renamed' | 'beat moved' | 'beat added';
const BEAT_EDITS_EACH = 12;

interface Edit {
  readonly kind: EditKind | BeatEditKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The k-th occurrence of `pattern` in `text`, as [start, end) of group 1 (or the whole match), where the group
 * matched: the same text may come earlier in the match (the time `9971` of `event ev_009971 @9971`).
 */
function occurrence(text: string, pattern: RegExp, k: number): { start: number; end: number; value: string } | undefined {
  const flags = new Set([...pattern.flags, 'g', 'd']);
  const global = new RegExp(pattern.source, [...flags].join(''));
  let match: RegExpExecArray | null;
  let i = 0;
  while ((match = global.exec(text))) {
    if (i++ === k) {
      const [start, end] = match.indices![match[1] === undefined ? 0 : 1]!;
      return { start, end, value: text.slice(start, end) };
    }
  }
  return undefined;
}

/** An edit of `kind` at the k-th suitable place of `text` (and the text it leaves). */
function makeEdit(text: string, kind: EditKind | BeatEditKind, k: number): Edit | undefined {
  switch (kind) {
    case 'beat renamed': {
      const found = occurrence(text, /event (\w+) @/, k);
      return found && { kind, start: found.end, end: found.end, text: 'x' };
    }
    case 'beat moved': {
      // The beats' times are consecutive integers: @n becomes @(n+1).5, past the next beat.
      const found = occurrence(text, /event \w+ @(\d+)/, k);
      return found && { kind, start: found.start, end: found.end, text: `${Number(found.value) + 1}.5` };
    }
    case 'beat added': {
      const found = occurrence(text, /(event) \w+ @(\d+)/, k);
      const time = found && /@(\d+)/.exec(text.slice(found.start))![1];
      return found && { kind, start: found.start, end: found.start, text: `event bench_added_${k} @${time}.5 { }\n  ` };
    }
    case 'prose': {
      const found = occurrence(text, /> ([^\n]+)/, k);
      return found && { kind, start: found.end, end: found.end, text: ' Then the rain came.' };
    }
    case 'time': {
      const found = occurrence(text, /event \w+ @(\d+)/, k);
      return found && { kind, start: found.end, end: found.end, text: '.5' };
    }
    case 'name': {
      const found = occurrence(text, /with (\w+)/, k);
      return found && { kind, start: found.end, end: found.end, text: 'x' };
    }
    case 'link': {
      const found = occurrence(text, /causes (\w+)/, k);
      return found && { kind, start: found.start, end: found.end, text: found.value.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) };
    }
  }
}

function vm(pid: number | undefined): { rss: number; hwm: number } | undefined {
  if (!pid) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

function row(label: string, p: Percentiles, goal: number): string[] {
  return [label, String(p.n), ms(p.p50), ms(p.p95), ms(p.max), p.p95 <= goal ? 'met' : 'NOT met'];
}

export interface LspLatencyFigures {
  readonly edits: Percentiles;
  readonly editsByKind: ReadonlyMap<EditKind, Percentiles>;
  readonly hover: Percentiles;
  readonly hoverAfterEdit: Percentiles;
  readonly completion: Percentiles;
  readonly startupMs: number;
  readonly lexMs: number;
  readonly burstSettleMs: number;
}

/**
 * LEX, tokenizing every file once: several runs after a warm-up before the
 * server starts, then one run after each measured edit (with its undo) and
 * each hover after an edit, while the server waits for the next. The
 * baseline is the median of them all: a shared machine's speed drifts within
 * the run (the runs before the edits have read 68 and 145 ms in runs minutes
 * apart), and a ratio should compare the latencies with the lexer under the
 * same load.
 */
class LexBaseline {
  private readonly samples: number[] = [];

  constructor(private readonly files: ReadonlyMap<string, string>) {
    for (let i = 0; i < 3; i++) keep(this.tokenizeAll());
    for (let i = 0; i < 7; i++) this.sample();
    this.first = summarize(this.samples).median;
  }

  /** The median of the runs before the edits. */
  readonly first: number;

  /** One more run. */
  sample(): void {
    const start = performance.now();
    keep(this.tokenizeAll());
    this.samples.push(performance.now() - start);
  }

  get count(): number {
    return this.samples.length;
  }

  get timing(): Timing {
    return summarize(this.samples);
  }

  private tokenizeAll(): number {
    let tokens = 0;
    for (const text of this.files.values()) tokens += tokenize(text).tokens.length;
    return tokens;
  }
}

const BURST_EDITS = 100;
const BURST_INTERVAL_MS = 10;

/** Runs the measurements and prints the report. */
export async function runLspLatency(): Promise<LspLatencyFigures> {
  const story = generateStory({ beats: LSP_BEATS, seed: SEED, files: LSP_FILES });
  const { dir, pathOf } = writeTempProject(story, 'arc-lsp-bench-');
  const uriOf = (id: string) => pathToFileURL(pathOf(id)).href;
  figure('workspace', `${story.files.size} files, ${story.beats.toLocaleString('en')} beats`, mb(projectBytes(story.files)));
  const lex = new LexBaseline(story.files);
  figure('LEX before the edits (tokenize every file)', ms(lex.first), 'the median of 7 runs; the baseline adds the runs between the edits');

  const folder = pathToFileURL(dir).href;
  const root = uriOf(story.root);
  const started = performance.now();
  // The server's default settings: no analysis delay, since an edit cancels the analysis in flight.
  const client = await BenchLspClient.start(folder, {});
  try {
    const firstDiagnostics = await client.diagnostics(root, undefined, 120_000);
    const startupMs = firstDiagnostics - started;
    figure('start: spawn to first diagnostics', ms(startupMs), 'indexing 200 files + full analysis');

    const uri = uriOf(`${story.workspace}/${EDITED_PART}`);
    let text = story.files.get(`${story.workspace}/${EDITED_PART}`)!;
    let version = 1;
    await client.open(uri, text, version);
    await client.diagnostics(uri, version, 60_000);

    /** Sends one edit and waits for the diagnostics of the new version; returns the latency. */
    const apply = async (edit: Edit): Promise<number> => {
      const index = new LineIndex(text);
      const range = { start: index.positionAt(edit.start), end: index.positionAt(edit.end) };
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      version++;
      const sent = performance.now();
      await client.change(uri, version, [{ range, text: edit.text }]);
      const arrived = await client.diagnostics(uri, version, 60_000);
      return arrived - sent;
    };
    /** Applies an edit, then its undo; both are measured (and LEX sampled after them, while the baseline is being made). */
    const editAndUndo = async <K extends EditKind | BeatEditKind>(kind: K, k: number, samples: Map<K, number[]>, sample = true): Promise<void> => {
      const edit = makeEdit(text, kind, k);
      if (!edit) return;
      const removed = text.slice(edit.start, edit.end);
      const list = samples.get(kind) ?? [];
      samples.set(kind, list);
      list.push(await apply(edit));
      list.push(await apply({ kind, start: edit.start, end: edit.start + edit.text.length, text: removed }));
      if (sample) lex.sample();
    };

    // Warm-up: one of each kind, not measured.
    const warm = new Map<EditKind, number[]>();
    for (const kind of ['prose', 'time', 'name', 'link'] as const) await editAndUndo(kind, 0, warm, false);

    const byKind = new Map<EditKind, number[]>();
    const kinds: EditKind[] = ['prose', 'time', 'name', 'link'];
    for (let i = 0; byKind.size === 0 || [...byKind.values()].flat().length < EDITS; i++) {
      await editAndUndo(kinds[i % kinds.length]!, 1 + Math.floor(i / kinds.length), byKind);
    }
    const edits = percentiles([...byKind.values()].flat());
    const editsByKind = new Map([...byKind].map(([kind, samples]) => [kind, percentiles(samples)] as const));

    // Hover on beat names of the open file, and completion after `with ` / `causes `.
    const index = new LineIndex(text);
    const beatNames = [...text.matchAll(/event (\w+) @/g)].map((m) => m.index! + 'event '.length + 1);
    const hoverSamples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const position = index.positionAt(beatNames[(i * 7) % beatNames.length]!);
      const t0 = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      hoverSamples.push(performance.now() - t0);
    }
    const completionPlaces = [
      ...[...text.matchAll(/with /g)].map((m) => m.index! + 'with '.length),
      ...[...text.matchAll(/causes /g)].map((m) => m.index! + 'causes '.length),
    ];
    const completionSamples: number[] = [];
    let itemCount = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const position = index.positionAt(completionPlaces[(i * 5) % completionPlaces.length]!);
      const t0 = performance.now();
      const list = await client.request<{ items: unknown[] }>('textDocument/completion', { textDocument: { uri }, position });
      completionSamples.push(performance.now() - t0);
      itemCount = Math.max(itemCount, list.items.length);
    }
    // A hover right after an edit of each kind: the first request on a new version waits for its linked snapshot.
    const afterEdit: number[] = [];
    for (let i = 0; afterEdit.length < HOVERS_AFTER_EDIT && i < 10 * HOVERS_AFTER_EDIT; i++) {
      const edit = makeEdit(text, kinds[i % kinds.length]!, 20 + Math.floor(i / kinds.length));
      if (!edit) continue;
      const index = new LineIndex(text);
      const range = { start: index.positionAt(edit.start), end: index.positionAt(edit.end) };
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      version++;
      await client.change(uri, version, [{ range, text: edit.text }]);
      const beats = [...text.matchAll(/event (\w+) @/g)];
      const position = new LineIndex(text).positionAt(beats[i % beats.length]!.index! + 'event '.length + 1);
      const t0 = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      afterEdit.push(performance.now() - t0);
      await client.diagnostics(uri, version, 60_000);
      lex.sample();
    }

    const burst = async (count: number, next: (i: number, text: string) => Edit | undefined): Promise<Burst> => {
      const document = { uri, text, version };
      const result = await sendBurst(client, document, count, next, 120_000);
      text = document.text;
      version = document.version;
      return result;
    };
    // A burst of edits of the four kinds, each placed on the text as it is when sent: what the target is about.
    const kindBurst = await burst(BURST_EDITS, (i, now) => makeEdit(now, kinds[i % kinds.length]!, 60 + Math.floor(i / kinds.length)));
    const burstSettleMs = kindBurst.settleMs;
    // The same kinds of edit placed where they were in the text before the burst: each shifts the next, so most
    // land inside words and keywords, and the text ends half-typed, its structure changed (a full analysis).
    const stale: Edit[] = [];
    for (let i = 0; stale.length < BURST_EDITS && i < 10 * BURST_EDITS; i++) {
      const edit = makeEdit(text, kinds[i % kinds.length]!, 90 + Math.floor(i / kinds.length));
      if (edit) stale.push(edit);
    }
    const staleBurst = await burst(stale.length, (i, now) => {
      const edit = stale[i];
      return edit && { ...edit, start: Math.min(edit.start, now.length), end: Math.min(edit.end, now.length) };
    });

    const hover = percentiles(hoverSamples);
    const completion = percentiles(completionSamples);
    const hoverAfterEdit = percentiles(afterEdit);

    const lexTiming = lex.timing;
    const lexMs = lexTiming.median;
    figure('LEX: tokenize every file (baseline)', ms(lexMs), `median of ${lex.count} runs through the edits (${ms(lexTiming.min)}–${ms(lexTiming.max)}); the latencies are read against it`);
    const goal = 0.5 * lexMs;
    table(['latency', 'n', 'p50', 'p95', 'max', 'target'], [
      row('edit -> diagnostics (all kinds)', edits, goal),
      ...[...editsByKind].map(([kind, p]) => row(`  ${kind}`, p, goal)),
      row('hover', hover, 50),
      row('hover, first after an edit', hoverAfterEdit, goal),
      row(`completion (up to ${itemCount} items)`, completion, 50),
    ]);
    note('Edits are sent one at a time, each waiting for its diagnostics, with the default settings (no');
    note('analysis delay: an edit stops the analysis in flight). Prose, comment and layout edits take the fast path');
    note('(the previous conflicts are published with their ranges moved); times, names and links re-link and re-check the project.');

    const ratio = (value: number, base: number) => `${(value / base).toFixed(2)} x`;
    figure('edit -> diagnostics p95 / LEX', `${ratio(edits.p95, lexMs)} (${ms(edits.p95)})`, target(edits.p95 <= goal, 'at most 0.5 x LEX'));
    figure('first hover after an edit p95 / LEX', `${ratio(hoverAfterEdit.p95, lexMs)} (${ms(hoverAfterEdit.p95)})`, target(hoverAfterEdit.p95 <= goal, 'at most 0.5 x LEX'));
    figure(`burst of ${kindBurst.sent} edits settles / edit p95`, `${ratio(burstSettleMs, edits.p95)} (${ms(burstSettleMs)} after the last edit)`,
      target(burstSettleMs <= 3 * edits.p95, 'at most 3 x the single-edit p95'));
    figure(`  the same at stale offsets (ends half-typed)`, `${ratio(staleBurst.settleMs, edits.p95)} (${ms(staleBurst.settleMs)})`,
      'a structure edit: a full analysis; no target');
    figure('hover p95 / completion p95', `${ms(hover.p95)} / ${ms(completion.p95)}`, target(hover.p95 <= 50 && completion.p95 <= 50, 'at most 50 ms'));

    const memory = await client.request<{ process: NodeJS.MemoryUsage; maxRssKb: number; analyses: Record<string, number> }>('arc/memoryUsage', {});
    const proc = vm(client.child.pid);
    const rss = proc?.rss ?? memory.process.rss;
    figure('server RSS after the edits', mb(rss), target(rss <= 300 * 1024 * 1024, 'at most 300 MB'));
    figure('  peak (VmHWM) / heap used', `${proc ? mb(proc.hwm) : mb(memory.maxRssKb * 1024)} / ${mb(memory.process.heapUsed)}`);
    figure('  analyses finished / superseded / fast path', `${memory.analyses['finished']} / ${memory.analyses['superseded']} / ${memory.analyses['shifted']}`);

    // Edits of a beat, after the memory figure (its target is about the edits above), each applied then undone, on
    // the text as it was before the bursts (the burst at stale offsets leaves it half-typed, reported everywhere).
    await apply({ kind: 'prose', start: 0, end: text.length, text: story.files.get(`${story.workspace}/${EDITED_PART}`)! });
    const byBeatKind = new Map<BeatEditKind, number[]>();
    const beatKinds: BeatEditKind[] = ['beat renamed', 'beat moved', 'beat added'];
    for (let i = 0; i < BEAT_EDITS_EACH * beatKinds.length; i++) {
      await editAndUndo(beatKinds[i % beatKinds.length]!, 30 + Math.floor(i / beatKinds.length), byBeatKind, false);
    }
    console.log('');
    table(['edit of a beat (and its undo) -> diagnostics', 'n', 'p50', 'p95', 'max', 'target'],
      [...byBeatKind].map(([kind, samples]) => [...row(kind, percentiles(samples), goal).slice(0, -1), 'none']));
    note('No target: a rename and a move re-check what the beat\'s links and items touch; a beat added or removed changes');
    note('the structure (every later file declared again, every check but the per-file ones in full).');
    const after = vm(client.child.pid);
    const heapAfter = await client.request<{ process: NodeJS.MemoryUsage }>('arc/memoryUsage', {});
    if (after) figure('server RSS after the edits of a beat too', mb(after.rss), `peak ${mb(after.hwm)}, heap used ${mb(heapAfter.process.heapUsed)}; no target`);
    return { edits, editsByKind, hover, hoverAfterEdit, completion, startupMs, lexMs, burstSettleMs };
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An open document as the benchmark last sent it. */
interface SentDocument {
  readonly uri: string;
  text: string;
  version: number;
}

interface Burst {
  /** From the last edit sent to the diagnostics of its version. */
  readonly settleMs: number;
  readonly sent: number;
  /** From the first edit sent to the last. */
  readonly sendingMs: number;
}

/**
 * Sends `count` edits 10 ms apart, as fast typing would (or as fast as the
 * benchmark can place them in a big text), each made by `next` on the text
 * as it is then, and waits for the diagnostics of the last version.
 */
async function sendBurst(
  client: BenchLspClient, document: SentDocument, count: number, next: (i: number, text: string) => Edit | undefined, timeoutMs: number,
): Promise<Burst> {
  let sent = 0;
  let lastSent = 0;
  const started = performance.now();
  for (let i = 0; sent < count && i < 10 * count; i++) {
    const edit = next(i, document.text);
    if (!edit) continue;
    const index = new LineIndex(document.text);
    const range = { start: index.positionAt(edit.start), end: index.positionAt(edit.end) };
    document.text = document.text.slice(0, edit.start) + edit.text + document.text.slice(edit.end);
    document.version++;
    sent++;
    await new Promise((resolve) => setTimeout(resolve, BURST_INTERVAL_MS));
    lastSent = performance.now();
    await client.change(document.uri, document.version, [{ range, text: edit.text }]);
  }
  const settled = await client.diagnostics(document.uri, document.version, timeoutMs);
  return { settleMs: settled - lastSent, sent, sendingMs: lastSent - started };
}

/** Single-file projects: how many beats, and how many edits the burst sends. */
const SINGLE_FILE_BURSTS = [
  { beats: 2_000, edits: 400 },
  { beats: LSP_BEATS, edits: 100 },
] as const;

/**
 * One file holding the whole story (no include to spread it over): a burst
 * of `edits` edits of the four kinds, 10 ms apart (or as fast as the
 * benchmark can place them in a big text), and the time from the last to
 * the diagnostics of its version. Every edit changes the one file, so each
 * analysis parses and links all of it: this is about edits coalescing.
 */
async function singleFileBurst(beats: number, edits: number): Promise<Burst> {
  const story = generateStory({ beats, seed: SEED, files: 1 });
  const { dir, pathOf } = writeTempProject(story, 'arc-lsp-single-');
  const uri = pathToFileURL(pathOf(story.root)).href;
  const client = await BenchLspClient.start(pathToFileURL(dir).href, {});
  try {
    await client.diagnostics(uri, undefined, 120_000);
    const document = { uri, text: story.files.get(story.root)!, version: 1 };
    await client.open(uri, document.text, document.version);
    await client.diagnostics(uri, document.version, 120_000);
    const kinds: EditKind[] = ['prose', 'time', 'name', 'link'];
    return await sendBurst(client, document, edits, (i, now) => makeEdit(now, kinds[i % kinds.length]!, 20 + Math.floor(i / kinds.length)), 300_000);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const lspSection: Section = {
  id: 'lsp',
  title: `Language server latency: ${LSP_FILES} files, ${LSP_BEATS.toLocaleString('en')} beats`,
  async run(): Promise<void> {
    await runLspLatency();
    console.log('');
    for (const { beats, edits } of SINGLE_FILE_BURSTS) {
      const result = await singleFileBurst(beats, edits);
      figure(`one file of ${beats.toLocaleString('en')} beats: ${result.sent} edits settle`, `${ms(result.settleMs)} after the last edit`,
        `sent over ${ms(result.sendingMs)}; reported, no target`);
    }
  },
};
