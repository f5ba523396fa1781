/**
 * `nao impact` and `nao fix`, run as real processes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeProjects, story } from './cli-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverFolder = path.resolve(here, '..', '..');
const BIN = path.join(serverFolder, 'bin', 'nao.js');
const REPOSITORY = path.resolve(serverFolder, '..');
const LIGHTHOUSE = path.join(REPOSITORY, 'examples', 'lighthouse.arc');

function nao(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: REPOSITORY, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

after(removeProjects);

describe('nao impact', () => {
  it('prints the impact of an event as JSON in the documented shape', () => {
    const run = nao(['impact', '--format', 'json', LIGHTHOUSE, 'lamp_fails']);
    assert.equal(run.status, 0, run.stderr);
    const impact = JSON.parse(run.stdout);
    assert.equal(impact.beat, 'lamp_fails');
    assert.deepEqual(impact.downstream, ['ship_in_danger']);
    assert.deepEqual(impact.byScale, { micro: 0, meso: 1, macro: 0 });
    assert.deepEqual(impact.arcs, ['storm', 'healing']);
    assert.deepEqual(impact.breaks, { requirements: [], resolutions: [] });
    assert.equal(impact.score, 3);
    assert.deepEqual(impact.options, []);
  });

  it('gives each option of a choice its consequences, in text', () => {
    const run = nao(['impact', LIGHTHOUSE, 'keep_watch']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Impact of `keep_watch` \(choice @4, meso\)$/m);
    assert.match(run.stdout, /option keep_watch\.search "Go down to the harbor":\n {4}beats only on this branch: `finds_boat`\n {4}peak intensity: 6\n {4}kills: `tom`/);
    assert.match(run.stdout, /option keep_watch\.vigil "Keep the lamp lit":[\s\S]*addresses: `grounding`/);
  });

  it('names what would break if a beat were removed', () => {
    const file = story('event a @1 { causes b }\nevent b @2 { requires a }\narc m macro {\n  event c @3 { resolves m }\n}\n');
    const run = nao(['impact', file, 'c']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /the arc `m` is no longer resolved on every path/);
    assert.match(nao(['impact', file, 'a']).stdout, /`b` loses its requirement \(requires `a`\)/);
  });

  it('is a usage error, with a suggestion, for an unknown beat, and for an arc', () => {
    const unknown = nao(['impact', LIGHTHOUSE, 'lampfails']);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /no beat named `lampfails`.*did you mean `lamp_fails`\?/);
    const arc = nao(['impact', LIGHTHOUSE, 'storm']);
    assert.equal(arc.status, 2);
    assert.match(arc.stderr, /`storm` is an arc/);
    assert.equal(nao(['impact', LIGHTHOUSE]).status, 2);
  });
});

describe('nao fix', () => {
  const broken = [
    'story "Fixable" { limits { warn 6 } }',
    'character mara',
    'event a @2 { with mara  causes b }',
    'event b @1 { with mara }',
    'event c @3 { with mara  intensity 7 }',
    '',
  ].join('\n');

  it('--dry-run prints the repairs and writes nothing', () => {
    const file = story(broken);
    const run = nao(['fix', '--dry-run', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /T101 `a` causes `b`.*\n {4}would fix: /);
    assert.match(run.stdout, /W406 .*\n {4}would fix: Add/);
    assert.match(run.stdout, /remaining: no problems in 1 file/);
    assert.equal(readFileSync(file, 'utf8'), broken);
  });

  it('writes the repaired story, which then checks clean', () => {
    const file = story(broken);
    const run = nao(['fix', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2 repairs changed /);
    assert.notEqual(readFileSync(file, 'utf8'), broken);
    const check = nao(['check', file]);
    assert.equal(check.status, 0, check.stdout);
    assert.match(check.stdout, /no problems in 1 file/);
  });

  it('--code repairs only that code', () => {
    const file = story(broken);
    const run = nao(['fix', '--code', 'W406', file]);
    assert.equal(run.status, 1, 'the T101 error remains');
    assert.doesNotMatch(run.stdout, /T101/);
    assert.match(run.stdout, /1 repair changed/);
    assert.match(nao(['check', file]).stdout, /T101/);
  });

  it('never adds a syntax or reference error, and leaves what it cannot repair', () => {
    const file = story('event a @1 {\n  with nobody_at_all\n  causes\n}\n');
    const before = nao(['check', '--format', 'json', file]);
    const run = nao(['fix', file]);
    const after = nao(['check', '--format', 'json', file]);
    const codes = (output: string): string[] => (JSON.parse(output) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code).sort();
    for (const code of codes(after.stdout)) assert.ok(codes(before.stdout).includes(code), `fix introduced ${code}`);
    assert.equal(run.status, 1);
  });

  it('prints what each applied repair added', () => {
    const file = story('story "Safe Harbour" { limits { max 8 } }\nevent storm @1 { intensity 11 }\n');
    const run = nao(['fix', '--dry-run', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /E007 .*\n {4}would fix: Set the intensity to 10\n {4}would add: 1 warning: W401\n/);
    assert.match(run.stdout, /W401 .*\n {4}would fix: Lower the intensity of `storm` to 8\n(?! {4}would add)/);
    assert.match(run.stdout, /remaining: no problems in 1 file/);
    const clean = nao(['fix', '--dry-run', story('story "Fixable" { limits { warn 6 } }\nevent c @3 { intensity 7 }\n')]);
    assert.doesNotMatch(clean.stdout, /would add/);
  });

  it('rejects an unknown code with a suggestion', () => {
    const run = nao(['fix', '--code', 'T11', LIGHTHOUSE]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /unknown code 'T11'/);
  });
});
