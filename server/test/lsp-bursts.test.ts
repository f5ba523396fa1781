/**
 * Bursts of edits against the real server: a generated project of several
 * files, edits sent back to back (faster than the server can analyse), of
 * every kind (times, names, links, prose, broken syntax). Whatever the
 * timing, the server publishes no older version of a document after a newer
 * one, and once it settles its diagnostics are exactly those of `nao check`
 * on the same files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { createWorkspace, LspTestClient, messageOf, type TempWorkspace } from './lsp-client.js';

const NAO = fileURLToPath(new URL('../../bin/nao.js', import.meta.url));
const PARTS = 6;
const BEATS_PER_PART = 60;

/** A small deterministic generator (LCG), so that a failure can be replayed. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** part-k.arc: an arc of events and a choice, with links across parts, a few conflicts planted. */
function part(k: number): string {
  const lines = [`arc part_${k} meso "Part ${k}" {`];
  for (let i = 0; i < BEATS_PER_PART; i++) {
    const name = `p${k}_e${i}`;
    const time = k * 100 + i;
    const items = [`with ${i % 3 === 0 ? 'mara' : 'tom'}`, `intensity ${(i * 7) % 9}`];
    if (i > 0 && i % 5 === 0) items.push(`causes p${k}_e${i + 1}`);
    if (k > 1 && i === 10) items.push(`requires p${k - 1}_e20`);
    if (i === 30) items.push('kills tom');
    lines.push(`  event ${name} @${time} { ${items.join('  ')} }`);
    if (i === 40) {
      lines.push(`  choice p${k}_c @${time}.5 "Which way?" {`);
      lines.push(`    option left "Left" { event p${k}_l @${time}.6 { with tom } }`);
      lines.push(`    option right "Right" { event p${k}_r @${time}.6 { with mara  > She waits. } }`);
      lines.push('  }');
    }
  }
  lines.push(`  event p${k}_end @${k * 100 + 99} { with mara  resolves part_${k} }`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function project(): Record<string, string> {
  const files: Record<string, string> = {
    'main.arc': [
      ...Array.from({ length: PARTS }, (_, i) => `include "parts/part-${i + 1}.arc"`),
      'character mara',
      'character tom',
      '',
    ].join('\n'),
  };
  for (let k = 1; k <= PARTS; k++) files[`parts/part-${k}.arc`] = part(k);
  return files;
}

/** One random edit of `text`: a time, a name, a link, prose, or a syntax error (and its repair later). */
function randomEdit(text: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const times = [...text.matchAll(/@(\d+)/g)];
  switch (pick(['time', 'name', 'link', 'prose', 'syntax', 'undo-syntax'] as const)) {
    case 'time': {
      const m = pick(times);
      const at = m.index! + 1;
      return text.slice(0, at) + String(Math.floor(random() * 700)) + text.slice(at + m[1]!.length);
    }
    case 'name': return random() < 0.5 ? text.replace('with tom', 'with tim') : text.replace('with tim', 'with tom');
    case 'link': {
      const m = pick([...text.matchAll(/causes (p\d+_e)(\d+)/g)]);
      if (!m) return text;
      const at = m.index! + 'causes '.length + m[1]!.length;
      return text.slice(0, at) + String(Math.floor(random() * BEATS_PER_PART)) + text.slice(at + m[2]!.length);
    }
    case 'prose': return text.replace('> She waits.', `> She waits ${Math.floor(random() * 100)} breaths.`);
    case 'syntax': return text.replace('{ with mara  intensity 0 }', '{ with mara  intensity }');
    case 'undo-syntax': return text.replace('{ with mara  intensity }', '{ with mara  intensity 0 }');
  }
}

interface Seen {
  readonly code: string;
  readonly severity: string;
  readonly range: string;
  readonly message: string;
}

function key(d: Seen): string {
  return `${d.range} ${d.code} ${d.severity} ${d.message}`;
}

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

function fromLsp(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => key({
    code: String(d.code),
    severity: SEVERITY[d.severity ?? 1]!,
    range: `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
    message: messageOf(d),
  })).sort();
}

describe('language server: bursts of edits', function () {
  this.timeout(120_000);
  let ws: TempWorkspace;
  let client: LspTestClient;
  const files = project();

  before(async () => {
    ws = createWorkspace(files);
    client = await LspTestClient.start({ folders: [ws.folder] });
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    ws?.remove();
  });

  it('never publishes an older version after a newer one, and settles on what `nao check` reports', async () => {
    const random = rng(42);
    const edited = ['parts/part-2.arc', 'parts/part-4.arc'];
    const texts = new Map(edited.map((f) => [f, files[f]!]));
    const versions = new Map(edited.map((f) => [f, 1]));
    for (const file of edited) await client.open(ws.uri(file), texts.get(file)!, 1);
    for (const file of edited) await client.diagnosticsFor(ws.uri(file), 1, 30_000);

    for (let burst = 0; burst < 4; burst++) {
      // 40 edits back to back, in both open files, each a whole-text change.
      for (let i = 0; i < 40; i++) {
        const file = edited[Math.floor(random() * edited.length)]!;
        const text = randomEdit(texts.get(file)!, random);
        const version = versions.get(file)! + 1;
        texts.set(file, text);
        versions.set(file, version);
        await client.change(ws.uri(file), version, [{ text }]);
      }
      for (const file of edited) await client.diagnosticsFor(ws.uri(file), versions.get(file), 60_000);
    }

    // Versions of each document only ever go up.
    for (const file of edited) {
      const published = client.diagnostics.filter((p) => p.uri === ws.uri(file)).map((p) => p.version ?? 0);
      for (let i = 1; i < published.length; i++) {
        assert.ok(published[i]! >= published[i - 1]!, `${file}: version ${published[i]} published after ${published[i - 1]}`);
      }
    }

    // The last publications equal `nao check` on the same texts.
    for (const [file, text] of texts) writeFileSync(path.join(ws.dir, file), text);
    const run = spawnSync(process.execPath, [NAO, 'check', '--format', 'json', path.join(ws.dir, 'main.arc')], { encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const report = JSON.parse(run.stdout) as { diagnostics: Array<Seen & { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }> };
    let compared = 0;
    for (const file of Object.keys(files)) {
      const uri = ws.uri(file);
      const expected = report.diagnostics
        .filter((d) => d.file === path.join(ws.dir, file))
        .map((d) => key({ ...d, range: `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}` }))
        .sort();
      const published = client.latestDiagnostics(uri);
      assert.deepEqual(published ? fromLsp(published) : [], expected, file);
      compared += expected.length;
    }
    assert.ok(compared > 0, 'the generated project has conflicts to compare');
  });

  it('parses an edited file about once for a burst of edits, not once per edit', async () => {
    const file = 'parts/part-3.arc';
    let text = files[file]!;
    await client.open(ws.uri(file), text, 1);
    await client.diagnosticsFor(ws.uri(file), 1, 30_000);
    const parses = async () => (await client.request<{ parses: number }>('arc/memoryUsage', {})).parses;
    const before = await parses();
    const EDITS = 30;
    // The first beat's time, edited 30 times (an edit every check reads, so no fast path: each run parses).
    for (let version = 2; version <= EDITS + 1; version++) {
      text = text.replace(/(p3_e0 @)[\d.]+/, `$1${300 + version / 100}`);
      await client.change(ws.uri(file), version, [{ text }]);
    }
    await client.diagnosticsFor(ws.uri(file), EDITS + 1, 60_000);
    const parsed = (await parses()) - before;
    assert.ok(parsed >= 1 && parsed <= 5, `${parsed} parses for ${EDITS} edits sent back to back`);
    await client.close(ws.uri(file));
  });
});
