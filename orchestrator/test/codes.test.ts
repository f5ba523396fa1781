/**
 * One list of codes: every code of codes.ts is reported either by the front
 * end (project.ts) or by exactly one check module of CHECKS, and
 * docs/checks.md has it once in its table and one section for it. Adding a
 * check without its table row, its section or its module fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../src/checks/index.js';
import { ALL_CODES, CODES } from '../src/codes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const checksDoc = readFileSync(path.resolve(here, '..', '..', '..', 'docs', 'checks.md'), 'utf8');

/** The kinds of code the front end reports while loading and linking, not a check module. */
const FRONT_END_KINDS = new Set(['syntax', 'reference', 'value', 'usage']);

describe('codes: codes.ts, the check modules and docs/checks.md agree', () => {
  it('every code that is not the front end\'s is reported by exactly one check module', () => {
    const byModules = CHECKS.flatMap((check) => check.codes);
    assert.equal(new Set(byModules).size, byModules.length, `a code is claimed by two modules: ${byModules.join(', ')}`);
    const expected = ALL_CODES.filter((code) => !FRONT_END_KINDS.has(CODES.get(code)!.kind));
    assert.deepEqual([...byModules].sort(), [...expected].sort());
  });

  it('the table lists every code once, in the order of codes.ts', () => {
    const rows = [...checksDoc.matchAll(/^\| \[([A-Z][0-9]{3})\]\(#([a-z][0-9]{3})\) \|/gm)];
    assert.deepEqual(rows.map((row) => row[1]), [...ALL_CODES]);
    for (const row of rows) assert.equal(row[2], row[1]!.toLowerCase(), `the row of ${row[1]} links to its own section`);
  });

  it('every code has one section, with its anchor just above its heading', () => {
    const headings = [...checksDoc.matchAll(/^### ([A-Z][0-9]{3})\b/gm)].map((m) => m[1]);
    assert.deepEqual([...headings].sort(), [...ALL_CODES].sort(), 'one `### CODE` heading per code');
    for (const code of ALL_CODES) {
      const anchor = `<a id="${code.toLowerCase()}"></a>`;
      assert.equal(checksDoc.split(anchor).length - 1, 1, `one ${anchor}`);
      assert.match(checksDoc, new RegExp(`${anchor}\\n\\n### ${code} `), `${anchor} stands just above the heading of ${code}`);
    }
  });
});
