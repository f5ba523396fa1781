/**
 * What the tests of the incremental runs share: a project of versions
 * analysed as the language server analyses them (each text parsed once, so
 * that an unchanged file keeps its syntax tree; each version linked and
 * analysed from the one before), beside a full analysis of the same texts.
 */
import { parse, type ParseResult } from '@nao/grammar';
import { analyseProject, checkProject, loadProject, MemoryHost, type Analysis } from '../src/index.js';

export const ROOT = '/ws/main.arc';

const parses = new Map<string, ParseResult>();

/** Parses each text once. */
export function parseFile(_file: string, text: string): ParseResult {
  let parsed = parses.get(text);
  if (!parsed) parses.set(text, (parsed = parse(text)));
  return parsed;
}

/** The first version's analysis. */
export function analyseFirst(files: ReadonlyMap<string, string>): Analysis {
  return analyseProject(loadProject(new MemoryHost(files, '/ws'), ROOT, { parseFile }));
}

/** The analysis of `files` made from `previous`'s. */
export function analyseFrom(files: ReadonlyMap<string, string>, previous: Analysis): Analysis {
  return analyseProject(loadProject(new MemoryHost(files, '/ws'), ROOT, { parseFile, previousProject: previous.project }), { previous });
}

/** A full analysis of `files`, reusing nothing. */
export function analyseFully(files: ReadonlyMap<string, string>): Analysis {
  return checkProject(new MemoryHost(files, '/ws'), ROOT);
}
