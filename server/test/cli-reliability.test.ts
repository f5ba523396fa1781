/**
 * Nothing hangs, nothing leaks, nothing is lost: `nao` as a real process on
 * FIFOs, devices, symbolic links leaving the workspace and files over the
 * size limit; and `nao fix` writing all or nothing, never over a file that
 * changed meanwhile, keeping encoding, byte order mark and permissions.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import * as path from 'node:path';
import { nao, project, removeProjects } from './cli-helpers.js';

/** Long enough that only a hang reaches it. */
const HANG = 20_000;

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** A story with one W406 that `nao fix` repairs (by adding a content warning). */
const FIXABLE = 'story "s" { limits { warn 6 } }\nevent c @1 { intensity 7 }\n';
const FIXABLE_INCLUDED = 'event d @2 { intensity 8 }\n';
const FIXED = /event c @1 \{ intensity 7\s+warning "[^"]*" \}/;

/** The files of a folder, temporary files included. */
function listing(folder: string): string[] {
  return readdirSync(folder).sort();
}

/**
 * A script for `node --require` that plays another process during `nao fix`:
 * `action` runs (once) when nao opens its `nth` temporary file.
 */
function hook(folder: string, nth: number, action: string): string {
  const file = path.join(folder, 'hook.cjs');
  writeFileSync(file, `
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const openSync = fs.openSync;
let seen = 0;
fs.openSync = function (file, ...rest) {
  if (String(file).includes('.nao-') && String(file).endsWith('.tmp') && ++seen === ${nth}) {
    ${action}
  }
  return openSync.call(this, file, ...rest);
};
syncBuiltinESMExports();
`);
  return file;
}

