/**
 * The architecture's one-way imports, as the linter enforces them (the
 * rules themselves, on probe texts, so that a change to eslint.config.mjs
 * cannot silently drop them): the front end and the orchestrator import no
 * editor, protocol, command line or Node built-in, and nothing imports the
 * orchestrator's internals.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

describe('lint rules: imports run one way', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: REPOSITORY });

  async function restricted(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(source, { filePath: path.join(REPOSITORY, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  const PURE = ['grammar/src/probe.ts', 'orchestrator/src/probe.ts'];
  for (const [specifier, why] of [
    ['vscode', /VS Code/],
    ['vscode-languageserver/node', /Language Server Protocol/],
    ['node:fs', /Node built-in/],
    ['fs', /Node built-in/],
    ['../../server/src/cli/main.js', /command line or the server/],
  ] as const) {
    for (const file of PURE) {
      it(`${file} may not import ${specifier}`, async () => {
        const messages = await restricted(file, `import * as probe from '${specifier}';\nexport { probe };\n`);
        assert.equal(messages.length, 1, messages.join('\n'));
        assert.match(messages[0]!, why);
      });
    }
  }

  it('the front end may not import the orchestrator', async () => {
    assert.equal((await restricted('grammar/src/probe.ts', "import { analyse } from '@narrative-arc/orchestrator';\nexport { analyse };\n")).length, 1);
  });

  it('the server reaches the orchestrator through its package name only', async () => {
    assert.deepEqual(await restricted('server/src/lsp/probe.ts', "import { analyse } from '@narrative-arc/orchestrator';\nexport { analyse };\n"), []);
    assert.equal((await restricted('server/src/lsp/probe.ts', "import { analyse } from '@narrative-arc/orchestrator/out/src/api.js';\nexport { analyse };\n")).length, 1);
  });
});
