/**
 * Fuzzing the running language server: seeded projects from the fuzzers of
 * fuzz-generators.ts (grammar-aware ones and byte-level mutations of the
 * examples and fixtures), opened in one real server, then a random sequence
 * of edits (splices of other stories' text, deletions, duplications) with
 * random requests in between (hover, completion, definition, references,
 * symbols, code actions, lenses, folding, semantic tokens, formatting).
 *
 * Every request is answered within a time box, with a result or an error
 * the protocol allows (never an internal error); no older version of a
 * document is published after a newer one; the server stays alive; and once
 * it settles, its diagnostics of every file are those of `nao check` on the
 * same texts.
 *
 * `npm test` runs a bounded, seeded number of cases; `npm run fuzz:server`
 * runs more (NAO_FUZZ_SERVER_CASES, NAO_FUZZ_SERVER_SEED).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ErrorCodes, LSPErrorCodes } from 'vscode-languageserver/node';
import { createWorkspace, LspTestClient, messageOf, type TempWorkspace } from '@nao/server/test-client';
import { fuzzers, type FuzzProject } from './fuzz-generators.js';

const NAO = fileURLToPath(new URL('../../server/bin/nao.js', import.meta.url));
const CASES = Number(process.env['NAO_FUZZ_SERVER_CASES'] ?? 24);
const SEED = Number(process.env['NAO_FUZZ_SERVER_SEED'] ?? 20261201);
/** The longest any one request may take to be answered. */
const REQUEST_TIME_BOX_MS = 10_000;
const ALLOWED_ERRORS = new Set<number>([LSPErrorCodes.ContentModified, LSPErrorCodes.RequestCancelled, ErrorCodes.InvalidParams]);

/** A tiny deterministic generator for the edit and request sequence of one case. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * Files on disk hold UTF-8, which has no lone surrogate: the texts of a case
 * stay well-formed (lone surrogates become U+FFFD, as writing the file would
 * make them), so that the server and `nao check` read the same text.
 */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** An offset moved off the middle of a surrogate pair. */
function snap(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return offset > 0 && code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

function lineCharacter(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before.at(-1)!.length };
}

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

/**
 * What a writer sees of a diagnostic. The one difference allowed between
 * the editor and the command line: an E004 that an include leaves the
 * workspace names, on the command line, the folder it must stay in
 * (`... leaves the workspace (/path/of/root)`), which the editor's
 * workspace makes plain.
 */