describe('nao: nothing hangs, nothing leaks', function () {
  this.timeout(60_000);
  after(removeProjects);

  describe('files that are not regular files', () => {
    it('an include of a FIFO in the workspace is E004, and the rest is still checked', () => {
      const folder = project({ 'main.arc': 'include "pipe.arc"\nevent a @1 { with nobody }\n' });
      mkfifo(path.join(folder, 'pipe.arc'));
      const run = nao(['check', 'main.arc'], { cwd: folder, timeout: HANG });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^main\.arc:1:9: error E004 cannot include "pipe\.arc": it is a named pipe \(FIFO\), not a regular file$/m);
      assert.match(run.stdout, /error E002 the character `nobody` is not declared/);
    });

    it('a FIFO given as the FILE is a usage error for check, impact and fix', () => {
      const folder = project({});
      mkfifo(path.join(folder, 'pipe.arc'));
      for (const args of [['check', 'pipe.arc'], ['impact', 'pipe.arc', 'a'], ['fix', 'pipe.arc']]) {
        const run = nao(args, { cwd: folder, timeout: HANG });
        assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^nao \w+: pipe\.arc: it is a named pipe \(FIFO\), not a regular file$/m);
      }
    });

    it('an include of /dev/zero, directly or through a symbolic link, is E004 (nothing is read)', () => {
      const folder = project({ 'main.arc': 'include "/dev/zero"\ninclude "zero.arc"\nevent a @1 { with nobody }\n' });
      symlinkSync('/dev/zero', path.join(folder, 'zero.arc'));
      const run = nao(['check', '--root', '/', path.join(folder, 'main.arc')], { cwd: folder, timeout: HANG });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /:1:9: error E004 cannot include "\/dev\/zero": it is a device, not a regular file$/m);
      assert.match(run.stdout, /:2:9: error E004 cannot include "zero\.arc": it is a device, not a regular file$/m);
      assert.match(run.stdout, /error E002 the character `nobody` is not declared/);
    });

    it('a folder included is E004', () => {
      const folder = project({ 'main.arc': 'include "sub"\n', 'sub/x.arc': '' });
      const run = nao(['check', 'main.arc'], { cwd: folder, timeout: HANG });
      assert.equal(run.status, 1);
      assert.match(run.stdout, /E004 cannot include "sub": it is a folder, not a file/);
    });
  });

  describe('the size limit', () => {
    const big = `// ${'x'.repeat(4000)}\n`;

    it('an include larger than --max-file-size is E004 naming the limit; the root is still checked', () => {
      const folder = project({ 'main.arc': 'include "big.arc"\nevent a @1 { with nobody }\n', 'big.arc': big });
      const run = nao(['check', '--max-file-size', '1K', 'main.arc'], { cwd: folder, timeout: HANG });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /E004 cannot include "big\.arc": it is larger than the limit of 1 KB \(4004 bytes; see NAO_MAX_FILE_SIZE or --max-file-size\)$/m);
      assert.match(run.stdout, /E002 the character `nobody` is not declared/);
    });

    it('NAO_MAX_FILE_SIZE sets the limit too; --max-file-size wins over it; without either 4 KB is fine', () => {
      const folder = project({ 'big.arc': big });
      assert.match(nao(['check', 'big.arc'], { cwd: folder, env: { NAO_MAX_FILE_SIZE: '2000' } }).stdout,
        /^big\.arc:1:1: error E004 cannot read this file: it is larger than the limit of 2000 bytes/m);
      assert.equal(nao(['check', '--max-file-size', '64M', 'big.arc'], { cwd: folder, env: { NAO_MAX_FILE_SIZE: '2000' } }).status, 0);
      assert.equal(nao(['check', 'big.arc'], { cwd: folder }).status, 0);
    });

    it('a size that is not one is a usage error', () => {
      const folder = project({ 'a.arc': '' });
      const run = nao(['check', '--max-file-size', 'lots', 'a.arc'], { cwd: folder });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^nao check: --max-file-size lots: not a size/);
      const env = nao(['check', 'a.arc'], { cwd: folder, env: { NAO_MAX_FILE_SIZE: '-3' } });
      assert.equal(env.status, 2);
      assert.match(env.stderr, /^nao check: NAO_MAX_FILE_SIZE=-3: not a size/);
    });
  });

  describe('symbolic links and --root', () => {
    it('a FILE that is a symbolic link to a file outside --root is a usage error, and fix writes nothing', () => {
      const outside = project({ 'story.arc': FIXABLE });
      const folder = project({});
      symlinkSync(path.join(outside, 'story.arc'), path.join(folder, 'main.arc'));
      for (const args of [['check', '--root', '.', 'main.arc'], ['fix', '--root', '.', 'main.arc'], ['fix', 'main.arc']]) {
        const run = nao(args, { cwd: folder, timeout: HANG });
        assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /main\.arc: a symbolic link to .*story\.arc, outside the/);
      }
      assert.equal(readFileSync(path.join(outside, 'story.arc'), 'utf8'), FIXABLE);
    });

    it('an include through a symbolic link leading outside the workspace is E004', () => {
      const outside = project({ 'people.arc': 'character mara "Mara"\n' });
      const folder = project({ 'main.arc': 'include "people.arc"\n' });
      symlinkSync(path.join(outside, 'people.arc'), path.join(folder, 'people.arc'));
      const run = nao(['check', 'main.arc'], { cwd: folder, timeout: HANG });
      assert.equal(run.status, 1);
      assert.match(run.stdout, /E004 cannot include "people\.arc": the path leads outside the workspace/);
    });

    it('fix through a symbolic link inside the workspace writes the file it points to and keeps the link', () => {
      const folder = project({ 'real/story.arc': FIXABLE });
      symlinkSync(path.join('real', 'story.arc'), path.join(folder, 'main.arc'));
      const run = nao(['fix', 'main.arc'], { cwd: folder, timeout: HANG });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(lstatSync(path.join(folder, 'main.arc')).isSymbolicLink());
      assert.match(readFileSync(path.join(folder, 'real', 'story.arc'), 'utf8'), FIXED);
    });
  });
});

