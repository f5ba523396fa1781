export * from './analysis.js';
export * from './cancellation.js';
export * from './codes.js';
export * from './diagnostics.js';
export * from './graph.js';
export * from './host.js';
export * from './paths.js';
export * from './project.js';
export type { Check, CheckContext, ConflictReport, Repair, RepairContext, TextEdit } from './checks/check.js';
