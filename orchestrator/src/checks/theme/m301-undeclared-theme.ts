/**
 * M301: a beat carries a theme (`themes x` in an event) that neither any of
 * its enclosing arcs nor the story declares.
 *
 * Needs the story header (the story's themes): a project without one is
 * probably a fragment, and every theme would be flagged, so the check does
 * nothing then. A header without `themes` declares no story themes.
 *
 * Repairs: replace a likely typo with the nearest declared theme, add the
 * theme to the innermost arc's `themes` (or the story's, for a beat outside
 * every arc), or remove it from the beat.
 */
import { closest } from 'fastest-levenshtein';
import type { EventDecl, Name } from '@nao/grammar';
import { throwIfCancelled } from '../../cancellation.js';
import { addArcItemFirst, addStoryItemFirst, appendName, removeListName, type NameListItem } from '../../edits.js';
import { nearest, type ArcSymbol, type BeatSymbol, type Project } from '../../project.js';
import type { Check, CheckContext, Repair } from '../check.js';
import { eachBeat } from '../each-beat.js';
import { arcThemeItems, arcThemes, enclosingArcs } from './themes.js';

/** Every theme a beat may carry: its arcs' and the story's. */
function declaredThemesFor(project: Project, beat: BeatSymbol): Set<string> {
  const themes = new Set<string>(project.story?.themes ?? []);
  for (const arc of enclosingArcs(beat)) for (const theme of arcThemes(arc)) themes.add(theme);
  return themes;
}

/** A likely typo of `text` among `candidates`: close in edit distance, or two neighbouring letters swapped. */
export function likelyTypo(text: string, candidates: readonly string[]): string | undefined {
  const near = nearest(text, candidates);
  if (near) return near;
  return candidates.find((candidate) => isTransposition(text, candidate));
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/** The theme name M301 is about, with its item and beat. */
interface CarriedTheme {
  readonly beat: BeatSymbol;
  readonly item: NameListItem;
  readonly name: Name;
}

/** M301 on `beats` (what a beat may carry comes from its file: its arcs, and the story header). */
function judge(context: CheckContext<CarriedTheme>, beats: readonly BeatSymbol[]): void {
  const { project } = context;
  if (!project.story) return;
  // What a beat may carry depends only on its innermost arc.
  const byArc = new Map<ArcSymbol | undefined, Set<string>>();
  for (const beat of beats) {
    throwIfCancelled(context.token);
    if (beat.decl.kind !== 'event') continue;
    let declared: Set<string> | undefined;
    for (const item of (beat.decl as EventDecl).items) {
      if (item.kind !== 'themes') continue;
      for (const name of item.names) {
        if (!declared) {
          declared = byArc.get(beat.arc);
          if (!declared) byArc.set(beat.arc, (declared = declaredThemesFor(project, beat)));
        }
        if (declared.has(name.text)) continue;
        const arcs = enclosingArcs(beat);
        const where = arcs.length > 0
          ? `the themes of its arc${arcs.length > 1 ? 's' : ''} (${quoteList(arcs.map((a) => a.name))}) or of the story`
          : 'the story\'s themes';
        const guess = likelyTypo(name.text, [...declared]);
        const innermostWithThemes = arcs.find((arc) => arcThemeItems(arc).length > 0);
        const related = innermostWithThemes
          ? [{ file: innermostWithThemes.file, span: arcThemeItems(innermostWithThemes)[0]!.keywordSpan, message: `themes of arc \`${innermostWithThemes.name}\`` }]
          : [];
        context.report({
          code: 'M301',
          subject: { kind: 'beatItem', beat: beat.name, item: 'themes', name: name.text },
          message: `\`${beat.name}\` carries the theme \`${name.text}\`, which is not among ${where}` +
            (guess ? `; did you mean \`${guess}\`?` : ''),
          file: beat.file,
          span: name.span,
          related,
          anchor: { beat, item, name },
        });
      }
    }
  }
}

export const m301: Check<CarriedTheme> = {
  codes: ['M301'],
  reads: ['themes'],
  ...eachBeat(judge),

  repairs(_conflict, { project, anchor: found }): Repair[] {
    if (!found) return [];
    const beat = found.beat;
    const theme = found.name.text;
    const declared = [...declaredThemesFor(project, beat)];
    const repairs: Repair[] = [];

    // Add the theme where the beat's themes come from.
    const arc = beat.arc;
    let add: Repair | undefined;
    if (arc) {
      const items = arcThemeItems(arc);
      const edit = items.length > 0 ? appendName(arc.file, items[0]!, theme) : addArcItemFirst(project, arc, `themes ${theme}`);
      if (edit) add = { title: `Add \`${theme}\` to the themes of arc \`${arc.name}\``, edits: [edit], kind: 'label' };
    } else if (project.story) {
      const story = project.story;
      const themesItem = story.decl.items.find((item) => item.kind === 'themes');
      const edit = themesItem && themesItem.kind === 'themes' && themesItem.names.length > 0
        ? appendName(story.file, themesItem, theme)
        : addStoryItemFirst(project, `themes ${theme}`);
      if (edit) add = { title: `Add \`${theme}\` to the story's themes`, edits: [edit], kind: 'label' };
    }

    // Replace with the nearest declared theme: first when it looks like a typo.
    const typo = likelyTypo(theme, declared);
    const replacement = typo ?? (declared.length > 0 ? closest(theme, declared) : undefined);
    const replace: Repair | undefined = replacement
      ? { title: `Replace \`${theme}\` with \`${replacement}\``, edits: [{ file: beat.file, span: found.name.span, newText: replacement }], kind: 'label' }
      : undefined;

    if (typo && replace) repairs.push(replace);
    if (add) repairs.push(add);
    if (!typo && replace) repairs.push(replace);
    repairs.push({
      title: `Remove the theme \`${theme}\` from \`${beat.name}\``,
      edits: [removeListName(project, beat.file, found.item, found.name)],
      kind: 'label',
    });
    return repairs;
  },
};
