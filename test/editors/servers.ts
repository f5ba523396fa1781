/**
 * `nao-language-server` on PATH, for the editors that start it by that name
 * (Neovim, Emacs), as a user gets it: linked from this checkout (`npm link`)
 * or, for the extension's bundled server, a Node 20 running the bundle.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './launch.js';

/** PATH without this project's node_modules/.bin (so `node` is the system's, as for a user). */
export function systemPath(): string {
  return (process.env.PATH ?? '').split(path.delimiter)
    .filter((dir) => dir !== '' && !/node_modules[\\/]\.bin$/.test(dir))
    .join(path.delimiter);
}

/** A server on PATH as `nao-language-server`, put there by `install` into the folder it is given. */
export type ServerInstall = (bin: string) => void;

/** `npm link` puts a symlink to server/bin/nao-language-server.js on PATH; it runs on the `node` of PATH. */
export const linkedServer: ServerInstall = (bin) => {
  symlinkSync(path.join(ROOT, 'server', 'bin', 'nao-language-server.js'), path.join(bin, 'nao-language-server'));
};

/**
 * The extension's bundled server (client/out/server/main.js) on a Node 20, the
 * Node of VS Code 1.100's desktop extension host (engines.vscode ^1.100.0),
 * when this machine has one (Debian 12's /usr/bin/node); else undefined.
 */
export function bundledServerOnNode20(): ServerInstall | undefined {
  const bundle = path.join(ROOT, 'client', 'out', 'server', 'main.js');
  for (const node of ['/usr/bin/node', '/usr/local/bin/node']) {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
    if (version.status === 0 && version.stdout.startsWith('v20.') && existsSync(bundle)) {
      return (bin) => {
        const script = path.join(bin, 'nao-language-server');
        writeFileSync(script, `#!/bin/sh\nexec ${node} ${bundle} "$@"\n`);
        chmodSync(script, 0o755);
      };
    }
  }
  return undefined;
}
