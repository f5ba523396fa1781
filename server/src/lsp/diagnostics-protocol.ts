/**
 * The messages between the main thread and the diagnostics worker, and the
 * worker's side of them (usable in-process too).
 *
 * Cancellation: the main thread and the worker share an Int32Array holding
 * the current generation. Every job carries the generation it was posted in;
 * its CancellationToken reads the shared value, so a new edit (which bumps
 * the generation) cancels the analysis in flight at the next check the
 * orchestrator polls, even while the worker is busy.
 */
import type { RuleLevel } from '@nao/grammar';
import { CancelledError, type CancellationToken } from '../orchestrator/index.js';
import { DiagnosticsEngine, type RootResult } from './diagnostics-engine.js';
import { FileStore } from './files.js';

export type ToEngine =
  | { readonly type: 'folders'; readonly folders: readonly string[] }
  | { readonly type: 'open'; readonly uri: string; readonly text: string; readonly version: number }
  | { readonly type: 'close'; readonly uri: string }
  | { readonly type: 'disk'; readonly uri: string }
  | { readonly type: 'settings'; readonly severityOverrides: ReadonlyArray<readonly [string, RuleLevel]> }
  | { readonly type: 'forget'; readonly roots: readonly string[] }
  | { readonly type: 'analyse'; readonly jobId: number; readonly generation: number; readonly roots: readonly string[] }
  | { readonly type: 'memory'; readonly requestId: number };

export type FromEngine =
  | { readonly type: 'result'; readonly jobId: number; readonly result: RootResult }
  | { readonly type: 'failed'; readonly jobId: number; readonly root: string; readonly message: string }
  | { readonly type: 'done'; readonly jobId: number; readonly cancelled: boolean }
  | { readonly type: 'memory'; readonly requestId: number; readonly usage: NodeJS.MemoryUsage }
  | { readonly type: 'log'; readonly level: 'error' | 'warn' | 'info' | 'debug'; readonly message: string };

/** Index of the generation counter in the shared array. */
export const GENERATION = 0;

export function generationToken(shared: Int32Array, generation: number): CancellationToken {
  return {
    get isCancellationRequested(): boolean {
      return Atomics.load(shared, GENERATION) !== generation;
    },
  };
}

/** The engine's message handler. `post` sends a message back to the main thread. */
export function createEngineHandler(shared: Int32Array, post: (message: FromEngine) => void): (message: ToEngine) => void {
  const store = new FileStore();
  const engine = new DiagnosticsEngine(store);
  const handle = (message: ToEngine): void => {
    switch (message.type) {
      case 'folders':
        store.folders = message.folders;
        engine.forgetAll(); // include boundaries changed: no reuse of earlier analyses
        break;
      case 'open':
        store.setOpen(message.uri, message.text, message.version);
        break;
      case 'close':
        store.close(message.uri);
        engine.parses.delete(message.uri);
        break;
      case 'disk':
        store.diskChanged(message.uri);
        break;
      case 'settings':
        engine.settingsChanged({ severityOverrides: new Map(message.severityOverrides) });
        break;
      case 'forget':
        for (const root of message.roots) engine.forget(root);
        break;
      case 'memory':
        post({ type: 'memory', requestId: message.requestId, usage: process.memoryUsage() });
        break;
      case 'analyse': {
        const token = generationToken(shared, message.generation);
        let cancelled = false;
        for (const root of message.roots) {
          if (token.isCancellationRequested) {
            cancelled = true;
            break;
          }
          try {
            post({ type: 'result', jobId: message.jobId, result: engine.analyseRoot(root, token) });
          } catch (error) {
            if (error instanceof CancelledError || token.isCancellationRequested) {
              cancelled = true;
              break;
            }
            const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
            post({ type: 'failed', jobId: message.jobId, root, message: text });
          }
        }
        post({ type: 'done', jobId: message.jobId, cancelled });
        break;
      }
    }
  };
  return (message: ToEngine): void => {
    try {
      handle(message);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      post({ type: 'log', level: 'error', message: `diagnostics engine: ${message.type} failed: ${text}` });
      if (message.type === 'analyse') post({ type: 'done', jobId: message.jobId, cancelled: false });
    }
  };
}
