/**
 * An independent LSP client: headless Neovim with the set-up documented in
 * docs/editors.md for its version (taken from the page, loaded with -u, as a
 * user's init.lua), which starts `nao-language-server --stdio` from PATH, on
 * a copy of the fixture project: it must attach, receive the expected
 * diagnostics (in both files of the project) and a hover for a beat. The
 * set-ups for other Neovim versions must at least load in this Neovim's Lua.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { documentedSetup, documentedSetups } from './doc-snippets.js';
import { skipUnlessEditorTests } from './editors-enabled.js';
import { copyWorkspace, makeRunFolder, ProcessGroup, ROOT, runEnvironment, runToExit } from './launch.js';
import { bundledServerOnNode20, linkedServer, systemPath, type ServerInstall } from './servers.js';

interface NeovimDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly severity: number;
  readonly code: string | null;
  readonly message: string;
}

interface NeovimResult {
  readonly diagnostics: NeovimDiagnostic[];
  readonly hover: string | null;
  readonly errors: string[];
  readonly server_exited: { code: number; signal: number } | null;
  readonly filetype: string | null;
  readonly client: { name: string; root_dir: string; cmd: string[] } | null;
}

const CLIENT_LUA = path.join(ROOT, 'test', 'editors', 'neovim', 'client.lua');
const LOAD_SETUPS_LUA = path.join(ROOT, 'test', 'editors', 'neovim', 'load-setups.lua');

/** The installed Neovim's version, e.g. [0, 7, 2]. */
export function neovimVersion(): [number, number, number] {
  const match = /NVIM v(\d+)\.(\d+)\.(\d+)/.exec(execFileSync('nvim', ['--version'], { encoding: 'utf8' }));
  assert.ok(match, 'cannot read the version of nvim');
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The marker of the set-up in docs/editors.md for a Neovim version. */
export function setupMarkerFor([major, minor]: readonly number[]): string {
  if (major === 0 && minor! < 7) throw new Error(`Neovim 0.${minor} is older than any documented set-up`);
  if (major === 0 && minor === 7) return 'nvim-setup: 0.7';
  if (major === 0 && minor! <= 10) return 'nvim-setup: 0.8-0.10';
  return 'nvim-setup: 0.11';
}

async function runNeovim(install: ServerInstall, hoverWord: string, timeoutMs = 20_000): Promise<NeovimResult & { workspace: string }> {
  const run = makeRunFolder('neovim');
  try {
    const workspace = copyWorkspace(run.dir);
    // A project root as the set-ups find it: the folder holding .git.
    execFileSync('git', ['init', '-q', workspace]);
    const bin = path.join(run.dir, 'bin');
    mkdirSync(bin);
    install(bin);
    const setup = path.join(run.dir, 'init.lua');
    writeFileSync(setup, documentedSetup(setupMarkerFor(neovimVersion())));
    const outFile = path.join(run.dir, 'nvim-result.json');
    const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', setup, '-c', `luafile ${CLIENT_LUA}`, 'story.arc'], {
      cwd: workspace,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...runEnvironment(run.dir, {
          NAO_NVIM_HOVER_WORD: hoverWord,
          NAO_NVIM_WAIT_FILES: 'story.arc,people.arc',
          NAO_NVIM_OUT: outFile,
          NAO_NVIM_TIMEOUT_MS: String(timeoutMs),
        }),
        PATH: `${bin}${path.delimiter}${systemPath()}`,
      },
    });
    const { code, output } = await runToExit(new ProcessGroup(child, 'nvim'), 3 * timeoutMs);
    if (!existsSync(outFile)) throw new Error(`nvim exited (${code}) without a result:\n${output}`);
    return { ...(JSON.parse(readFileSync(outFile, 'utf8')) as NeovimResult), workspace };
  } finally {
    run.remove();
  }
}

