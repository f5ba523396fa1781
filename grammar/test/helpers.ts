/**
 * Shared helpers for the grammar tests. Everything here goes through the
 * public API (`../src/index.js`), as any client of the front end would.
 */
import assert from 'node:assert/strict';
import { parse, type ArcFile, type Name, type ParseResult, type Span } from '../src/index.js';

/** The lighthouse example story (as docs/language.md shows it). */
export const LIGHTHOUSE = `include "characters.arc"

story "The Lighthouse Keeper" {
  themes grief, resilience
  goal grounding "Practise grounding when overwhelmed"
  limits { max 7  spike 3  peak 6  calm 3  within 2  warn 6 }
  avoid graphic_violence
  rules { M302 off }
}

place lighthouse "The lighthouse"

arc healing macro "Learning to let go" {
  themes grief, resilience
  goals grounding

  arc storm meso "The storm night" {
    event storm_begins @1 "The storm begins" {
      at lighthouse
      with mara
      intensity 4
      > The wind rose before dusk.
    }
    event lamp_fails @2 { with mara  intensity 5  causes ship_in_danger }
    event ship_in_danger @3 { with tom  intensity 6  warning "A ship in peril" }

    choice keep_watch @4 "What does Mara do?" {
      option vigil "Keep the lamp lit" {
        event breathing @5 { with mara  intensity 3  addresses grounding }
      }
      option search "Go down to the harbor" {
        event finds_boat @5 { with mara  intensity 6  kills tom  warning "Loss" }
      }
    }
    event dawn @6 { with mara  intensity 2  resolves storm }
  }
  event letting_go @9 { with mara  stage mara acceptance  addresses grounding  resolves healing }
}
`;

/** The source text a span covers. */
export function slice(text: string, span: Span | undefined): string {
  assert.ok(span, 'expected a span');
  return text.slice(span.start, span.end);
}

/** Parses `text` and asserts that it has no syntax errors. */
export function parseClean(text: string): ParseResult {
  const result = parse(text);
  assert.deepEqual(result.errors, [], `unexpected syntax errors in:\n${text}`);
  return result;
}

/** Narrows a union of nodes to the members whose `kind` may be `K`. */
export type OfKind<T, K> = T extends { kind: infer TK } ? (K extends TK ? T : never) : never;

/** The `index`-th element of `list` of the given kind (asserting that it exists). */
export function nth<T extends { kind: string }, K extends T['kind']>(list: readonly T[], kind: K, index = 0): OfKind<T, K> {
  const found = list.filter((x) => x.kind === kind);
  assert.ok(found[index], `no ${kind} #${index} among [${list.map((x) => x.kind).join(', ')}]`);
  return found[index] as OfKind<T, K>;
}

/** The texts of a list of names. */
export function texts(names: readonly Name[]): string[] {
  return names.map((n) => n.text);
}

/** Every node of the tree (any object with a `kind`), depth first, in source order. */
export function allNodes(file: ArcFile): Array<{ kind: string; span: Span; name?: Name }> {
  const out: Array<{ kind: string; span: Span; name?: Name }> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record['kind'] === 'string' && record['kind'] !== 'file') out.push(record as never);
    for (const key of ['children', 'items', 'options', 'declarations'] as const) {
      if (key === 'declarations' && record['kind'] === 'file') continue; // same nodes as `children`
      if (key in record) walk(record[key]);
    }
  };
  walk(file);
  return out;
}

/** Every name (identifier with its span) anywhere in the tree. */
export function allNames(file: ArcFile): Name[] {
  const out: Name[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record['text'] === 'string' && record['kind'] === undefined && typeof record['span'] === 'object') {
      out.push(record as unknown as Name);
      return;
    }
    for (const v of Object.values(record)) walk(v);
  };
  walk(file);
  return out;
}

/** Every span anywhere in the tree (node spans, keyword spans, names, literals). */
export function allSpans(file: ArcFile): Span[] {
  const out: Span[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record['start'] === 'number' && typeof record['end'] === 'number') {
      out.push(record as unknown as Span);
      return;
    }
    for (const v of Object.values(record)) walk(v);
  };
  walk(file);
  return out;
}

/** `kind:name` of every named node, for comparing which declarations survived. */
export function namedKeys(file: ArcFile): string[] {
  return allNodes(file)
    .filter((n) => n.name !== undefined)
    .map((n) => `${n.kind}:${n.name!.text}@${n.name!.span.start}`);
}

/** The messages of a parse's errors. */
export function messages(result: ParseResult): string[] {
  return result.errors.map((e) => e.message);
}

/** Asserts that the tree is well formed with respect to `text`: every span in bounds, every name slices to its text. */
export function assertWellFormed(text: string, result: ParseResult): void {
  for (const error of result.errors) {
    assert.ok(
      0 <= error.span.start && error.span.start <= error.span.end && error.span.end <= text.length,
      `error span out of bounds: ${JSON.stringify(error)} (text length ${text.length})`,
    );
    assert.ok(!error.message.includes('internal error'), `the parser crashed: ${error.message}`);
  }
  for (const span of allSpans(result.file)) {
    assert.ok(0 <= span.start && span.start <= span.end && span.end <= text.length, `tree span out of bounds: ${JSON.stringify(span)}`);
  }
  assertNested(result.file);
  for (const name of allNames(result.file)) {
    assert.equal(text.slice(name.span.start, name.span.end), name.text, `name span does not slice back to ${JSON.stringify(name.text)}`);
  }
}

function within(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Every part of a node (keyword, names, literals, items, children) lies within the node's span. */
export function assertNested(file: ArcFile): void {
  const check = (node: Record<string, unknown>): void => {
    const span = node['span'] as Span;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'span' || !value || typeof value !== 'object') continue;
      const parts = Array.isArray(value) ? value : [value];
      for (const part of parts as Array<Record<string, unknown>>) {
        const partSpan = (typeof part['start'] === 'number' ? part : part['span']) as Span | undefined;
        if (!partSpan) continue;
        assert.ok(within(partSpan, span), `${String(node['kind'])}.${key} ${JSON.stringify(partSpan)} lies outside ${JSON.stringify(span)}`);
        if (typeof part['kind'] === 'string' || 'key' in part || 'code' in part) check(part);
      }
    }
  };
  for (const child of file.children) check(child as unknown as Record<string, unknown>);
}
