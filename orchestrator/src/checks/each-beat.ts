/** The full and per-file runs of a check that judges beats one at a time (W401, W403, W406, M301, S504, T106). */
import type { BeatSymbol } from '../project.js';
import type { Check, CheckContext } from './check.js';

/**
 * `run` and `perFile` of a check that judges each beat on its own file's
 * declarations and the story header: over every beat, or over one file's.
 */
export function eachBeat<Anchor>(judge: (context: CheckContext<Anchor>, beats: readonly BeatSymbol[]) => void): Pick<Check<Anchor>, 'run' | 'perFile'> {
  return {
    run: (context) => judge(context, context.project.beats),
    perFile: (context, file) => judge(context, context.project.beatsIn(file)),
  };
}
