/**
 * Every stable code the orchestrator reports, with its default severity and a
 * one-line summary (used by `nao check --format sarif`, hovers and docs).
 * docs/checks.md is the reference; server/test/codes.test.ts holds its table
 * and sections, and the check modules, to this list.
 */
import type { Severity } from './diagnostics.js';

export interface CodeInfo {
  readonly code: string;
  readonly kind: 'syntax' | 'reference' | 'value' | 'temporal' | 'character' | 'theme' | 'therapeutic' | 'scale' | 'usage';
  readonly severity: Severity;
  readonly summary: string;
}

const table: CodeInfo[] = [
  { code: 'E001', kind: 'syntax', severity: 'error', summary: 'The parser had to recover from a syntax error; the rest of the file is still analysed.' },
  { code: 'E002', kind: 'reference', severity: 'error', summary: 'A name is not declared.' },
  { code: 'E003', kind: 'reference', severity: 'error', summary: 'A name is declared twice, or an item that may appear once is repeated.' },
  { code: 'E004', kind: 'reference', severity: 'error', summary: 'An include is missing, unreadable, or outside the workspace.' },
  { code: 'E005', kind: 'reference', severity: 'error', summary: 'Includes form a cycle.' },
  { code: 'E006', kind: 'reference', severity: 'error', summary: 'A name of the wrong kind is used (for example a place where a character is expected).' },
  { code: 'E007', kind: 'value', severity: 'error', summary: 'A value is out of range (intensity outside 0..10, span start after end, unknown stage, negative limit).' },
  { code: 'T101', kind: 'temporal', severity: 'error', summary: 'A cause is not strictly before its effect.' },
  { code: 'T102', kind: 'temporal', severity: 'error', summary: 'A requirement is unmet on some path.' },
  { code: 'T103', kind: 'temporal', severity: 'error', summary: 'The causal graph has a cycle.' },
  { code: 'T104', kind: 'temporal', severity: 'error', summary: 'A cause and its effect are never on the same path.' },
  { code: 'T105', kind: 'temporal', severity: 'error', summary: 'A beat that prevents another is followed by it on some path.' },
  { code: 'T106', kind: 'temporal', severity: 'error', summary: 'A beat inside an option is not after its choice.' },
  { code: 'C201', kind: 'character', severity: 'warning', summary: 'A character is involved after being killed or exiting, with no `enters` between.' },
  { code: 'C202', kind: 'character', severity: 'warning', summary: 'A character is at two different places at the same time.' },
  { code: 'C203', kind: 'character', severity: 'information', summary: "A character's stage goes backwards without `regress`." },
  { code: 'C204', kind: 'character', severity: 'warning', summary: 'A character who `enters` the story is involved before first entering.' },
  { code: 'M301', kind: 'theme', severity: 'warning', summary: "A beat's theme is not among its arcs' or the story's themes." },
  { code: 'M302', kind: 'theme', severity: 'information', summary: 'A theme declared by an arc is carried by no beat inside it.' },
  { code: 'M303', kind: 'theme', severity: 'warning', summary: 'A setup has no later payoff on some path.' },
  { code: 'M304', kind: 'theme', severity: 'warning', summary: 'A payoff has no earlier setup on some path.' },
  { code: 'W401', kind: 'therapeutic', severity: 'warning', summary: 'Intensity is above the story limit `max`.' },
  { code: 'W402', kind: 'therapeutic', severity: 'warning', summary: 'Intensity rises more than `spike` between consecutive beats of some path.' },
  { code: 'W403', kind: 'therapeutic', severity: 'warning', summary: 'A beat carries a tag the story avoids.' },
  { code: 'W404', kind: 'therapeutic', severity: 'warning', summary: 'After a peak, no calm beat follows soon enough on some path.' },
  { code: 'W405', kind: 'therapeutic', severity: 'warning', summary: 'A goal is not addressed on some path.' },
  { code: 'W406', kind: 'therapeutic', severity: 'information', summary: 'An intense beat carries no `warning`.' },
  { code: 'S501', kind: 'scale', severity: 'warning', summary: 'An arc is nested inside an arc of smaller scale.' },
  { code: 'S502', kind: 'scale', severity: 'warning', summary: 'A meso or macro arc is not resolved on some path.' },
  { code: 'S503', kind: 'scale', severity: 'warning', summary: 'A beat of an arc comes after the arc was resolved.' },
  { code: 'S504', kind: 'scale', severity: 'warning', summary: "A beat lies outside its arc's `span`." },
  { code: 'S505', kind: 'scale', severity: 'warning', summary: 'An arc is resolved from a beat outside it.' },
  { code: 'S506', kind: 'scale', severity: 'warning', summary: 'A micro beat causes a macro beat directly, skipping the meso scale.' },
  { code: 'U601', kind: 'usage', severity: 'information', summary: 'A character or place is declared but never involved.' },
];

export const CODES: ReadonlyMap<string, CodeInfo> = new Map(table.map((info) => [info.code, info]));
export const ALL_CODES: readonly string[] = table.map((info) => info.code);

export function codeInfo(code: string): CodeInfo | undefined {
  return CODES.get(code);
}
