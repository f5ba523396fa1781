/** Runs every fixture story under test/fixtures (see fixture-runner.ts). */
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { describeMismatch, findFixtures, runFixture } from './fixture-runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled to test/out/; the fixtures stay in test/fixtures.
const fixturesFolder = path.resolve(here, '..', 'fixtures');

describe('fixture stories', () => {
  const fixtures = findFixtures(fixturesFolder);
  it('finds the fixtures', () => {
    if (fixtures.length === 0) throw new Error(`no fixtures found in ${fixturesFolder}`);
  });
  for (const fixture of fixtures) {
    it(fixture.name, () => {
      const mismatch = describeMismatch(runFixture(fixture));
      if (mismatch) throw new Error(mismatch);
    });
  }
});
