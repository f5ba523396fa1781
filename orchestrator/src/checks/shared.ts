/**
 * Wording every check family shares: where on the paths a conflict happens,
 * a related location for a beat, names in backquotes.
 */
import { formatPath, type PathStep, type RelatedLocation } from '../diagnostics.js';
import type { BeatSymbol, OptionSymbol, Project } from '../project.js';

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

/**
 * The options a witness path takes, innermost (latest) first; steps whose
 * choice or option is no longer found (the project changed) are left out.
 */
export function optionsOnPath(project: Project, path: readonly PathStep[] | undefined): OptionSymbol[] {
  const options: OptionSymbol[] = [];
  for (const step of path ?? []) {
    const option = project.options.find((o) => o.choice.name === step.choice && o.name === step.option);
    if (option) options.push(option);
  }
  return options.sort((a, b) => b.choice.time - a.choice.time || b.depth - a.depth);
}

/** `` `keep_watch.search` ``: an option by its full name, in a message or title. */
export function optionName(option: OptionSymbol): string {
  return code(option.qualifiedName);
}

/**
 * How a conflict that is certain is placed: "on every path" when its beats
 * are on every path of the story, else "on every path through `b`
 * (keep_watch → search)", `path` being the options that lead to the beats.
 */
export function onEveryPath(beats: readonly string[], path: readonly PathStep[]): string {
  if (path.length === 0) return 'on every path';
  return `on every path through ${beats.map(code).join(' and ')} (${formatPath(path)})`;
}
