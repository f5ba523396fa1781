/**
 * docs/library.md runs as written: every ```js block of it (each marked
 * `<!-- example: name -->`) is run with Node as an ES module that imports
 * the package by its name, and what it prints must be the ```text block
 * that follows it ("prints").
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = readFileSync(path.join(REPOSITORY, 'docs', 'library.md'), 'utf8');
// Inside the repository, so that the package resolves through its workspace link.
const SCRATCH = path.join(REPOSITORY, 'test', 'out', 'library-examples');

interface Example {
  readonly name: string;
  readonly code: string;
  readonly prints: string | undefined;
}

function examples(): Example[] {
  const found: Example[] = [];
  const pattern = /(<!-- example: ([\w-]+) -->\n)?```js\n([\s\S]*?)```\n(?:\nprints\n\n```text\n([\s\S]*?)```\n)?/g;
  for (const match of GUIDE.matchAll(pattern)) {
    assert.ok(match[2], `a js block of docs/library.md has no example marker:\n${match[3]}`);
    found.push({ name: match[2], code: match[3]!, prints: match[4] });
  }
  return found;
}

describe('docs/library.md: the examples run as written', () => {
  const all = examples();
  before(() => mkdirSync(SCRATCH, { recursive: true }));
  after(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it('has examples for every task the guide teaches', () => {
    assert.deepEqual(all.map((e) => e.name), ['check-in-memory', 'check-event-before-adding', 'rank-repairs', 'read-impact', 'fix-all', 'play-and-measure', 'host']);
  });

  for (const example of all) {
    it(example.name, () => {
      const file = path.join(SCRATCH, `${example.name}.mjs`);
      writeFileSync(file, example.code);
      const run = spawnSync(process.execPath, [file], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, example.prints ?? '');
    });
  }
});