describe('nao fix: all or nothing', function () {
  this.timeout(60_000);
  after(removeProjects);

  function fixable(): string {
    return project({ 'main.arc': `include "other.arc"\n${FIXABLE}`, 'other.arc': FIXABLE_INCLUDED });
  }

  it('a read-only file: exit 4, one line on stderr, nothing written', () => {
    const folder = project({ 'story.arc': FIXABLE });
    chmodSync(path.join(folder, 'story.arc'), 0o444);
    const run = nao(['fix', 'story.arc'], { cwd: folder, timeout: HANG });
    assert.equal(run.status, 4, run.stderr);
    assert.equal(run.stderr, 'nao: cannot write story.arc: it is read-only; nothing was written\n');
    assert.equal(readFileSync(path.join(folder, 'story.arc'), 'utf8'), FIXABLE);
  });

  it('a project whose second file is read-only: neither file is written', () => {
    const folder = fixable();
    chmodSync(path.join(folder, 'other.arc'), 0o444);
    const run = nao(['fix', 'main.arc'], { cwd: folder, timeout: HANG });
    assert.equal(run.status, 4, run.stderr);
    assert.equal(run.stderr, 'nao: cannot write other.arc: it is read-only; nothing was written\n');
    assert.equal(readFileSync(path.join(folder, 'main.arc'), 'utf8'), `include "other.arc"\n${FIXABLE}`);
    assert.equal(readFileSync(path.join(folder, 'other.arc'), 'utf8'), FIXABLE_INCLUDED);
    assert.deepEqual(listing(folder), ['main.arc', 'other.arc']);
  });

  it('when writing the second file fails, the first is left as it was and no temporary file remains', () => {
    const folder = fixable();
    const script = hook(folder, 2, "throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });");
    const run = nao(['fix', 'main.arc'], { cwd: folder, nodeArgs: ['--require', script], timeout: HANG });
    assert.equal(run.status, 4, run.stderr);
    assert.match(run.stderr, /^nao: cannot write other\.arc: no space left on the device; nothing was written\n$/);
    assert.equal(readFileSync(path.join(folder, 'main.arc'), 'utf8'), `include "other.arc"\n${FIXABLE}`);
    assert.equal(readFileSync(path.join(folder, 'other.arc'), 'utf8'), FIXABLE_INCLUDED);
    assert.deepEqual(listing(folder), ['hook.cjs', 'main.arc', 'other.arc']);
  });

  it('a line appended to a file while nao fix runs is not lost: exit 4, nothing written', () => {
    const folder = fixable();
    const appended = `${FIXABLE_INCLUDED}// added by someone else\n`;
    const script = hook(folder, 1, `fs.writeFileSync(${JSON.stringify(path.join(folder, 'other.arc'))}, ${JSON.stringify(appended)});`);
    const run = nao(['fix', 'main.arc'], { cwd: folder, nodeArgs: ['--require', script], timeout: HANG });
    assert.equal(run.status, 4, run.stderr);
    assert.equal(run.stderr, 'nao: other.arc changed on disk while nao fix ran; nothing was written (run nao fix again)\n');
    assert.equal(readFileSync(path.join(folder, 'other.arc'), 'utf8'), appended);
    assert.equal(readFileSync(path.join(folder, 'main.arc'), 'utf8'), `include "other.arc"\n${FIXABLE}`);
    assert.deepEqual(listing(folder), ['hook.cjs', 'main.arc', 'other.arc']);
  });

  it('writes every changed file, keeping a UTF-8 byte order mark, the line endings of untouched lines, the permissions and the owner', () => {
    const main = `\ufeffinclude "other.arc"\r\n// a note\r\n${FIXABLE}`;
    const folder = project({ 'main.arc': main, 'other.arc': FIXABLE_INCLUDED });
    chmodSync(path.join(folder, 'main.arc'), 0o640);
    chmodSync(path.join(folder, 'other.arc'), 0o604);
    // Run as root on another user's file, the file stays theirs.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(path.join(folder, 'other.arc'), 65534, 65534);
    const run = nao(['fix', 'main.arc'], { cwd: folder, timeout: HANG });
    assert.equal(run.status, 0, run.stderr);
    const bytes = readFileSync(path.join(folder, 'main.arc'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.ok(text.startsWith('\ufeffinclude "other.arc"\r\n// a note\r\n'), JSON.stringify(text));
    assert.match(text, FIXED);
    assert.match(readFileSync(path.join(folder, 'other.arc'), 'utf8'), /event d @2 \{ intensity 8\s+warning "[^"]*" \}/);
    assert.equal(statSync(path.join(folder, 'main.arc')).mode & 0o777, 0o640);
    assert.equal(statSync(path.join(folder, 'other.arc')).mode & 0o777, 0o604);
    if (asRoot) assert.equal(statSync(path.join(folder, 'other.arc')).uid, 65534);
    assert.deepEqual(listing(folder), ['main.arc', 'other.arc']);
  });

  it('a UTF-16 file with a byte order mark is written back in UTF-16', () => {
    const folder = project({ 'story.arc': Buffer.from(`\ufeff${FIXABLE}`, 'utf16le') });
    const run = nao(['fix', 'story.arc'], { cwd: folder, timeout: HANG });
    assert.equal(run.status, 0, run.stderr);
    const bytes = readFileSync(path.join(folder, 'story.arc'));
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.match(bytes.toString('utf16le'), FIXED);
  });

  it('a file that is not valid UTF-8 is not rewritten (it could not be written back unchanged)', () => {
    const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${FIXABLE}`)]);
    const folder = project({ 'story.arc': latin1 });
    const run = nao(['fix', 'story.arc'], { cwd: folder, timeout: HANG });
    assert.equal(run.status, 4, run.stderr);
    assert.match(run.stderr, /^nao: cannot write story\.arc: it is not valid UTF-8 .*; nothing was written\n$/);
    assert.deepEqual(readFileSync(path.join(folder, 'story.arc')), latin1);
  });

  it('--dry-run writes nothing even when the files are read-only', () => {
    const folder = project({ 'story.arc': FIXABLE });
    chmodSync(path.join(folder, 'story.arc'), 0o444);
    const run = nao(['fix', '--dry-run', 'story.arc'], { cwd: folder, timeout: HANG });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /would fix/);
  });
});
