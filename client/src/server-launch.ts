/**
 * Where the language server lives and how to start it.
 *
 * The packaged extension (.vsix) carries the server bundled by esbuild,
 * client/out/server/main.js (scripts/editor-build.mjs). A development checkout
 * may not have bundled it yet; it then starts the compiled server,
 * server/out/src/lsp/main.js. Either way the server runs as a Node module
 * over stdio (the client adds `--stdio`), on the extension host's Node.
 */
import { existsSync } from 'node:fs';
import type * as vscode from 'vscode';
import { TransportKind, type ServerOptions } from 'vscode-languageclient/node';

export const BUNDLED_SERVER = 'client/out/server/main.js';
export const COMPILED_SERVER = 'server/out/src/lsp/main.js';

export interface ServerLocation {
  readonly module: string;
  readonly kind: 'bundled' | 'compiled';
}

export function locateServer(context: vscode.ExtensionContext): ServerLocation | undefined {
  const bundled = context.asAbsolutePath(BUNDLED_SERVER);
  if (existsSync(bundled)) return { module: bundled, kind: 'bundled' };
  const compiled = context.asAbsolutePath(COMPILED_SERVER);
  if (existsSync(compiled)) return { module: compiled, kind: 'compiled' };
  return undefined;
}

export function serverOptions(location: ServerLocation): ServerOptions {
  return {
    run: { module: location.module, transport: TransportKind.stdio },
    debug: {
      module: location.module,
      transport: TransportKind.stdio,
      options: { execArgv: ['--nolazy', '--enable-source-maps'] },
    },
  };
}
