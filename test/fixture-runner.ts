/**
 * Fixture stories carry their expected diagnostics beside the lines they
 * belong to:
 *
 *     event a @2 { causes b }   // expect T101
 *     event x @5 { with tom }   // expect C201[keep_watch → search], W406
 *     event y @6 { with tom }   // expect C201 error[] // prefer C201 "Remove `tom` from `y`"
 *
 * A code may carry its severity after a space (`C201 error`, `W406
 * information`) and its witness path in brackets (steps joined by `, `; `[]`
 * for "every path"). `// prefer CODE "Title"` states the title (with what the
 * repair adds, if anything) of the preferred verified resolution of that
 * line's CODE conflict; `// prefer CODE none` states that it has none. A
 * fixture is a single `.arc` file, or a folder whose `main.arc` is the root
 * and whose other files are included. Every diagnostic must be expected and
 * every expectation met; a mismatch prints a line-by-line diff.
 */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '@nao/grammar';
import { checkProject, formatPath, proposeResolutions, type Diagnostic } from '@narrative-arc/orchestrator';
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

const EXPECT = /\/\/\s*expect\s+(.*?)\s*(?:\/\/\s*prefer\b.*)?$/;
const PREFER = /\/\/\s*prefer\s+([A-Z]\d{3})\s+(?:"((?:[^"\\]|\\.)*)"|(none))/g;
const ITEM = /^([A-Z]\d{3})(?:\s+(error|warning|information|hint))?\s*(?:\[(.*)\])?$/;

/** The `// prefer CODE "Title"` expectations of one line: code and title (undefined for `none`). */
export function preferencesOf(lineText: string): { code: string; title: string | undefined }[] {
  return [...lineText.matchAll(PREFER)].map((m) => ({ code: m[1]!, title: m[3] ? undefined : m[2]!.replace(/\\(.)/g, '$1') }));
}

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
  const host = new FileSystemHost(fixture.folder);
  const analysis = checkProject(host, fixture.root);
  const expected: string[] = [];
  const withPath = new Set<string>(); // "file:line:CODE" whose expectation names a path
  const withSeverity = new Set<string>(); // "file:line:CODE" whose expectation names a severity
  const preferred = new Set<string>(); // "file:line:CODE" with a `prefer`
  for (const [fileId, source] of analysis.project.files) {
    const display = path.relative(fixture.folder, fileId);
    source.text.split(/\r?\n/).forEach((lineText, line) => {
      const match = EXPECT.exec(lineText);
      if (match) {
        for (const item of splitExpectations(match[1]!)) {
          const parts = ITEM.exec(item);
          if (!parts) throw new Error(`${display}:${line + 1}: cannot read the expectation "${item}"`);
          const [, code, severity, steps] = parts;
          if (steps !== undefined) withPath.add(`${display}:${line}:${code}`);
          if (severity !== undefined) withSeverity.add(`${display}:${line}:${code}`);
          expected.push(key(display, line, describe(code!, severity, steps)));
        }
      }
      for (const preference of preferencesOf(lineText)) {
        preferred.add(`${display}:${line}:${preference.code}`);
        expected.push(key(display, line, `${preference.code} prefers ${preference.title === undefined ? 'none' : `"${preference.title}"`}`));
      }
    });
  }
  const lineIndexes = new Map<string, LineIndex>();
  const actual: string[] = [];
  for (const d of analysis.diagnostics) {
    const display = path.relative(fixture.folder, d.file);
    let index = lineIndexes.get(d.file);
    if (!index) lineIndexes.set(d.file, (index = new LineIndex(analysis.project.files.get(d.file)?.text ?? '')));
    const line = index.positionAt(d.span.start).line;
    const at = `${display}:${line}:${d.code}`;
    actual.push(key(display, line, describe(d.code, withSeverity.has(at) ? d.severity : undefined, withPath.has(at) ? formatPath(d.path ?? []) : undefined)));
    if (preferred.has(at)) {
      const best = proposeResolutions(analysis, d, { host })[0];
      actual.push(key(display, line, `${d.code} prefers ${best ? `"${best.title}"` : 'none'}`));
    }
  }
  expected.sort();
  actual.sort();
  return { expected, actual, diagnostics: analysis.diagnostics };
}

/** `C201`, `C201 error`, `C201[a → b]`, `C201 error[a → b]`. */
function describe(code: string, severity: string | undefined, steps: string | undefined): string {
  return `${code}${severity ? ` ${severity}` : ''}${steps !== undefined ? `[${steps.trim()}]` : ''}`;
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
