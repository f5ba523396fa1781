/**
 * Conflict identity: every conflict has an id, unique in its analysis and
 * built from names, so that edits elsewhere (in another file, or text
 * inserted above, which shifts every offset) leave it unchanged; repairs are
 * found through the id, and `fixAllConflicts` can be limited to some files.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyEdits, checkProject, fixAllConflicts, MemoryHost, proposeResolutions, type Analysis, type ProjectHost,
} from '@narrative-arc/orchestrator';
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

function ids(analysis: Analysis): string[] {
  return analysis.raw.map((d) => d.id).sort();
}

/** A copy of every file of the project with `change` applied to its text. */
function changedTexts(analysis: Analysis, change: (text: string, file: string) => string): Map<string, string> {
  return new Map([...analysis.project.files].map(([id, source]) => [id, change(source.text, id)]));
}

describe('conflict ids on every fixture', () => {
  for (const fixture of findFixtures(fixturesFolder)) {
    it(fixture.name, () => {
      const host = new FileSystemHost(fixture.folder);
      const analysis = checkProject(host, fixture.root);
      const all = ids(analysis);
      assert.equal(new Set(all).size, all.length, `ids are unique: ${all.join(', ')}`);
      for (const d of analysis.diagnostics) {
        assert.ok(d.id.startsWith(`${d.code}:`), `${d.id} starts with its code`);
        assert.equal(analysis.conflict(d.id), d);
      }
      assert.deepEqual(ids(checkProject(host, fixture.root)), all, 'a second analysis gives the same ids');

      // Lines inserted above everything shift every offset of every file.
      const shifted = changedTexts(analysis, (text) => `// a note\n\n${text}`);
      assert.deepEqual(ids(checkProject(overlay(host, shifted), fixture.root)), all, 'ids do not depend on offsets');

      // An unrelated beat added at the end of the last file.
      const last = [...analysis.project.files.keys()].pop()!;
      const added = changedTexts(analysis, (text, file) => (file === last ? `${text}\nevent an_unrelated_beat @1000\n` : text));
      const after = ids(checkProject(overlay(host, added), fixture.root));
      for (const id of all) assert.ok(after.includes(id), `${id} survives an unrelated beat`);
    });
  }
});

describe('conflict ids across files', () => {
  const files = new Map([
    ['/ws/main.arc', 'include "cast.arc"\ninclude "later.arc"\nevent lamp_fails @2 { with mara  causes ship_in_danger }\nevent ship_in_danger @1 { with mara }\n'],
    ['/ws/cast.arc', 'character mara\ncharacter tom\n'],
    ['/ws/later.arc', 'event dawn @5 { with tom }\nevent dusk @6 { with tom }\n'],
  ]);
  const root = '/ws/main.arc';
  const analyse = (texts: Map<string, string>): Analysis => checkProject(new MemoryHost(texts, '/ws'), root);

  it('names a cause-before-effect conflict by its beats', () => {
    const analysis = analyse(files);
    const conflict = analysis.diagnostics.find((d) => d.code === 'T101')!;
    assert.equal(conflict.id, 'T101:lamp_fails:causes:ship_in_danger');
    assert.deepEqual(conflict.subject, { kind: 'beatItem', beat: 'lamp_fails', item: 'causes', name: 'ship_in_danger' });
  });

  it('keeps ids when a beat in another file is added or edited', () => {
    const before = analyse(files);
    const edited = new Map(files);
    edited.set('/ws/later.arc', 'event dawn @5.5 "Dawn, later" { with tom }\nevent noon @5.7\nevent dusk @6 { with tom }\n');
    assert.deepEqual(ids(analyse(edited)), ids(before));
  });

  it('finds the repairs of a conflict of an earlier analysis after text was inserted above it', () => {
    const before = analyse(files);
    const conflict = before.diagnostics.find((d) => d.code === 'T101')!;
    const shifted = new Map(files);
    shifted.set(root, `// a long note written above everything\n${files.get(root)!}`);
    const after = analyse(shifted);
    const resolutions = proposeResolutions(after, conflict);
    assert.ok(resolutions.length > 0, 'the conflict is found by its id');
    for (const resolution of resolutions) {
      const repaired = analyse(new Map([...shifted, ...applyEdits(shifted, resolution.edits)]));
      assert.equal(repaired.conflict(conflict.id), undefined, `${resolution.title} repairs the shifted text`);
    }
  });

  it('offers nothing for a conflict the analysis does not report', () => {
    const analysis = analyse(files);
    const conflict = analysis.diagnostics.find((d) => d.code === 'T101')!;
    const repaired = new Map(files);
    repaired.set(root, files.get(root)!.replace('@2', '@0.5'));
    assert.deepEqual(proposeResolutions(analyse(repaired), conflict), []);
  });
});

describe('fixAllConflicts limited to files', () => {
  const files = new Map([
    ['/ws/main.arc', 'include "side.arc"\ncharacter mara\nevent a @2 { with mara  causes b }\nevent b @1 { with mara }\n'],
    ['/ws/side.arc', 'event c @4 { with mara  causes d }\nevent d @3 { with mara }\n'],
  ]);
  const host = new MemoryHost(files, '/ws');

  it('repairs only the conflicts reported in those files', () => {
    const analysis = checkProject(host, '/ws/main.arc');
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.file}`), ['T101 /ws/main.arc', 'T101 /ws/side.arc']);
    const result = fixAllConflicts(analysis, { files: new Set(['/ws/side.arc']) });
    assert.deepEqual(result.applied.map((a) => a.file), ['/ws/side.arc']);
    assert.deepEqual(result.analysis.diagnostics.map((d) => d.id), ['T101:a:causes:b']);
  });

  it('repairs everything without it', () => {
    const result = fixAllConflicts(checkProject(host, '/ws/main.arc'));
    assert.deepEqual(result.analysis.diagnostics, []);
  });
});
