/**
 * An independent LSP client: headless Neovim attached to `nao-language-server
 * --stdio` on the fixture project receives the expected diagnostics (in both
 * files of the project) and a hover for a beat.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { skipUnlessEditorTests } from './editors-enabled.js';
import { copyWorkspace, makeRunFolder, NODE22, ProcessGroup, ROOT, runEnvironment, runToExit } from './launch.js';

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
}

const CLIENT_LUA = path.join(ROOT, 'test', 'editors', 'neovim', 'client.lua');

/** The command an editor runs: `nao-language-server --stdio` (from this checkout). */
export function serverCommand(): string[] {
  const bin = path.join(ROOT, 'server', 'bin', 'nao-language-server.js');
  const main = path.join(ROOT, 'server', 'out', 'src', 'lsp', 'main.js');
  return [NODE22, existsSync(bin) ? bin : main, '--stdio'];
}

/**
 * The extension's bundled server (client/out/server/main.js) on a Node 20, the
 * Node of VS Code 1.100's desktop extension host (engines.vscode ^1.100.0),
 * when this machine has one (Debian 12's /usr/bin/node); else undefined.
 */
export function bundledServerOnNode20(): string[] | undefined {
  const bundle = path.join(ROOT, 'client', 'out', 'server', 'main.js');
  for (const node of ['/usr/bin/node', '/usr/local/bin/node']) {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
    if (version.status === 0 && version.stdout.startsWith('v20.') && existsSync(bundle)) return [node, bundle, '--stdio'];
  }
  return undefined;
}

async function runNeovim(command: string[], hoverWord: string, timeoutMs = 20_000): Promise<NeovimResult> {
  const run = makeRunFolder('neovim');
  try {
    const workspace = copyWorkspace(run.dir);
    const outFile = path.join(run.dir, 'nvim-result.json');
    const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${CLIENT_LUA}`, 'story.arc'], {
      cwd: workspace,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: runEnvironment(run.dir, {
        NAO_NVIM_SERVER_CMD: JSON.stringify(command),
        NAO_NVIM_ROOT: workspace,
        NAO_NVIM_HOVER_WORD: hoverWord,
        NAO_NVIM_WAIT_FILES: 'story.arc,people.arc',
        NAO_NVIM_OUT: outFile,
        NAO_NVIM_TIMEOUT_MS: String(timeoutMs),
      }),
    });
    const { code, output } = await runToExit(new ProcessGroup(child, 'nvim'), 3 * timeoutMs);
    if (!existsSync(outFile)) throw new Error(`nvim exited (${code}) without a result:\n${output}`);
    return JSON.parse(readFileSync(outFile, 'utf8')) as NeovimResult;
  } finally {
    run.remove();
  }
}

function defineNeovimSuite(title: string, command: () => string[] | undefined): void {
  describe(title, function () {
    this.timeout(90_000);
    let result: NeovimResult;

    before(async function () {
      skipUnlessEditorTests(this);
      assert.equal(spawnSync('nvim', ['--version']).status, 0, 'nvim is not installed; run scripts/editor-install.sh');
      const argv = command();
      if (!argv) this.skip();
      result = await runNeovim(argv, 'boarding');
    });

    it('starts the server without errors', () => {
      assert.deepEqual(result.errors.filter((error) => !error.startsWith('no diagnostics')), []);
      assert.equal(result.server_exited === null || result.server_exited.code === 0, true,
        `the server exited early: ${JSON.stringify(result.server_exited)}`);
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

defineNeovimSuite('Neovim (headless, vim.lsp) with nao-language-server --stdio', serverCommand);
defineNeovimSuite("Neovim with the extension's bundled server on Node 20 (VS Code 1.100's extension host)", bundledServerOnNode20);
