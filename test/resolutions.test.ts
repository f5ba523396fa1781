/**
 * The resolution engine, held to its promise on every fixture: each offered
 * resolution, applied to the files and re-checked from scratch, removes its
 * conflict and introduces no error; the preferred one comes first.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addedErrors, applyEdits, checkProject, MemoryHost, proposeResolutions, type ProjectHost } from '@narrative-arc/orchestrator';
import { FileSystemHost } from '@nao/server/fs-host';
import { findFixtures } from './fixture-runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturesFolder = path.resolve(here, '..', 'fixtures');

/** The real file-system host, with some files' texts replaced. */
function overlay(base: ProjectHost, texts: ReadonlyMap<string, string>): ProjectHost {
  return {
    readFile: (id) => (texts.has(id) ? { text: texts.get(id)! } : base.readFile(id)),
    resolveInclude: (from, includePath) => base.resolveInclude(from, includePath),
  };
}

describe('resolutions: every offered fix verifies when re-checked from scratch', () => {
  for (const fixture of findFixtures(fixturesFolder)) {
    it(fixture.name, () => {
      const host = new FileSystemHost(fixture.folder);
      const analysis = checkProject(host, fixture.root);
      const texts = new Map([...analysis.project.files].map(([id, source]) => [id, source.text]));
      for (const conflict of analysis.diagnostics) {
        const resolutions = proposeResolutions(analysis, conflict, { host });
        resolutions.forEach((resolution, i) => {
          assert.equal(resolution.preferred, i === 0, 'only the first resolution is preferred');
          const changed = applyEdits(texts, resolution.edits);
          // Re-check from scratch, through the file system with the edited texts laid over it.
          const after = checkProject(overlay(host, changed), fixture.root);
          const label = `${conflict.code} "${conflict.message}" fixed by "${resolution.title}"`;
          const sameConflict = after.diagnostics.filter((d) => d.code === conflict.code && d.message === conflict.message);
          assert.ok(sameConflict.length < analysis.diagnostics.filter((d) => d.code === conflict.code && d.message === conflict.message).length,
            `${label}: the conflict is still reported`);
          assert.deepEqual(addedErrors(analysis, after).map((d) => `${d.code} ${d.message}`), [], `${label}: introduced errors`);
          assert.equal(after.conflict(conflict.id), undefined, `${label}: the conflict's id is still reported`);
        });
      }
    });
  }
});

describe('resolutions without a host', () => {
  it('replays the includes the project had, so repairs verify the same as with a host', () => {
    const files = new Map([
      ['/ws/stories/main.arc', 'include "../shared/cast.arc"\nevent a @2 { with mara  causes b }\nevent b @1 { with mara }\n'],
      ['/ws/shared/cast.arc', 'character mara\n'],
    ]);
    const host = new MemoryHost(files, '/ws');
    const analysis = checkProject(host, '/ws/stories/main.arc');
    const conflict = analysis.diagnostics.find((d) => d.code === 'T101');
    assert.ok(conflict, 'the story has a T101');
    const withHost = proposeResolutions(analysis, conflict, { host }).map((r) => r.title);
    const withoutHost = proposeResolutions(analysis, conflict).map((r) => r.title);
    assert.ok(withHost.length > 1, `repairs verify: ${withHost.join(' | ')}`);
    assert.deepEqual(withoutHost, withHost);
  });
});