function defineNeovimSuite(title: string, install: () => ServerInstall | undefined): void {
  describe(title, function () {
    this.timeout(90_000);
    let result: NeovimResult & { workspace: string };

    before(async function () {
      skipUnlessEditorTests(this);
      assert.equal(spawnSync('nvim', ['--version']).status, 0, 'nvim is not installed; run scripts/editor-install.sh');
      const server = install();
      assert.ok(server, 'no Node 20 with the bundled server on this machine (/usr/bin/node, client/out/server/main.js)');
      result = await runNeovim(server, 'boarding');
    });

    it('the documented set-up gives .arc files the filetype arc and attaches the server at the project root', () => {
      assert.equal(result.filetype, 'arc');
      assert.ok(result.client, `no client: ${result.errors.join('; ')}`);
      assert.equal(result.client.name, 'arc');
      assert.deepEqual(result.client.cmd, ['nao-language-server', '--stdio']);
      assert.equal(result.client.root_dir.replace(/\/$/, ''), result.workspace);
    });

    it('starts the server without errors', () => {
      assert.deepEqual(result.errors.filter((error) => !error.startsWith('no diagnostics')), []);
      assert.equal(result.server_exited === null || result.server_exited.code === 0, true,
        `the server did not stop: ${JSON.stringify(result.server_exited)}`);
      const internal = result.diagnostics.filter((d) => /internal error/.test(d.message));
      assert.deepEqual(internal, [], 'the server reported internal errors');
    });

    it('receives E002 with a did-you-mean in the opened file', () => {
      const e002 = result.diagnostics.find((d) => d.file === 'story.arc' && d.code === 'E002' && d.message.includes('bnn'));
      assert.ok(e002, `diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`);
      assert.match(e002.message, /did you mean `?ben`?/);
      assert.equal(e002.severity, 1, 'an error');
    });

    it('receives diagnostics for the included file', () => {
      const e002 = result.diagnostics.find((d) => d.file === 'people.arc' && d.code === 'E002');
      assert.ok(e002, `diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`);
      assert.match(e002.message, /harbour/);
    });

    it('receives T101 for a cause after its effect', () => {
      assert.ok(result.diagnostics.some((d) => d.code === 'T101'), `diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`);
    });

    it('hovers a beat with its impact', () => {
      assert.ok(result.hover, `no hover; errors: ${result.errors.join('; ')}`);
      assert.match(result.hover, /Impact/);
    });
  });
}

defineNeovimSuite('Neovim (headless) with its set-up from docs/editors.md and the linked nao-language-server on the system Node', () => linkedServer);
defineNeovimSuite("Neovim with its set-up from docs/editors.md and the extension's bundled server on Node 20 (VS Code 1.100's extension host)", bundledServerOnNode20);

describe('the Neovim set-ups of docs/editors.md', function () {
  this.timeout(30_000);

  it('are there for 0.7, 0.8-0.10, 0.11+ and nvim-lspconfig, and each loads in Neovim\'s Lua', async function () {
    skipUnlessEditorTests(this);
    const setups = documentedSetups('nvim-setup');
    assert.deepEqual(setups.map((setup) => setup.marker),
      ['nvim-setup: 0.7', 'nvim-setup: 0.8-0.10', 'nvim-setup: 0.11', 'nvim-setup: lspconfig']);
    const run = makeRunFolder('neovim-setups');
    try {
      const files = setups.map((setup, index) => {
        const file = path.join(run.dir, `setup-${index}.lua`);
        writeFileSync(file, setup.code);
        return file;
      });
      const outFile = path.join(run.dir, 'loaded.json');
      const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${LOAD_SETUPS_LUA}`], {
        cwd: run.dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
        env: runEnvironment(run.dir, { NAO_NVIM_SETUPS: JSON.stringify(files), NAO_NVIM_OUT: outFile }),
      });
      const { code, output } = await runToExit(new ProcessGroup(child, 'nvim'), 20_000);
      assert.ok(existsSync(outFile), `nvim exited (${code}) without a result:\n${output}`);
      const loaded = JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, string>;
      assert.deepEqual(setups.map((setup, index) => [setup.marker, loaded[files[index]!]]), setups.map((setup) => [setup.marker, 'ok']));
    } finally {
      run.remove();
    }
  });
});
