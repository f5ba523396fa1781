/**
 * The API reference (`npm run docs`, TypeDoc over the orchestrator's doc
 * comments) builds without a warning: no broken `{@link}`, no public type
 * that refers to something left out.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

describe('the API reference', function () {
  this.timeout(120_000);
  it('builds from the doc comments without warnings', () => {
    const run = spawnSync(process.execPath, [path.join(REPOSITORY, 'node_modules', 'typedoc', 'bin', 'typedoc'),
      '--options', path.join(REPOSITORY, 'orchestrator', 'typedoc.json'), '--emit', 'none'], { encoding: 'utf8', cwd: REPOSITORY });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /warning|error/i);
  });
});
