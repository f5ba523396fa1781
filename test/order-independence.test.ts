/**
 * Property: what the analysis reports does not depend on the order of the
 * declarations in a file. Every single-file fixture is shuffled at top level
 * (each declaration moves with the comments before it) and re-checked; the
 * multiset of (id, code, severity, message, witness path) must not change:
 * conflict ids are built from names, never from where things are written.
 *
 * Files with syntax errors (E001) or duplicate declarations (E003) are left
 * out: how recovery reads broken text, and which of two declarations counts
 * as the first, depend on order by nature.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from '@nao/grammar';
import { checkProject, formatPath, MemoryHost } from '@narrative-arc/orchestrator';
import { findFixtures } from './fixture-runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturesFolder = path.resolve(here, '..', 'fixtures');

function signature(text: string): string[] {
  const analysis = checkProject(new MemoryHost(new Map([['/ws/story.arc', text]]), '/ws'), '/ws/story.arc');
  return analysis.diagnostics
    .map((d) => `${d.code} ${d.severity} ${d.message} [${d.path ? formatPath(d.path) : '-'}] ${d.id}`)
    .sort();
}

/** The file cut into top-level pieces, each with the text (comments, blank lines) before it. */
function pieces(text: string): string[] {
  const children = parse(text).file.children;
  const result: string[] = [];
  let from = 0;
  children.forEach((child, i) => {
    const end = i === children.length - 1 ? text.length : child.span.end;
    result.push(text.slice(from, end) + '\n');
    from = end;
  });
  return result;
}

describe('analysis does not depend on the order of declarations', () => {
  const singleFile = findFixtures(fixturesFolder).filter((f) => f.root.endsWith('.arc') && !f.root.endsWith('main.arc'));
  for (const fixture of singleFile) {
    it(fixture.name, () => {
      const text = readFileSync(fixture.root, 'utf8');
      const parts = pieces(text);
      const expected = signature(parts.join(''));
      if (expected.some((d) => d.startsWith('E001') || d.startsWith('E003'))) return;
      fc.assert(
        fc.property(fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }), (shuffled) => {
          assert.deepEqual(signature(shuffled.join('')), expected);
        }),
        { numRuns: 15, seed: 42 },
      );
    });
  }
});
