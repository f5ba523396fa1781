/**
 * Fuzzing, bounded and seeded so that `npm test` runs the same inputs every
 * time, in a few seconds: grammar-aware projects and byte-level mutations of
 * the example and fixture stories, through the parser and the whole analysis
 * (see fuzz-generators.ts for the property). `npm run fuzz` runs the same
 * for as long as asked, with any seed.
 */
import fc from 'fast-check';
import { fuzzers, holds } from './fuzz-generators.js';

const RUNS = { generated: 1000, mutated: 1000 };
const SEED = 20261201;

describe('fuzzing: parser and analysis', function () {
  this.timeout(60_000);
  for (const [name, arbitrary] of Object.entries(fuzzers())) {
    it(`${name} inputs: no exception, no internal error, bounded time, deterministic`, () => {
      fc.assert(fc.property(arbitrary, holds), { numRuns: RUNS[name as keyof typeof RUNS], seed: SEED });
    });
  }
});
