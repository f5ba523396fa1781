/**
 * Fixture stories carry their expected diagnostics beside the lines they
 * belong to:
 *
 *     event a @2 { causes b }   // expect T101
 *     event x @5 { with tom }   // expect C201[keep_watch → search], W406
 *
 * A code may carry its witness path in brackets (steps joined by `, `; `[]`
 * for "every path"). A fixture is a single `.arc` file, or a folder whose
 * `main.arc` is the root and whose other files are included. Every
 * diagnostic must be expected and every expectation met; a mismatch prints a
 * line-by-line diff.
 */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '@nao/grammar';
import { checkProject, formatPath, type Diagnostic } from '@narrative-arc/orchestrator';
import { FileSystemHost } from '@nao/server/fs-host';

export interface Fixture {
  readonly name: string;
  readonly root: string;
  readonly folder: string;
}

/** Every fixture below `folder`, sorted by name. */
export function findFixtures(folder: string): Fixture[] {
  const fixtures: Fixture[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        const main = path.join(full, 'main.arc');
        try {
          statSync(main);
          fixtures.push({ name: path.relative(folder, full), root: main, folder: full });
        } catch {
          walk(full);
        }
      } else if (entry.endsWith('.arc')) {
        fixtures.push({ name: path.relative(folder, full), root: full, folder: dir });
      }
    }
  };
  walk(folder);
  return fixtures;
}

const EXPECT = /\/\/\s*expect\s+(.*)$/;

/** `C201[a → b, c → d], W406` -> ['C201[a → b, c → d]', 'W406'] */
function splitExpectations(text: string): string[] {
  const result: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      if (current.trim()) result.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) result.push(current.trim());
  return result;
}

/** `file:line: CODE` or `file:line: CODE[path]` when the expectation names a path. */
function key(file: string, line: number, code: string): string {
  return `${file}:${line + 1}: ${code}`;
}

export interface FixtureOutcome {
  readonly expected: string[];
  readonly actual: string[];
  readonly diagnostics: readonly Diagnostic[];
}

export function runFixture(fixture: Fixture): FixtureOutcome {
  const analysis = checkProject(new FileSystemHost(fixture.folder), fixture.root);
  const expected: string[] = [];
  const withPath = new Set<string>(); // "file:line:CODE" whose expectation names a path
  for (const [fileId, source] of analysis.project.files) {
    const display = path.relative(fixture.folder, fileId);
    source.text.split(/\r?\n/).forEach((lineText, line) => {
      const match = EXPECT.exec(lineText);
      if (!match) return;
      for (const item of splitExpectations(match[1]!)) {
        const bracket = item.indexOf('[');
        const code = bracket >= 0 ? item.slice(0, bracket).trim() : item;
        if (bracket >= 0) withPath.add(`${display}:${line}:${code}`);
        expected.push(key(display, line, item.replace(/\s*\[/, '[')));
      }
    });
  }
  const lineIndexes = new Map<string, LineIndex>();
  const actual = analysis.diagnostics.map((d) => {
    const display = path.relative(fixture.folder, d.file);
    let index = lineIndexes.get(d.file);
    if (!index) lineIndexes.set(d.file, (index = new LineIndex(analysis.project.files.get(d.file)?.text ?? '')));
    const line = index.positionAt(d.span.start).line;
    const showPath = withPath.has(`${display}:${line}:${d.code}`);
    return key(display, line, showPath ? `${d.code}[${formatPath(d.path ?? [])}]` : d.code);
  });
  expected.sort();
  actual.sort();
  return { expected, actual, diagnostics: analysis.diagnostics };
}

/** A readable diff: `- expected but missing`, `+ reported but not expected`, with the messages. */
export function describeMismatch(outcome: FixtureOutcome): string | undefined {
  const remaining = [...outcome.actual];
  const missing: string[] = [];
  for (const e of outcome.expected) {
    const i = remaining.indexOf(e);
    if (i >= 0) remaining.splice(i, 1);
    else missing.push(e);
  }
  if (missing.length === 0 && remaining.length === 0) return undefined;
  const lines = ['fixture diagnostics differ (- expected but not reported, + reported but not expected):'];
  for (const m of missing) lines.push(`  - ${m}`);
  for (const r of remaining) lines.push(`  + ${r}`);
  lines.push('all diagnostics reported:');
  for (const d of outcome.diagnostics) lines.push(`    ${d.code} ${d.severity} @${d.span.start}: ${d.message}${d.path ? ` [${formatPath(d.path)}]` : ''}`);
  return lines.join('\n');
}
