/**
 * Go to definition, find references and rename, across every file of every
 * project that holds the document.
 */
import { parse, type Span } from '@nao/grammar';
import { ResponseError, ErrorCodes, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { AnySymbol, CharacterSymbol, Project } from '@narrative-arc/orchestrator';
import type { ProjectSnapshot, SymbolEntry } from '../snapshot.js';
import { resolveRelative } from '../uris.js';
import { code, documentText, offsetAt, snapshotFor, snapshotRange, type FeatureContext } from './context.js';

/** A symbol by name, comparable across snapshots. */
export type SymbolKey =
  | { readonly namespace: 'node' | 'character' | 'place' | 'goal'; readonly name: string }
  | { readonly namespace: 'option'; readonly choice: string; readonly name: string }
  | { readonly namespace: 'stage'; readonly character: string; readonly name: string };

export function keyOfSymbol(symbol: AnySymbol): SymbolKey {
  switch (symbol.kind) {
    case 'event': case 'choice': case 'arc': return { namespace: 'node', name: symbol.name };
    case 'option': return { namespace: 'option', choice: symbol.choice.name, name: symbol.name };
    default: return { namespace: symbol.kind, name: symbol.name };
  }
}

export function keyOfEntry(entry: SymbolEntry): SymbolKey | undefined {
  if (entry.kind === 'stage') return { namespace: 'stage', character: entry.character.name, name: entry.stage };
  if (entry.kind === 'declaration') return keyOfSymbol(entry.symbol);
  const reference = entry.reference;
  if (reference.role === 'stage') {
    return reference.character ? { namespace: 'stage', character: reference.character.name, name: reference.name } : undefined;
  }
  return reference.target ? keyOfSymbol(reference.target) : undefined;
}

function findSymbol(project: Project, key: SymbolKey): AnySymbol | undefined {
  switch (key.namespace) {
    case 'node': return project.nodes.get(key.name);
    case 'character': return project.characters.get(key.name);
    case 'place': return project.places.get(key.name);
    case 'goal': return project.goals.get(key.name);
    case 'option': {
      const choice = project.nodes.get(key.choice);
      return choice && choice.kind === 'choice' ? choice.options.find((o) => o.name === key.name) : undefined;
    }
    case 'stage': return project.characters.get(key.character);
  }
}

export interface Occurrence {
  readonly file: string;
  readonly span: Span;
  readonly declaration: boolean;
}

/** Declarations and uses of a symbol in one snapshot. */
export function occurrences(snapshot: ProjectSnapshot, key: SymbolKey): Occurrence[] {
  const project = snapshot.project;
  const symbol = findSymbol(project, key);
  if (!symbol) return [];
  const result: Occurrence[] = [];
  if (key.namespace === 'stage') {
    const character = symbol as CharacterSymbol;
    for (const item of character.decl.items) {
      if (item.kind !== 'stages') continue;
      for (const name of item.names) if (name.text === key.name) result.push({ file: character.file, span: name.span, declaration: true });
    }
    for (const r of project.references) {
      if (r.role === 'stage' && r.character === character && r.name === key.name) result.push({ file: r.file, span: r.span, declaration: false });
    }
    return result;
  }
  result.push({ file: symbol.file, span: symbol.nameSpan, declaration: true });
  for (const r of project.references) {
    if (r.target === symbol && r.role !== 'stage') result.push({ file: r.file, span: r.span, declaration: false });
  }
  return result;
}

async function entryAt(context: FeatureContext, uri: string, position: Position): Promise<{ snapshot: ProjectSnapshot; entry: SymbolEntry | undefined; offset: number } | undefined> {
  const text = documentText(context, uri);
  if (text === undefined) return undefined;
  const snapshot = await snapshotFor(context, uri, 'linked');
  if (!snapshot) return undefined;
  const offset = offsetAt(context, uri, text, position);
  return { snapshot, entry: snapshot.at(uri, offset), offset };
}

function toLocation(snapshot: ProjectSnapshot, file: string, span: Span): Location | undefined {
  const range = snapshotRange(snapshot, file, span);
  return range ? { uri: file, range } : undefined;
}

export async function definition(context: FeatureContext, uri: string, position: Position): Promise<Location[] | null> {
  const found = await entryAt(context, uri, position);
  if (!found) return null;
  const { snapshot, entry, offset } = found;
  if (!entry) return includeTarget(snapshot, uri, offset);
  const key = keyOfEntry(entry);
  if (!key) return null;
  const declarations = occurrences(snapshot, key).filter((o) => o.declaration);
  const locations = declarations.map((o) => toLocation(snapshot, o.file, o.span)).filter((l): l is Location => l !== undefined);
  return locations.length > 0 ? locations : null;
}

/** On an include's path: the included file. */
function includeTarget(snapshot: ProjectSnapshot, uri: string, offset: number): Location[] | null {
  const file = snapshot.project.files.get(uri);
  if (!file) return null;
  for (const include of file.parse.file.includes) {
    const path = include.path;
    if (!path || offset < path.span.start || offset > path.span.end) continue;
    const target = resolveRelative(uri, path.value);
    if (!snapshot.project.files.has(target)) return null;
    const start = { line: 0, character: 0 };
    return [{ uri: target, range: { start, end: start } }];
  }
  return null;
}

function dedupe(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = `${l.uri}#${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function references(context: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Promise<Location[] | null> {
  const found = await entryAt(context, uri, position);
  if (!found?.entry) return null;
  const key = keyOfEntry(found.entry);
  if (!key) return null;
  const locations: Location[] = [];
  for (const snapshot of await context.analysis.snapshotsFor(uri, 'linked', context.token)) {
    for (const o of occurrences(snapshot, key)) {
      if (o.declaration && !includeDeclaration) continue;
      const location = toLocation(snapshot, o.file, o.span);
      if (location) locations.push(location);
    }
  }
  return dedupe(locations).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

// ---------------------------------------------------------------------------
// Rename

/** docs/language.md, "Names and keywords": a Unicode letter or `_`, then letters, digits, `_` (combining marks allowed, as the lexer does). */
export const IDENTIFIER = /^[\p{L}_][\p{L}\p{M}\p{Nd}_]*$/u;

function renameError(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidRequest, message);
}

const RENAMEABLE = 'Only beats, arcs, options, characters, places, goals and stages can be renamed.';

async function renameTarget(context: FeatureContext, uri: string, position: Position): Promise<{ snapshot: ProjectSnapshot; entry: SymbolEntry; key: SymbolKey }> {
  const found = await entryAt(context, uri, position);
  if (!found) throw renameError('This document is not known to the Arc server.');
  const { snapshot, entry } = found;
  if (!entry) throw renameError(`Nothing to rename here. ${RENAMEABLE}`);
  const key = keyOfEntry(entry);
  if (!key) {
    const name = entry.kind === 'reference' ? entry.reference.name : '';
    throw renameError(`${code(name)} is not declared, so it cannot be renamed.`);
  }
  return { snapshot, entry, key };
}

export async function prepareRename(context: FeatureContext, uri: string, position: Position): Promise<{ range: Range; placeholder: string }> {
  const { snapshot, entry } = await renameTarget(context, uri, position);
  const range = snapshotRange(snapshot, uri, entry.span);
  if (!range) throw renameError('This document is not known to the Arc server.');
  return { range, placeholder: snapshot.text(uri)!.slice(entry.span.start, entry.span.end) };
}

function clashes(snapshot: ProjectSnapshot, key: SymbolKey, newName: string): string | undefined {
  const project = snapshot.project;
  switch (key.namespace) {
    case 'node': {
      const existing = project.nodes.get(newName);
      return existing ? `${existing.kind === 'arc' ? 'an arc' : `a beat (${existing.kind})`} named ${code(newName)} already exists` : undefined;
    }
    case 'character': return project.characters.has(newName) ? `a character named ${code(newName)} already exists` : undefined;
    case 'place': return project.places.has(newName) ? `a place named ${code(newName)} already exists` : undefined;
    case 'goal': return project.goals.has(newName) ? `a goal named ${code(newName)} already exists` : undefined;
    case 'option': {
      const choice = project.nodes.get(key.choice);
      return choice && choice.kind === 'choice' && choice.options.some((o) => o.name === newName)
        ? `the choice ${code(key.choice)} already has an option ${code(newName)}` : undefined;
    }
    case 'stage': {
      const character = project.characters.get(key.character);
      return character?.stages.includes(newName) ? `${code(key.character)} already has a stage ${code(newName)}` : undefined;
    }
  }
}

function applyEdits(text: string, spans: readonly Span[], newText: string): string {
  const sorted = [...spans].sort((a, b) => b.start - a.start);
  let result = text;
  for (const span of sorted) result = result.slice(0, span.start) + newText + result.slice(span.end);
  return result;
}

export async function rename(context: FeatureContext, uri: string, position: Position, newName: string): Promise<WorkspaceEdit> {
  const { key } = await renameTarget(context, uri, position);
  if (typeof newName !== 'string' || !IDENTIFIER.test(newName)) {
    throw renameError(`${code(String(newName))} is not a valid name: a name starts with a letter or \`_\` and goes on with letters, digits and \`_\`.`);
  }
  if (newName === key.name) return { changes: {} };
  const byFile = new Map<string, { snapshot: ProjectSnapshot; spans: Map<number, Span> }>();
  for (const snapshot of await context.analysis.snapshotsFor(uri, 'linked', context.token)) {
    const clash = clashes(snapshot, key, newName);
    if (clash) throw renameError(`Cannot rename to ${code(newName)}: ${clash}.`);
    for (const o of occurrences(snapshot, key)) {
      let entry = byFile.get(o.file);
      if (!entry) byFile.set(o.file, (entry = { snapshot, spans: new Map() }));
      entry.spans.set(o.span.start, o.span);
    }
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [file, { snapshot, spans }] of byFile) {
    const text = snapshot.text(file);
    if (text === undefined) continue;
    // The renamed text must read exactly as well as before (no new syntax error).
    const before = snapshot.project.files.get(file)!.parse.errors.length;
    const after = parse(applyEdits(text, [...spans.values()], newName)).errors.length;
    if (after > before) throw renameError(`Cannot rename to ${code(newName)}: the story would no longer read correctly (${code(newName)} cannot stand as a name there).`);
    changes[file] = [...spans.values()].map((span) => ({ range: snapshotRange(snapshot, file, span)!, newText: newName }));
  }
  return { changes };
}
