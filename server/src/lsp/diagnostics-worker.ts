/**
 * The diagnostics worker thread: analyses projects off the main thread, so
 * that hovers and completions stay quick and a new edit can cancel an
 * analysis in flight. See diagnostics-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngineHandler, type FromEngine, type ToEngine } from './diagnostics-protocol.js';

const port = parentPort;
if (!port) throw new Error('diagnostics-worker.js runs as a worker thread');
const shared = new Int32Array((workerData as { shared: SharedArrayBuffer }).shared);
const handle = createEngineHandler(shared, (message: FromEngine) => port.postMessage(message));
port.on('message', (message: ToEngine) => handle(message));