function key(d: { code?: unknown; severity?: unknown; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string }): string {
  const message = d.code === 'E004' ? d.message.replace(/ \(\/[^)]*\)$/, '') : d.message;
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${String(d.severity)} ${message}`;
}

describe('fuzzing: the running language server', function () {
  this.timeout(Math.max(120_000, CASES * 15_000));
  let ws: TempWorkspace;
  let client: LspTestClient;

  before(async () => {
    ws = createWorkspace({});
    client = await LspTestClient.start({ folders: [ws.folder] });
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    ws?.remove();
  });

  it(`${CASES} seeded cases of edits and requests: answered in time, never stale, equal to nao check at the end`, async () => {
    const kinds = Object.values(fuzzers());
    const projects: FuzzProject[] = [];
    for (let i = 0; i < CASES; i++) projects.push(fc.sample(kinds[i % kinds.length]!, { numRuns: 1, seed: SEED + i })[0]!);
    const donors = projects.flatMap((p) => p.files.map(([, text]) => text)).filter((t) => t.length > 0);

    for (let i = 0; i < projects.length; i++) {
      const project = projects[i]!;
      const random = rng(SEED + 1000 + i);
      const folder = `case-${i}`;
      const uriOf = (id: string) => ws.uri(`${folder}/${id.replace(/^\/ws\//, '')}`);
      const pathOf = (id: string) => path.join(ws.dir, folder, id.replace(/^\/ws\//, ''));
      for (const [id, text] of project.files) ws.write(`${folder}/${id.replace(/^\/ws\//, '')}`, wellFormed(text));
      const rootUri = uriOf(project.root);
      let text = wellFormed(project.files.find(([id]) => id === project.root)![1]);
      let version = 1;
      const context = `case ${i} (seed ${SEED + i})`;
      await client.open(rootUri, text, version);

      const steps = 4 + Math.floor(random() * 10);
      for (let step = 0; step < steps; step++) {
        // An edit: splice a piece of another story in, delete, or duplicate a piece.
        const at = snap(text, Math.floor(random() * (text.length + 1)));
        const end = snap(text, Math.min(text.length, at + Math.floor(random() * 40)));
        const donor = donors[Math.floor(random() * donors.length)]!;
        const from = Math.floor(random() * donor.length);
        const choice = random();
        const insert = wellFormed(choice < 0.5 ? donor.slice(from, from + Math.floor(random() * 80)) : choice < 0.75 ? '' : text.slice(at, end));
        const range = { start: lineCharacter(text, at), end: lineCharacter(text, choice < 0.75 ? end : at) };
        text = text.slice(0, at) + insert + text.slice(choice < 0.75 ? end : at);
        version++;
        await client.change(rootUri, version, [{ range, text: insert }]);

        // A few requests at random places, some before the analysis of this version ends.
        for (let r = 0; r < 2; r++) {
          const position = lineCharacter(text, snap(text, Math.floor(random() * (text.length + 1))));
          const document = { uri: rootUri };
          const requests: Array<[string, unknown]> = [
            ['textDocument/hover', { textDocument: document, position }],
            ['textDocument/completion', { textDocument: document, position }],
            ['textDocument/definition', { textDocument: document, position }],
            ['textDocument/references', { textDocument: document, position, context: { includeDeclaration: true } }],
            ['textDocument/documentSymbol', { textDocument: document }],
            ['textDocument/codeAction', { textDocument: document, range: { start: position, end: position }, context: { diagnostics: client.latestDiagnostics(rootUri)?.diagnostics ?? [] } }],
            ['textDocument/codeLens', { textDocument: document }],
            ['textDocument/foldingRange', { textDocument: document }],
            ['textDocument/semanticTokens/full', { textDocument: document }],
            ['textDocument/formatting', { textDocument: document, options: { tabSize: 2, insertSpaces: true } }],
          ];
          const [method, params] = requests[Math.floor(random() * requests.length)]!;
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${context}: ${method} not answered within ${REQUEST_TIME_BOX_MS} ms`)), REQUEST_TIME_BOX_MS);
          });
          try {
            await Promise.race([client.request(method, params), timeout]);
          } catch (error) {
            const code = (error as { code?: number }).code;
            if (code === undefined || !ALLOWED_ERRORS.has(code)) throw new Error(`${context}: ${method} failed: ${String((error as Error).message)}`);
          } finally {
            clearTimeout(timer);
          }
        }
      }
      assert.ok(client.alive, `${context}: the server died`);

      // Settled: the diagnostics of the last version, for every file, equal nao check's.
      const last = await client.diagnosticsFor(rootUri, version, 60_000);
      writeFileSync(pathOf(project.root), text);
      const published = client.diagnostics.filter((p) => p.uri === rootUri).map((p) => p.version ?? 0);
      for (let k = 1; k < published.length; k++) assert.ok(published[k]! >= published[k - 1]!, `${context}: version ${published[k]} published after ${published[k - 1]}`);
      const cli = spawnSync(process.execPath, [NAO, 'check', '--format', 'json', '--root', ws.dir, pathOf(project.root)], { encoding: 'utf8' });
      assert.ok(cli.status === 0 || cli.status === 1, `${context}: nao check exited ${cli.status}: ${cli.stderr}`);
      const report = JSON.parse(cli.stdout) as { diagnostics: Array<{ file: string; code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }> };
      const expected = report.diagnostics.filter((d) => path.resolve(path.join(ws.dir, folder), d.file) === pathOf(project.root)).map(key).sort();
      const actual = last.diagnostics.map((d) => key({ ...d, severity: SEVERITY[d.severity ?? 1], message: messageOf(d) })).sort();
      assert.deepEqual(actual, expected, `${context}: the settled diagnostics differ from nao check\n${text}`);
      await client.close(rootUri);
    }
  });
});
