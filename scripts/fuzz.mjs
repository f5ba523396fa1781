// `npm run fuzz -- [--minutes N] [--seed S] [--kind generated|mutated|both] [--path P]`
//
// Runs the fuzzers of test/fuzz-generators.ts (grammar-aware projects and
// byte-level mutations of the examples and fixtures) against the parser and
// the whole analysis for N minutes (default 1), starting from seed S (default:
// the clock). Prints the inputs per minute, and each failure with its shrunk
// counterexample and the seed and path that replay it (--seed S --path P
// --kind K). The inputs run in a worker thread watched by this one: an input
// that never finishes (a hang) is reported with the input itself.
//
// Exit 0 when no input failed, 1 when one did, 2 for a bad command line.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generators = pathToFileURL(path.join(repository, 'test', 'out', 'fuzz-generators.js')).href;
/** Runs per fast-check round; each round has its own seed (seed + round number). */
const ROUND = 200;

if (isMainThread) main();
else await work(workerData);

function usage(message) {
  process.stderr.write(`fuzz: ${message}\nUsage: npm run fuzz -- [--minutes N] [--seed S] [--kind generated|mutated|both] [--path P]\n`);
  process.exit(2);
}

function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { minutes: { type: 'string' }, seed: { type: 'string' }, kind: { type: 'string' }, path: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    usage(error.message);
  }
  const minutes = values.minutes === undefined ? 1 : Number(values.minutes);
  if (!(minutes > 0)) usage(`--minutes ${values.minutes}: expected a positive number`);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  if (!Number.isInteger(seed)) usage(`--seed ${values.seed}: expected an integer`);
  const kind = values.kind ?? 'both';
  if (!['generated', 'mutated', 'both'].includes(kind)) usage(`--kind ${kind}: expected generated, mutated or both`);
  if (values.path !== undefined && values.seed === undefined) usage('--path replays a failure: give its --seed too');

  process.stdout.write(`fuzzing ${kind} inputs for ${minutes} minute${minutes === 1 ? '' : 's'}, seed ${seed}\n`);
  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: { minutes, seed, kind, path: values.path },
  });
  const started = Date.now();
  let current; // { input, since } of the input being run
  let timeBox = 5000;
  let total = 0;
  const watchdog = setInterval(() => {
    if (current && Date.now() - current.since > 4 * timeBox) {
      process.stdout.write(`\nFAILURE: an input did not finish within ${4 * timeBox} ms (it hangs); the input:\n${current.input}\n`);
      worker.terminate();
      process.exitCode = 1;
    }
  }, 1000);
  worker.on('message', (message) => {
    if (message.type === 'timeBox') timeBox = message.ms;
    else if (message.type === 'start') current = { input: message.input, since: Date.now() };
    else if (message.type === 'end') current = undefined;
    else if (message.type === 'progress') {
      total = message.total;
      const elapsed = (Date.now() - started) / 60000;
      process.stdout.write(`  ${message.total} inputs (${message.byKind}), ${Math.round(message.total / elapsed)} inputs/minute\n`);
    } else if (message.type === 'failure') {
      process.stdout.write(`\nFAILURE in ${message.kind} inputs (replay: npm run fuzz -- --kind ${message.kind} --seed ${message.seed} --path ${message.path})\n` +
        `${message.error}\nshrunk counterexample:\n${message.counterexample}\n`);
      process.exitCode = 1;
    } else if (message.type === 'done') {
      total = message.total;
    }
  });
  worker.on('error', (error) => {
    process.stdout.write(`\nFAILURE: the fuzzer crashed: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
  worker.on('exit', () => {
    clearInterval(watchdog);
    const elapsed = (Date.now() - started) / 60000;
    process.stdout.write(`${total} inputs in ${elapsed.toFixed(1)} minutes: ${Math.round(total / elapsed)} inputs/minute; ` +
      `${process.exitCode ? 'FAILED' : 'no failure'}\n`);
  });
}

async function work({ minutes, seed, kind, path: replayPath }) {
  const fc = (await import('fast-check')).default;
  const { fuzzers, holds, TIME_BOX_MS } = await import(generators);
  parentPort.postMessage({ type: 'timeBox', ms: TIME_BOX_MS });
  const all = fuzzers();
  const kinds = kind === 'both' ? Object.keys(all) : [kind];
  const counts = Object.fromEntries(kinds.map((k) => [k, 0]));
  let total = 0;
  const watched = (input) => {
    parentPort.postMessage({ type: 'start', input: JSON.stringify(input) });
    try {
      return holds(input);
    } finally {
      parentPort.postMessage({ type: 'end' });
    }
  };
  const report = (k, result) => {
    parentPort.postMessage({
      type: 'failure', kind: k, seed: result.seed, path: result.counterexamplePath,
      error: String(result.errorInstance?.message ?? result.error).split('\n').slice(0, 12).join('\n'),
      counterexample: fc.stringify(result.counterexample?.[0]),
    });
  };

  if (replayPath !== undefined) {
    for (const k of kinds) {
      const result = fc.check(fc.property(all[k], watched), { seed, path: replayPath, endOnFailure: true });
      total += result.numRuns;
      if (result.failed) report(k, result);
    }
    parentPort.postMessage({ type: 'done', total });
    return;
  }

  const deadline = Date.now() + minutes * 60000;
  let nextProgress = Date.now() + 60000;
  for (let round = 0; Date.now() < deadline; round++) {
    const k = kinds[round % kinds.length];
    const result = fc.check(fc.property(all[k], watched), { seed: seed + round, numRuns: ROUND });
    total += result.numRuns;
    counts[k] += result.numRuns;
    if (result.failed) {
      report(k, result);
      break;
    }
    if (Date.now() >= nextProgress) {
      nextProgress += 60000;
      parentPort.postMessage({ type: 'progress', total, byKind: Object.entries(counts).map(([n, c]) => `${n} ${c}`).join(', ') });
    }
  }
  parentPort.postMessage({ type: 'done', total });
}
