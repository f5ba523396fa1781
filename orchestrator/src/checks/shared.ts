/**
 * Wording every check family shares: where on the paths a conflict happens,
 * a related location for a beat, names in backquotes.
 */
import { formatPath, type PathStep, type RelatedLocation } from '../diagnostics.js';
import type { BeatSymbol } from '../project.js';

/** "on path keep_watch → search", or "on every path" for an empty witness. */
export function onPath(path: readonly PathStep[]): string {
  return path.length === 0 ? 'on every path' : `on path ${formatPath(path)}`;
}

/** " on path keep_watch → search" to end a sentence, or nothing for an empty witness. */
export function onPathSuffix(path: readonly PathStep[]): string {
  return path.length === 0 ? '' : ` on path ${formatPath(path)}`;
}

/** A related location pointing at a beat's name. */
export function relatedBeat(beat: BeatSymbol, message: string): RelatedLocation {
  return { file: beat.file, span: beat.nameSpan, message };
}

/** `` `text` ``: a name or item as written, in a message. */
export function code(text: string): string {
  return `\`${text}\``;
}
