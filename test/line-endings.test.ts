/**
 * Repairs keep a file's own line ending: every fixture, rewritten with CRLF
 * and with CR-only line endings, is repaired by every resolution the engine
 * offers, and no repaired text gains a line break of another kind.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, checkProject, MemoryHost, proposeResolutions } from '@narrative-arc/orchestrator';
import { FileSystemHost } from '@nao/server/fs-host';
import { findFixtures } from './fixture-runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturesFolder = path.resolve(here, '..', 'fixtures');

const ENDINGS = { CRLF: '\r\n', CR: '\r' } as const;

function withEnding(text: string, ending: string): string {
  return text.replace(/\r\n|\r|\n/g, ending);
}

/** The line breaks of `text` that are not `ending`. */
function foreignBreaks(text: string, ending: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).filter((found) => found !== ending).length;
}

for (const [name, ending] of Object.entries(ENDINGS)) {
  describe(`repairs on ${name} files keep ${name}`, () => {
    it('declares a missing character on its own line', () => {
      const text = withEnding('character mara\nevent meeting @1 { with mara  with mai }\n', ending);
      const analysis = checkProject(new MemoryHost(new Map([['/s.arc', text]])), '/s.arc');
      const conflict = analysis.diagnostics.find((d) => d.code === 'E002')!;
      const declare = proposeResolutions(analysis, conflict).find((r) => r.title === 'Declare the character `mai`');
      assert.ok(declare, 'the repair is offered');
      const repaired = applyEdits(new Map([['/s.arc', text]]), declare.edits).get('/s.arc')!;
      assert.equal(repaired, withEnding('character mara\ncharacter mai\nevent meeting @1 { with mara  with mai }\n', ending));
    });

    it('declares a character at the end of a file without declarations', () => {
      const text = withEnding('// the meeting\nevent meeting @1 { with mai }', ending);
      const analysis = checkProject(new MemoryHost(new Map([['/s.arc', text]])), '/s.arc');
      const declare = proposeResolutions(analysis, analysis.diagnostics[0]!).find((r) => r.title === 'Declare the character `mai`')!;
      assert.equal(applyEdits(new Map([['/s.arc', text]]), declare.edits).get('/s.arc'), `${text}${ending}character mai${ending}`);
    });

    for (const fixture of findFixtures(fixturesFolder)) {
      it(fixture.name, () => {
        const original = checkProject(new FileSystemHost(fixture.folder), fixture.root);
        const texts = new Map([...original.project.files].map(([id, source]) => [id, withEnding(source.text, ending)]));
        const host = new MemoryHost(texts, fixture.folder);
        const analysis = checkProject(host, fixture.root);
        for (const conflict of analysis.diagnostics) {
          for (const resolution of proposeResolutions(analysis, conflict, { host })) {
            for (const [file, text] of applyEdits(texts, resolution.edits)) {
              assert.equal(foreignBreaks(text, ending), 0, `${conflict.code} "${resolution.title}" in ${path.basename(file)}:\n${JSON.stringify(text)}`);
            }
          }
        }
      });
    }
  });
}
