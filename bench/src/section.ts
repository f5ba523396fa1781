/**
 * A benchmark section: one part of the report, in its own module. To add one
 * (for example an LSP latency benchmark), write a module that exports a
 * `Section` and list it in run.ts.
 */
import type { RssSampler } from './measure.js';
import type { Orchestrator } from './orchestrator.js';

export interface BenchContext {
  readonly orchestrator: Orchestrator;
  /** Peak-RSS sampler, already started. */
  readonly sampler: RssSampler;
}

export interface Section {
  /** Short id, for selecting sections on the command line: `node bench/out/run.js frontend deep`. */
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<void> | void;
}
