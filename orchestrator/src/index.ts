/**
 * @narrative-arc/orchestrator: the public entry point. Everything exported
 * here is the package's API (semantic versioning; a test lists it):
 * - the library calls (api.ts): analyse, impact, repairs, fixAll, on plain data;
 * - the engine the command line and the language server are built on: the
 *   project model and loading, the analysis (whole or step by step), the
 *   path model, causal graph and scales, the resolution engine, the codes.
 */
export * from './analysis.js';
export * from './cancellation.js';
export * from './codes.js';
export * from './diagnostics.js';
export * from './graph.js';
export * from './host.js';
export * from './paths.js';
export * from './project.js';
export * from './scales.js';
export { applyEdits, formatNumber, lineEndingOf, type TextEdit } from './edits.js';
export type { Check, CheckContext, ConflictReport, Repair, RepairContext, RepairKind, SnapshotContext } from './checks/check.js';
export type { Derived } from './checks/derived.js';
export type { Aspect } from './aspects.js';
export type { ChangedFile, Changes } from './changes.js';
export * from './impact.js';
export * from './resolutions.js';
export { subjectKey, type ConflictSubject, type DeclarationKind, type ReferenceRole } from './conflicts.js';
export * from './api.js';
export {
  computePlaythrough, EMPTY_PLAY_STATE, stateChanges,
  type CharacterState, type CharacterStatus, type PlayChoice, type PlayConflict, type PlayOptions, type PlayState, type PlayStep, type Playthrough, type StateChange,
} from './playthrough.js';
export {
  computePathStatistics, DEFAULT_CALM, pathStatisticsToJson,
  type BeatCoverage, type ConflictCoverage, type PathShare, type PathStatistics, type PathStatisticsJson, type PathStatisticsOf,
} from './path-statistics.js';
export * from './story-map.js';
