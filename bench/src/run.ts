/**
 * The benchmark report: `npm run bench` (or `node --expose-gc bench/out/run.js
 * [section ids...]`). Prints figures and ratios measured in the same run and
 * compares them with the targets; it asserts nothing (a report, not a test).
 *
 * Sections are separate modules (see section.ts); add new ones to SECTIONS.
 */
import os from 'node:os';
import { gcExposed, RssSampler } from './measure.js';
import { orchestrator } from './orchestrator.js';
import { heading, note } from './report.js';
import { checkSection } from './section-check.js';
import { deepSection } from './section-deep.js';
import { frontendSection } from './section-frontend.js';
import { lspSection } from './lsp-latency.js';
import { pathsSection } from './section-paths.js';
import { scalingSection } from './section-scaling.js';
import { storyMapSection } from './section-story-map.js';
import type { Section } from './section.js';

export const SECTIONS: readonly Section[] = [frontendSection, checkSection, scalingSection, deepSection, pathsSection, lspSection, storyMapSection];

async function main(argv: readonly string[]): Promise<void> {
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length > 0) {
    console.error(`unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const sections = wanted.length > 0 ? SECTIONS.filter((s) => wanted.includes(s.id)) : SECTIONS;

  const started = performance.now();
  const sampler = new RssSampler();
  sampler.start();

  heading('Narrative Arc Orchestrator: benchmark report');
  note(`Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.arch()}`);
  note(`load average at start: ${loadAverage()} (other work on the machine makes times noisy)`);
  if (!gcExposed()) note('warning: run with `node --expose-gc` so that garbage is collected between runs');
  note('Times are medians after warm-up runs; ratios compare figures measured in this run.');

  for (const section of sections) {
    heading(section.title);
    const t0 = performance.now();
    try {
      await section.run({ orchestrator, sampler });
    } catch (error) {
      note(`section failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    note(`(section took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  await sampler.stop();
  console.log('');
  note(`Total ${((performance.now() - started) / 1000).toFixed(1)} s; load average at end: ${loadAverage()}; peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`);
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' / ');
}

await main(process.argv.slice(2));
