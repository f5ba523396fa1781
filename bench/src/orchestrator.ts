/**
 * The orchestrator's API as the benchmarks use it: a fresh in-memory host per
 * run (so that no cache is reused), the whole front end, and the full check.
 */
import { checkProject, loadProject, MemoryHost, type Diagnostic, type ProjectHost } from '@narrative-arc/orchestrator';

/** What the benchmarks read of a diagnostic. */
export type BenchDiagnostic = Diagnostic;

export interface Orchestrator {
  /** A fresh host over the files. */
  makeHost(files: ReadonlyMap<string, string>, workspace: string): ProjectHost;
  readonly loadProject: typeof loadProject;
  readonly checkProject: typeof checkProject;
}

export const orchestrator: Orchestrator = {
  makeHost: (files, workspace) => new MemoryHost(files, workspace),
  loadProject,
  checkProject,
};
